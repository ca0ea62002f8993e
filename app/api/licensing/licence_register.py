"""The licence register: list and read licences and certificates, a licence's history, and
what is recorded against one outside an application (surrender or lapse, convictions on a
personal licence, the authority's revocation or suspension of a personal licence)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy import func, or_, select

from app.api.licensing.licence_deps import KINDS, LICENCE, LICENCES, TAGS, load_licence, not_future
from app.api.licensing.licence_register_schemas import (
    ConvictionIn,
    EndingIn,
    HolderOut,
    LicenceEventOut,
    LicenceOut,
    SanctionIn,
)
from app.api.pagination import DEFAULT_PER_PAGE, Page, PageParam, PerPageParam, page_of
from app.api.problem_docs import LIST_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.tenant_context import TenantSession
from services.licensing import endings, premises, register
from services.licensing.models import Licence, LicenceEvent

READ = requires("licensing", "licences", "read")
WRITE = requires("licensing", "licences", "write")
DECIDE = requires("licensing", "licences", "decide")


def licence_out(row: Licence, today: dt.date) -> LicenceOut:
    until = row.details.get("suspendedUntil")
    return LicenceOut(
        id=row.id,
        number=row.number,
        kind=row.kind,
        status=row.status,
        in_force=register.in_force(row, today),
        suspended=register.suspended_on(row, today) and register.in_force(row, today),
        holder=HolderOut(
            name=row.holder_name,
            organisation=row.holder_organisation,
            email=row.holder_email,
            address=row.holder_address,
        ),
        premises_name=row.premises_name,
        address_line=row.address_line,
        uprn=row.uprn,
        granted_on=row.granted_on,
        starts_on=row.starts_on,
        expires_on=row.expires_on,
        next_fee_due_on=row.next_fee_due_on,
        suspended_from=row.suspended_from,
        suspension_reason=row.suspension_reason,
        ended_on=row.ended_on,
        details={**row.details, "suspendedUntil": until} if until else dict(row.details),
        version=row.version,
    )


def event_out(row: LicenceEvent) -> LicenceEventOut:
    return LicenceEventOut(
        id=row.id,
        kind=row.kind,
        on=row.on,
        case_id=row.case_id,
        detail=row.detail,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
    )


@get(
    LICENCES,
    opt=READ,
    tags=TAGS,
    responses=LIST_PROBLEMS,
    summary="The register of licences and certificates, newest grant first",
    description="Filters: `kind` and `status` (`a,b` is either), `q` (number, holder or "
    "premises name), `uprn`, `feeDueBy` (the next annual fee falls due on or before).",
)
async def list_licences(
    db_session: TenantSession,
    kind: Annotated[str | None, QueryParameter(name="kind")] = None,
    status: Annotated[str | None, QueryParameter(name="status")] = None,
    text: Annotated[str | None, QueryParameter(name="q")] = None,
    uprn: Annotated[str | None, QueryParameter(name="uprn")] = None,
    fee_due_by: Annotated[dt.date | None, QueryParameter(name="feeDueBy")] = None,
    page: PageParam = 1,
    per_page: PerPageParam = DEFAULT_PER_PAGE,
) -> Page[LicenceOut]:
    statement = select(Licence).where(Licence.kind.in_(KINDS))
    if kind:
        statement = statement.where(Licence.kind.in_(kind.split(",")))
    if status:
        statement = statement.where(Licence.status.in_(status.split(",")))
    if text:
        pattern = f"%{text}%"
        statement = statement.where(
            or_(
                Licence.number.ilike(pattern),
                Licence.holder_name.ilike(pattern),
                Licence.premises_name.ilike(pattern),
            )
        )
    if uprn:
        statement = statement.where(Licence.uprn == uprn)
    if fee_due_by:
        statement = statement.where(Licence.next_fee_due_on <= fee_due_by)
    total = await db_session.execute(select(func.count()).select_from(statement.subquery()))
    rows = await db_session.scalars(
        statement.order_by(Licence.granted_on.desc(), Licence.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    today = premises.today()
    return page_of([licence_out(r, today) for r in rows], total.scalar_one(), page, per_page)


@get(LICENCE, opt=READ, tags=TAGS, responses=READ_PROBLEMS, summary="One licence, by id or number")
async def read_licence(licence: FromPath[str], db_session: TenantSession) -> LicenceOut:
    return licence_out(await load_licence(db_session, licence), premises.today())


@get(
    LICENCE + "/events",
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="The licence's history: grant, variations, transfers, reviews, suspensions …",
)
async def licence_events(
    licence: FromPath[str], db_session: TenantSession
) -> list[LicenceEventOut]:
    row = await load_licence(db_session, licence)
    return [event_out(e) for e in await register.history(db_session, row)]


@post(
    LICENCE + "/ending",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record that the licence was surrendered or lapsed",
    status_code=HTTP_201_CREATED,
)
async def end_licence(
    licence: FromPath[str], data: JSONBody[EndingIn], db_session: TenantSession, actor: Actor
) -> LicenceEventOut:
    row = await load_licence(db_session, licence, lock=True)
    event = await endings.end(
        db_session,
        row,
        kind=data.kind,
        on=not_future(data.on, "/on"),
        reason=data.reason,
        actor=actor,
    )
    await db_session.commit()
    return event_out(event)


@post(
    LICENCE + "/convictions",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record a conviction notified on a personal licence (by the holder or the court)",
    status_code=HTTP_201_CREATED,
)
async def record_conviction(
    licence: FromPath[str], data: JSONBody[ConvictionIn], db_session: TenantSession, actor: Actor
) -> LicenceEventOut:
    row = await load_licence(db_session, licence, lock=True)
    event = await endings.conviction(
        db_session,
        row,
        convicted_on=not_future(data.convicted_on, "/convictedOn"),
        notified_on=not_future(data.notified_on or premises.today(), "/notifiedOn"),
        offence=data.offence,
        court=data.court,
        notified_by=data.notified_by,
        actor=actor,
    )
    await db_session.commit()
    return event_out(event)


@post(
    LICENCE + "/sanctions",
    opt=DECIDE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Revoke a personal licence, or suspend it for up to six months (s.132A)",
    status_code=HTTP_201_CREATED,
)
async def sanction_licence(
    licence: FromPath[str], data: JSONBody[SanctionIn], db_session: TenantSession, actor: Actor
) -> LicenceEventOut:
    row = await load_licence(db_session, licence, lock=True)
    decided = not_future(data.decided_on or premises.today(), "/decidedOn")
    event = await endings.sanction(
        db_session,
        row,
        action=data.action,
        decided_on=decided,
        takes_effect_on=data.takes_effect_on or decided,
        suspended_until=data.suspended_until,
        reasons=data.reasons,
        actor=actor,
    )
    await db_session.commit()
    return event_out(event)


ROUTES = [
    list_licences,
    read_licence,
    licence_events,
    end_licence,
    record_conviction,
    sanction_licence,
]
__all__ = ["ROUTES", "licence_out"]
