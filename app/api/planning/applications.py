"""Planning applications: register (officer-entered or an ODP submission), read by id or
reference, update with If-Match. Lists are in :mod:`app.api.planning.search`."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get, patch, post
from litestar.openapi.spec import Example
from litestar.params import (
    Body,
    FromPath,
    JSONBody,
    SkipValidation,
)
from litestar.status_codes import HTTP_201_CREATED

from app.api.casework.requests import IfMatch, etag, require_if_match
from app.api.planning import examples
from app.api.planning.deps import APPLICATION, PREFIX, TAGS, convert, invalid, load, settings_of
from app.api.planning.schemas import (
    ApplicationCreate,
    ApplicationOut,
    ApplicationPatch,
    OdpSubmission,
)
from app.api.planning.views import application_out
from app.api.problem_docs import READ_PROBLEMS, WRITE_PROBLEMS, problems
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import TenantSession
from services.core.cases.store import (
    NewCase,
    get_case,
    received_on,
    update_case,
)
from services.planning import odp, store
from services.planning import workflow as wf
from services.planning.odp.convert import ConversionError
from services.planning.odp.intake import intake
from services.registry import registry

READ = requires("planning", "applications", "read")
WRITE = requires("planning", "applications", "write")

#: What the create route accepts, for the OpenAPI document (``oneOf`` the two shapes). Neither
#: carries a tag msgspec could tell them apart by, so the handler gets the JSON undecoded and
#: decides itself (:func:`is_odp`).
NewApplication = SkipValidation[ApplicationCreate | OdpSubmission]


def is_odp(body: Any) -> bool:
    """ODP submissions carry ``data`` and ``metadata``; Vesta's own shape has neither."""
    return isinstance(body, dict) and ("data" in body or "metadata" in body)


def _party(party: Any, role: str) -> dict[str, Any]:
    return {
        "role": role,
        "name": party.name,
        "organisation": party.organisation,
        "email": party.email,
        "phone": party.phone,
        "address": party.address,
    }


def _officer_case(body: ApplicationCreate) -> NewCase:
    descriptor = registry.get(store.SERVICE)
    if body.application_type not in {c.code for c in descriptor.case_types}:
        raise invalid(
            "/applicationType",
            f"{body.application_type!r} is not a planning application type; "
            "GET /api/v1/platform/services lists them",
        )
    received = body.received_date or (
        store.local_date(body.submitted_at) if body.submitted_at else store.today()
    )
    if body.fee_paid_date is not None and body.fee_paid_date < received:
        raise invalid("/feePaidDate", "the fee cannot be paid before the application arrived")
    parties = [_party(body.applicant, "applicant")]
    if body.agent is not None:
        parties.append(_party(body.agent, "agent"))
    site = body.site
    return store.NewCase(
        service=store.SERVICE,
        case_type=body.application_type,
        received_date=received,
        fee_paid_date=body.fee_paid_date,
        submitted_at=body.submitted_at,
        description=body.description,
        fee_payable=body.fee_payable,
        officer_id=body.officer_id,
        officer_name=body.officer_name,
        site={
            "address_line": site.address_line,
            "address": site.address,
            "uprn": site.uprn,
            "usrn": site.usrn,
            "postcode": site.postcode,
            "ward_code": site.ward_code,
            "ward_name": site.ward_name,
            "parish_code": site.parish_code,
            "latitude": site.latitude,
            "longitude": site.longitude,
            "easting": site.easting,
            "northing": site.northing,
            "boundary": site.boundary,
        },
        parties=parties,
    )


