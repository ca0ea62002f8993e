"""Temporary event notices as the API shows them, and loading one by id or reference."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.licensing.ten_schemas import (
    TemporaryEventNoticeOut,
    TenCounterNoticeOut,
    TenHearingOut,
    TenObjectionOut,
    TenPremisesOut,
    TenPremisesUserOut,
    TenUsageOut,
)
from services.core.cases.models import Case
from services.core.cases.store import CaseNotFound, get_case
from services.licensing import ten_limits, ten_workflow
from services.licensing.models import Hearing, Representation
from services.licensing.ten_models import TemporaryEventNotice

PREFIX = "/api/v1/{tenant:str}/licensing"
NOTICES = PREFIX + "/temporary-event-notices"
NOTICE = NOTICES + "/{notice:str}"
TAGS = ["licensing: temporary event notices"]


async def load(session: AsyncSession, key: str) -> tuple[Case, TemporaryEventNotice]:
    """The notice with that id or reference, or a 404."""
    case = await get_case(session, "licensing", key)
    row = await session.scalar(
        select(TemporaryEventNotice).where(TemporaryEventNotice.case_id == case.id)
    )
    if case.case_type not in ten_workflow.WORKFLOWS or row is None:
        raise CaseNotFound(f"No temporary event notice has the id or reference {key}")
    return case, row


def notice_out(case: Case, row: TemporaryEventNotice) -> TemporaryEventNoticeOut:
    period = ten_limits.EventPeriod(row.event_starts_at, row.event_ends_at)
    window = ten_limits.notice_window(row.first_day)
    counter = None
    if row.counter_notice_section is not None:
        counter = TenCounterNoticeOut(
            section=row.counter_notice_section,
            ground=row.counter_notice_ground or "",
            detail=row.counter_notice_detail or "",
            given_date=row.counter_notice_on,
        )
    return TemporaryEventNoticeOut(
        id=case.id,
        reference=case.reference,
        notice_type=case.case_type,
        status=case.status,
        given_date=row.given_on,
        premises=TenPremisesOut(
            address_line=row.premises_address,
            name=row.premises_name,
            uprn=row.uprn,
            premises_licence_number=row.premises_licence_number,
        ),
        premises_user=TenPremisesUserOut(
            name=row.premises_user_name,
            date_of_birth=row.premises_user_born_on,
            personal_licence_number=row.personal_licence_number,
            personal_licence_authority=row.personal_licence_authority,
        ),
        event_starts_at=row.event_starts_at,
        event_ends_at=row.event_ends_at,
        event_days=period.days(),
        max_attendance=row.max_attendance,
        activities=list(row.activities),
        alcohol_supply=row.alcohol_supply,
        description=case.description,
        last_standard_notice_date=window.last_standard,
        last_late_notice_date=window.last_late,
        objection_period_ends_date=case.statutory_date,
        counts_towards_limits=row.counts,
        counter_notice=counter,
        imposed_conditions=list(row.imposed_conditions),
        decision=case.decision,
        decision_date=case.decision_date,
        withdrawn_at=case.withdrawn_at,
        version=case.version,
    )


def objection_out(rep: Representation) -> TenObjectionOut:
    return TenObjectionOut(
        id=rep.id,
        authority=rep.authority or "",
        name=rep.name,
        organisation=rep.organisation,
        received_date=rep.received_date,
        grounds=rep.grounds,
        objectives=list(rep.objectives),
        recorded_by=rep.recorded_by,
    )


def hearing_out(hearing: Hearing) -> TenHearingOut:
    return TenHearingOut(
        id=hearing.id,
        status=hearing.status,
        earliest_date=hearing.earliest_on,
        start_by_date=hearing.start_by,
        scheduled_at=hearing.scheduled_at,
        venue=hearing.venue,
        dispensed_reason=hearing.dispensed_reason,
        held_date=hearing.held_on,
        outcome=hearing.outcome,
        reasons=hearing.reasons,
    )


def usage_out(usage: ten_limits.Usage | None) -> TenUsageOut | None:
    if usage is None:
        return None
    return TenUsageOut(
        year=usage.year,
        notices=usage.notices,
        late_notices=usage.late_notices,
        days=usage.days,
        notice_limit=usage.limit_notices,
        late_notice_limit=usage.limit_late,
        day_limit=usage.limit_days,
    )
