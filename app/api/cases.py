"""The cross-service worklist and case search: ``GET /api/v1/{tenant}/cases``.

Shows only the services the caller may read; by default only open cases (not in a closed
state of their service's workflow), soonest target date first.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, get
from litestar.params import QueryParameter
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.api.openapi_examples import example, example_of, page_example, response_with_examples
from app.api.pagination import DEFAULT_PER_PAGE, Page, PageParam, PerPageParam, page_of
from app.api.problem_docs import LIST_PROBLEMS
from app.auth.guard import readable_services
from app.guards import requires
from app.problems import Problem
from app.tenant_context import CurrentTenant, TenantSession
from services.core.calendar import london_today
from services.core.cases.models import Case
from services.core.cases.queries import CaseFilter, count_cases, filter_groups
from services.registry import registry


class WorklistItem(msgspec.Struct, rename="camel", kw_only=True):
    id: Annotated[UUID, example("0195f3c2-7a41-7c1e-9b3d-5f2a8e6d4c10")]
    service: Annotated[str, example("planning")]
    reference: Annotated[str, example("26/00042/HOUSE")]
    case_type: Annotated[str, example("householder")]
    case_type_name: Annotated[str, example("Householder application")]
    status: Annotated[str, example("consultation")]
    description: Annotated[str, example("Single-storey rear extension and loft conversion")]
    received_date: Annotated[dt.date, example("2026-03-02")]
    statutory_date: Annotated[dt.date, example("2026-04-27")] | None
    target_date: Annotated[dt.date, example("2026-04-27")] | None
    days_to_target: Annotated[int, example(34)] | None
    overdue: Annotated[bool, example(False)]
    officer_id: Annotated[UUID, example("0195f3c2-1b7e-7d4a-8c2f-3e9a6b1d5f70")] | None
    officer_name: Annotated[str, example("Priya Shah")] | None
    site_address: Annotated[str, example("12 Acacia Avenue, SE22 8HT")] | None
    uprn: Annotated[str, example("100021234567")] | None


PAGE_RESPONSE = response_with_examples(
    Page[WorklistItem],
    "A page of the worklist, soonest target date first",
    worklist=page_example(example_of(WorklistItem), 12),
)


def _item(case: Case, today: dt.date, closed: frozenset[str]) -> WorklistItem:
    open_case = case.decision_date is None and case.status not in closed
    return WorklistItem(
        id=case.id,
        service=case.service,
        reference=case.reference,
        case_type=case.case_type,
        case_type_name=registry.get(case.service).case_type(case.case_type).name,
        status=case.status,
        description=case.description,
        received_date=case.received_date,
        statutory_date=case.statutory_date,
        target_date=case.target_date,
        days_to_target=(case.target_date - today).days if case.target_date and open_case else None,
        overdue=bool(open_case and case.target_date and case.target_date < today),
        officer_id=case.officer_id,
        officer_name=case.officer_name,
        site_address=case.site.address_line if case.site else None,
        uprn=case.site.uprn if case.site else None,
    )


def _officer(value: str | None, request: Request[Any, Any, Any]) -> UUID | None:
    if value is None:
        return None
    if value == "me":
        user = request.scope.get("user")
        ident = getattr(user, "id", None)
        if not isinstance(ident, UUID):
            raise Problem(400, "Invalid officer", "`officer=me` needs a signed-in officer")
        return ident
    try:
        return UUID(value)
    except ValueError as exc:
        raise Problem(
            400,
            "Invalid officer",
            f"{value!r} is not an officer id (a UUID, or `me`)",
            errors=[{"parameter": "officer", "detail": "not a UUID or `me`"}],
        ) from exc


@get(
    "/api/v1/{tenant:str}/cases",
    opt=requires("core", "cases", "read"),
    tags=["council"],
    responses={**LIST_PROBLEMS, 200: PAGE_RESPONSE},
    summary="Worklist: open cases across every service you can read, soonest target first",
    description=(
        "`officer` is an officer's user id, or `me`; `overdue=true` keeps cases past their "
        "target date; `service` and `status` take the ODP filter syntax (comma = OR); "
        "`open=false` includes closed cases; `caseType` filters by case type (comma = OR); "
        "`uprn` keeps cases at that site; `query` searches references (current and legacy), "
        "descriptions and site addresses."
    ),
)
async def worklist(
    request: Request[Any, Any, Any],
    db_session: TenantSession,
    current_tenant: CurrentTenant,
    page: PageParam = 1,
    per_page: PerPageParam = DEFAULT_PER_PAGE,
    officer: Annotated[str | None, QueryParameter(name="officer")] = None,
    overdue: Annotated[bool, QueryParameter(name="overdue")] = False,
    service: Annotated[str | None, QueryParameter(name="service")] = None,
    status: Annotated[list[str] | None, QueryParameter(name="status")] = None,
    open_only: Annotated[bool, QueryParameter(name="open")] = True,
    text_query: Annotated[str | None, QueryParameter(name="query", max_length=200)] = None,
    case_type: Annotated[list[str] | None, QueryParameter(name="caseType")] = None,
    uprn: Annotated[str | None, QueryParameter(name="uprn", pattern=r"^\d{1,12}$")] = None,
) -> Page[WorklistItem]:
    services = readable_services(request.scope.get("user"), current_tenant)
    if service:
        asked = tuple(s for s in service.split(",") if s)
        unknown = [s for s in asked if s not in registry]
        if unknown:
            raise Problem(
                400,
                "Unknown service",
                f"{', '.join(unknown)} is not a service; use {', '.join(registry.codes())}",
                errors=[{"parameter": "service", "detail": "unknown service"}],
            )
        services = tuple(s for s in services if s in asked)
    today = london_today()
    closed = (
        frozenset().union(*(registry.get(s).closed_states() for s in services))
        if services
        else frozenset()
    )
    where = CaseFilter(
        services=services or ("-",),
        statuses=filter_groups(status),
        officer_id=_officer(officer, request),
        overdue_on=today if overdue else None,
        open_only=open_only,
        query=text_query,
        case_types=filter_groups(case_type),
        uprn=uprn,
        closed_states=closed,
    )
    total = await count_cases(db_session, where)
    statement = (
        where.apply(select(Case))
        .options(selectinload(Case.site))
        .order_by(Case.target_date.asc().nulls_last(), Case.received_date, Case.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    rows = (await db_session.scalars(statement)).all()
    return page_of([_item(c, today, closed) for c in rows], total, page, per_page)
