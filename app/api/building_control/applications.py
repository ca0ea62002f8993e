"""Building control applications (full plans, building notices, regularisation): register (the
higher-risk check and the fee from the charging scheme), read by id or reference, update with
If-Match, list with filters, and the application's audit trail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, Response, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED

from app.api.building_control.deps import (
    APPLICATION,
    PREFIX,
    TAGS,
    load,
    reloaded,
    settings_of,
    settled,
)
from app.api.building_control.schemas import (
    BcApplicationCreate,
    BcApplicationOut,
    BcApplicationPatch,
    BuildingIn,
)
from app.api.building_control.views import application_out
from app.api.casework.requests import IfMatch, etag, invalid, require_if_match
from app.api.casework.shapes import party_fields, site_fields
from app.api.openapi_examples import page_example, response_with_examples
from app.api.pagination import DEFAULT_PER_PAGE, Page, PageParam, PerPageParam, page_of
from app.api.problem_docs import LIST_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS, problems
from app.api.schemas import AuditOut
from app.guards import requires
from app.principal import Actor
from app.tenant_context import TenantSession
from services.building_control import store
from services.building_control import workflow as wf
from services.building_control.higher_risk import Building
from services.core import store as core_store
from services.core.cases.models import Case
from services.core.cases.queries import CaseFilter, count_cases, filter_groups, list_cases
from services.core.cases.store import NewCase, update_case

READ = requires("building_control", "applications", "read")
WRITE = requires("building_control", "applications", "write")
AUDIT_READ = requires("building_control", "audit", "read")
Date = dt.date | None

AUDIT_RESPONSE = response_with_examples(
    Page[AuditOut],
    "A page of the application's audit trail, newest first",
    audit_trail=page_example(
        {
            "id": "0195f4b8-2c6e-7a10-8b21-c3d4e5f60719",
            "at": "2026-04-01T14:20:00Z",
            "actor": "user:0195f3c2-1b7e-7d4a-8c2f-3e9a6b1d5f71 <helen.marsh@example.gov.uk>",
            "action": "case.decide",
            "detail": None,
            "entity": "cases",
            "entityId": "0195f3c2-7a41-7c1e-9b3d-5f2a8e6d4c20",
            "before": {"status": "received"},
            "after": {"status": "approved", "decision": "approved_with_conditions"},
        },
        9,
    ),
)


def building_of(body: BuildingIn) -> Building:
    if not Decimal("0") < body.height_m <= Decimal("1000"):
        raise invalid("/building/heightM", "a height in metres, above 0 and at most 1000")
    return Building(
        height_m=body.height_m,
        storeys=body.storeys,
        residential_units=body.residential_units,
        care_home_or_hospital=body.care_home_or_hospital,
    )


def respond(case: Case, status: int = 200, **headers: str) -> Response[BcApplicationOut]:
    return Response(
        application_out(case, store.today()),
        status_code=status,
        headers={"ETag": etag(case), **headers},
    )


@post(
    PREFIX + "/applications",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Register a full plans application, building notice or regularisation application",
    description=(
        "Higher-risk building work (18 m or more, or 7 storeys or more, with 2 or more "
        "residential units, or a care home or hospital of that height) is not council "
        "business: the case is recorded as `referred_to_bsr` with the reason, and the "
        "applicant must apply to the Building Safety Regulator. Otherwise the fee is worked "
        "out from the council's charging scheme for `workCategory` (422 if it has no charge)."
    ),
    status_code=HTTP_201_CREATED,
)
async def create_application(
    data: JSONBody[BcApplicationCreate],
    request: Request[Any, Any, Any],
    db_session: TenantSession,
    actor: Actor,
) -> Response[BcApplicationOut]:
    received = data.received_date or store.today()
    if received > store.today():
        raise invalid("/receivedDate", "an application cannot be deposited in the future")
    parties = [party_fields(data.applicant, "applicant")]
    if data.agent is not None:
        parties.append(party_fields(data.agent, "agent"))
    new = NewCase(
        service=store.SERVICE,
        case_type=data.application_type,
        received_date=received,
        description=data.description,
        officer_id=data.officer_id,
        officer_name=data.officer_name,
        site=site_fields(data.site),
        parties=parties,
    )
    case = await store.register(
        db_session,
        new,
        building=building_of(data.building),
        work_category=data.work_category,
        settings=await settings_of(db_session),
        actor=actor,
    )
    await db_session.commit()
    case = await settled(db_session, str(case.id), wf.APPLICATION_TYPES, "application")
    return respond(case, HTTP_201_CREATED, Location=f"{request.url.path}/{case.id}")


@get(
    APPLICATION,
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="One application, by id or reference (lapse settled as of today)",
)
async def read_application(
    application: FromPath[str], db_session: TenantSession
) -> Response[BcApplicationOut]:
    return respond(await settled(db_session, application, wf.APPLICATION_TYPES, "application"))


@patch(
    APPLICATION,
    opt=WRITE,
    tags=TAGS,
    responses=problems(409, 412, 422, 428),
    summary="Change an application's description or officer (needs If-Match with its ETag)",
)
async def update_application(
    application: FromPath[str],
    data: JSONBody[BcApplicationPatch],
    db_session: TenantSession,
    actor: Actor,
    if_match: IfMatch = None,
) -> Response[BcApplicationOut]:
    case = await load(db_session, application)
    require_if_match(if_match, case)
    wf.workflow_for(case.case_type).require(case.status, "update_details")
    await update_case(db_session, case, data.changes(), actor=actor)
    await db_session.commit()
    return respond(await reloaded(db_session, case))


@get(
    PREFIX + "/applications",
    opt=READ,
    tags=TAGS,
    responses=LIST_PROBLEMS,
    summary="List applications, newest first (status, type, dates, reference, text)",
    description=(
        "Filters follow the ODP syntax: `status=received,approved` matches either; repeating a "
        "parameter requires both. `receivedDateFrom`/`receivedDateTo` bound the deposit date "
        "and `decisionDateFrom`/`decisionDateTo` the decision. Lapses are settled first."
    ),
)
async def list_applications(
    db_session: TenantSession,
    page: PageParam = 1,
    per_page: PerPageParam = DEFAULT_PER_PAGE,
    status: Annotated[list[str] | None, QueryParameter(name="status")] = None,
    application_type: Annotated[list[str] | None, QueryParameter(name="applicationType")] = None,
    officer: Annotated[UUID | None, QueryParameter(name="officer")] = None,
    reference: Annotated[str | None, QueryParameter(name="reference")] = None,
    text_query: Annotated[str | None, QueryParameter(name="query", max_length=200)] = None,
    received_from: Annotated[Date, QueryParameter(name="receivedDateFrom")] = None,
    received_to: Annotated[Date, QueryParameter(name="receivedDateTo")] = None,
    decided_from: Annotated[Date, QueryParameter(name="decisionDateFrom")] = None,
    decided_to: Annotated[Date, QueryParameter(name="decisionDateTo")] = None,
) -> Page[BcApplicationOut]:
    if await store.sweep(db_session, on=store.today()):
        await db_session.commit()
    where = CaseFilter(
        services=(store.SERVICE,),
        statuses=filter_groups(status),
        case_types=(wf.APPLICATION_TYPES, *filter_groups(application_type)),
        officer_id=officer,
        reference=reference,
        query=text_query,
        received_from=received_from,
        received_to=received_to,
        decided_from=decided_from,
        decided_to=decided_to,
    )
    total = await count_cases(db_session, where)
    rows = await list_cases(db_session, where, limit=per_page, offset=(page - 1) * per_page)
    today = store.today()
    return page_of([application_out(c, today) for c in rows], total, page, per_page)


@get(
    APPLICATION + "/audit",
    opt=AUDIT_READ,
    tags=TAGS,
    responses={**LIST_PROBLEMS, 200: AUDIT_RESPONSE},
    summary="The application's audit trail, newest first",
)
async def application_audit(
    application: FromPath[str],
    db_session: TenantSession,
    page: PageParam = 1,
    per_page: PerPageParam = DEFAULT_PER_PAGE,
) -> Page[AuditOut]:
    case = await settled(db_session, application, wf.APPLICATION_TYPES, "application")
    rows, total = await core_store.list_audit(
        db_session, page=page, per_page=per_page, case_id=case.id
    )
    return page_of([AuditOut.of(r) for r in rows], total, page, per_page)


ROUTES = [
    create_application,
    read_application,
    update_application,
    list_applications,
    application_audit,
]
__all__ = ["ROUTES", "respond"]
