"""What happens to a temporary event notice after it is given: police and environmental health
objections (s.104), the hearing (s.105(2)), the decision on a standard notice (acknowledge,
impose conditions s.106A, or counter notice s.105), the automatic counter notice on a late one
(s.104A), acknowledgement of an unopposed notice, and withdrawal (s.103).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.cases.models import Case
from services.core.cases.store import CaseRuleError, audit, transition, withdraw_case
from services.core.deadlines import working_days_after
from services.licensing import hearings
from services.licensing import ten_limits as rules
from services.licensing import ten_workflow as wf
from services.licensing.models import Hearing, Representation
from services.licensing.ten_models import TemporaryEventNotice
from services.licensing.tens import SERVICE, counter_notice, record_decision

#: Hearings Regulations 2005, Sch. 1: a hearing on an objection to a standard notice is held
#: within 7 working days beginning with the day after the end of the objection period.
HEARING_WORKING_DAYS = 7


@dataclass(frozen=True, slots=True)
class ObjectionIn:
    authority: str
    name: str
    received_date: dt.date
    grounds: str
    organisation: str | None = None
    email: str | None = None
    objectives: Sequence[str] = ()


async def object_to(
    session: AsyncSession,
    case: Case,
    row: TemporaryEventNotice,
    objection: ObjectionIn,
    *,
    actor: str,
) -> Representation:
    """Record a police or environmental health objection (s.104): within the objection period;
    against a late notice it means a counter notice (s.104A)."""
    workflow = wf.WORKFLOWS[case.case_type]
    first = case.status == wf.RECEIVED
    if first:
        workflow.apply(case.status, "object")  # raises IllegalTransition before any write
    else:
        workflow.require(case.status, "further_objection")
    end = case.statutory_date
    if objection.received_date < case.received_date:
        raise CaseRuleError("/receivedDate", "an objection cannot precede the notice")
    if end is not None and objection.received_date > end:
        raise CaseRuleError(
            "/receivedDate",
            f"the objection period ended on {end:%a %d %b %Y} (3 working days beginning the "
            "day after the notice was given, s.104(2)); this objection is out of time",
        )
    rep = Representation(
        case_id=case.id,
        kind="objection",
        party="responsible_authority",
        authority=objection.authority,
        name=objection.name,
        organisation=objection.organisation,
        email=objection.email,
        received_date=objection.received_date,
        objectives=list(objection.objectives),
        grounds=objection.grounds,
        relevant=True,
        recorded_by=actor,
    )
    session.add(rep)
    await session.flush()
    audit(session, actor, "ten.objection", rep)
    if first:
        await transition(session, case, workflow, "object", actor=actor)
        if case.case_type == wf.LATE:
            counter_notice(row, "104A", "objection", f"Objection by {objection.name}")
            await session.flush()
            audit(session, actor, "ten.counter_notice", row)
            await record_decision(session, case, wf.COUNTER_NOTICE, actor=actor)
    return rep


def hearing_window(case: Case, row: TemporaryEventNotice) -> tuple[dt.date, dt.date]:
    """The first and last day a hearing may begin: within 7 working days after the objection
    period, and early enough to give any counter notice 24 hours before the event."""
    assert case.statutory_date is not None
    window = working_days_after(case.statutory_date, HEARING_WORKING_DAYS)
    leaves_time = rules.london(row.event_starts_at - rules.DAY_BEFORE).date()
    return window.first, min(window.last, leaves_time)


async def arrange_hearing(
    session: AsyncSession,
    case: Case,
    row: TemporaryEventNotice,
    *,
    scheduled_at: dt.datetime | None,
    venue: str | None,
    dispensed_reason: str | None,
    actor: str,
) -> Hearing:
    """List the hearing on the objection, or record that all agree it is unnecessary."""
    wf.WORKFLOWS[case.case_type].apply(case.status, "arrange_hearing")
    first, last = hearing_window(case, row)
    if dispensed_reason is None:
        if scheduled_at is None:
            raise CaseRuleError("/scheduledAt", "give the hearing's time, or dispensedReason")
        day = rules.london(scheduled_at).date()
        if not first <= day <= last:
            raise CaseRuleError(
                "/scheduledAt",
                f"the hearing must begin between {first:%a %d %b %Y} and {last:%a %d %b %Y}",
            )
    hearing = Hearing(
        case_id=case.id,
        earliest_on=first,
        start_by=last,
        scheduled_at=scheduled_at,
        venue=venue,
        status="dispensed" if dispensed_reason else "listed",
        dispensed_reason=dispensed_reason,
        recorded_by=actor,
    )
    session.add(hearing)
    await session.flush()
    audit(session, actor, "hearing.arranged", hearing)
    await transition(session, case, wf.WORKFLOWS[case.case_type], "arrange_hearing", actor=actor)
    return hearing


async def decide(
    session: AsyncSession,
    case: Case,
    row: TemporaryEventNotice,
    *,
    outcome: str,
    reasons: str,
    conditions: Sequence[str],
    decided_at: dt.datetime,
    actor: str,
) -> None:
    """The authority's decision on an objection to a standard notice (ss.105 and 106A)."""
    workflow = wf.WORKFLOWS[case.case_type]
    workflow.apply(case.status, "decide", outcome)
    latest = row.event_starts_at - rules.DAY_BEFORE
    if outcome != wf.ACKNOWLEDGED and decided_at > latest:
        raise CaseRuleError(
            "/decidedAt",
            "a counter notice or conditions must be given at least 24 hours before the event "
            f"begins ({rules.london(row.event_starts_at):%a %d %b %Y %H:%M}); it is too late",
            status=409,
        )
    if outcome == wf.CONDITIONS_IMPOSED:
        if not conditions:
            raise CaseRuleError("/conditions", "name the conditions imposed (s.106A)")
        if row.premises_licence_number is None:
            raise CaseRuleError(
                "/outcome",
                "conditions can only be imposed where the premises hold a premises licence "
                "or club premises certificate (s.106A(1)); none is recorded on this notice",
                status=409,
            )
        row.imposed_conditions = list(conditions)
    if outcome == wf.COUNTER_NOTICE:
        counter_notice(row, "105", "objection", reasons)
    hearing = await hearings.hearing_of(session, case)
    if hearing is not None:
        hearing.outcome = outcome
        hearing.reasons = reasons
        if hearing.status == "listed":
            hearing.status = "held"
            hearing.held_on = rules.london(decided_at).date()
        audit(session, actor, "hearing.decided", hearing)
    await session.flush()
    audit(session, actor, f"ten.{outcome}", row)
    await transition(session, case, workflow, "decide", actor=actor, target=outcome)
    await record_decision(session, case, outcome, actor=actor)


