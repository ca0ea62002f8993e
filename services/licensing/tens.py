"""Temporary event notices: giving one, objections, the hearing, the decision, acknowledgement
and withdrawal (Licensing Act 2003, ss.98-107).

A notice is a case (``register_case``) whose type follows from its dates; the notice itself is a
:class:`TemporaryEventNotice` row. The rules are :mod:`services.licensing.ten_limits`'; every
refusal raises ``CaseRuleError`` before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.cases.clocks import clock_event_date
from services.core.cases.models import Case
from services.core.cases.store import CaseRuleError, NewCase, audit, update_case
from services.core.cases.timing import register_case
from services.core.deadlines import TenNoticeKind
from services.core.settings import CouncilSettings
from services.licensing import ten_limits as rules
from services.licensing import ten_workflow as wf
from services.licensing.ten_models import TemporaryEventNotice

SERVICE = "licensing"
CASE_TYPE = {TenNoticeKind.STANDARD: wf.STANDARD, TenNoticeKind.LATE: wf.LATE}


@dataclass(frozen=True, slots=True)
class NoticeIn:
    given_on: dt.date
    premises_address: str
    premises_user_name: str
    premises_user_born_on: dt.date
    starts_at: dt.datetime
    ends_at: dt.datetime
    max_attendance: int
    activities: Sequence[str]
    description: str
    uprn: str | None = None
    premises_name: str | None = None
    personal_licence_number: str | None = None
    personal_licence_authority: str | None = None
    alcohol_supply: str | None = None
    premises_licence_number: str | None = None
    notice_type: str | None = None
    user_email: str | None = None
    user_address: dict[str, str] | None = None
    site: dict[str, object] = field(default_factory=dict)


def period_of(row: TemporaryEventNotice) -> rules.EventPeriod:
    return rules.EventPeriod(row.event_starts_at, row.event_ends_at)


def counted(row: TemporaryEventNotice) -> rules.Counted:
    return rules.Counted(period_of(row), row.kind == "late")


def _check_event(notice: NoticeIn, period: rules.EventPeriod) -> None:
    if notice.ends_at <= notice.starts_at:
        raise CaseRuleError("/eventEndsAt", "the event must end after it starts")
    if period.hours > rules.MAX_EVENT_HOURS:
        raise CaseRuleError(
            "/eventEndsAt",
            f"an event period may last at most {rules.MAX_EVENT_HOURS} hours (s.100(5)); "
            f"this one lasts {period.hours:g}",
        )
    if notice.max_attendance > rules.MAX_ATTENDANCE:
        raise CaseRuleError(
            "/maxAttendance", f"at most {rules.MAX_ATTENDANCE} people may attend (s.100(5))"
        )
    if rules.age_on(notice.premises_user_born_on, notice.given_on) < rules.MIN_AGE:
        raise CaseRuleError(
            "/premisesUser/dateOfBirth", "the premises user must be 18 or over (s.100(3))"
        )
    if period.first_day < notice.given_on:
        raise CaseRuleError("/eventStartsAt", "the event cannot start before the notice is given")


def classify(notice: NoticeIn, settings: CouncilSettings, first_day: dt.date) -> str:
    """The case type the dates make the notice, or a 422 naming the last days it could have
    been given."""
    given = clock_event_date(
        notice.given_on,
        weekend_receipt_next_working_day=settings.weekend_receipt_next_working_day,
    )
    kind = rules.notice_kind(given, first_day)
    window = rules.notice_window(first_day)
    if kind is TenNoticeKind.OUT_OF_TIME:
        raise CaseRuleError(
            "/givenDate",
            f"a notice for an event starting on {first_day:%a %d %b %Y} had to be given by "
            f"{window.last_late:%a %d %b %Y} (5 clear working days); it cannot be given now",
        )
    case_type = CASE_TYPE[kind]
    if notice.notice_type is not None and notice.notice_type != case_type:
        raise CaseRuleError(
            "/noticeType",
            f"given on {notice.given_on:%a %d %b %Y} for an event starting "
            f"{first_day:%a %d %b %Y} this is a {kind.value} notice ({case_type}); the last day "
            f"for a standard notice was {window.last_standard:%a %d %b %Y}",
        )
    return case_type


async def counting(
    session: AsyncSession, years: Sequence[int], *, premises: str, user: str
) -> Sequence[TemporaryEventNotice]:
    """Notices that still count whose event touches ``years``, at the premises or by the user."""
    first, last = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    statement = select(TemporaryEventNotice).where(
        TemporaryEventNotice.counts.is_(True),
        TemporaryEventNotice.last_day >= first,
        TemporaryEventNotice.first_day <= last,
        or_(
            TemporaryEventNotice.premises_key == premises,
            TemporaryEventNotice.premises_user_key == user,
        ),
    )
    return (await session.scalars(statement)).all()


async def _reference_of(session: AsyncSession, row: TemporaryEventNotice) -> str:
    case = await session.get(Case, row.case_id)
    return case.reference if case else str(row.case_id)


async def give_notice(
    session: AsyncSession, notice: NoticeIn, *, settings: CouncilSettings, actor: str
) -> tuple[Case, TemporaryEventNotice]:
    """Register a notice; if it would exceed a s.107 limit it is recorded with the counter
    notice the authority must give, naming the limit."""
    period = rules.EventPeriod(rules.london(notice.starts_at), rules.london(notice.ends_at))
    _check_event(notice, period)
    case_type = classify(notice, settings, period.first_day)
    premises = rules.premises_key(notice.uprn, notice.premises_address)
    user = rules.premises_user_key(notice.premises_user_name, notice.premises_user_born_on)
    others = await counting(session, period.years(), premises=premises, user=user)
    for other in others:
        if other.premises_key == premises and other.premises_user_key == user:
            gap = period.gap_to(period_of(other))
            if gap < rules.MIN_GAP:
                raise CaseRuleError(
                    "/eventStartsAt",
                    f"the event must be at least 24 hours from this premises user's event "
                    f"under {await _reference_of(session, other)} at the same premises; the "
                    "notice would be void (s.101)",
                    status=409,
                )
    holder = notice.personal_licence_number is not None
    breach = rules.first_breach(
        period,
        late=case_type == wf.LATE,
        holder=holder,
        at_premises=[counted(o) for o in others if o.premises_key == premises],
        by_user=[counted(o) for o in others if o.premises_user_key == user],
    )
    new = NewCase(
        service=SERVICE,
        case_type=case_type,
        received_date=notice.given_on,
        description=notice.description,
        status=wf.COUNTER_NOTICE if breach else None,
        site={"address_line": notice.premises_address, "uprn": notice.uprn, **notice.site},
        parties=[
            {
                "role": "premises_user",
                "name": notice.premises_user_name,
                "email": notice.user_email,
                "address": notice.user_address,
            }
        ],
    )
    case = await register_case(
        session, new, workflow=wf.WORKFLOWS[case_type], settings=settings, actor=actor
    )
    row = TemporaryEventNotice(
        case_id=case.id,
        kind="late" if case_type == wf.LATE else "standard",
        given_on=notice.given_on,
        premises_key=premises,
        premises_name=notice.premises_name,
        premises_address=notice.premises_address,
        uprn=notice.uprn,
        premises_user_key=user,
        premises_user_name=notice.premises_user_name,
        premises_user_born_on=notice.premises_user_born_on,
        personal_licence_number=notice.personal_licence_number,
        personal_licence_authority=notice.personal_licence_authority,
        event_starts_at=period.starts_at,
        event_ends_at=period.ends_at,
        first_day=period.first_day,
        last_day=period.last_day,
        max_attendance=notice.max_attendance,
        activities=list(notice.activities),
        alcohol_supply=notice.alcohol_supply,
        premises_licence_number=notice.premises_licence_number,
        counts=breach is None,
        imposed_conditions=[],
        created_by=actor,
    )
    if breach is not None:
        row.counter_notice_section = "107"
        row.counter_notice_ground = breach.limit.value
        row.counter_notice_detail = f"{breach.section}: {breach.detail}"
        row.counter_notice_on = rules.london(dt.datetime.now(dt.UTC)).date()
    session.add(row)
    await session.flush()
    audit(session, actor, "ten.given", row)
    if breach is not None:
        await record_decision(session, case, "counter_notice", actor=actor)
    return case, row


async def record_decision(session: AsyncSession, case: Case, outcome: str, *, actor: str) -> None:
    today = rules.london(dt.datetime.now(dt.UTC)).date()
    changes = {"decision": outcome, "decision_date": today, "decided_by": actor}
    await update_case(session, case, changes, actor=actor, action="case.decided")


def counter_notice(row: TemporaryEventNotice, section: str, ground: str, detail: str) -> None:
    row.counts = False
    row.counter_notice_section = section
    row.counter_notice_ground = ground
    row.counter_notice_detail = detail
    row.counter_notice_on = rules.london(dt.datetime.now(dt.UTC)).date()


async def usage(
    session: AsyncSession,
    year: int,
    *,
    premises: str | None,
    user: str | None,
    holder: bool,
) -> tuple[rules.Usage | None, rules.Usage | None]:
    """How much of ``year``'s allowance the premises and the premises user have used."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    base = and_(
        TemporaryEventNotice.counts.is_(True),
        TemporaryEventNotice.last_day >= first,
        TemporaryEventNotice.first_day <= last,
    )
    premises_usage = user_usage = None
    if premises is not None:
        rows = await session.scalars(
            select(TemporaryEventNotice).where(base, TemporaryEventNotice.premises_key == premises)
        )
        premises_usage = rules.premises_usage(year, [counted(r) for r in rows])
    if user is not None:
        rows = await session.scalars(
            select(TemporaryEventNotice).where(base, TemporaryEventNotice.premises_user_key == user)
        )
        user_usage = rules.person_usage(year, [counted(r) for r in rows], holder=holder)
    return premises_usage, user_usage


__all__ = ["NoticeIn", "counted", "give_notice", "period_of", "record_decision", "usage"]
