"""Listing and searching planning applications with the ODP API conventions: the filter
syntax (``a,b`` = OR, repeated parameter = AND), the date-search parameters (``…From`` /
``…To`` pairs), ``sortBy`` / ``orderBy``, offset pagination by default and cursor pagination
(``cursor``) for large lists."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Literal
from uuid import UUID

from litestar import get
from litestar.params import QueryParameter

from app.api.pagination import DEFAULT_PER_PAGE, Page, PageParam, PerPageParam, page_of
from app.api.planning.deps import PREFIX, TAGS
from app.api.planning.schemas import ApplicationCursorPage, ApplicationOut, CursorPagination
from app.api.planning.views import application_out
from app.api.problem_docs import LIST_PROBLEMS
from app.guards import requires
from app.problems import Problem
from app.tenant_context import TenantSession
from services.core.calendar import LONDON
from services.core.cases.models import Case
from services.core.cases.queries import CaseFilter, count_cases, filter_groups, list_cases
from services.planning import store

Date = dt.date | None
Moment = dt.datetime | None
SortBy = Literal["receivedAt", "id", "councilDecisionDate", "consultationEndDate"]


def bad_parameter(name: str, title: str, detail: str) -> Problem:
    return Problem(400, title, detail, errors=[{"parameter": name, "detail": detail}])


@dataclass(frozen=True, slots=True)
class Cursor:
    """A position in a cursor-paged list: the row to continue ``after`` (or to come back
    ``before``) and the total counted on the first page, carried along so that later pages
    cost the same however large the register is."""

    direction: Literal["after", "before"]
    received_date: dt.date
    case_id: UUID
    total: int

    @property
    def key(self) -> tuple[dt.date, UUID]:
        return self.received_date, self.case_id

    def encode(self) -> str:
        text = f"{self.direction}|{self.received_date.isoformat()}|{self.case_id}|{self.total}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def at(cls, direction: Literal["after", "before"], case: Case, total: int) -> str:
        return cls(direction, case.received_date, case.id, total).encode()

    @classmethod
    def decode(cls, value: str) -> Cursor:
        try:
            text = base64.urlsafe_b64decode(value.encode() + b"==").decode()
            direction, day, ident, total = text.split("|")
            if direction not in ("after", "before") or int(total) < 0:
                raise ValueError(direction)
            return cls(direction, dt.date.fromisoformat(day), UUID(ident), int(total))  # type: ignore[arg-type]
        except ValueError as exc:
            raise bad_parameter("cursor", "Invalid cursor", "not a cursor this API issued") from exc


def pair(name: str, start: object, end: object) -> None:
    """ODP date parameters come in pairs: ``…From`` requires ``…To`` and the reverse."""
    if (start is None) != (end is None):
        missing = f"{name}To" if end is None else f"{name}From"
        raise bad_parameter(
            missing, "Incomplete date range", f"{name}From and {name}To go together"
        )
    if start is not None and end is not None and start > end:  # type: ignore[operator]
        raise bad_parameter(f"{name}From", "Invalid date range", f"{name}From is after {name}To")


def local_day(moment: dt.datetime | None) -> dt.date | None:
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(LONDON).date()


def earliest(*days: dt.date | None) -> dt.date | None:
    present = [d for d in days if d is not None]
    return max(present) if present else None


def latest(*days: dt.date | None) -> dt.date | None:
    present = [d for d in days if d is not None]
    return min(present) if present else None


@get(
    PREFIX + "/applications",
    opt=requires("planning", "applications", "read"),
    tags=TAGS,
    responses=LIST_PROBLEMS,
    summary="List and search applications with the ODP filters, newest first",
    description=(
        "Filters follow the ODP syntax: `status=consultation,assessment` matches either; "
        "repeating a parameter requires both. Date search takes ODP pairs (`receivedAtFrom` "
        "with `receivedAtTo`, `validatedAt…`, `publishedAt…`, `consultationEndDate…`, "
        "`councilDecisionDate…`) or the open-ended `receivedDateFrom` / `receivedDateTo`. "
        "`sortBy` is `receivedAt` (default), `id`, `councilDecisionDate` or "
        "`consultationEndDate`, `orderBy` `desc` (default) or `asc`. Offset pagination "
        "(`page`, `resultsPerPage`) by default; pass `cursor` (empty for the first page) for "
        "cursor pagination by received date, whose pages cost the same however deep they are "
        "and however large the register: `totalResults` is counted on the first page and "
        "carried in the cursor."
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
    received_at_from: Annotated[Moment, QueryParameter(name="receivedAtFrom")] = None,
    received_at_to: Annotated[Moment, QueryParameter(name="receivedAtTo")] = None,
    validated_from: Annotated[Moment, QueryParameter(name="validatedAtFrom")] = None,
    validated_to: Annotated[Moment, QueryParameter(name="validatedAtTo")] = None,
    published_from: Annotated[Moment, QueryParameter(name="publishedAtFrom")] = None,
    published_to: Annotated[Moment, QueryParameter(name="publishedAtTo")] = None,
    consultation_from: Annotated[Date, QueryParameter(name="consultationEndDateFrom")] = None,
    consultation_to: Annotated[Date, QueryParameter(name="consultationEndDateTo")] = None,
    decided_from: Annotated[Date, QueryParameter(name="councilDecisionDateFrom")] = None,
    decided_to: Annotated[Date, QueryParameter(name="councilDecisionDateTo")] = None,
    has_decision: Annotated[bool | None, QueryParameter(name="hasCouncilDecisionDate")] = None,
    has_withdrawn: Annotated[bool | None, QueryParameter(name="hasWithdrawnAt")] = None,
    sort_by: Annotated[SortBy, QueryParameter(name="sortBy")] = "receivedAt",
    order_by: Annotated[Literal["asc", "desc"], QueryParameter(name="orderBy")] = "desc",
    cursor: Annotated[str | None, QueryParameter(name="cursor", max_length=200)] = None,
) -> Page[ApplicationOut] | ApplicationCursorPage:
    pair("receivedAt", received_at_from, received_at_to)
    pair("validatedAt", validated_from, validated_to)
    pair("publishedAt", published_from, published_to)
    pair("consultationEndDate", consultation_from, consultation_to)
    pair("councilDecisionDate", decided_from, decided_to)
    if received_from and received_to and received_from > received_to:
        raise bad_parameter("receivedDateFrom", "Invalid date range", "after receivedDateTo")
    where = CaseFilter(
        services=(store.SERVICE,),
        statuses=filter_groups(status),
        case_types=filter_groups(application_type),
        officer_id=officer,
        reference=reference,
        query=text_query,
        received_from=earliest(received_from, local_day(received_at_from)),
        received_to=latest(received_to, local_day(received_at_to)),
        validated_from=validated_from,
        validated_to=validated_to,
        published_from=published_from,
        published_to=published_to,
        consultation_end_from=consultation_from,
        consultation_end_to=consultation_to,
        decided_from=decided_from,
        decided_to=decided_to,
        decided=has_decision,
        withdrawn=has_withdrawn,
    )
    today = store.today()
    newest_first = order_by == "desc"
    if cursor is None:
        total = await count_cases(db_session, where)
        rows = await list_cases(
            db_session,
            where,
            limit=per_page,
            offset=(page - 1) * per_page,
            sort=sort_by,
            newest_first=newest_first,
        )
        return page_of([application_out(c, today) for c in rows], total, page, per_page)
    if sort_by != "receivedAt":
        raise bad_parameter("sortBy", "Invalid sort", "cursor pagination sorts by receivedAt")
    position = Cursor.decode(cursor) if cursor else None
    total = position.total if position else await count_cases(db_session, where)
    after = position.key if position and position.direction == "after" else None
    before = position.key if position and position.direction == "before" else None
    rows = list(
        await list_cases(
            db_session,
            where,
            limit=per_page + 1,
            after=after,
            before=before,
            newest_first=newest_first,
        )
    )
    more = len(rows) > per_page
    if before is not None:
        rows = rows[-per_page:] if more else rows
        has_next, has_prev = True, more
    else:
        rows = rows[:per_page]
        has_next, has_prev = more, after is not None
    return ApplicationCursorPage(
        data=[application_out(c, today) for c in rows],
        pagination=CursorPagination(
            results_per_page=per_page,
            next_cursor=Cursor.at("after", rows[-1], total) if rows and has_next else None,
            prev_cursor=Cursor.at("before", rows[0], total) if rows and has_prev else None,
            total_results=total,
        ),
    )


ROUTES = [list_applications]
