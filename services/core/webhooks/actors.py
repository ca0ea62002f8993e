"""The webhook delivery job: one tenant's due deliveries, then a wake-up for the next retry."""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from services.core.webhooks.delivery import deliver_due
from tenancy.binding import TenantRef
from tenancy.jobs import send_for_tenant, tenant_actor
from tenancy.models import utcnow

logger = logging.getLogger("vesta.webhooks")


@tenant_actor(queue_name="webhooks", max_retries=3, time_limit=180_000)
def deliver_webhooks(session: Session, tenant: TenantRef) -> None:
    """Send the council's due deliveries. Idempotent: a delivered row is never sent again, and
    rows another worker holds are skipped. When a try failed, or rows are left, it enqueues
    itself for when the next is due (retries carry their own schedule, so Dramatiq's retries are
    only for the job itself failing)."""
    run = deliver_due(session)
    if run.more_due:
        send_for_tenant(deliver_webhooks, tenant)
    elif run.failed and run.next_due is not None:
        delay = max(0, int((run.next_due - utcnow()).total_seconds() * 1000))
        deliver_webhooks.send_with_options(delay=delay)  # for the job's own tenant
    logger.info("webhooks %s: %d delivered, %d failed", tenant.slug, run.delivered, run.failed)
