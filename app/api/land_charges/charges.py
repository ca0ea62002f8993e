"""The register: enter a charge, read and list charges (by area, type and status), vary one
(``If-Match``), cancel one, and read its history. Writes are refused once HM Land Registry
keeps the council's register."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, Response, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy import func, select

from app.api.casework.requests import IfMatch, etag, require_if_match
from app.api.land_charges.charge_schemas import (
    Cancellation,
    ChargeEventOut,
    ChargeIn,
    ChargeOut,
    ChargeVariation,
    charge_out,
    event_out,
)
from app.api.land_charges.deps import (
    CHARGE,
    CHARGES,
    TAGS,
    load_charge,
    migrated_problem,
)
from app.api.openapi_examples import example_of, page_example, response_with_examples
from app.api.pagination import DEFAULT_PER_PAGE, Page, PageParam, PerPageParam, page_of
from app.api.problem_docs import LIST_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS, problems
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import TenantSession
from services.core.calendar import london_today
from services.land_charges import register
from services.land_charges.migration import REGISTER_ELSEWHERE, RegisterMigrated
from services.land_charges.migration import require_local_register as _require_local
from services.land_charges.models import LandCharge

READ = requires("land_charges", "register", "read")
WRITE = requires("land_charges", "register", "write")


async def require_local(db_session: TenantSession) -> None:
    try:
        await _require_local(db_session, pointer="", what=REGISTER_ELSEWHERE)
    except RegisterMigrated as exc:
        raise migrated_problem(exc) from None


def respond(charge: LandCharge, status: int = 200, **headers: str) -> Response[ChargeOut]:
    return Response(
        charge_out(charge), status_code=status, headers={"ETag": etag(charge), **headers}
    )


@post(
    CHARGES,
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Register a charge (GeoJSON extent in British National Grid)",
    status_code=HTTP_201_CREATED,
)
async def create_charge(
    data: JSONBody[ChargeIn],
    request: Request[Any, Any, Any],
    db_session: TenantSession,
    actor: Actor,
) -> Response[ChargeOut]:
    await require_local(db_session)
    fields = msgspec.structs.asdict(data)
    fields["registration_date"] = data.registration_date or london_today()
    charge = await register.register_charge(db_session, fields, actor=actor)
    await db_session.commit()
    return respond(charge, HTTP_201_CREATED, Location=f"{request.url.path}/{charge.id}")


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    problem = Problem(
        422,
        "Invalid request",
        "bbox is minEasting,minNorthing,maxEasting,maxNorthing (British National Grid)",
        errors=[{"parameter": "bbox", "detail": "four numbers, minimums first"}],
    )
    try:
        min_x, min_y, max_x, max_y = (float(v) for v in value.split(","))
    except ValueError:
        raise problem from None
    if min_x > max_x or min_y > max_y:
        raise problem
    return min_x, min_y, max_x, max_y


CHARGE_EXAMPLE = example_of(ChargeOut)


@get(
    CHARGES,
    opt=READ,
    tags=TAGS,
    responses={
        200: response_with_examples(
            Page[ChargeOut], "Charges", first_page=page_example(CHARGE_EXAMPLE, 1)
        ),
        **LIST_PROBLEMS,
    },
    summary="List charges, by the area they cover (bbox), type and status",
)
async def list_charges(
    db_session: TenantSession,
    bbox: Annotated[str | None, QueryParameter(name="bbox")] = None,
    charge_type: Annotated[list[str] | None, QueryParameter(name="chargeType")] = None,
    status: Annotated[list[str] | None, QueryParameter(name="status")] = None,
    page: PageParam = 1,
    per_page: PerPageParam = DEFAULT_PER_PAGE,
) -> Page[ChargeOut]:
    statement = select(LandCharge)
    box = _bbox(bbox)
    if box is not None:
        statement = register.overlapping(statement, box)
    if charge_type:
        statement = statement.where(LandCharge.charge_type.in_(charge_type))
    if status:
        statement = statement.where(LandCharge.status.in_(status))
    total = await db_session.scalar(select(func.count()).select_from(statement.subquery()))
    rows = await db_session.scalars(
        statement.order_by(LandCharge.registration_date.desc(), LandCharge.charge_number.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return page_of([charge_out(c) for c in rows], int(total or 0), page, per_page)


@get(
    CHARGE,
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="One charge, by id, charge number or legacy reference",
)
async def read_charge(charge: FromPath[str], db_session: TenantSession) -> Response[ChargeOut]:
    return respond(await load_charge(db_session, charge))


@patch(
    CHARGE,
    opt=WRITE,
    tags=TAGS,
    responses=problems(409, 412, 422, 428),
    summary="Vary a charge (needs If-Match with its ETag; the change is kept in its history)",
)
async def vary_charge(
    charge: FromPath[str],
    data: JSONBody[ChargeVariation],
    db_session: TenantSession,
    actor: Actor,
    if_match: IfMatch = None,
) -> Response[ChargeOut]:
    row = await load_charge(db_session, charge)
    await require_local(db_session)
    require_if_match(if_match, row)
    await register.vary_charge(db_session, row, data.changes(), reason=data.reason, actor=actor)
    await db_session.commit()
    return respond(row)


@post(
    CHARGE + "/cancellation",
    opt=WRITE,
    tags=TAGS,
    responses=problems(409, 412, 422),
    summary="Cancel a charge (it stays in the history; searches no longer reveal it)",
    status_code=200,
)
async def cancel_charge(
    charge: FromPath[str],
    data: JSONBody[Cancellation],
    db_session: TenantSession,
    actor: Actor,
    if_match: IfMatch = None,
) -> Response[ChargeOut]:
    row = await load_charge(db_session, charge)
    await require_local(db_session)
    require_if_match(if_match, row, required=False)
    on = data.cancelled_on or london_today()
    await register.cancel_charge(db_session, row, on=on, reason=data.reason, actor=actor)
    await db_session.commit()
    return respond(row)


@get(
    CHARGE + "/history",
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="A charge's registration, variations and cancellation, oldest first",
)
async def charge_history(charge: FromPath[str], db_session: TenantSession) -> list[ChargeEventOut]:
    row = await load_charge(db_session, charge)
    return [event_out(e) for e in await register.history(db_session, row)]


ROUTES = [create_charge, list_charges, read_charge, vary_charge, cancel_charge, charge_history]
__all__ = ["ROUTES"]
