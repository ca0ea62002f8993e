"""Licensing Act 2003 applications: register, list, read by id or reference, update with
If-Match, withdraw, close the representation period, and determine without a hearing.

The rules are :mod:`services.licensing.premises` and :mod:`services.licensing.decisions`;
these routes parse, call and shape."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Request, Response, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED

from app.api.casework.outcome_shapes import Withdrawal
from app.api.casework.requests import IfMatch, require_if_match
from app.api.casework.shapes import party_fields, site_fields
from app.api.licensing.licence_deps import (
    APPLICATION,
    APPLICATIONS,
    TAGS,
    application_out,
    load,
    respond,
)
from app.api.licensing.licence_schemas import (
    LicenceApplicationCreate,
    LicenceApplicationOut,
    LicenceApplicationPatch,
    LicensingDecisionIn,
)
from app.api.pagination import DEFAULT_PER_PAGE, Page, PageParam, PerPageParam, page_of
from app.api.problem_docs import LIST_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS, problems
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import TenantSession
from services.core.cases.queries import CaseFilter, count_cases, filter_groups, list_cases
from services.core.cases.store import update_case
from services.core.store import read_settings
from services.licensing import decisions, premises
from services.licensing import workflow as wf

READ = requires("licensing", "applications", "read")
WRITE = requires("licensing", "applications", "write")
DECIDE = requires("licensing", "applications", "decide")


def _application(body: LicenceApplicationCreate) -> premises.Application:
    proposal: dict[str, Any] = {}
    if body.activities is not None:
        proposal["activities"] = list(body.activities)
    if body.hours is not None:
        proposal["hours"] = body.hours
    if body.designated_premises_supervisor is not None:
        dps = msgspec.to_builtins(body.designated_premises_supervisor)
        proposal["designatedPremisesSupervisor"] = {k: v for k, v in dps.items() if v is not None}
    applicant = party_fields(body.applicant, "applicant")
    applicant.pop("role")
    return premises.Application(
        case_type=body.application_type,
        received_date=body.received_date or premises.today(),
        description=body.description,
        applicant=applicant,
        site=site_fields(body.site) if body.site else None,
        premises_name=body.premises_name,
        licence=body.licence,
        proposal=proposal,
        grounds=body.grounds,
        objectives=list(body.objectives),
        police_notified_on=body.police_notified_on,
        fee_payable=body.fee_payable,
        officer_id=body.officer_id,
        officer_name=body.officer_name,
    )


@post(
    APPLICATIONS,
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Register a licence application (premises, club, variation, transfer, DPS, review, "
    "personal)",
    description=(
        "The representation period (28 days beginning the day after `receivedDate`, or the "
        "police's 14 days for a transfer or DPS change) is shown as "
        "`dates.lastDayForRepresentations`. A variation, transfer, DPS change or review names "
        "its `licence` (id or number): unknown is 422, not in force 409."
    ),
    status_code=HTTP_201_CREATED,
)
async def create_application(
    data: JSONBody[LicenceApplicationCreate],
    request: Request[Any, Any, Any],
    db_session: TenantSession,
    actor: Actor,
) -> Response[LicenceApplicationOut]:
    settings = await read_settings(db_session)
    case = await premises.register_application(
        db_session, _application(data), settings=settings, actor=actor
    )
    await db_session.commit()
    case = await load(db_session, str(case.id))
    return respond(case, HTTP_201_CREATED, Location=f"{request.url.path}/{case.id}")


@get(
    APPLICATIONS,
    opt=READ,
    tags=TAGS,
    responses=LIST_PROBLEMS,
    summary="List licence applications, newest first",
    description="Filters: `applicationType` and `status` (`a,b` is either), `reference`, "
    "`receivedDateFrom` / `receivedDateTo`.",
)
async def list_applications(
    db_session: TenantSession,
    application_type: Annotated[list[str] | None, QueryParameter(name="applicationType")] = None,
    status: Annotated[list[str] | None, QueryParameter(name="status")] = None,
    reference: Annotated[str | None, QueryParameter(name="reference")] = None,
    received_from: Annotated[dt.date | None, QueryParameter(name="receivedDateFrom")] = None,
    received_to: Annotated[dt.date | None, QueryParameter(name="receivedDateTo")] = None,
    page: PageParam = 1,
    per_page: PerPageParam = DEFAULT_PER_PAGE,
) -> Page[LicenceApplicationOut]:
    where = CaseFilter(
        services=(premises.SERVICE,),
        case_types=((*sorted(wf.CASE_TYPES),), *filter_groups(application_type)),
        statuses=filter_groups(status),
        reference=reference,
        received_from=received_from,
        received_to=received_to,
    )
    total = await count_cases(db_session, where)
    rows = await list_cases(db_session, where, limit=per_page, offset=(page - 1) * per_page)
    return page_of([application_out(c) for c in rows], total, page, per_page)


@get(
    APPLICATION,
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="One licence application, by id or reference",
)
async def read_application(
    application: FromPath[str], db_session: TenantSession
) -> Response[LicenceApplicationOut]:
    return respond(await load(db_session, application))


@patch(
    APPLICATION,
    opt=WRITE,
    tags=TAGS,
    responses=problems(409, 412, 422, 428),
    summary="Change a licence application's details (needs If-Match with its ETag)",
)
async def update_application(
    application: FromPath[str],
    data: JSONBody[LicenceApplicationPatch],
    db_session: TenantSession,
    actor: Actor,
    if_match: IfMatch = None,
) -> Response[LicenceApplicationOut]:
    case = await load(db_session, application)
    require_if_match(if_match, case)
    wf.workflow_of(case.case_type).require(case.status, "update_details")
    changes = data.changes()
    if "premises_name" in changes:
        changes["details"] = {**case.details, "premisesName": changes.pop("premises_name")}
    await update_case(db_session, case, changes, actor=actor)
    await db_session.commit()
    return respond(await load(db_session, str(case.id)))


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
) -> Response[LicenceApplicationOut]:
    case = await load(db_session, application)
    at = data.withdrawn_at or dt.datetime.now(dt.UTC)
    await premises.withdraw(db_session, case, reason=data.reason, at=at, actor=actor)
    await db_session.commit()
    return respond(await load(db_session, str(case.id)))


@post(
    APPLICATION + "/representation-period/close",
    opt=WRITE,
    tags=TAGS,
    responses=problems(409),
    summary="Close the representation period once it has ended: to a hearing if there are "
    "relevant representations (or it is a review), otherwise to a decision",
    status_code=200,
)
async def close_representation_period(
    application: FromPath[str], db_session: TenantSession, actor: Actor
) -> Response[LicenceApplicationOut]:
    case = await load(db_session, application)
    await premises.close_representations(db_session, case, actor=actor)
    await db_session.commit()
    return respond(await load(db_session, str(case.id)))


def determination(data: LicensingDecisionIn) -> decisions.Determination:
    return decisions.Determination(
        outcome=data.outcome,
        decision_date=data.decision_date or premises.today(),
        reasons=data.reasons,
        held_on=data.held_on,
        conditions=list(data.conditions),
        excluded_activities=list(data.excluded_activities),
        suspended_until=data.suspended_until,
    )


@post(
    APPLICATION + "/decision",
    opt=DECIDE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Determine an application without a hearing (uncontested ones must be granted as "
    "applied for; a minor variation not decided in 15 working days is deemed refused)",
    status_code=200,
)
async def decide_application(
    application: FromPath[str],
    data: JSONBody[LicensingDecisionIn],
    db_session: TenantSession,
    actor: Actor,
) -> Response[LicenceApplicationOut]:
    case = await load(db_session, application)
    if case.status == wf.HEARING:
        raise Problem(
            409,
            "Not allowed in the current state",
            "a hearing decides this application: record its determination at …/hearing/"
            "determination, or dispense with the hearing first",
        )
    if data.held_on is not None:
        raise Problem(
            422,
            "Invalid request",
            "/heldOn: no hearing decides this application",
            errors=[{"pointer": "/heldOn", "detail": "no hearing decides this application"}],
        )
    await decisions.decide(
        db_session, case, determination(data), today=premises.today(), actor=actor
    )
    await db_session.commit()
    return respond(await load(db_session, str(case.id)))


ROUTES = [
    create_application,
    list_applications,
    read_application,
    update_application,
    withdraw_application,
    close_representation_period,
    decide_application,
]
__all__ = ["ROUTES", "determination"]
