"""An application's path to a decision: validation (and validation requests to the applicant),
withdrawal or return, assessment, the officer's recommendation, the decision and its notice."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import Response, get, post, put
from litestar.params import Body, FromPath
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy import select

from app.api.planning.applications import respond
from app.api.planning.deps import APPLICATION, TAGS, convert, load, settings_of
from app.api.planning.schemas import (
    ApplicationOut,
    Out,
    Recommendation,
    Struct,
    Text,
    ValidationOutcome,
    Withdrawal,
)
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import TenantSession
from services.core.cases.records import ValidationRequest
from services.core.cases.store import transition
from services.planning import casework, store
from services.planning import workflow as wf

WRITE = requires("planning", "applications", "write")
READ = requires("planning", "applications", "read")
DECIDE = requires("planning", "applications", "decide")


class ValidationRequestIn(Struct):
    kind: Literal[
        "missing_document", "fee", "description", "red_line_boundary", "ownership", "other"
    ]
    detail: Text
    required_item: bool = True


class ValidationResponseIn(Struct):
    response: Text
    received_date: dt.date | None = None


class ValidationRequestOut(Out):
    id: UUID
    kind: str
    detail: str
    required_item: bool
    status: str
    requested_at: dt.datetime
    requested_by: str
    response: str | None
    responded_at: dt.datetime | None
    received_date: dt.date | None


def request_out(row: ValidationRequest) -> ValidationRequestOut:
    return ValidationRequestOut(
        id=row.id,
        kind=row.kind,
        detail=row.detail,
        required_item=row.required_item,
        status=row.status,
        requested_at=row.requested_at,
        requested_by=row.requested_by,
        response=row.response,
        responded_at=row.responded_at,
        received_date=row.received_date,
    )


@post(
    APPLICATION + "/validation",
    opt=WRITE,
    tags=TAGS,
    summary="Record the validation outcome: valid, invalid or returned",
    status_code=200,
)
async def validate_application(
    application: FromPath[str],
    data: Annotated[dict[str, Any], Body(title="ValidationOutcome")],
    db_session: TenantSession,
    actor: Actor,
) -> Response[ApplicationOut]:
    body = convert(data, ValidationOutcome)
    case = await load(db_session, application)
    now = dt.datetime.now(dt.UTC)
    if body.outcome == "valid":
        open_items = await store.open_validation_requests(db_session, case)
        if any(item.required_item for item in open_items):
            raise Problem(
                409,
                "Validation requests outstanding",
                f"{len(open_items)} validation request(s) are still open; record the "
                "applicant's answers (or cancel them) first",
            )
        consult = (
            body.consultation
            if body.consultation is not None
            else case.case_type not in wf.NO_CONSULTATION
        )
        settings = await settings_of(db_session)
        await store.mark_valid(
            db_session, case, settings=settings, actor=actor, consult=consult, validated_at=now
        )
    elif body.outcome == "invalid":
        await transition(db_session, case, wf.WORKFLOW, "invalidate", actor=actor)
    else:
        if not body.reason:
            raise Problem(
                422,
                "Invalid request",
                "/reason: say why the application is returned",
                errors=[{"pointer": "/reason", "detail": "required when returning"}],
            )
        await transition(
            db_session,
            case,
            wf.WORKFLOW,
            "return",
            actor=actor,
            also={"withdrawn_reason": body.reason, "validated_at": now},
        )
    await db_session.commit()
    return respond(await load(db_session, str(case.id)))


@get(APPLICATION + "/validation-requests", opt=READ, tags=TAGS, summary="Validation requests")
async def list_validation_requests(
    application: FromPath[str], db_session: TenantSession
) -> list[ValidationRequestOut]:
    case = await load(db_session, application, details=False)
    rows = await db_session.scalars(
        select(ValidationRequest)
        .where(ValidationRequest.case_id == case.id)
        .order_by(ValidationRequest.requested_at)
    )
    return [request_out(r) for r in rows]


@post(
    APPLICATION + "/validation-requests",
    opt=WRITE,
    tags=TAGS,
    summary="Ask the applicant for a missing item or a correction (the application is invalid "
    "until answered)",
    status_code=HTTP_201_CREATED,
)
async def create_validation_request(
    application: FromPath[str],
    data: Annotated[dict[str, Any], Body(title="ValidationRequestIn")],
    db_session: TenantSession,
    actor: Actor,
) -> ValidationRequestOut:
    body = convert(data, ValidationRequestIn)
    case = await load(db_session, application, details=False)
    row = await casework.request_item(
        db_session,
        case,
        kind=body.kind,
        detail=body.detail,
        required_item=body.required_item,
        actor=actor,
    )
    await db_session.commit()
    return request_out(row)


async def _request(db_session: Any, application: FromPath[str], request_id: FromPath[UUID]) -> Any:
    case = await load(db_session, application, details=False)
    row = await db_session.get(ValidationRequest, request_id)
    if row is None or row.case_id != case.id:
        raise Problem(404, "Not found", "This application has no such validation request")
    return case, row


@post(
    APPLICATION + "/validation-requests/{request_id:uuid}/response",
    opt=WRITE,
    tags=TAGS,
    summary="Record the applicant's answer (its received date can move the valid-from date)",
    status_code=200,
)
async def answer_validation_request(
    application: FromPath[str],
    request_id: FromPath[UUID],
    data: Annotated[dict[str, Any], Body(title="ValidationResponseIn")],
    db_session: TenantSession,
    actor: Actor,
) -> ValidationRequestOut:
    body = convert(data, ValidationResponseIn)
    case, row = await _request(db_session, application, request_id)
    wf.WORKFLOW.require(case.status, "request_validation_item")
    await casework.answer_item(
        db_session,
        case,
        row,
        response=body.response,
        received_date=body.received_date or store.today(),
        actor=actor,
    )
    await db_session.commit()
    return request_out(row)


@post(
    APPLICATION + "/validation-requests/{request_id:uuid}/cancel",
    opt=WRITE,
    tags=TAGS,
    summary="Cancel a validation request that is no longer needed",
    status_code=200,
)
async def cancel_validation_request(
    application: FromPath[str], request_id: FromPath[UUID], db_session: TenantSession, actor: Actor
) -> ValidationRequestOut:
    case, row = await _request(db_session, application, request_id)
    wf.WORKFLOW.require(case.status, "request_validation_item")
    await casework.cancel_item(db_session, row, actor=actor)
    await db_session.commit()
    return request_out(row)


@post(
    APPLICATION + "/withdrawal",
    opt=WRITE,
    tags=TAGS,
    summary="Record that the applicant withdrew the application",
    status_code=200,
)
async def withdraw_application(
    application: FromPath[str],
    data: Annotated[dict[str, Any], Body(title="Withdrawal")],
    db_session: TenantSession,
    actor: Actor,
) -> Response[ApplicationOut]:
    body = convert(data, Withdrawal)
    case = await load(db_session, application)
    at = body.withdrawn_at or dt.datetime.now(dt.UTC)
    await casework.withdraw(db_session, case, reason=body.reason, at=at, actor=actor)
    await db_session.commit()
    return respond(await load(db_session, str(case.id)))


class AssessmentMove(Struct):
    action: Literal["start_assessment", "reconsult"]


@post(
    APPLICATION + "/assessment",
    opt=WRITE,
    tags=TAGS,
    summary="Move between consultation and assessment",
    status_code=200,
)
async def move_assessment(
    application: FromPath[str],
    data: Annotated[dict[str, Any], Body(title="AssessmentMove")],
    db_session: TenantSession,
    actor: Actor,
) -> Response[ApplicationOut]:
    body = convert(data, AssessmentMove)
    case = await load(db_session, application)
    await transition(db_session, case, wf.WORKFLOW, body.action, actor=actor)
    await db_session.commit()
    return respond(await load(db_session, str(case.id)))


@put(
    APPLICATION + "/recommendation",
    opt=WRITE,
    tags=TAGS,
    summary="The officer's report and recommendation (delegated or committee)",
)
async def put_recommendation(
    application: FromPath[str],
    data: Annotated[dict[str, Any], Body(title="Recommendation")],
    db_session: TenantSession,
    actor: Actor,
) -> Response[ApplicationOut]:
    body = convert(data, Recommendation)
    case = await load(db_session, application)
    await casework.recommend(
        db_session,
        case,
        recommendation=body.recommendation,
        report=body.report,
        level=body.level,
        committee_date=body.committee_date,
        actor=actor,
    )
    await db_session.commit()
    return respond(await load(db_session, str(case.id)))


class DecisionIn(Struct):
    outcome: Literal[wf.OUTCOMES]  # type: ignore[valid-type]
    decision_date: dt.date | None = None
    level: Literal["delegated", "committee"] | None = None
    committee_date: dt.date | None = None


@post(
    APPLICATION + "/decision",
    opt=DECIDE,
    tags=TAGS,
    summary="Determine the application (conditions and refusal reasons are recorded first)",
    status_code=200,
)
async def decide_application(
    application: FromPath[str],
    data: Annotated[dict[str, Any], Body(title="DecisionIn")],
    db_session: TenantSession,
    actor: Actor,
) -> Response[ApplicationOut]:
    body = convert(data, DecisionIn)
    case = await load(db_session, application)
    decision = casework.DecisionInput(
        outcome=body.outcome,
        decision_date=body.decision_date or store.today(),
        level=body.level or case.decision_level or "delegated",
        committee_date=body.committee_date or case.committee_date,
    )
    settings = await settings_of(db_session)
    await casework.determine(db_session, case, decision, settings=settings, actor=actor)
    await db_session.commit()
    return respond(await load(db_session, str(case.id)))


ROUTES = [
    validate_application,
    list_validation_requests,
    create_validation_request,
    answer_validation_request,
    cancel_validation_request,
    withdraw_application,
    move_assessment,
    put_recommendation,
    decide_application,
]
__all__ = ["ROUTES"]
