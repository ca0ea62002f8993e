"""Extensions of time and appeals on a planning application."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import get, patch, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy import select

from app.api.casework.outcome_shapes import ExtensionIn, ExtensionOut, extension_out
from app.api.openapi_examples import example
from app.api.planning.deps import APPLICATION, TAGS, load, settings_of
from app.api.planning.schemas import Out, Struct, Text
from app.api.problem_docs import READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import TenantSession
from services.core.cases.models import Case
from services.core.cases.outcomes import Appeal
from services.core.cases.store import audit, snapshot
from services.core.cases.timing import extensions_of
from services.planning import casework

READ = requires("planning", "applications", "read")
WRITE = requires("planning", "applications", "write")
APPEALS_READ = requires("planning", "appeals", "read")
APPEALS_WRITE = requires("planning", "appeals", "write")
AUDIT_READ = requires("planning", "audit", "read")


@get(
    APPLICATION + "/extensions-of-time",
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="Extensions of time",
)
async def list_extensions(
    application: FromPath[str], db_session: TenantSession
) -> list[ExtensionOut]:
    case = await load(db_session, application, details=False)
    return [extension_out(r, case) for r in await extensions_of(db_session, case)]


@post(
    APPLICATION + "/extensions-of-time",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record an extension of time agreed in writing (moves the target date)",
    description=(
        "Refused (409) once a non-determination appeal has been lodged, and for periods fixed "
        "by law. An extension recorded on or after the decision date is kept but does not "
        "count: the decision is measured against the target in force before it."
    ),
    status_code=HTTP_201_CREATED,
)
async def create_extension(
    application: FromPath[str],
    data: JSONBody[ExtensionIn],
    db_session: TenantSession,
    actor: Actor,
) -> ExtensionOut:
    case = await load(db_session, application, details=False)
    settings = await settings_of(db_session)
    row = await casework.extend(
        db_session,
        case,
        agreed_date=data.agreed_date,
        new_target_date=data.new_target_date,
        reason=data.reason,
        settings=settings,
        actor=actor,
    )
    await db_session.commit()
    return extension_out(row, case)


LodgedDate = Annotated[dt.date, example("2026-06-01")]
AppealReason = Annotated[
    Text, example("The dormer would not harm the character of the conservation area")
]
PinsReference = Annotated[str, example("APP/A5840/D/26/3345678")]
ValidatedDate = Annotated[dt.date, example("2026-06-15")]
StartedDate = Annotated[dt.date, example("2026-06-22")]
AppealDecisionDate = Annotated[dt.date, example("2026-09-04")]
AppealDeadline = Annotated[dt.date, example("2026-07-14")]


class AppealIn(Struct):
    kind: Annotated[Literal["refusal", "conditions", "non_determination"], example("refusal")]
    lodged_date: LodgedDate
    reason: AppealReason
    procedure: (
        Annotated[Literal["written", "hearing", "inquiry", "householder"], example("householder")]
        | None
    ) = None
    #: The Planning Inspectorate's appeal reference.
    appellant_reference: PinsReference | None = None


class AppealPatch(Struct):
    validated_date: ValidatedDate | None = None
    started_date: StartedDate | None = None
    decision: (
        Annotated[
            Literal["allowed", "dismissed", "split_decision", "withdrawn"], example("dismissed")
        ]
        | None
    ) = None
    decision_date: AppealDecisionDate | None = None


class AppealOut(Out):
    id: Annotated[UUID, example("01968e5d-3a2b-7c4d-9e1f-0a1b2c3d4e53")]
    kind: Annotated[str, example("refusal")]
    procedure: Annotated[str, example("householder")] | None
    #: ``lodged``, ``validated``, ``started``, ``decided`` or ``withdrawn``.
    status: Annotated[str, example("started")]
    lodged_date: LodgedDate
    reason: AppealReason
    appellant_reference: PinsReference | None
    validated_date: ValidatedDate | None
    started_date: StartedDate | None
    decision: Annotated[str, example("dismissed")] | None
    decision_date: AppealDecisionDate | None
    appeal_deadline_date: AppealDeadline | None
    lodged_in_time: Annotated[bool, example(True)] | None


def appeal_out(row: Appeal, case: Case) -> AppealOut:
    deadline = casework.appeal_deadline_for(case)
    return AppealOut(
        id=row.id,
        kind=row.kind,
        procedure=row.procedure,
        status=row.status,
        lodged_date=row.lodged_date,
        reason=row.reason,
        appellant_reference=row.appellant_reference,
        validated_date=row.validated_date,
        started_date=row.started_date,
        decision=row.decision,
        decision_date=row.decision_date,
        appeal_deadline_date=deadline,
        lodged_in_time=None if deadline is None else row.lodged_date <= deadline,
    )


async def _appeal(db_session: Any, case: Case) -> Appeal:
    row = await db_session.scalar(
        select(Appeal).where(Appeal.case_id == case.id).order_by(Appeal.lodged_date.desc())
    )
    if row is None:
        raise Problem(404, "Not found", f"{case.reference} has no appeal")
    return row


class AppealDeadlineOut(Out):
    decision: Annotated[str, example("refused")] | None
    decision_date: Annotated[dt.date, example("2026-04-21")] | None
    appeal_deadline_date: AppealDeadline | None


@get(
    APPLICATION + "/appeal",
    opt=APPEALS_READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="The appeal, if lodged",
)
async def read_appeal(application: FromPath[str], db_session: TenantSession) -> AppealOut:
    case = await load(db_session, application, details=False)
    return appeal_out(await _appeal(db_session, case), case)


@get(
    APPLICATION + "/appeal-deadline",
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="The last day to appeal the decision (12 weeks householder, 6 months full/outline)",
)
async def read_appeal_deadline(
    application: FromPath[str], db_session: TenantSession
) -> AppealDeadlineOut:
    case = await load(db_session, application, details=False)
    return AppealDeadlineOut(
        decision=case.decision,
        decision_date=case.decision_date,
        appeal_deadline_date=casework.appeal_deadline_for(case),
    )


@post(
    APPLICATION + "/appeal",
    opt=APPEALS_WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record an appeal lodged with the Planning Inspectorate",
    status_code=HTTP_201_CREATED,
)
async def lodge_appeal(
    application: FromPath[str],
    data: JSONBody[AppealIn],
    db_session: TenantSession,
    actor: Actor,
) -> AppealOut:
    case = await load(db_session, application, details=False)
    row = await casework.lodge_appeal(
        db_session,
        case,
        kind=data.kind,
        lodged_date=data.lodged_date,
        reason=data.reason,
        procedure=data.procedure,
        appellant_reference=data.appellant_reference,
        settings=await settings_of(db_session),
        actor=actor,
    )
    await db_session.commit()
    return appeal_out(row, case)


@patch(
    APPLICATION + "/appeal",
    opt=APPEALS_WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record the appeal's progress: validated, started, decided or withdrawn",
)
async def update_appeal(
    application: FromPath[str],
    data: JSONBody[AppealPatch],
    db_session: TenantSession,
    actor: Actor,
) -> AppealOut:
    case = await load(db_session, application, details=False)
    row = await _appeal(db_session, case)
    if row.status in ("decided", "withdrawn"):
        raise Problem(409, "Appeal closed", f"The appeal is {row.status}; it cannot change")
    if (data.decision is None) != (data.decision_date is None):
        raise Problem(
            422,
            "Invalid request",
            "/decisionDate: a decision and its date go together",
            errors=[{"pointer": "/decisionDate", "detail": "give decision and decisionDate"}],
        )
    before = snapshot(row)
    for key in ("validated_date", "started_date", "decision", "decision_date"):
        value = getattr(data, key)
        if value is not None:
            if value and isinstance(value, dt.date) and value < row.lodged_date:
                pointer = "/" + "".join(
                    part.capitalize() if i else part for i, part in enumerate(key.split("_"))
                )
                raise Problem(
                    422,
                    "Invalid request",
                    f"{pointer}: before the appeal was lodged",
                    errors=[{"pointer": pointer, "detail": "before the appeal was lodged"}],
                )
            setattr(row, key, value)
    if data.decision == "withdrawn":
        row.status, row.withdrawn_at = "withdrawn", dt.datetime.now(dt.UTC)
    elif data.decision is not None:
        row.status = "decided"
    elif data.started_date is not None:
        row.status = "started"
    elif data.validated_date is not None:
        row.status = "validated"
    await db_session.flush()
    audit(db_session, actor, "appeal.updated", row, before=before)
    await db_session.commit()
    return appeal_out(row, case)


ROUTES = [
    list_extensions,
    create_extension,
    read_appeal,
    read_appeal_deadline,
    lodge_appeal,
    update_appeal,
]
