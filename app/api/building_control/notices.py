"""Notices: initial notices from registered building control approvers (rejection on the
prescribed grounds within five working days, else treated as accepted), the list of those
grounds, and commencement / 'regarded as commenced' notices linked to an application."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from litestar import get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED

from app.api.building_control.applications import building_of
from app.api.building_control.deps import (
    COMMENCEMENT_NOTICE,
    INITIAL_NOTICE,
    PREFIX,
    TAGS,
    load,
    reloaded,
    settings_of,
    settled,
)
from app.api.building_control.notice_schemas import (
    ApproverOut,
    CommencementNoticeCreate,
    CommencementNoticeOut,
    GroundOut,
    InitialNoticeCreate,
    InitialNoticeOut,
    RejectionIn,
    RejectionOut,
)
from app.api.building_control.views import building_out, day, first, referral_out
from app.api.casework.requests import invalid
from app.api.casework.shapes import party_fields, party_out, site_fields, site_out
from app.api.pagination import DEFAULT_PER_PAGE, Page, PageParam, PerPageParam, page_of
from app.api.problem_docs import LIST_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.tenant_context import TenantSession
from services.building_control import casework, grounds, store
from services.building_control import workflow as wf
from services.core.cases.models import Case
from services.core.cases.queries import CaseFilter, count_cases, filter_groups, list_cases
from services.core.cases.store import NewCase

READ = requires("building_control", "notices", "read")
WRITE = requires("building_control", "notices", "write")
DECIDE = requires("building_control", "notices", "decide")
INITIAL = ("initial_notice",)
Date = dt.date | None


def ground_out(ground: grounds.Ground) -> GroundOut:
    return GroundOut(
        code=ground.code, title=ground.title, summary=ground.summary, citation=ground.citation
    )


def initial_notice_out(case: Case) -> InitialNoticeOut:
    details: dict[str, Any] = case.details
    approver = details.get("approver")
    rejection = details.get("rejection")
    return InitialNoticeOut(
        id=case.id,
        reference=case.reference,
        status=case.status,
        allowed_actions=list(wf.INITIAL_NOTICE.available(case.status)),
        description=case.description,
        given_date=case.received_date,
        last_day_to_reject=case.statutory_date,
        outcome=case.decision,
        outcome_date=case.decision_date,
        rejection=(
            RejectionOut(
                grounds=[ground_out(grounds.BY_CODE[c]) for c in rejection["grounds"]],
                detail=rejection["detail"],
            )
            if rejection
            else None
        ),
        approver=(
            ApproverOut(
                name=approver["name"],
                registration_number=approver["registration_number"],
                email=approver.get("email"),
            )
            if approver
            else None
        ),
        client=party_out(first(list(case.parties), "client")),
        building=building_out(details),
        referral=referral_out(details),
        site=site_out(case.site),
        version=case.version,
        created_at=case.created_at,
    )


def not_future(pointer: str, value: dt.date) -> None:
    if value > store.today():
        raise invalid(pointer, "cannot be in the future")


@post(
    PREFIX + "/initial-notices",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Register an initial notice given by a registered building control approver",
    description=(
        "The council may reject it within five working days beginning with the day it was "
        "given (`lastDayToReject`); after that it is treated as accepted. Higher-risk building "
        "work is recorded as `referred_to_bsr`: only the Building Safety Regulator can control "
        "it."
    ),
    status_code=HTTP_201_CREATED,
)
async def create_initial_notice(
    data: JSONBody[InitialNoticeCreate],
    db_session: TenantSession,
    actor: Actor,
) -> InitialNoticeOut:
    given = data.given_date or store.today()
    not_future("/givenDate", given)
    approver = {
        "name": data.approver.name,
        "registration_number": data.approver.registration_number,
        "email": data.approver.email,
    }
    new = NewCase(
        service=store.SERVICE,
        case_type="initial_notice",
        received_date=given,
        description=data.description,
        details={"approver": approver},
        site=site_fields(data.site),
        parties=[party_fields(data.client, "client")] if data.client else [],
    )
    case = await store.register(
        db_session,
        new,
        building=building_of(data.building),
        work_category=None,
        settings=await settings_of(db_session),
        actor=actor,
    )
    await db_session.commit()
    return initial_notice_out(await settled(db_session, str(case.id), INITIAL, "initial notice"))


@get(
    PREFIX + "/initial-notices",
    opt=READ,
    tags=TAGS,
    responses=LIST_PROBLEMS,
    summary="List initial notices, newest first (status and date filters)",
)
async def list_initial_notices(
    db_session: TenantSession,
    page: PageParam = 1,
    per_page: PerPageParam = DEFAULT_PER_PAGE,
    status: Annotated[list[str] | None, QueryParameter(name="status")] = None,
    given_from: Annotated[Date, QueryParameter(name="givenDateFrom")] = None,
    given_to: Annotated[Date, QueryParameter(name="givenDateTo")] = None,
) -> Page[InitialNoticeOut]:
    if await store.sweep(db_session, on=store.today()):
        await db_session.commit()
    where = CaseFilter(
        services=(store.SERVICE,),
        statuses=filter_groups(status),
        case_types=(INITIAL,),
        received_from=given_from,
        received_to=given_to,
    )
    total = await count_cases(db_session, where)
    rows = await list_cases(db_session, where, limit=per_page, offset=(page - 1) * per_page)
    return page_of([initial_notice_out(c) for c in rows], total, page, per_page)


@get(
    INITIAL_NOTICE,
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="One initial notice (treated as accepted once the rejection period has passed)",
)
async def read_initial_notice(notice: FromPath[str], db_session: TenantSession) -> InitialNoticeOut:
    return initial_notice_out(await settled(db_session, notice, INITIAL, "initial notice"))


@post(
    INITIAL_NOTICE + "/rejection",
    opt=DECIDE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Reject an initial notice on prescribed grounds, within its five working days",
    description=(
        "Each ground must be one of `GET …/building-control/rejection-grounds` (422 pointing "
        "at the ground otherwise). After the last day to reject the notice is treated as "
        "accepted, and a rejection is refused (409)."
    ),
    status_code=200,
)
async def reject_initial_notice(
    notice: FromPath[str],
    data: JSONBody[RejectionIn],
    db_session: TenantSession,
    actor: Actor,
) -> InitialNoticeOut:
    case = await load(db_session, notice, INITIAL, noun="initial notice")
    await casework.reject_initial_notice(
        db_session,
        case,
        ground_codes=data.grounds,
        detail=data.detail,
        rejected_date=data.rejected_date or store.today(),
        actor=actor,
    )
    await db_session.commit()
    return initial_notice_out(await reloaded(db_session, case))


@get(
    PREFIX + "/rejection-grounds",
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="The prescribed grounds for rejecting an initial notice, with their citations",
)
async def list_rejection_grounds() -> list[GroundOut]:
    return [ground_out(g) for g in grounds.GROUNDS]


def commencement_out(case: Case) -> CommencementNoticeOut:
    details: dict[str, Any] = case.details
    return CommencementNoticeOut(
        id=case.id,
        reference=case.reference,
        kind=case.case_type,
        status=case.status,
        application_id=details["application_id"],
        application_reference=details["application_reference"],
        given_date=case.received_date,
        earliest_start_date=day(details.get("earliest_start_date")),
        commenced_date=day(details.get("commenced_date")),
        recorded_by=case.created_by,
        created_at=case.created_at,
    )


@post(
    PREFIX + "/commencement-notices",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record a commencement notice or a 'regarded as commenced' notice on an application",
    description=(
        "A commencement notice sets the earliest start: after two full working days following "
        "the day it was given. A 'regarded as commenced' notice records the day work commenced "
        "and stops the application lapsing; if that day is after the lapse date (three years "
        "from deposit) it is refused (409)."
    ),
    status_code=HTTP_201_CREATED,
)
async def create_commencement_notice(
    data: JSONBody[CommencementNoticeCreate],
    db_session: TenantSession,
    actor: Actor,
) -> CommencementNoticeOut:
    given = data.given_date or store.today()
    not_future("/givenDate", given)
    if data.kind == "regarded_as_commenced":
        if data.commenced_date is None:
            raise invalid("/commencedDate", "say when the work is regarded as commenced")
        not_future("/commencedDate", data.commenced_date)
        if data.commenced_date > given:
            raise invalid("/commencedDate", "the notice cannot precede the commencement")
    elif data.commenced_date is not None:
        raise invalid("/commencedDate", "a commencement notice gives notice of a future start")
    application = await load(db_session, data.application, wf.LAPSING_TYPES)
    case = await casework.give_commencement_notice(
        db_session,
        application,
        kind=data.kind,
        given_date=given,
        commenced_date=data.commenced_date,
        description=data.description,
        settings=await settings_of(db_session),
        actor=actor,
    )
    await db_session.commit()
    return commencement_out(await reloaded(db_session, case))


@get(
    COMMENCEMENT_NOTICE,
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="One commencement or 'regarded as commenced' notice",
)
async def read_commencement_notice(
    notice: FromPath[str], db_session: TenantSession
) -> CommencementNoticeOut:
    return commencement_out(
        await settled(db_session, notice, wf.COMMENCEMENT_TYPES, "commencement notice")
    )


ROUTES = [
    create_initial_notice,
    list_initial_notices,
    read_initial_notice,
    reject_initial_notice,
    list_rejection_grounds,
    create_commencement_notice,
    read_commencement_notice,
]
__all__ = ["ROUTES"]
