"""Representations on a licence application or review: record one made in time (422 with a
pointer at ``receivedDate`` if late), the authority's judgement of its relevance, and its
withdrawal. The rules are :mod:`services.licensing.representations`."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from litestar import get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.licensing.licence_deps import APPLICATION, TAGS, load
from app.api.licensing.licence_schemas import RelevanceIn, RepresentationIn, RepresentationOut
from app.api.problem_docs import ACTION_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import TenantSession
from services.core.cases.models import Case
from services.licensing import premises, representations
from services.licensing.models import Representation

READ = requires("licensing", "representations", "read")
WRITE = requires("licensing", "representations", "write")
ONE = APPLICATION + "/representations/{representation_id:uuid}"


def status_of(row: Representation) -> str:
    if row.withdrawn_at is not None:
        return "withdrawn"
    if row.relevant is None:
        return "awaiting_judgement"
    return "relevant" if row.relevant else "rejected"


def representation_out(row: Representation) -> RepresentationOut:
    return RepresentationOut(
        id=row.id,
        party=row.party,
        authority=row.authority,
        name=row.name,
        organisation=row.organisation,
        email=row.email,
        address=row.address,
        received_date=row.received_date,
        objectives=list(row.objectives),
        grounds=row.grounds,
        status=status_of(row),
        relevant=row.relevant,
        relevance_reason=row.relevance_reason,
        withdrawn_at=row.withdrawn_at,
        recorded_by=row.recorded_by,
    )


async def _one(session: AsyncSession, case: Case, representation_id: UUID) -> Representation:
    row = await session.get(Representation, representation_id, with_for_update=True)
    if row is None or row.case_id != case.id or row.kind != "representation":
        raise Problem(404, "Not found", "This application has no such representation")
    return row


@get(
    APPLICATION + "/representations",
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="Representations on the application, in the order received",
)
async def list_representations(
    application: FromPath[str], db_session: TenantSession
) -> list[RepresentationOut]:
    case = await load(db_session, application, details=False)
    return [representation_out(r) for r in await representations.of_case(db_session, case)]


@post(
    APPLICATION + "/representations",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record a representation from a responsible authority or another person",
    description="One received after the last day for representations is refused (422, "
    "pointer `/receivedDate`). A police objection to a personal licence sends it to a hearing.",
    status_code=HTTP_201_CREATED,
)
async def create_representation(
    application: FromPath[str],
    data: JSONBody[RepresentationIn],
    db_session: TenantSession,
    actor: Actor,
) -> RepresentationOut:
    case = await load(db_session, application, details=False)
    new = representations.NewRepresentation(
        party=data.party,
        authority=data.authority,
        name=data.name,
        organisation=data.organisation,
        email=data.email,
        address=data.address,
        received_date=data.received_date or premises.today(),
        objectives=list(data.objectives),
        grounds=data.grounds,
    )
    row = await representations.add(db_session, case, new, actor=actor)
    await db_session.commit()
    return representation_out(row)


@post(
    ONE + "/relevance",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Judge a representation relevant, or reject it (irrelevant, frivolous, vexatious, "
    "repetitious) with the reason",
    status_code=200,
)
async def judge_representation(
    application: FromPath[str],
    representation_id: FromPath[UUID],
    data: JSONBody[RelevanceIn],
    db_session: TenantSession,
    actor: Actor,
) -> RepresentationOut:
    case = await load(db_session, application, details=False)
    row = await _one(db_session, case, representation_id)
    await representations.judge(
        db_session,
        case,
        row,
        relevant=data.relevant,
        rejection=data.rejection,
        reason=data.reason,
        actor=actor,
    )
    await db_session.commit()
    return representation_out(row)


@post(
    ONE + "/withdrawal",
    opt=WRITE,
    tags=TAGS,
    responses=ACTION_PROBLEMS,
    summary="Record that the representation was withdrawn (with none left, a pending hearing "
    "is cancelled)",
    status_code=200,
)
async def withdraw_representation(
    application: FromPath[str],
    representation_id: FromPath[UUID],
    db_session: TenantSession,
    actor: Actor,
) -> RepresentationOut:
    case = await load(db_session, application, details=False)
    row = await _one(db_session, case, representation_id)
    at = dt.datetime.now(dt.UTC)
    await representations.withdraw(db_session, case, row, at=at, actor=actor)
    await db_session.commit()
    return representation_out(row)


ROUTES = [
    list_representations,
    create_representation,
    judge_representation,
    withdraw_representation,
]
__all__ = ["ROUTES"]
