"""What happens to a taxi or private hire licence once granted: suspension and revocation
(Local Government (Miscellaneous Provisions) Act 1976, s.61 drivers, s.60 vehicles, s.62
operators), reinstatement after a suspension, its history and its renewals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.cases.models import Case
from services.core.cases.store import CaseRuleError, audit
from services.licensing import taxi_rules as rules
from services.licensing.models import Licence
from services.licensing.taxis import SERVICE, EventSpec, add_events, licence_event


async def suspend(
    session: AsyncSession,
    licence: Licence,
    *,
    reason: str,
    notice_on: dt.date,
    immediate: bool,
    actor: str,
) -> EventSpec:
    """Suspend the licence (s.61 drivers, s.60 vehicles, s.62 operators)."""
    _immediate_allowed(licence, immediate)
    if licence.status != "active":
        raise CaseRuleError(
            "", f"the licence is {licence.status}; only an active one can be suspended", 409
        )
    effective = rules.takes_effect(notice_on, immediate=immediate)
    licence.status = "suspended"
    licence.suspended_from = effective
    licence.suspension_reason = reason
    await session.flush()
    audit(session, actor, "licence.suspended", licence)
    event = licence_event(
        licence,
        None,
        "suspended",
        notice_on,
        actor,
        reason=reason,
        section=rules.SECTION[licence.kind],
        takes_effect_on=effective,
        immediate=immediate,
    )
    await add_events(session, actor, event)
    return event


async def revoke(
    session: AsyncSession,
    licence: Licence,
    *,
    reason: str,
    notice_on: dt.date,
    immediate: bool,
    actor: str,
) -> EventSpec:
    """Revoke the licence (s.61 drivers, s.60 vehicles, s.62 operators)."""
    _immediate_allowed(licence, immediate)
    if licence.status == "revoked":
        raise CaseRuleError("", "the licence is already revoked", status=409)
    effective = rules.takes_effect(notice_on, immediate=immediate)
    licence.status = "revoked"
    licence.ended_on = effective
    await session.flush()
    audit(session, actor, "licence.revoked", licence)
    event = licence_event(
        licence,
        None,
        "revoked",
        notice_on,
        actor,
        reason=reason,
        section=rules.SECTION[licence.kind],
        takes_effect_on=effective,
        immediate=immediate,
    )
    await add_events(session, actor, event)
    return event


async def reinstate(
    session: AsyncSession, licence: Licence, *, reason: str, on: dt.date, actor: str
) -> EventSpec:
    """Lift a suspension."""
    if licence.status != "suspended":
        raise CaseRuleError("", f"the licence is {licence.status}, not suspended", status=409)
    licence.status = "active"
    licence.suspended_from = None
    licence.suspension_reason = None
    await session.flush()
    audit(session, actor, "licence.reinstated", licence)
    event = licence_event(licence, None, "reinstated", on, actor, reason=reason)
    await add_events(session, actor, event)
    return event


def _immediate_allowed(licence: Licence, immediate: bool) -> None:
    if immediate and licence.kind not in rules.DRIVERS:
        raise CaseRuleError(
            "/immediate",
            "only a driver's licence can be suspended or revoked with immediate effect "
            "(public safety, s.61(2B)); for vehicles and operators it takes effect after 21 days",
        )


async def renewals_of(session: AsyncSession, licence: Licence) -> Sequence[Case]:
    statement = (
        select(Case)
        .where(Case.service == SERVICE, Case.details["renewal_of"].astext == str(licence.id))
        .order_by(Case.received_date, Case.created_at)
    )
    return (await session.scalars(statement)).all()


__all__ = ["reinstate", "renewals_of", "revoke", "suspend"]