async def acknowledge(session: AsyncSession, case: Case, *, today: dt.date, actor: str) -> None:
    """Acknowledge an unopposed notice once its objection period has ended."""
    wf.WORKFLOWS[case.case_type].apply(case.status, "acknowledge")
    end = case.statutory_date
    if end is not None and today <= end:
        raise CaseRuleError(
            "",
            f"the objection period runs until {end:%a %d %b %Y}; acknowledge from "
            f"{end + dt.timedelta(days=1):%a %d %b %Y}",
            status=409,
        )
    await transition(session, case, wf.WORKFLOWS[case.case_type], "acknowledge", actor=actor)
    await record_decision(session, case, wf.ACKNOWLEDGED, actor=actor)


async def acknowledge_unopposed(session: AsyncSession, *, today: dt.date, actor: str) -> int:
    """For a daily sweep: acknowledge every notice whose objection period ended unopposed."""
    statement = select(Case).where(
        Case.service == SERVICE,
        Case.case_type.in_(tuple(wf.WORKFLOWS)),
        Case.status == wf.RECEIVED,
        Case.statutory_date < today,
    )
    cases = (await session.scalars(statement)).all()
    for case in cases:
        await acknowledge(session, case, today=today, actor=actor)
    return len(cases)


async def withdraw(
    session: AsyncSession,
    case: Case,
    row: TemporaryEventNotice,
    *,
    given_at: dt.datetime,
    reason: str | None,
    actor: str,
) -> None:
    """Withdraw the notice, no later than 24 hours before the event begins (s.103)."""
    workflow = wf.WORKFLOWS[case.case_type]
    workflow.apply(case.status, "withdraw")
    if given_at > row.event_starts_at - rules.DAY_BEFORE:
        raise CaseRuleError(
            "/givenAt",
            "a notice can be withdrawn no later than 24 hours before the event begins (s.103)",
            status=409,
        )
    row.counts = False
    await session.flush()
    audit(session, actor, "ten.withdrawn", row)
    await withdraw_case(session, case, workflow, reason=reason, at=given_at, actor=actor)


__all__ = [
    "HEARING_WORKING_DAYS",
    "ObjectionIn",
    "acknowledge",
    "acknowledge_unopposed",
    "arrange_hearing",
    "decide",
    "hearing_window",
    "object_to",
    "withdraw",
]
