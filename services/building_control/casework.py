"""Building control casework after registration: the decision on plans (with s.16 conditions or
reasons for rejection), extensions of the full plans period, withdrawal, rejection of an
initial notice on a prescribed ground, and the notices that record the start of work.

Each function checks the workflow, writes, audits and keeps the case's clock right, inside the
caller's transaction; rule breaches are :class:`CaseRuleError` with the request field at fault.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from services.building_control import grounds, rules, store
from services.building_control import workflow as wf
from services.core.cases import conditions
from services.core.cases.models import Case
from services.core.cases.outcomes import ExtensionOfTime
from services.core.cases.store import (
    CaseRuleError,
    NewCase,
    transition,
    update_case,
    withdraw_case,
)
from services.core.cases.timing import compute_clock, record_extension, refresh_clock
from services.core.settings import CouncilSettings


def not_offered(case: Case, name: str) -> None:
    """A 409 when cases of this type never do ``name`` (a building notice is not decided)."""
    if not wf.offers(case.case_type, name):
        kind = case.case_type.replace("_", " ")
        raise CaseRuleError("", f"a {kind} case has no {name.replace('_', ' ')}", status=409)


def _not_future(pointer: str, day: dt.date, what: str) -> None:
    if day > store.today():
        raise CaseRuleError(pointer, f"{what} cannot be in the future")


@dataclass(frozen=True, slots=True)
class Decision:
    """``approved``, ``approved_with_conditions`` (s.16(3)-(4)) or ``rejected`` (s.16(6): the
    notice states the defects); ``conditions`` are (text, reason) pairs."""

    outcome: str
    decision_date: dt.date
    conditions: Sequence[tuple[str, str]] = ()
    reasons: Sequence[str] = ()


async def decide(
    session: AsyncSession,
    case: Case,
    decision: Decision,
    *,
    settings: CouncilSettings,
    actor: str,
) -> None:
    not_offered(case, "decide")
    workflow = wf.workflow_for(case.case_type)
    if case.case_type == "regularisation" and decision.outcome != "rejected":
        raise CaseRuleError(
            "/outcome",
            "a regularisation application is approved by issuing its certificate",
            status=409,
        )
    workflow.apply(case.status, "decide", None)  # the 409 before any check of the body
    if decision.decision_date < case.received_date:
        raise CaseRuleError("/decisionDate", "the decision cannot precede the deposit")
    _not_future("/decisionDate", decision.decision_date, "the decision")
    if decision.outcome == "approved_with_conditions" and not decision.conditions:
        raise CaseRuleError("/conditions", "a conditional approval needs its conditions")
    if decision.outcome != "approved_with_conditions" and decision.conditions:
        raise CaseRuleError("/conditions", f"an outcome of {decision.outcome} has no conditions")
    if decision.outcome == "rejected" and not decision.reasons:
        raise CaseRuleError("/reasons", "a rejection must state the defects (s.16(6))")
    if decision.outcome != "rejected" and decision.reasons:
        raise CaseRuleError("/reasons", "only a rejection has reasons")
    for text, reason in decision.conditions:
        wording = conditions.Wording(kind="condition", text=text, reason=reason)
        await conditions.draft_condition(session, case, wording, workflow=workflow, actor=actor)
    for text in decision.reasons:
        wording = conditions.Wording(kind="refusal_reason", text=text)
        await conditions.draft_condition(session, case, wording, workflow=workflow, actor=actor)
    target = wf.REJECTED if decision.outcome == "rejected" else wf.APPROVED
    await transition(
        session, case, workflow, "decide", actor=actor, target=target,
        also={
            "decision": decision.outcome,
            "decision_date": decision.decision_date,
            "decided_by": actor,
        },
    )  # fmt: skip
    await refresh_clock(session, case, settings=settings, actor=actor)


async def extend(
    session: AsyncSession,
    case: Case,
    *,
    agreed_date: dt.date,
    new_target_date: dt.date,
    reason: str | None,
    settings: CouncilSettings,
    actor: str,
) -> ExtensionOfTime:
    """Record a longer period agreed in writing for a full plans decision (s.16(12)): agreed
    before the five weeks end, ending no later than two months from deposit."""
    not_offered(case, "extend")
    wf.workflow_for(case.case_type).require(case.status, "extend")
    _not_future("/agreedDate", agreed_date, "the agreement")
    clock = await compute_clock(session, case, settings=settings)
    if clock is None:  # pragma: no cover - every extendable case type has a clock
        raise CaseRuleError("", "this case has no statutory period to extend", status=409)
    problem = rules.check_extension(
        deposited=case.received_date,
        five_weeks_end=clock.statutory_date,
        agreed=agreed_date,
        new_target=new_target_date,
    )
    if problem is not None:
        raise CaseRuleError(problem.pointer, problem.detail)
    return await record_extension(
        session,
        case,
        agreed_date=agreed_date,
        new_target_date=new_target_date,
        reason=reason,
        settings=settings,
        actor=actor,
        pointer="/newTargetDate",
    )


async def withdraw(
    session: AsyncSession, case: Case, *, reason: str, at: dt.datetime, actor: str
) -> None:
    not_offered(case, "withdraw")
    workflow = wf.workflow_for(case.case_type)
    await withdraw_case(session, case, workflow, reason=reason, at=at, actor=actor)


async def reject_initial_notice(
    session: AsyncSession,
    case: Case,
    *,
    ground_codes: Sequence[str],
    detail: str,
    rejected_date: dt.date,
    actor: str,
) -> None:
    """Reject an initial notice on prescribed grounds within its five working days."""
    for position in grounds.unknown_grounds(list(ground_codes)):
        raise CaseRuleError(
            f"/grounds/{position}",
            f"{ground_codes[position]!r} is not a prescribed ground ({grounds.SCHEDULE}); "
            "GET …/building-control/rejection-grounds lists them",
        )
    await store.settle(session, case, on=store.today())
    last = case.statutory_date
    if case.decision == "treated_as_accepted" and last is not None:
        raise CaseRuleError(
            "",
            f"the period for rejection ended on {last:%A %d %B %Y}: the notice is treated as "
            "accepted (Building Act 1984, s.47)",
            status=409,
        )
    wf.INITIAL_NOTICE.apply(case.status, "reject")
    if rejected_date < case.received_date:
        raise CaseRuleError("/rejectedDate", "a rejection cannot precede the notice")
    _not_future("/rejectedDate", rejected_date, "the rejection")
    rejection = {"grounds": list(ground_codes), "detail": detail}
    await transition(
        session, case, wf.INITIAL_NOTICE, "reject", actor=actor,
        also={
            "decision": "rejected",
            "decision_date": rejected_date,
            "decided_by": actor,
            "details": {**case.details, "rejection": rejection},
        },
    )  # fmt: skip


async def record_start(
    session: AsyncSession,
    application: Case,
    notice: Case,
    *,
    commenced_date: dt.date | None,
    given_date: dt.date,
    actor: str,
) -> None:
    """Link a commencement notice (``commenced_date`` is ``None``) or a 'regarded as
    commenced' notice to its application. The latter stops the lapse, but only if the work
    commenced on or before the lapse date (s.32)."""
    last = store.lapse_date_of(application)
    if commenced_date is not None:
        if commenced_date < application.received_date:
            raise CaseRuleError("/commencedDate", "work cannot commence before the deposit")
        if last is not None and commenced_date > last:
            raise CaseRuleError(
                "/commencedDate",
                f"{application.reference} lapsed: work had to commence by {last:%d %B %Y} "
                "(Building Act 1984, s.32)",
                status=409,
            )
    not_offered(application, "commence")
    await store.settle(session, application, on=store.today())
    wf.workflow_for(application.case_type).require(application.status, "commence")
    details = dict(application.details)
    if commenced_date is None:
        details["earliest_start_date"] = rules.earliest_start(given_date).isoformat()
        details["commencement_notice_reference"] = notice.reference
    else:
        details["commenced_date"] = commenced_date.isoformat()
        details["regarded_as_commenced_reference"] = notice.reference
    await update_case(session, application, {"details": details}, actor=actor,
                      action="case.commencement")  # fmt: skip


async def give_commencement_notice(
    session: AsyncSession,
    application: Case,
    *,
    kind: str,
    given_date: dt.date,
    commenced_date: dt.date | None,
    description: str | None,
    settings: CouncilSettings,
    actor: str,
) -> Case:
    """Register a commencement notice (``commenced_date`` ``None``) or a 'regarded as
    commenced' notice as a case of its own, linked to ``application`` (see :func:`record_start`)."""
    noun = "regarded as commenced notice" if commenced_date else "commencement notice"
    details: dict[str, str] = {
        "application_id": str(application.id),
        "application_reference": application.reference,
    }
    if commenced_date is not None:
        details["commenced_date"] = commenced_date.isoformat()
    else:
        details["earliest_start_date"] = rules.earliest_start(given_date).isoformat()
    new = NewCase(
        service=store.SERVICE,
        case_type=kind,
        received_date=given_date,
        description=description or f"{noun.capitalize()} for {application.reference}",
        details=details,
    )
    notice = await store.register(
        session, new, building=None, work_category=None, settings=settings, actor=actor
    )
    await record_start(
        session,
        application,
        notice,
        commenced_date=commenced_date,
        given_date=given_date,
        actor=actor,
    )
    return notice


__all__ = [
    "Decision",
    "decide",
    "extend",
    "give_commencement_notice",
    "not_offered",
    "record_start",
    "reject_initial_notice",
    "withdraw",
]
