"""After a temporary event notice is given: objections (s.104), the hearing (s.105(2)), the
decision on an objection (ss.105 and 106A), acknowledgement once the objection period ends
unopposed, and withdrawal (s.103)."""

from __future__ import annotations

import datetime as dt

from litestar import Response, get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy import select

from app.api.licensing.ten_notices import respond
from app.api.licensing.ten_schemas import (
    TemporaryEventNoticeOut,
    TenDecisionIn,
    TenHearingIn,
    TenHearingOut,
    TenObjectionIn,
    TenObjectionOut,
    TenWithdrawalIn,
)
from app.api.licensing.ten_views import NOTICE, TAGS, hearing_out, load, objection_out
from app.api.problem_docs import ACTION_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.tenant_context import TenantSession
from services.core.calendar import london_today
from services.licensing import ten_objections
from services.licensing.models import Representation


@get(
    NOTICE + "/objections",
    opt=requires("licensing", "representations", "read"),
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="Objections to the notice",
)
async def list_objections(
    notice: FromPath[str], db_session: TenantSession
) -> list[TenObjectionOut]:
    case, _ = await load(db_session, notice)
    rows = await db_session.scalars(
        select(Representation)
        .where(Representation.case_id == case.id, Representation.kind == "objection")
        .order_by(Representation.received_date, Representation.recorded_at)
    )
    return [objection_out(r) for r in rows]


@post(
    NOTICE + "/objections",
    opt=requires("licensing", "representations", "write"),
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record a police or environmental health objection (within the objection period; "
    "against a late notice it gives a counter notice)",
    status_code=HTTP_201_CREATED,
)
async def record_objection(
    notice: FromPath[str], data: JSONBody[TenObjectionIn], db_session: TenantSession, actor: Actor
) -> TenObjectionOut:
    case, row = await load(db_session, notice)
    objection = ten_objections.ObjectionIn(
        authority=data.authority,
        name=data.name,
        organisation=data.organisation,
        email=data.email,
        received_date=data.received_date,
        grounds=data.grounds,
        objectives=data.objectives,
    )
    rep = await ten_objections.object_to(db_session, case, row, objection, actor=actor)
    await db_session.commit()
    return objection_out(rep)


@post(
    NOTICE + "/hearing",
    opt=requires("licensing", "hearings", "write"),
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="List the hearing on an objection to a standard notice, or record that all agree "
    "it is unnecessary",
    status_code=HTTP_201_CREATED,
)
async def arrange_hearing(
    notice: FromPath[str], data: JSONBody[TenHearingIn], db_session: TenantSession, actor: Actor
) -> TenHearingOut:
    case, row = await load(db_session, notice)
    hearing = await ten_objections.arrange_hearing(
        db_session,
        case,
        row,
        scheduled_at=data.scheduled_at,
        venue=data.venue,
        dispensed_reason=data.dispensed_reason,
        actor=actor,
    )
    await db_session.commit()
    return hearing_out(hearing)


@post(
    NOTICE + "/decision",
    opt=requires("licensing", "hearings", "decide"),
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Decide on the objection: acknowledge, impose conditions (s.106A) or give a counter "
    "notice (s.105), at least 24 hours before the event",
    status_code=200,
)
async def decide(
    notice: FromPath[str], data: JSONBody[TenDecisionIn], db_session: TenantSession, actor: Actor
) -> Response[TemporaryEventNoticeOut]:
    case, row = await load(db_session, notice)
    await ten_objections.decide(
        db_session,
        case,
        row,
        outcome=data.outcome,
        reasons=data.reasons,
        conditions=data.conditions,
        decided_at=data.decided_at or dt.datetime.now(dt.UTC),
        actor=actor,
    )
    await db_session.commit()
    return respond(*await load(db_session, str(case.id)))


@post(
    NOTICE + "/acknowledgement",
    opt=requires("licensing", "applications", "decide"),
    tags=TAGS,
    responses=ACTION_PROBLEMS,
    summary="Acknowledge a notice whose objection period ended without objection",
    status_code=200,
)
async def acknowledge(
    notice: FromPath[str], db_session: TenantSession, actor: Actor
) -> Response[TemporaryEventNoticeOut]:
    case, _ = await load(db_session, notice)
    await ten_objections.acknowledge(db_session, case, today=london_today(), actor=actor)
    await db_session.commit()
    return respond(*await load(db_session, str(case.id)))


@post(
    NOTICE + "/withdrawal",
    opt=requires("licensing", "applications", "write"),
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Withdraw the notice (no later than 24 hours before the event)",
    status_code=200,
)
async def withdraw(
    notice: FromPath[str], data: JSONBody[TenWithdrawalIn], db_session: TenantSession, actor: Actor
) -> Response[TemporaryEventNoticeOut]:
    case, row = await load(db_session, notice)
    await ten_objections.withdraw(
        db_session,
        case,
        row,
        given_at=data.given_at or dt.datetime.now(dt.UTC),
        reason=data.reason,
        actor=actor,
    )
    await db_session.commit()
    return respond(*await load(db_session, str(case.id)))


ROUTES = [list_objections, record_objection, arrange_hearing, decide, acknowledge, withdraw]
