"""Temporary event notices: give one, list and read them, and a premises' or person's use of
the year's limits (Licensing Act 2003, ss.100-107)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from litestar import Response, get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy import func, select

from app.api.casework.shapes import address_dict
from app.api.licensing.ten_schemas import (
    TemporaryEventNoticeIn,
    TemporaryEventNoticeOut,
    TenLimitsOut,
)
from app.api.licensing.ten_views import NOTICE, NOTICES, PREFIX, TAGS, load, notice_out, usage_out
from app.api.pagination import DEFAULT_PER_PAGE, Page, PageParam, PerPageParam, page_of
from app.api.problem_docs import LIST_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import TenantSession
from services.core.cases.models import Case
from services.core.store import read_settings
from services.licensing import ten_limits, tens
from services.licensing import ten_workflow as wf
from services.licensing.ten_models import TemporaryEventNotice

READ = requires("licensing", "applications", "read")
WRITE = requires("licensing", "applications", "write")


def respond(
    case: Case, row: TemporaryEventNotice, status: int = 200
) -> Response[TemporaryEventNoticeOut]:
    return Response(
        notice_out(case, row), status_code=status, headers={"ETag": f'"{case.id}.{case.version}"'}
    )


@post(
    NOTICES,
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Give a temporary event notice (standard or late by its dates; a notice over a "
    "s.107 limit is recorded with the counter notice it requires)",
    status_code=HTTP_201_CREATED,
)
async def give_notice(
    data: JSONBody[TemporaryEventNoticeIn], db_session: TenantSession, actor: Actor
) -> Response[TemporaryEventNoticeOut]:
    user = data.premises_user
    notice = tens.NoticeIn(
        given_on=data.given_date,
        premises_address=data.premises.address_line,
        premises_name=data.premises.name,
        uprn=data.premises.uprn,
        premises_licence_number=data.premises.premises_licence_number,
        premises_user_name=user.name,
        premises_user_born_on=user.date_of_birth,
        personal_licence_number=user.personal_licence_number,
        personal_licence_authority=user.personal_licence_authority,
        user_email=user.email,
        user_address=address_dict(user.address),
        starts_at=data.event_starts_at,
        ends_at=data.event_ends_at,
        max_attendance=data.max_attendance,
        activities=data.activities,
        alcohol_supply=data.alcohol_supply,
        description=data.description,
        notice_type=data.notice_type,
    )
    settings = await read_settings(db_session)
    case, _ = await tens.give_notice(db_session, notice, settings=settings, actor=actor)
    await db_session.commit()
    case, row = await load(db_session, str(case.id))
    return respond(case, row, HTTP_201_CREATED)


@get(
    NOTICES,
    opt=READ,
    tags=TAGS,
    responses=LIST_PROBLEMS,
    summary="List temporary event notices, by event start (latest first)",
)
async def list_notices(
    db_session: TenantSession,
    page: PageParam = 1,
    per_page: PerPageParam = DEFAULT_PER_PAGE,
    status: Annotated[list[str] | None, QueryParameter(name="status")] = None,
    notice_type: Annotated[str | None, QueryParameter(name="noticeType")] = None,
    uprn: Annotated[str | None, QueryParameter(name="uprn", pattern=r"^\d{1,12}$")] = None,
    premises_user: Annotated[
        str | None, QueryParameter(name="premisesUser", max_length=300)
    ] = None,
    event_from: Annotated[dt.date | None, QueryParameter(name="eventDateFrom")] = None,
    event_to: Annotated[dt.date | None, QueryParameter(name="eventDateTo")] = None,
) -> Page[TemporaryEventNoticeOut]:
    if event_from and event_to and event_from > event_to:
        detail = "eventDateFrom is after eventDateTo"
        raise Problem(
            400,
            "Invalid date range",
            detail,
            errors=[{"parameter": "eventDateFrom", "detail": detail}],
        )
    where = [Case.service == "licensing", Case.case_type.in_(tuple(wf.WORKFLOWS))]
    if status:
        where.append(Case.status.in_([s for group in status for s in group.split(",")]))
    if notice_type:
        where.append(Case.case_type == notice_type)
    if uprn:
        where.append(TemporaryEventNotice.premises_key == ten_limits.premises_key(uprn, ""))
    if premises_user:
        where.append(TemporaryEventNotice.premises_user_name.ilike(f"%{premises_user}%"))
    if event_from:
        where.append(TemporaryEventNotice.last_day >= event_from)
    if event_to:
        where.append(TemporaryEventNotice.first_day <= event_to)
    joined = select(Case, TemporaryEventNotice).join(
        TemporaryEventNotice, TemporaryEventNotice.case_id == Case.id
    )
    total = await db_session.scalar(
        select(func.count()).select_from(joined.where(*where).subquery())
    )
    rows = await db_session.execute(
        joined.where(*where)
        .order_by(TemporaryEventNotice.event_starts_at.desc(), Case.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return page_of([notice_out(c, t) for c, t in rows.tuples()], total or 0, page, per_page)


@get(
    NOTICE,
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="One temporary event notice, by id or reference",
)
async def read_notice(
    notice: FromPath[str], db_session: TenantSession
) -> Response[TemporaryEventNoticeOut]:
    case, row = await load(db_session, notice)
    return respond(case, row)


@get(
    PREFIX + "/temporary-event-limits",
    opt=READ,
    tags=TAGS,
    responses=LIST_PROBLEMS,
    summary="How much of a year's s.107 limits a premises and a premises user have used",
    description=(
        "Name the premises by `uprn` or `premisesAddress`, the premises user by "
        "`premisesUserName` with `dateOfBirth` (and `personalLicenceHolder=true` for the "
        "higher limits). Notices withdrawn or met by a counter notice do not count."
    ),
)
async def read_limits(
    db_session: TenantSession,
    year: Annotated[int, QueryParameter(name="year", ge=2005, le=2100)],
    uprn: Annotated[str | None, QueryParameter(name="uprn", pattern=r"^\d{1,12}$")] = None,
    premises_address: Annotated[
        str | None, QueryParameter(name="premisesAddress", max_length=500)
    ] = None,
    user_name: Annotated[
        str | None, QueryParameter(name="premisesUserName", max_length=300)
    ] = None,
    born_on: Annotated[dt.date | None, QueryParameter(name="dateOfBirth")] = None,
    holder: Annotated[bool, QueryParameter(name="personalLicenceHolder")] = False,
) -> TenLimitsOut:
    premises = None
    if uprn or premises_address:
        premises = ten_limits.premises_key(uprn, premises_address or "")
    if (user_name is None) != (born_on is None):
        detail = "premisesUserName and dateOfBirth go together"
        raise Problem(
            400,
            "Incomplete person",
            detail,
            errors=[{"parameter": "dateOfBirth", "detail": detail}],
        )
    user = ten_limits.premises_user_key(user_name, born_on) if user_name and born_on else None
    if premises is None and user is None:
        detail = "name the premises (uprn or premisesAddress) or the premises user"
        raise Problem(
            400, "Nothing to count", detail, errors=[{"parameter": "uprn", "detail": detail}]
        )
    at_premises, by_user = await tens.usage(
        db_session, year, premises=premises, user=user, holder=holder
    )
    return TenLimitsOut(
        year=year, premises=usage_out(at_premises), premises_user=usage_out(by_user)
    )


ROUTES = [give_notice, list_notices, read_notice, read_limits]
