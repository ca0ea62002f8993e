"""Planning casework after registration: validation requests and their answers, withdrawal,
recommendation, determination, extensions of time and appeals. Each function checks the
workflow, writes, audits and keeps the case's clock right, inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.cases.models import Case
from services.core.cases.outcomes import Appeal, Condition, ExtensionOfTime
from services.core.cases.records import ValidationRequest
from services.core.cases.store import (
    CaseRuleError as CaseworkError,
)
from services.core.cases.store import (
    audit,
    snapshot,
    transition,
    update_case,
    withdraw_case,
)
from services.core.cases.timing import record_extension
from services.core.deadlines import AppealKind, appeal_deadline
from services.core.settings import CouncilSettings
from services.planning import workflow as wf
from services.planning.store import refresh_clock


async def request_item(
    session: AsyncSession, case: Case, *, kind: str, detail: str, required_item: bool, actor: str
) -> ValidationRequest:
    """Ask the applicant for something; a received application becomes invalid meanwhile."""
    wf.WORKFLOW.require(case.status, "request_validation_item")
    if case.status == wf.RECEIVED:
        await transition(session, case, wf.WORKFLOW, "invalidate", actor=actor)
    request = ValidationRequest(
        case_id=case.id, kind=kind, detail=detail, required_item=required_item, requested_by=actor
    )
    session.add(request)
    await session.flush()
    audit(session, actor, "validation_request.created", request)
    return request


async def answer_item(
    session: AsyncSession,
    case: Case,
    request: ValidationRequest,
    *,
    response: str,
    received_date: dt.date,
    actor: str,
) -> ValidationRequest:
    if request.status != "open":
        raise CaseworkError("", f"this request is already {request.status}", status=409)
    if received_date < case.received_date:
        raise CaseworkError("/receivedDate", "the answer cannot arrive before the application")
    if received_date > dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1):
        raise CaseworkError("/receivedDate", "the answer cannot arrive in the future")
    before = snapshot(request)
    request.status = "responded"
    request.response = response
    request.responded_at = dt.datetime.now(dt.UTC)
    request.received_date = received_date
    await session.flush()
    audit(session, actor, "validation_request.responded", request, before=before)
    return request


async def cancel_item(
    session: AsyncSession, request: ValidationRequest, *, actor: str
) -> ValidationRequest:
    if request.status != "open":
        raise CaseworkError("", f"this request is already {request.status}", status=409)
    before = snapshot(request)
    request.status = "cancelled"
    await session.flush()
    audit(session, actor, "validation_request.cancelled", request, before=before)
    return request


async def withdraw(
    session: AsyncSession, case: Case, *, reason: str, at: dt.datetime, actor: str
) -> None:
    await withdraw_case(session, case, wf.WORKFLOW, reason=reason, at=at, actor=actor)


async def recommend(
    session: AsyncSession,
    case: Case,
    *,
    recommendation: str,
    report: str,
    level: str,
    committee_date: dt.date | None,
    actor: str,
) -> None:
    wf.WORKFLOW.require(case.status, "recommend")
    if level == "committee" and committee_date is None:
        raise CaseworkError("/committeeDate", "a committee decision needs the committee date")
    await update_case(
        session,
        case,
        {
            "recommendation": recommendation,
            "report": report,
            "decision_level": level,
            "committee_date": committee_date,
        },
        actor=actor,
        action="case.recommended",
    )


@dataclass(frozen=True, slots=True)
class DecisionInput:
    outcome: str
    decision_date: dt.date
    level: str
    committee_date: dt.date | None


async def determine(
    session: AsyncSession,
    case: Case,
    decision: DecisionInput,
    *,
    settings: CouncilSettings,
    actor: str,
) -> None:
    """Record the decision. It cannot precede validation or the end of consultation (DMPO
    art. 33: representations made within the period must be taken into account); a refusal
    needs reasons, and conditions are only for permissions."""
    if decision.decision_date < (case.valid_from_date or case.received_date):
        raise CaseworkError("/decisionDate", "the decision cannot precede the valid application")
    if case.consultation_end_date and decision.decision_date <= case.consultation_end_date:
        raise CaseworkError(
            "/decisionDate",
            f"consultation runs until {case.consultation_end_date:%d %B %Y}; the application "
            "can be determined from the day after",
            status=409,
        )
    if decision.level == "committee" and decision.committee_date is None:
        raise CaseworkError("/committeeDate", "a committee decision needs the committee date")
    kinds = set(await session.scalars(select(Condition.kind).where(Condition.case_id == case.id)))
    if decision.outcome in ("refused", "prior_approval_refused") and "refusal_reason" not in kinds:
        raise CaseworkError(
            "/outcome", "record the reasons for refusal before refusing", status=409
        )
    if decision.outcome not in ("refused", "prior_approval_refused") and "refusal_reason" in kinds:
        raise CaseworkError(
            "/outcome", "reasons for refusal are recorded on an approval", status=409
        )
    await transition(
        session,
        case,
        wf.WORKFLOW,
        "determine",
        actor=actor,
        also={
            "decision": decision.outcome,
            "decision_date": decision.decision_date,
            "decision_level": decision.level,
            "committee_date": decision.committee_date,
            "decided_by": actor,
        },
    )
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
    """Record an extension of time agreed in writing (see :func:`apply_extension`)."""
    wf.WORKFLOW.require(case.status, "extend")
    return await record_extension(
        session,
        case,
        agreed_date=agreed_date,
        new_target_date=new_target_date,
        reason=reason,
        settings=settings,
        actor=actor,
    )


APPEAL_KIND_FOR_CASE_TYPE = {"householder": AppealKind.HOUSEHOLDER}


def appeal_deadline_for(case: Case) -> dt.date | None:
    """The last day to appeal a refusal (12 weeks householder, 6 months otherwise)."""
    if case.decision_date is None or case.decision not in (
        "refused",
        "split",
        "prior_approval_refused",
    ):
        return None
    kind = APPEAL_KIND_FOR_CASE_TYPE.get(case.case_type, AppealKind.FULL)
    return appeal_deadline(kind, case.decision_date).target


async def lodge_appeal(
    session: AsyncSession,
    case: Case,
    *,
    kind: str,
    lodged_date: dt.date,
    reason: str,
    procedure: str | None,
    appellant_reference: str | None,
    settings: CouncilSettings,
    actor: str,
) -> Appeal:
    if kind == "non_determination":
        wf.WORKFLOW.require(case.status, "appeal_non_determination")
        if case.target_date is None or lodged_date <= case.target_date:
            raise CaseworkError(
                "/lodgedDate",
                "an appeal against non-determination can only be made after the target date"
                + (f" ({case.target_date:%d %B %Y})" if case.target_date else ""),
                status=409,
            )
    else:
        wf.WORKFLOW.require(case.status, "appeal_against_decision")
        if lodged_date < (case.decision_date or lodged_date):
            raise CaseworkError("/lodgedDate", "an appeal cannot precede the decision")
    existing = await session.scalar(
        select(Appeal.id).where(Appeal.case_id == case.id, Appeal.status != "withdrawn")
    )
    if existing is not None:
        raise CaseworkError("", "this application already has an appeal in progress", status=409)
    appeal = Appeal(
        case_id=case.id,
        kind=kind,
        procedure=procedure,
        status="lodged",
        lodged_date=lodged_date,
        reason=reason,
        appellant_reference=appellant_reference,
        created_by=actor,
    )
    session.add(appeal)
    await session.flush()
    audit(session, actor, "appeal.lodged", appeal)
    if kind == "non_determination":
        await refresh_clock(session, case, settings=settings, actor=actor)
    return appeal
