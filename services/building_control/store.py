"""Building control cases on the case core: registration (with the higher-risk check and the
fee from the council's charging scheme) and the outcomes the law brings about by the passage of
time alone, persisted idempotently whenever a case is read or listed:

- an initial notice not rejected within its five working days is treated as accepted
  (Building Act 1984 s.47(3));
- plans deposited, or a building notice given, lapse when work has not commenced within three
  years (s.32).

Every function works inside the caller's transaction and audits what it writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.building_control import charging, rules
from services.building_control import workflow as wf
from services.building_control.higher_risk import REGULATOR, REGULATOR_URL, Building
from services.building_control.higher_risk import referral_reason as hrb_reason
from services.core.calendar import london_today
from services.core.cases.models import Case
from services.core.cases.store import NewCase, transition
from services.core.cases.timing import register_case
from services.core.settings import CouncilSettings

SERVICE = "building_control"
#: Who records what the law brings about by itself (deemed acceptance, lapse).
SYSTEM = "system:building-control"


def today() -> dt.date:
    return london_today()


def building_details(building: Building) -> dict[str, Any]:
    return {
        "height_m": str(building.height_m),
        "storeys": building.storeys,
        "residential_units": building.residential_units,
        "care_home_or_hospital": building.care_home_or_hospital,
    }


async def register(
    session: AsyncSession,
    new: NewCase,
    *,
    building: Building | None,
    work_category: str | None,
    settings: CouncilSettings,
    actor: str,
) -> Case:
    """Register a building control case. Higher-risk building work is recorded and referred to
    the Building Safety Regulator at once (terminal); otherwise the fee is worked out from the
    charging scheme (a 422 at ``/workCategory`` before anything is stored if it has no charge)
    and the lapse date is set for plans and building notices."""
    workflow = wf.workflow_for(new.case_type)
    details: dict[str, Any] = {**new.details}
    if work_category is not None:
        details["work_category"] = work_category
    if building is not None:
        details["building"] = building_details(building)
    reason = hrb_reason(building) if building is not None else None
    if reason is not None:
        case = await register_case(
            session, replace(new, details=details), workflow=workflow, settings=settings,
            actor=actor,
        )  # fmt: skip
        referral = {"reason": reason, "regulator": REGULATOR, "regulator_url": REGULATOR_URL}
        await transition(
            session, case, workflow, "refer_to_bsr", actor=actor,
            also={"details": {**case.details, "referral": referral}},
        )  # fmt: skip
        return case
    lines = await charging.fee_for(session, new.case_type, work_category)
    if lines:
        details["fee"] = [line.as_dict() for line in lines]
    if new.case_type in wf.LAPSING_TYPES:
        details["lapse_date"] = rules.lapse_date(new.received_date).isoformat()
    fee = sum((line.total for line in lines), Decimal("0")) if lines else None
    return await register_case(
        session,
        replace(new, details=details, fee_payable=fee),
        workflow=workflow,
        settings=settings,
        actor=actor,
    )


def commenced_on(case: Case) -> dt.date | None:
    value = case.details.get("commenced_date")
    return dt.date.fromisoformat(value) if value else None


def lapse_date_of(case: Case) -> dt.date | None:
    if case.case_type not in wf.LAPSING_TYPES:
        return None
    return rules.lapse_date(case.received_date)


async def settle(session: AsyncSession, case: Case, *, on: dt.date) -> bool:
    """Persist what the passage of time has decided by ``on`` (deemed acceptance of an initial
    notice, lapse of an approval); whether anything changed. Idempotent."""
    if (
        case.case_type == "initial_notice"
        and case.status == wf.RECEIVED
        and case.statutory_date is not None
        and on > case.statutory_date
    ):
        await transition(
            session, case, wf.INITIAL_NOTICE, "accept", actor=SYSTEM,
            also={
                "decision": "treated_as_accepted",
                "decision_date": case.statutory_date,
                "decided_by": SYSTEM,
            },
        )  # fmt: skip
        return True
    if (
        case.case_type in wf.LAPSING_TYPES
        and case.status in wf.FULL_PLANS.activities["commence"]
        and rules.has_lapsed(case.received_date, commenced_on(case), on)
    ):
        lapsed_on = rules.lapse_date(case.received_date) + dt.timedelta(days=1)
        await transition(
            session, case, wf.workflow_for(case.case_type), "lapse", actor=SYSTEM,
            also={"details": {**case.details, "lapsed_on": lapsed_on.isoformat()}},
        )  # fmt: skip
        return True
    return False


async def sweep(session: AsyncSession, *, on: dt.date) -> int:
    """Settle every case time has decided by ``on``; the number changed. Safe to run often
    (from a list, the worklist or a scheduled job)."""
    three_years_ago = on - dt.timedelta(days=3 * 365)  # a superset: settle() decides exactly
    statement = select(Case).where(
        Case.service == SERVICE,
        or_(
            and_(
                Case.case_type == "initial_notice",
                Case.status == wf.RECEIVED,
                Case.statutory_date < on,
            ),
            and_(
                Case.case_type.in_(wf.LAPSING_TYPES),
                Case.status.in_(wf.FULL_PLANS.activities["commence"]),
                Case.received_date < three_years_ago,
            ),
        ),
    )
    changed = 0
    for case in (await session.scalars(statement.with_for_update())).all():
        changed += await settle(session, case, on=on)
    return changed


async def settle_due(session: AsyncSession, *, today: dt.date, actor: str) -> int:
    """The service's sweep (:mod:`services.core.sweeps`): deemed acceptances and lapses due by
    ``today``. They are recorded as the system's doing, whoever runs the sweep."""
    del actor
    return await sweep(session, on=today)


__all__ = [
    "SERVICE",
    "SYSTEM",
    "commenced_on",
    "lapse_date_of",
    "register",
    "settle",
    "settle_due",
    "sweep",
    "today",
]
