"""The taxi and private hire licence register: list and read licences with their history,
apply to renew one, and suspend, revoke or reinstate it (Local Government (Miscellaneous
Provisions) Act 1976, ss.60-62)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from litestar import get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy import func, select

from app.api.licensing.taxi_schemas import (
    TaxiApplicationOut,
    TaxiEnforcementIn,
    TaxiLicenceOut,
    TaxiReinstatementIn,
    TaxiRenewalIn,
)
from app.api.licensing.taxi_views import LICENCE, LICENCES, TAGS, application_out, licence_out, load
from app.api.pagination import DEFAULT_PER_PAGE, Page, PageParam, PerPageParam, page_of
from app.api.problem_docs import LIST_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.tenant_context import TenantSession
from services.core.calendar import london_today
from services.core.store import read_settings
from services.licensing import register, taxi_licences, taxi_workflow, taxis
from services.licensing.models import Licence

READ = requires("licensing", "licences", "read")
DECIDE = requires("licensing", "licences", "decide")


async def _out(db_session: TenantSession, licence: Licence) -> TaxiLicenceOut:
    events = await register.history(db_session, licence)
    return licence_out(licence, events, london_today())


@get(
    LICENCES,
    opt=READ,
    tags=TAGS,
    responses=LIST_PROBLEMS,
    summary="List taxi and private hire licences, soonest expiry first",
)
async def list_licences(
    db_session: TenantSession,
    page: PageParam = 1,
    per_page: PerPageParam = DEFAULT_PER_PAGE,
    licence_type: Annotated[list[str] | None, QueryParameter(name="licenceType")] = None,
    status: Annotated[list[str] | None, QueryParameter(name="status")] = None,
    holder: Annotated[str | None, QueryParameter(name="holder", max_length=300)] = None,
    expires_by: Annotated[dt.date | None, QueryParameter(name="expiresDateTo")] = None,
) -> Page[TaxiLicenceOut]:
    where = [Licence.kind.in_(taxi_workflow.CASE_TYPES)]
    if licence_type:
        where.append(Licence.kind.in_([t for group in licence_type for t in group.split(",")]))
    if status:
        where.append(Licence.status.in_([s for group in status for s in group.split(",")]))
    if holder:
        where.append(Licence.holder_name.ilike(f"%{holder}%"))
    if expires_by:
        where.append(Licence.expires_on <= expires_by)
    total = await db_session.scalar(select(func.count()).select_from(Licence).where(*where))
    rows = await db_session.scalars(
        select(Licence)
        .where(*where)
        .order_by(Licence.expires_on, Licence.number)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return page_of([await _out(db_session, r) for r in rows], total or 0, page, per_page)


@get(
    LICENCE,
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="One taxi or private hire licence with its history, by id or number",
)
async def read_licence(licence: FromPath[str], db_session: TenantSession) -> TaxiLicenceOut:
    return await _out(db_session, await taxis.get_licence(db_session, licence))


@get(
    LICENCE + "/renewals",
    opt=requires("licensing", "applications", "read"),
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="Applications to renew the licence",
)
async def list_renewals(
    licence: FromPath[str], db_session: TenantSession
) -> list[TaxiApplicationOut]:
    found = await taxis.get_licence(db_session, licence)
    cases = await taxi_licences.renewals_of(db_session, found)
    return [application_out(await load(db_session, str(c.id))) for c in cases]


@post(
    LICENCE + "/renewals",
    opt=requires("licensing", "applications", "write"),
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Apply to renew the licence (granted before expiry, the new term follows on)",
    status_code=HTTP_201_CREATED,
)
async def apply_to_renew(
    licence: FromPath[str], data: JSONBody[TaxiRenewalIn], db_session: TenantSession, actor: Actor
) -> TaxiApplicationOut:
    found = await taxis.get_licence(db_session, licence)
    settings = await read_settings(db_session)
    case = await taxis.apply_to_renew(
        db_session, found, received_date=data.received_date, settings=settings, actor=actor
    )
    await db_session.commit()
    return application_out(await load(db_session, str(case.id)))


async def _enforce(
    action: Any, db_session: TenantSession, licence: str, data: TaxiEnforcementIn, actor: str
) -> TaxiLicenceOut:
    """Suspend or revoke (``action``) a licence with the officer's reasons and notice."""
    found = await taxis.get_licence(db_session, licence)
    await action(
        db_session,
        found,
        reason=data.reason,
        notice_on=data.notice_date,
        immediate=data.immediate,
        actor=actor,
    )
    await db_session.commit()
    return await _out(db_session, found)


@post(
    LICENCE + "/suspension",
    opt=DECIDE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Suspend the licence, with reasons (21 days after notice, or at once for a driver "
    "in the interests of public safety)",
    status_code=200,
)
async def suspend(
    licence: FromPath[str],
    data: JSONBody[TaxiEnforcementIn],
    db_session: TenantSession,
    actor: Actor,
) -> TaxiLicenceOut:
    return await _enforce(taxi_licences.suspend, db_session, licence, data, actor)


@post(
    LICENCE + "/revocation",
    opt=DECIDE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Revoke the licence, with reasons",
    status_code=200,
)
async def revoke(
    licence: FromPath[str],
    data: JSONBody[TaxiEnforcementIn],
    db_session: TenantSession,
    actor: Actor,
) -> TaxiLicenceOut:
    return await _enforce(taxi_licences.revoke, db_session, licence, data, actor)


@post(
    LICENCE + "/reinstatement",
    opt=DECIDE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Lift a suspension",
    status_code=200,
)
async def reinstate(
    licence: FromPath[str],
    data: JSONBody[TaxiReinstatementIn],
    db_session: TenantSession,
    actor: Actor,
) -> TaxiLicenceOut:
    found = await taxis.get_licence(db_session, licence)
    await taxi_licences.reinstate(
        db_session,
        found,
        reason=data.reason,
        on=data.reinstated_date or london_today(),
        actor=actor,
    )
    await db_session.commit()
    return await _out(db_session, found)


ROUTES = [
    list_licences,
    read_licence,
    list_renewals,
    apply_to_renew,
    suspend,
    revoke,
    reinstate,
]
