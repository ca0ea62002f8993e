"""An application's path to a decision: extensions of the full plans period agreed in writing,
the decision on plans (approval, conditional approval under s.16, or rejection with the defects)
and withdrawal."""

from __future__ import annotations

import datetime as dt

from litestar import Response, get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from app.api.building_control.applications import respond
from app.api.building_control.deps import APPLICATION, TAGS, load, reloaded, settings_of, settled
from app.api.building_control.schemas import (
    BcApplicationOut,
    BcDecisionIn,
)
from app.api.casework.outcome_shapes import ExtensionIn, ExtensionOut, Withdrawal, extension_out
from app.api.problem_docs import READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.tenant_context import TenantSession
from services.building_control import casework, store
from services.building_control import workflow as wf
from services.core.cases.timing import extensions_of

READ = requires("building_control", "applications", "read")
WRITE = requires("building_control", "applications", "write")
DECIDE = requires("building_control", "applications", "decide")


@get(
    APPLICATION + "/extensions-of-time",
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="Extensions of the full plans period",
)
async def list_extensions(
    application: FromPath[str], db_session: TenantSession
) -> list[ExtensionOut]:
    case = await settled(db_session, application, wf.APPLICATION_TYPES, "application")
    return [extension_out(r, case) for r in await extensions_of(db_session, case)]


@post(
    APPLICATION + "/extensions-of-time",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record a longer full plans period agreed in writing (Building Act 1984 s.16(12))",
    description=(
        "The agreement must be made before the five weeks from deposit end, and the extended "
        "period cannot end later than two months from deposit: otherwise 422 pointing at "
        "`agreedDate` or `newTargetDate`, and nothing is stored."
    ),
    status_code=HTTP_201_CREATED,
)
async def create_extension(
    application: FromPath[str],
    data: JSONBody[ExtensionIn],
    db_session: TenantSession,
    actor: Actor,
) -> ExtensionOut:
    case = await load(db_session, application)
    row = await casework.extend(
        db_session,
        case,
        agreed_date=data.agreed_date,
        new_target_date=data.new_target_date,
        reason=data.reason,
        settings=await settings_of(db_session),
        actor=actor,
    )
    await db_session.commit()
    return extension_out(row, case)


@post(
    APPLICATION + "/decision",
    opt=DECIDE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Approve (with conditions, if any) or reject the plans",
    status_code=200,
)
async def decide_application(
    application: FromPath[str],
    data: JSONBody[BcDecisionIn],
    db_session: TenantSession,
    actor: Actor,
) -> Response[BcApplicationOut]:
    case = await load(db_session, application)
    decision = casework.Decision(
        outcome=data.outcome,
        decision_date=data.decision_date or store.today(),
        conditions=[(c.text, c.reason) for c in data.conditions],
        reasons=list(data.reasons),
    )
    await casework.decide(
        db_session, case, decision, settings=await settings_of(db_session), actor=actor
    )
    await db_session.commit()
    return respond(await reloaded(db_session, case))


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
) -> Response[BcApplicationOut]:
    case = await load(db_session, application)
    at = data.withdrawn_at or dt.datetime.now(dt.UTC)
    await casework.withdraw(db_session, case, reason=data.reason, at=at, actor=actor)
    await db_session.commit()
    return respond(await reloaded(db_session, case))


ROUTES = [list_extensions, create_extension, decide_application, withdraw_application]
__all__ = ["ROUTES"]
