"""Core background jobs, each bound to one tenant."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.core.models import AuditEntry, Setting
from tenancy.binding import TenantRef
from tenancy.jobs import tenant_actor


@tenant_actor(max_retries=3, time_limit=30_000, store_results=True)
def summarise_tenant(session: Session, tenant: TenantRef) -> dict[str, Any]:
    """Summarise a council's own data: its settings and the size of its audit trail.

    Read-only, so safe to run any number of times; operators use it to check a tenant's schema
    answers and holds what they expect.
    """
    settings = dict(session.execute(select(Setting.key, Setting.value)).tuples().all())
    audit_rows = session.scalar(select(func.count()).select_from(AuditEntry))
    return {
        "tenant": tenant.slug,
        "gssCode": tenant.gss_code,
        "settings": settings,
        "auditRows": audit_rows,
    }
