"""The register of premises licences, club premises certificates and personal licences: finding
a licence by id or number, issuing one when an application is granted, and recording every
change to it as a :class:`LicenceEvent` (its history), audited in the caller's transaction.

Premises licences and club premises certificates have effect until revoked, surrendered or
lapsed (Licensing Act 2003, ss.26 and 80); personal licences no longer expire (s.115, as amended
by the Deregulation Act 2015, s.69). A licence that has ended is no longer in force; a suspended
one still is (it can be transferred, varied or reviewed) but authorises nothing while suspended.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import add_years
from services.core.cases.store import audit, snapshot
from services.core.references import allocate_reference
from services.licensing.models import Licence, LicenceEvent
from tenancy.provenance import matching, preferring

#: The number series of each kind of licence: ``PL/2026/00001``.
NUMBER_PREFIX = {
    "premises_licence": "PL",
    "club_premises_certificate": "CPC",
    "personal_licence": "PERS",
}
NUMBER_FORMAT = "SUFFIX/YYYY/NNNNN"
#: Kinds of licence that pay an annual fee (Licensing Act 2003 (Fees) Regulations 2005, reg. 5).
ANNUAL_FEE_KINDS = frozenset({"premises_licence", "club_premises_certificate"})
#: Statuses meaning the licence has ended.
ENDED = frozenset({"revoked", "surrendered", "lapsed"})


class LicenceNotFound(LookupError):
    """No licence on the register has that id or number."""


async def find_licence(session: AsyncSession, key: str, *, lock: bool = False) -> Licence:
    """A licence by UUID or number (``PL/2026/00001`` or ``PL-2026-00001``)."""
    statement = select(Licence)
    try:
        statement = statement.where(Licence.id == UUID(key))
    except ValueError:
        number = key.replace("-", "/")
        statement = statement.where(
            or_(
                matching(Licence.number, Licence.former_references, key, number),
                Licence.legacy_reference == key,
            )
        ).order_by(*preferring(session, Licence.number, Licence.origin_authority, key, number))
    if lock:
        statement = statement.with_for_update()
    licence = (await session.scalars(statement.limit(1))).first()
    if licence is None:
        raise LicenceNotFound(f"No licence on the register has the id or number {key}")
    return licence


def in_force(licence: Licence, day: dt.date) -> bool:
    """Whether the licence exists on ``day``: granted, started and not ended."""
    if licence.starts_on > day:
        return False
    return not (licence.status in ENDED and (licence.ended_on is None or licence.ended_on <= day))


def suspended_on(licence: Licence, day: dt.date) -> bool:
    """Whether the licence is suspended on ``day`` (for non-payment or on review)."""
    if licence.suspended_from is None or licence.suspended_from > day:
        return False
    until = licence.details.get("suspendedUntil")
    return until is None or dt.date.fromisoformat(until) >= day


def record_event(
    session: AsyncSession,
    licence: Licence,
    kind: str,
    on: dt.date,
    *,
    actor: str,
    case_id: UUID | None = None,
    detail: dict[str, Any] | None = None,
) -> LicenceEvent:
    """Add one entry to the licence's history (flushed and audited by the caller's next
    :func:`changed`)."""
    event = LicenceEvent(
        licence_id=licence.id,
        case_id=case_id,
        kind=kind,
        on=on,
        detail=detail or {},
        recorded_by=actor,
    )
    session.add(event)
    return event


async def changed(
    session: AsyncSession,
    licence: Licence,
    before: dict[str, Any] | None,
    event: LicenceEvent,
    *,
    actor: str,
) -> None:
    """Flush a change to the licence and its event, auditing both."""
    await session.flush()
    audit(session, actor, f"licence.{event.kind}", licence, before=before)
    audit(session, actor, "licence_event.created", event)


async def issue(
    session: AsyncSession,
    *,
    kind: str,
    granted_on: dt.date,
    holder: dict[str, Any],
    premises_name: str | None,
    address_line: str | None,
    uprn: str | None,
    details: dict[str, Any],
    case_id: UUID,
    actor: str,
) -> Licence:
    """A new licence on the register, numbered in its kind's series, with its ``granted``
    event. Premises licences and club certificates owe their first annual fee on the first
    anniversary of the grant."""
    number = await allocate_reference(
        session,
        fmt=NUMBER_FORMAT,
        service=f"licensing:{NUMBER_PREFIX[kind]}",
        suffix=NUMBER_PREFIX[kind],
        year=granted_on.year,
    )
    licence = Licence(
        number=number,
        kind=kind,
        status="active",
        holder_name=holder["name"],
        holder_organisation=holder.get("organisation"),
        holder_email=holder.get("email"),
        holder_address=holder.get("address"),
        premises_name=premises_name,
        address_line=address_line,
        uprn=uprn,
        granted_on=granted_on,
        starts_on=granted_on,
        next_fee_due_on=add_years(granted_on, 1) if kind in ANNUAL_FEE_KINDS else None,
        details=details,
        created_by=actor,
    )
    session.add(licence)
    await session.flush()
    audit(session, actor, "licence.issued", licence)
    event = record_event(
        session, licence, "granted", granted_on, actor=actor, case_id=case_id, detail={}
    )
    await session.flush()
    audit(session, actor, "licence_event.created", event)
    return licence


async def amend(
    session: AsyncSession,
    licence: Licence,
    kind: str,
    on: dt.date,
    changes: dict[str, Any],
    *,
    actor: str,
    case_id: UUID | None = None,
    detail: dict[str, Any] | None = None,
) -> LicenceEvent:
    """Change the licence's columns (``details`` is merged, not replaced) and record why."""
    before = snapshot(licence)
    for key, value in changes.items():
        if key == "details":
            licence.details = {**licence.details, **value}
        else:
            setattr(licence, key, value)
    event = record_event(
        session, licence, kind, on, actor=actor, case_id=case_id, detail=detail or {}
    )
    await changed(session, licence, before, event, actor=actor)
    return event


async def history(session: AsyncSession, licence: Licence) -> list[LicenceEvent]:
    statement = (
        select(LicenceEvent)
        .where(LicenceEvent.licence_id == licence.id)
        .order_by(LicenceEvent.on, LicenceEvent.recorded_at)
    )
    return list((await session.scalars(statement)).all())


__all__ = [
    "ANNUAL_FEE_KINDS",
    "ENDED",
    "LicenceNotFound",
    "amend",
    "changed",
    "find_licence",
    "history",
    "in_force",
    "issue",
    "record_event",
    "suspended_on",
]
