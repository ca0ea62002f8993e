"""The webhook outbox: events noted by audited writes become deliveries in the same transaction.

:func:`note_audit` (called by :func:`services.core.store.record_audit`) only notes the events a
write raises on the session. When the session commits, a ``before_commit`` hook turns the notes
into one ``webhook_deliveries`` row per matching active subscription — inside the transaction,
so an event is delivered if and only if its write committed. A note whose audit entry a
rolled-back savepoint discarded is dropped, and a rollback drops every note. After the commit a
job is enqueued to deliver the new rows (:mod:`services.core.webhooks.actors`).

With no active subscription the cost is one query on an indexed column per committing
transaction that raised an event; nothing else is read or written.
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session, SessionTransaction

from services.core.cases.models import Case
from services.core.models import AuditEntry
from services.core.webhooks.actors import deliver_webhooks
from services.core.webhooks.events import PendingEvent, case_link, events_for, payload, subscribed
from services.core.webhooks.models import WebhookDelivery, WebhookSubscription
from tenancy.db import SCHEMA_KEY
from tenancy.jobs import TENANT_OPTION
from tenancy.models import TENANT_SCHEMA, Tenant, TenantBase, utcnow

logger = logging.getLogger("vesta.webhooks")

NOTES = "vesta.webhooks.notes"
WAKE = "vesta.webhooks.wake"
ENQUEUE = "vesta.webhooks.enqueue"


def _info(session: Any) -> dict[str, Any]:
    return getattr(session, "sync_session", session).info  # type: ignore[no-any-return]


def note_audit(session: Any, entry: AuditEntry) -> None:
    """Note the events an audited write raises, for the commit to turn into deliveries."""
    found = events_for(entry.action, entry.entity, entry.before, entry.after)
    if not found:
        return
    notes = _info(session).setdefault(NOTES, [])
    now = utcnow()
    for name, extra in found:
        notes.append(
            (entry, PendingEvent(name, entry.entity, entry.entity_id, entry.case_id, now, extra))
        )


def request_delivery(session: Any) -> None:
    """Have the delivery job run once this session's transaction commits (a ping, a resume)."""
    _info(session)[WAKE] = True


def _service_of_table(entity: str) -> str | None:
    table = TenantBase.metadata.tables.get(f"{TENANT_SCHEMA}.{entity}")
    return None if table is None else table.info.get("service")


def _council(session: Session) -> tuple[UUID, dict[str, str]] | None:
    schema = session.info.get(SCHEMA_KEY)
    row = session.execute(
        select(Tenant.id, Tenant.slug, Tenant.gss_code).where(Tenant.schema_name == schema)
    ).first()
    return None if row is None else (row.id, {"slug": row.slug, "gssCode": row.gss_code})


def _write_deliveries(session: Session, notes: list[PendingEvent]) -> UUID | None:
    """Insert the deliveries ``notes`` owe; the tenant's id if any were inserted."""
    subscriptions = session.execute(
        select(
            WebhookSubscription.id, WebhookSubscription.events, WebhookSubscription.services
        ).where(WebhookSubscription.active.is_(True))
    ).all()
    if not subscriptions:
        return None
    council = _council(session)
    if council is None:
        return None
    tenant_id, who = council
    case_ids = {n.case_id for n in notes if n.case_id is not None}
    cases = {
        row.id: row
        for row in session.execute(
            select(Case.id, Case.service, Case.case_type, Case.reference, Case.reference_key).where(
                Case.id.in_(case_ids)
            )
        )
    }
    added = 0
    for note in notes:
        case = cases.get(note.case_id) if note.case_id else None
        service = case.service if case else _service_of_table(note.entity)
        link = None
        if case is not None:
            link = case_link(who["slug"], case.service, case.case_type, case.reference_key)
        reference = case.reference if case else None
        body = payload(note, council=who, service=service, reference=reference, link=link)
        for sub in subscriptions:
            if subscribed(sub.events, sub.services, note.event, service):
                session.add(WebhookDelivery(subscription_id=sub.id, event=note.event, payload=body))
                added += 1
    return tenant_id if added else None


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    noted = session.info.pop(NOTES, None)
    wake = session.info.pop(WAKE, False)
    if not noted and not wake:
        return
    tenant_id: UUID | None = None
    if noted:
        session.flush()
        live = [note for entry, note in noted if inspect(entry).persistent]
        tenant_id = _write_deliveries(session, live) if live else None
    if wake and tenant_id is None:
        council = _council(session)
        tenant_id = council[0] if council else None
    if tenant_id is not None:
        session.info[ENQUEUE] = tenant_id


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    tenant_id = session.info.pop(ENQUEUE, None)
    if tenant_id is not None:
        enqueue(tenant_id)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous: SessionTransaction) -> None:
    if previous.parent is None:  # the whole transaction: nothing it noted happened
        for key in (NOTES, WAKE, ENQUEUE):
            session.info.pop(key, None)


def enqueue(tenant_id: UUID, *, delay_ms: int | None = None) -> None:
    """Ask for the delivery job. The rows are already committed: if the broker cannot be
    reached they wait, and the next job for the council delivers them."""
    try:
        deliver_webhooks.send_with_options(delay=delay_ms, **{TENANT_OPTION: str(tenant_id)})
    except Exception:
        logger.exception("could not enqueue webhook delivery for tenant %s", tenant_id)


__all__ = ["enqueue", "note_audit", "request_delivery"]
