"""An application's path to a decision: validation (and validation requests to the applicant),
withdrawal or return, assessment, the officer's recommendation, the decision and its notice."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import Response, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy import select

from app.api.openapi_examples import example
from app.api.planning.applications import respond
from app.api.planning.deps import APPLICATION, TAGS, load, settings_of
from app.api.planning.schemas import (
    ApplicationOut,
    Out,
    Outcome,
    Recommendation,
    RecordedBy,
    Struct,
    Text,
    ValidationOutcome,
    Withdrawal,
)
from app.api.problem_docs import ACTION_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS
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


ItemKind = Literal[
    "missing_document", "fee", "description", "red_line_boundary", "ownership", "other"
]
Detail = Annotated[
    Text, example("Please provide existing and proposed elevations at a scale of 1:100.")
]
Answer = Annotated[Text, example("Elevations at 1:100 uploaded as drawing 2026-014-03 rev A.")]


class ValidationRequestIn(Struct):
    kind: Annotated[ItemKind, example("missing_document")]
    detail: Detail
    required_item: Annotated[bool, example(True)] = True


class ValidationResponseIn(Struct):
    response: Answer
    received_date: Annotated[dt.date, example("2026-03-09")] | None = None


class ValidationRequestOut(Out):
    id: Annotated[UUID, example("0195f7a0-52c3-7e11-a4b8-9c0d1e2f3a41")]
    kind: Annotated[str, example("missing_document")]
    detail: Detail
    required_item: Annotated[bool, example(True)]
    #: ``open``, ``responded`` or ``cancelled``.
    status: Annotated[str, example("responded")]
    requested_at: Annotated[dt.datetime, example("2026-03-03T11:20:00Z")]
    requested_by: RecordedBy
    response: Answer | None
    responded_at: Annotated[dt.datetime, example("2026-03-09T15:42:10Z")] | None
    received_date: Annotated[dt.date, example("2026-03-09")] | None


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
    responses=WRITE_PROBLEMS,
    summary="Record the validation outcome: valid, invalid or returned",
    status_code=200,
)
async def validate_application(
    application: FromPath[str],
    data: JSONBody[ValidationOutcome],
    db_session: TenantSession,
    actor: Actor,
) -> Response[ApplicationOut]:
    case = await load(db_session, application)
    now = dt.datetime.now(dt.UTC)
    if data.outcome == "valid":
        open_items = await store.open_validation_requests(db_session, case)
        if any(item.required_item for item in open_items):
            raise Problem(
                409,
                "Validation requests outstanding",
                f"{len(open_items)} validation request(s) are still open; record the "
                "applicant's answers (or cancel them) first",
            )
        consult = (
            data.consultation
            if data.consultation is not None
            else case.case_type not in wf.NO_CONSULTATION
        )
        settings = await settings_of(db_session)
        await store.mark_valid(
            db_session, case, settings=settings, actor=actor, consult=consult, validated_at=now
        )
    elif data.outcome == "invalid":
        await transition(db_session, case, wf.WORKFLOW, "invalidate", actor=actor)
    else:
        if not data.reason:
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
            also={"withdrawn_reason": data.reason, "validated_at": now},
        )
    await db_session.commit()
    return respond(await load(db_session, str(case.id)))


@get(
    APPLICATION + "/validation-requests",
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="Validation requests",
)
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
    responses=WRITE_PROBLEMS,
    summary="Ask the applicant for a missing item or a correction (the application is invalid "
    "until answered)",
    status_code=HTTP_201_CREATED,
)
async def create_validation_request(
    application: FromPath[str],
    data: JSONBody[ValidationRequestIn],
    db_session: TenantSession,
    actor: Actor,
) -> ValidationRequestOut:
    case = await load(db_session, application, details=False)
    row = await casework.request_item(
        db_session,
        case,
        kind=data.kind,
        detail=data.detail,
        required_item=data.required_item,
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
    responses=WRITE_PROBLEMS,
    summary="Record the applicant's answer (its received date can move the valid-from date)",
    status_code=200,
)
async def answer_validation_request(
    application: FromPath[str],
    request_id: FromPath[UUID],
    data: JSONBody[ValidationResponseIn],
    db_session: TenantSession,
    actor: Actor,
) -> ValidationRequestOut:
    case, row = await _request(db_session, application, request_id)
    wf.WORKFLOW.require(case.status, "request_validation_item")
    await casework.answer_item(
        db_session,
        case,
        row,
        response=data.response,
        received_date=data.received_date or store.today(),
        actor=actor,
    )
    await db_session.commit()
    return request_out(row)


@post(
    APPLICATION + "/validation-requests/{request_id:uuid}/cancel",
    opt=WRITE,
    tags=TAGS,
    responses=ACTION_PROBLEMS,
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
    responses=WRITE_PROBLEMS,
    summary="Record that the applicant withdrew the application",
    status_code=200,
)
async def withdraw_application(
    application: FromPath[str],
    data: JSONBody[Withdrawal],
    db_session: TenantSession,
    actor: Actor,
) -> Response[ApplicationOut]:
    case = await load(db_session, application)
    at = data.withdrawn_at or dt.datetime.now(dt.UTC)
    await casework.withdraw(db_session, case, reason=data.reason, at=at, actor=actor)
    await db_session.commit()
    return respond(await load(db_session, str(case.id)))


class AssessmentMove(Struct):
    action: Annotated[Literal["start_assessment", "reconsult"], example("start_assessment")]


@post(
    APPLICATION + "/assessment",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Move between consultation and assessment",
    status_code=200,
)
async def move_assessment(
    application: FromPath[str],
    data: JSONBody[AssessmentMove],
    db_session: TenantSession,
    actor: Actor,
) -> Response[ApplicationOut]:
    case = await load(db_session, application)
    await transition(db_session, case, wf.WORKFLOW, data.action, actor=actor)
    await db_session.commit()
    return respond(await load(db_session, str(case.id)))


@put(
    APPLICATION + "/recommendation",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="The officer's report and recommendation (delegated or committee)",
)
async def put_recommendation(
    application: FromPath[str],
    data: JSONBody[Recommendation],
    db_session: TenantSession,
    actor: Actor,
) -> Response[ApplicationOut]:
    case = await load(db_session, application)
    await casework.recommend(
        db_session,
        case,
        recommendation=data.recommendation,
        report=data.report,
        level=data.level,
        committee_date=data.committee_date,
        actor=actor,
    )
    await db_session.commit()
    return respond(await load(db_session, str(case.id)))


class DecisionIn(Struct):
    outcome: Annotated[Outcome, example("granted")]
    decision_date: Annotated[dt.date, example("2026-04-21")] | None = None
    level: Annotated[Literal["delegated", "committee"], example("delegated")] | None = None
    committee_date: Annotated[dt.date, example("2026-04-16")] | None = None


@post(
    APPLICATION + "/decision",
    opt=DECIDE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Determine the application (conditions and refusal reasons are recorded first)",
    status_code=200,
)
async def decide_application(
    application: FromPath[str],
    data: JSONBody[DecisionIn],
    db_session: TenantSession,
    actor: Actor,
) -> Response[ApplicationOut]:
    case = await load(db_session, application)
    decision = casework.DecisionInput(
        outcome=data.outcome,
        decision_date=data.decision_date or store.today(),
        level=data.level or case.decision_level or "delegated",
        committee_date=data.committee_date or case.committee_date,
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
