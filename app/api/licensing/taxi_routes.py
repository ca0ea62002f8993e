"""Taxi and private hire applications (new and renewal): register, list, read, record the
pre-grant checks, decide (grant onto the register or refuse) and withdraw. The licence register's
routes are in :mod:`app.api.licensing.taxi_licence_routes`."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.api.casework.shapes import address_dict
from app.api.licensing import taxi_licence_routes
from app.api.licensing.taxi_schemas import (
    TaxiApplicationIn,
    TaxiApplicationOut,
    TaxiCheckIn,
    TaxiDecisionIn,
    TaxiWithdrawalIn,
)
from app.api.licensing.taxi_views import APPLICATION, APPLICATIONS, TAGS, application_out, load
from app.api.pagination import DEFAULT_PER_PAGE, Page, PageParam, PerPageParam, page_of
from app.api.problem_docs import LIST_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS, problems
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import TenantSession
from services.core.calendar import london_today
from services.core.cases.models import Case
from services.core.store import read_settings
from services.licensing import taxi_workflow, taxis

READ = requires("licensing", "applications", "read")
WRITE = requires("licensing", "applications", "write")
DECIDE = requires("licensing", "applications", "decide")


@post(
    APPLICATIONS,
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Register an application for a driver, vehicle or operator licence",
    status_code=HTTP_201_CREATED,
)
async def apply(
    data: JSONBody[TaxiApplicationIn], db_session: TenantSession, actor: Actor
) -> TaxiApplicationOut:
    applicant = {
        "name": data.applicant.name,
        "organisation": data.applicant.organisation,
        "email": data.applicant.email,
        "phone": data.applicant.phone,
        "address": address_dict(data.applicant.address),
    }
    details: dict[str, Any] = {}
    if data.vehicle is not None:
        vehicle = msgspec.structs.asdict(data.vehicle)
        details["vehicle"] = {k: v for k, v in vehicle.items() if v is not None}
    if data.dvla_licence_number:
        details["dvla_licence_number"] = data.dvla_licence_number
    if data.applicant.date_of_birth:
        details["driver"] = {"date_of_birth": data.applicant.date_of_birth.isoformat()}
    application = taxis.ApplicationIn(
        case_type=data.licence_type,
        received_date=data.received_date,
        applicant=applicant,
        details=details,
        description=data.description or "",
    )
    settings = await read_settings(db_session)
    case = await taxis.apply(db_session, application, settings=settings, actor=actor)
    await db_session.commit()
    return application_out(await load(db_session, str(case.id)))


@get(
    APPLICATIONS,
    opt=READ,
    tags=TAGS,
    responses=LIST_PROBLEMS,
    summary="List taxi and private hire applications, newest first",
)
async def list_applications(
    db_session: TenantSession,
    page: PageParam = 1,
    per_page: PerPageParam = DEFAULT_PER_PAGE,
    status: Annotated[list[str] | None, QueryParameter(name="status")] = None,
    licence_type: Annotated[list[str] | None, QueryParameter(name="licenceType")] = None,
    applicant: Annotated[str | None, QueryParameter(name="applicant", max_length=300)] = None,
) -> Page[TaxiApplicationOut]:
    where = [Case.service == "licensing", Case.case_type.in_(taxi_workflow.CASE_TYPES)]
    if status:
        where.append(Case.status.in_([s for group in status for s in group.split(",")]))
    if licence_type:
        where.append(Case.case_type.in_([t for group in licence_type for t in group.split(",")]))
    if applicant:
        where.append(Case.description.ilike(f"%{applicant}%"))
    total = await db_session.scalar(select(func.count()).select_from(Case).where(*where))
    rows = await db_session.scalars(
        select(Case)
        .where(*where)
        .options(selectinload(Case.parties))
        .order_by(Case.received_date.desc(), Case.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return page_of([application_out(c) for c in rows], total or 0, page, per_page)


@get(
    APPLICATION,
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="One taxi or private hire application, by id or reference",
)
async def read_application(
    application: FromPath[str], db_session: TenantSession
) -> TaxiApplicationOut:
    return application_out(await load(db_session, application))


@post(
    APPLICATION + "/checks",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record a pre-grant check (DBS, medical, right to work, knowledge test, DVLA, "
    "vehicle inspection, insurance …)",
    status_code=200,
)
async def record_check(
    application: FromPath[str], data: JSONBody[TaxiCheckIn], db_session: TenantSession, actor: Actor
) -> TaxiApplicationOut:
    case = await load(db_session, application)
    await taxis.record_check(
        db_session,
        case,
        check=data.check,
        outcome=data.outcome,
        checked_on=data.checked_date,
        reference=data.reference,
        notes=data.notes,
        actor=actor,
    )
    await db_session.commit()
    return application_out(await load(db_session, str(case.id)))


@post(
    APPLICATION + "/decision",
    opt=DECIDE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Grant (every required check passed) or refuse the application; a grant issues or "
    "renews the licence",
    status_code=200,
)
async def decide(
    application: FromPath[str],
    data: JSONBody[TaxiDecisionIn],
    db_session: TenantSession,
    actor: Actor,
) -> TaxiApplicationOut:
    case = await load(db_session, application)
    decision = taxis.Decision(
        outcome=data.outcome,
        decided_on=data.decided_date or london_today(),
        reasons=data.reasons,
        term_months=data.term_months,
        shorter_term_reason=data.shorter_term_reason,
    )
    settings = await read_settings(db_session)
    try:
        await taxis.decide(db_session, case, decision, settings=settings, actor=actor)
    except taxis.ChecksOutstanding as exc:
        errors = [{"pointer": f"/checks/{c}", "detail": "not recorded"} for c in exc.missing]
        errors += [{"pointer": f"/checks/{c}", "detail": "failed"} for c in exc.failed]
        raise Problem(409, "Checks outstanding", f"Cannot grant: {exc}", errors=errors) from exc
    await db_session.commit()
    return application_out(await load(db_session, str(case.id)))


@post(
    APPLICATION + "/withdrawal",
    opt=WRITE,
    tags=TAGS,
    responses=problems(409, 422),
    summary="The applicant withdraws the application",
    status_code=200,
)
async def withdraw(
    application: FromPath[str],
    data: JSONBody[TaxiWithdrawalIn],
    db_session: TenantSession,
    actor: Actor,
) -> TaxiApplicationOut:
    case = await load(db_session, application)
    await taxis.withdraw(db_session, case, reason=data.reason, actor=actor)
    await db_session.commit()
    return application_out(await load(db_session, str(case.id)))


ROUTES = [
    apply,
    list_applications,
    read_application,
    record_check,
    decide,
    withdraw,
    *taxi_licence_routes.ROUTES,
]
