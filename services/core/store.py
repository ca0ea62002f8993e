"""Data access for the core's tenant tables: settings and the audit log.

Every write goes through :func:`record_audit` in the same transaction, so a change and its audit
entry commit or fail together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from advanced_alchemy.filters import LimitOffset, OrderBy
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.models import AuditEntry, Setting
from services.core.settings import CouncilSettings, effective_settings
from services.core.webhooks.outbox import note_audit


class AuditRepository(SQLAlchemyAsyncRepository[AuditEntry]):
    model_type = AuditEntry


def record_audit(
    session: AsyncSession,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    case_id: UUID | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before,
        after=after,
        case_id=case_id,
    )
    session.add(entry)
    note_audit(session, entry)  # the webhook events it raises, delivered iff this commits
    return entry


async def stored_settings(session: AsyncSession) -> dict[str, Any]:
    rows = await session.execute(select(Setting.key, Setting.value))
    return dict(rows.tuples().all())


async def read_settings(session: AsyncSession) -> CouncilSettings:
    return effective_settings(await stored_settings(session))


async def update_settings(
    session: AsyncSession, changes: dict[str, Any], *, actor: str
) -> CouncilSettings:
    """Apply changed keys (already validated), auditing the before and after values."""
    stored = await stored_settings(session)
    before = effective_settings(stored)
    rows = {
        row.key: row
        for row in await session.scalars(select(Setting).where(Setting.key.in_(changes)))
    }
    changed = {}
    for key, value in changes.items():
        if getattr(before, _attr(key)) == value:
            continue
        changed[key] = value
        if key in rows:
            rows[key].value = value
            rows[key].updated_by = actor
        else:
            session.add(Setting(key=key, value=value, updated_by=actor))
    if changed:
        record_audit(
            session,
            actor=actor,
            action="settings.updated",
            entity="settings",
            entity_id="council",
            before={k: getattr(before, _attr(k)) for k in changed},
            after=changed,
        )
    await session.flush()
    return effective_settings({**stored, **changed})


def _attr(wire_key: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in wire_key)


async def list_audit(
    session: AsyncSession,
    *,
    page: int,
    per_page: int,
    entity: str | None = None,
    case_id: UUID | None = None,
) -> tuple[Sequence[AuditEntry], int]:
    repository = AuditRepository(session=session)
    filters: list[Any] = [
        OrderBy(field_name="at", sort_order="desc"),
        LimitOffset(limit=per_page, offset=(page - 1) * per_page),
    ]
    kwargs: dict[str, Any] = {"entity": entity} if entity else {}
    if case_id is not None:
        kwargs["case_id"] = case_id
    return await repository.get_many_and_count(*filters, **kwargs)