def respond(case: Any, status: int = 200, **headers: str) -> Response[ApplicationOut]:
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
    summary="Register an application (Vesta's own shape, or an ODP submission as PlanX sends it)",
    description=(
        "The body is either Vesta's `ApplicationCreate` or an Open Digital Planning submission "
        "(`application.json` or `prototypeApplication.json`, schema v0.7.7). An ODP payload is "
        "validated against its schema (422 with JSON pointers; nothing is stored), mapped into "
        "the case, and kept unchanged. The received date is the submission's `submittedAt` or "
        "the fee's payment date if later."
    ),
    status_code=HTTP_201_CREATED,
)
async def create_application(
    data: Annotated[
        NewApplication,
        Body(
            title="NewApplication",
            description=(
                "One of: `ApplicationCreate` (entered by an officer; the first example) or an "
                "ODP submission (`OdpSubmission`, validated against the ODP schema; the second "
                "example is an abbreviated prototypeApplication)."
            ),
            examples=[
                Example(summary="Officer-entered householder", value=examples.OFFICER_ENTERED),
                Example(summary="ODP prototypeApplication", value=examples.ODP_SUBMISSION),
            ],
        ),
    ],
    request: Request[Any, Any, Any],
    db_session: TenantSession,
    actor: Actor,
) -> Response[ApplicationOut]:
    raw: Any = data  # the decoded JSON, unvalidated (see NewApplication)
    if not isinstance(raw, dict):
        raise invalid("", "send a JSON object: an ApplicationCreate or an ODP submission")
    settings = await settings_of(db_session)
    if is_odp(raw):
        try:
            submission = odp.validate(raw)
        except odp.OdpValidationError as exc:
            raise Problem(
                422,
                "Invalid ODP submission",
                str(exc),
                type_="invalid-odp-submission",
                errors=exc.problem_errors(),
                totalErrors=exc.total_errors,
            ) from exc
        try:
            mapped = intake(submission)
        except ConversionError as exc:
            raise Problem(
                422,
                "ODP submission cannot be converted",
                f"{exc}: this application.json payload lacks data the ODP post-submission "
                "format requires for its type; submit it in the prototypeApplication shape",
                type_="unconvertible-odp-submission",
                errors=exc.problem_errors(),
            ) from exc
        case = await store.register_submission(db_session, mapped, settings=settings, actor=actor)
    else:
        body = convert(raw, ApplicationCreate)
        case = await store.register(db_session, _officer_case(body), settings=settings, actor=actor)
    await db_session.commit()
    case = await load(db_session, str(case.id))
    location = f"{request.url.path}/{case.id}"
    return respond(case, HTTP_201_CREATED, Location=location)


@get(
    APPLICATION,
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="One application, by id or reference",
)
async def read_application(
    application: FromPath[str], db_session: TenantSession
) -> Response[ApplicationOut]:
    return respond(await load(db_session, application))


@patch(
    APPLICATION,
    opt=WRITE,
    tags=TAGS,
    responses=problems(409, 412, 422, 428),
    summary="Change an application's details (needs If-Match with its ETag)",
)
async def update_application(
    application: FromPath[str],
    data: JSONBody[ApplicationPatch],
    db_session: TenantSession,
    actor: Actor,
    if_match: IfMatch = None,
) -> Response[ApplicationOut]:
    case = await load(db_session, application)
    require_if_match(if_match, case)
    wf.WORKFLOW.require(case.status, "update_details")
    changes = data.changes()
    if "application_type" in changes and changes["application_type"] not in {
        c.code for c in registry.get(store.SERVICE).case_types
    }:
        raise invalid(
            "/applicationType",
            f"{changes['application_type']!r} is not a planning application type",
        )
    if "application_type" in changes:
        changes["case_type"] = changes.pop("application_type")
    if {"received_date", "fee_paid_date"} & changes.keys():
        arrived = changes.pop("received_date", case.arrived_date)
        fee_paid = changes.get("fee_paid_date", case.fee_paid_date)
        if fee_paid is not None and fee_paid < arrived:
            raise invalid("/feePaidDate", "the fee cannot be paid before the application arrived")
        changes["arrived_date"] = arrived
        changes["received_date"] = received_on(arrived, fee_paid)
    settings = await settings_of(db_session)
    await update_case(db_session, case, changes, actor=actor)
    if {"case_type", "received_date"} & changes.keys():
        await store.refresh_clock(db_session, case, settings=settings, actor=actor)
    await db_session.commit()
    return respond(await load(db_session, str(case.id)))


ROUTES = [create_application, read_application, update_application]
__all__ = ["ROUTES", "get_case"]
