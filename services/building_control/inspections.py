"""Site inspections of building work: booked at a stage of the work for a day, then recorded
with their outcome. The stages are those at which work is commonly inspected (and at which the
Building Regulations 2010, reg. 16, expect notice from the builder); a completion certificate
needs a satisfactory ``completion`` inspection.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.building_control import store
from services.building_control import workflow as wf
from services.building_control.casework import not_offered
from services.building_control.models import Inspection
from services.core.cases.models import Case
from services.core.cases.store import CaseRuleError, audit, snapshot

#: The stages an inspection can be booked at, in the order work reaches them.
STAGES: tuple[str, ...] = (
    "commencement",
    "excavation",
    "foundations",
    "dpc",
    "oversite",
    "drains",
    "drains_test",
    "structural_frame",
    "insulation",
    "pre_plaster",
    "fire_stopping",
    "pre_completion",
    "completion",
)
#: What an inspection can find; ``defects`` needs notes saying what is wrong.
OUTCOMES: tuple[str, ...] = ("satisfactory", "defects", "not_ready", "cancelled")


async def book(
    session: AsyncSession,
    case: Case,
    *,
    stage: str,
    booked_for: dt.date,
    inspector_id: UUID | None,
    inspector_name: str | None,
    actor: str,
) -> Inspection:
    not_offered(case, "inspect")
    await store.settle(session, case, on=store.today())
    wf.workflow_for(case.case_type).require(case.status, "inspect")
    if booked_for < case.received_date:
        raise CaseRuleError("/bookedFor", "an inspection cannot precede the application")
    row = Inspection(
        case_id=case.id,
        stage=stage,
        booked_for=booked_for,
        inspector_id=inspector_id,
        inspector_name=inspector_name,
        booked_by=actor,
    )
    session.add(row)
    await session.flush()
    audit(session, actor, "inspection.booked", row)
    return row


async def record(
    session: AsyncSession,
    case: Case,
    row: Inspection,
    *,
    outcome: str,
    inspected_date: dt.date | None,
    notes: str | None,
    actor: str,
) -> Inspection:
    not_offered(case, "inspect")
    wf.workflow_for(case.case_type).require(case.status, "inspect")
    if row.outcome is not None:
        raise CaseRuleError("", f"this inspection is already recorded as {row.outcome}", status=409)
    if outcome == "defects" and not notes:
        raise CaseRuleError("/notes", "say what the defects are")
    day = inspected_date or (None if outcome == "cancelled" else row.booked_for)
    if day is not None and day > store.today():
        raise CaseRuleError("/inspectedDate", "an inspection cannot be recorded in advance")
    if day is not None and day < case.received_date:
        raise CaseRuleError("/inspectedDate", "an inspection cannot precede the application")
    before = snapshot(row)
    row.outcome = outcome
    row.inspected_date = day
    row.notes = notes
    row.recorded_at = dt.datetime.now(dt.UTC)
    row.recorded_by = actor
    await session.flush()
    audit(session, actor, "inspection.recorded", row, before=before)
    return row


async def inspections_of(session: AsyncSession, case: Case) -> list[Inspection]:
    statement = (
        select(Inspection)
        .where(Inspection.case_id == case.id)
        .order_by(Inspection.booked_for, Inspection.booked_at)
    )
    return list(await session.scalars(statement))


async def satisfactory_completion(session: AsyncSession, case: Case) -> Inspection | None:
    """The latest satisfactory completion inspection, if any."""
    rows = [
        r
        for r in await inspections_of(session, case)
        if r.stage == "completion" and r.outcome == "satisfactory"
    ]
    return rows[-1] if rows else None


__all__ = ["OUTCOMES", "STAGES", "book", "inspections_of", "record", "satisfactory_completion"]
