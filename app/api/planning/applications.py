"""Planning applications: register (officer-entered or an ODP submission), list with ODP
filters and offset or cursor pagination, read by id or reference, update with If-Match."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, Response, get, patch, post
from litestar.openapi.spec import Example
from litestar.params import (
    Body,
    FromPath,
    HeaderParameter,
    JSONBody,
    QueryParameter,
    SkipValidation,
)
from litestar.status_codes import HTTP_201_CREATED

from app.api.pagination import DEFAULT_PER_PAGE, Page, PageParam, PerPageParam, page_of
from app.api.planning import examples
from app.api.planning.deps import APPLICATION, PREFIX, TAGS, convert, invalid, load, settings_of
from app.api.planning.schemas import (
    ApplicationCreate,
    ApplicationCursorPage,
    ApplicationOut,
    ApplicationPatch,
    CursorPagination,
    OdpSubmission,
)
from app.api.planning.views import application_out, etag, parse_if_match
from app.api.problem_docs import LIST_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS, problems
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import TenantSession
from services.core.cases.store import (
    CaseFilter,
    NewCase,
    check_version,
    count_cases,
    get_case,
    list_cases,
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
    parties = [_party(body.applicant, "applicant")]
    if body.agent is not None:
        parties.append(_party(body.agent, "agent"))
    site = body.site
    return store.NewCase(
        service=store.SERVICE,
        case_type=body.application_type,
        received_date=received,
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


def _groups(values: list[str] | None) -> tuple[tuple[str, ...], ...]:
    """ODP filter syntax: ``a,b`` is OR within one parameter; repeated parameters are ANDed."""
    return tuple(tuple(v for v in value.split(",") if v) for value in values or ())


def _cursor(value: str) -> tuple[dt.date, UUID] | None:
    if not value:
        return None
    try:
        day, _, ident = base64.urlsafe_b64decode(value.encode() + b"==").decode().partition("|")
        return dt.date.fromisoformat(day), UUID(ident)
    except ValueError as exc:
        raise Problem(
            400,
            "Invalid cursor",
            "The cursor is not one this API issued",
            errors=[{"parameter": "cursor", "detail": "not a valid cursor"}],
        ) from exc


def _encode_cursor(day: dt.date, ident: UUID) -> str:
    return base64.urlsafe_b64encode(f"{day.isoformat()}|{ident}".encode()).decode().rstrip("=")


def _date_range(start: dt.date | None, end: dt.date | None, name: str) -> None:
    if start and end and start > end:
        raise Problem(
            400,
            "Invalid date range",
            f"{name}From is after {name}To",
            errors=[{"parameter": f"{name}From", "detail": f"after {name}To"}],
        )


@get(
    PREFIX + "/applications",
    opt=READ,
    tags=TAGS,
    responses=LIST_PROBLEMS,
    summary="List applications, newest first, with ODP filters",
    description=(
        "Filters follow the ODP syntax: `status=consultation,assessment` matches either; "
        "repeating a parameter requires both. Offset pagination (`page`, `resultsPerPage`) by "
        "default; pass `cursor` (empty for the first page) for cursor pagination, whose pages "
        "cost the same however deep they are."
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
    received_from: Annotated[dt.date | None, QueryParameter(name="receivedDateFrom")] = None,
    received_to: Annotated[dt.date | None, QueryParameter(name="receivedDateTo")] = None,
    decided_from: Annotated[dt.date | None, QueryParameter(name="councilDecisionDateFrom")] = None,
    decided_to: Annotated[dt.date | None, QueryParameter(name="councilDecisionDateTo")] = None,
    order_by: Annotated[str, QueryParameter(name="orderBy", pattern="^(asc|desc)$")] = "desc",
    cursor: Annotated[str | None, QueryParameter(name="cursor", max_length=200)] = None,
) -> Page[ApplicationOut] | ApplicationCursorPage:
    _date_range(received_from, received_to, "receivedDate")
    _date_range(decided_from, decided_to, "councilDecisionDate")
    where = CaseFilter(
        services=(store.SERVICE,),
        statuses=_groups(status),
        case_types=_groups(application_type),
        officer_id=officer,
        reference=reference,
        query=text_query,
        received_from=received_from,
        received_to=received_to,
        decided_from=decided_from,
        decided_to=decided_to,
    )
    today = store.today()
    newest_first = order_by == "desc"
    total = await count_cases(db_session, where)
    if cursor is None:
        rows = await list_cases(
            db_session,
            where,
            limit=per_page,
            offset=(page - 1) * per_page,
            newest_first=newest_first,
        )
        return page_of([application_out(c, today) for c in rows], total, page, per_page)
    after = _cursor(cursor)
    rows = await list_cases(
        db_session, where, limit=per_page + 1, after=after, newest_first=newest_first
    )
    more = len(rows) > per_page
    rows = rows[:per_page]
    last = rows[-1] if rows and more else None
    return ApplicationCursorPage(
        data=[application_out(c, today) for c in rows],
        pagination=CursorPagination(
            results_per_page=per_page,
            next_cursor=_encode_cursor(last.received_date, last.id) if last else None,
            prev_cursor=cursor or None,
            total_results=total,
        ),
    )


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
    if_match: Annotated[str | None, HeaderParameter(name="If-Match")] = None,
) -> Response[ApplicationOut]:
    case = await load(db_session, application)
    if if_match is None:
        raise Problem(
            428,
            "Precondition required",
            "Send If-Match with the ETag you read, so concurrent edits are not lost",
        )
    check_version(case, parse_if_match(if_match, case))
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
    settings = await settings_of(db_session)
    await update_case(db_session, case, changes, actor=actor)
    if {"case_type", "received_date"} & changes.keys():
        await store.refresh_clock(db_session, case, settings=settings, actor=actor)
    await db_session.commit()
    return respond(await load(db_session, str(case.id)))


ROUTES = [create_application, list_applications, read_application, update_application]
__all__ = ["ROUTES", "get_case"]
