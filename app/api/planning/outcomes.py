"""Extensions of time and appeals on a planning application."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import get, patch, post
from litestar.params import Body, FromPath
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy import select

from app.api.planning.deps import APPLICATION, TAGS, convert, load, settings_of
from app.api.planning.schemas import Out, Struct, Text
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import TenantSession
from services.core.cases.models import Case
from services.core.cases.outcomes import Appeal, ExtensionOfTime
from services.core.cases.store import audit, snapshot
from services.planning import casework

READ = requires("planning", "applications", "read")
WRITE = requires("planning", "applications", "write")
APPEALS_READ = requires("planning", "appeals", "read")
APPEALS_WRITE = requires("planning", "appeals", "write")
AUDIT_READ = requires("planning", "audit", "read")


class ExtensionIn(Struct):
    agreed_date: dt.date
    new_target_date: dt.date
    reason: Text | None = None


class ExtensionOut(Out):
    id: UUID
    agreed_date: dt.date
    previous_target_date: dt.date
    new_target_date: dt.date
    counts: bool
    reason: str | None
    recorded_at: dt.datetime
    recorded_by: str


def extension_out(row: ExtensionOfTime, case: Case) -> ExtensionOut:
    return ExtensionOut(
        id=row.id,
        agreed_date=row.agreed_date,
        previous_target_date=row.previous_target_date,
        new_target_date=row.new_target_date,
        counts=case.decision_date is None or row.agreed_date < case.decision_date,
        reason=row.reason,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
    )


@get(APPLICATION + "/extensions-of-time", opt=READ, tags=TAGS, summary="Extensions of time")
async def list_extensions(
    application: FromPath[str], db_session: TenantSession
) -> list[ExtensionOut]:
    case = await load(db_session, application, details=False)
    rows = await db_session.scalars(
        select(ExtensionOfTime)
        .where(ExtensionOfTime.case_id == case.id)
        .order_by(ExtensionOfTime.agreed_date)
    )
    return [extension_out(r, case) for r in rows]


@post(
    APPLICATION + "/extensions-of-time",
    opt=WRITE,
    tags=TAGS,
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
    data: Annotated[dict[str, Any], Body(title="ExtensionIn")],
    db_session: TenantSession,
    actor: Actor,
) -> ExtensionOut:
    body = convert(data, ExtensionIn)
    case = await load(db_session, application, details=False)
    settings = await settings_of(db_session)
    row = await casework.extend(
        db_session,
        case,
        agreed_date=body.agreed_date,
        new_target_date=body.new_target_date,
        reason=body.reason,
        settings=settings,
        actor=actor,
    )
    await db_session.commit()
    return extension_out(row, case)


class AppealIn(Struct):
    kind: Literal["refusal", "conditions", "non_determination"]
    lodged_date: dt.date
    reason: Text
    procedure: Literal["written", "hearing", "inquiry", "householder"] | None = None
    appellant_reference: str | None = None


class AppealPatch(Struct):
    validated_date: dt.date | None = None
    started_date: dt.date | None = None
    decision: Literal["allowed", "dismissed", "split_decision", "withdrawn"] | None = None
    decision_date: dt.date | None = None


class AppealOut(Out):
    id: UUID
    kind: str
    procedure: str | None
    status: str
    lodged_date: dt.date
    reason: str
    appellant_reference: str | None
    validated_date: dt.date | None
    started_date: dt.date | None
    decision: str | None
    decision_date: dt.date | None
    appeal_deadline_date: dt.date | None
    lodged_in_time: bool | None


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
    decision: str | None
    decision_date: dt.date | None
    appeal_deadline_date: dt.date | None


@get(APPLICATION + "/appeal", opt=APPEALS_READ, tags=TAGS, summary="The appeal, if lodged")
async def read_appeal(application: FromPath[str], db_session: TenantSession) -> AppealOut:
    case = await load(db_session, application, details=False)
    return appeal_out(await _appeal(db_session, case), case)


@get(
    APPLICATION + "/appeal-deadline",
    opt=READ,
    tags=TAGS,
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
    summary="Record an appeal lodged with the Planning Inspectorate",
    status_code=HTTP_201_CREATED,
)
async def lodge_appeal(
    application: FromPath[str],
    data: Annotated[dict[str, Any], Body(title="AppealIn")],
    db_session: TenantSession,
    actor: Actor,
) -> AppealOut:
    body = convert(data, AppealIn)
    case = await load(db_session, application, details=False)
    row = await casework.lodge_appeal(
        db_session,
        case,
        kind=body.kind,
        lodged_date=body.lodged_date,
        reason=body.reason,
        procedure=body.procedure,
        appellant_reference=body.appellant_reference,
        settings=await settings_of(db_session),
        actor=actor,
    )
    await db_session.commit()
    return appeal_out(row, case)


@patch(
    APPLICATION + "/appeal",
    opt=APPEALS_WRITE,
    tags=TAGS,
    summary="Record the appeal's progress: validated, started, decided or withdrawn",
)
async def update_appeal(
    application: FromPath[str],
    data: Annotated[dict[str, Any], Body(title="AppealPatch")],
    db_session: TenantSession,
    actor: Actor,
) -> AppealOut:
    body = convert(data, AppealPatch)
    case = await load(db_session, application, details=False)
    row = await _appeal(db_session, case)
    if row.status in ("decided", "withdrawn"):
        raise Problem(409, "Appeal closed", f"The appeal is {row.status}; it cannot change")
    if (body.decision is None) != (body.decision_date is None):
        raise Problem(
            422,
            "Invalid request",
            "/decisionDate: a decision and its date go together",
            errors=[{"pointer": "/decisionDate", "detail": "give decision and decisionDate"}],
        )
    before = snapshot(row)
    for key in ("validated_date", "started_date", "decision", "decision_date"):
        value = getattr(body, key)
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
    if body.decision == "withdrawn":
        row.status, row.withdrawn_at = "withdrawn", dt.datetime.now(dt.UTC)
    elif body.decision is not None:
        row.status = "decided"
    elif body.started_date is not None:
        row.status = "started"
    elif body.validated_date is not None:
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
