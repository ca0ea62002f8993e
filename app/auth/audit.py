"""Platform audit entries written by the access-control layer."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from app.auth.principals import UserPrincipal
from tenancy.binding import TenantRef, platform_session
from tenancy.models import PlatformAuditEntry


async def record(actor: str, action: str, tenant_id: UUID | None, detail: dict[str, Any]) -> None:
    async with platform_session() as session:
        session.add(
            PlatformAuditEntry(actor=actor, action=action, tenant_id=tenant_id, detail=detail)
        )


async def record_operator_access(user: UserPrincipal, tenant: TenantRef, path: str) -> None:
    await record(user.audit_name, "operator.read_tenant_data", tenant.id, {"path": path})
