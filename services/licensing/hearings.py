"""Licensing sub-committee hearings on licence applications: when one must begin, listing it,
dispensing with it, and recording that it was held.

Licensing Act 2003 (Hearings) Regulations 2005:

* reg. 5 and Sch. 1: a hearing on an application for a premises licence or club premises
  certificate, a variation, a transfer, a change of DPS or a review must be *commenced* within
  20 working days beginning with the day after the last day on which representations (or the
  police's objection notice) could be made; for a personal licence objected to by the police,
  20 working days beginning with the day after the end of the police's 14 days;
* reg. 6(4) and Sch. 2: notice of the hearing is given to the parties no later than 10 working
  days before the day (or first day) of the hearing;
* reg. 9: the authority may dispense with a hearing if all the parties agree it is unnecessary.

``working_days_after(period_end, 20)`` (:mod:`services.core.deadlines`) counts the window.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import LONDON, add_working_days
from services.core.cases.models import Case
from services.core.cases.store import CaseRuleError, audit, snapshot
from services.core.deadlines import WorkingDayWindow, working_days_after
from services.licensing.models import Hearing

HEARING_WORKING_DAYS = 20
NOTICE_WORKING_DAYS = 10


def hearing_window(period_end: dt.date) -> WorkingDayWindow:
    """The working days a hearing must commence in, after the period ending ``period_end``."""
    return working_days_after(period_end, HEARING_WORKING_DAYS)


def latest_notice_day(hearing_day: dt.date) -> dt.date:
    """The last day notice of a hearing on ``hearing_day`` may be given (reg. 6(4))."""
    return add_working_days(hearing_day, -NOTICE_WORKING_DAYS)


def local_day(moment: dt.datetime) -> dt.date:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(LONDON).date()


async def hearing_of(session: AsyncSession, case: Case, *, lock: bool = False) -> Hearing | None:
    statement = select(Hearing).where(Hearing.case_id == case.id).order_by(Hearing.recorded_at)
    if lock:
        statement = statement.with_for_update()
    return (await session.scalars(statement.limit(1))).first()


async def open_hearing(
    session: AsyncSession, case: Case, period_end: dt.date, *, actor: str
) -> Hearing:
    """A hearing to be listed, with the window it must commence in."""
    window = hearing_window(period_end)
    hearing = Hearing(
        case_id=case.id,
        earliest_on=window.first,
        start_by=window.last,
        status="to_list",
        recorded_by=actor,
    )
    session.add(hearing)
    await session.flush()
    audit(session, actor, "hearing.created", hearing)
    return hearing


async def list_hearing(
    session: AsyncSession,
    hearing: Hearing,
    *,
    scheduled_at: dt.datetime,
    venue: str | None,
    notice_given_on: dt.date | None,
    actor: str,
) -> Hearing:
    """Fix (or move) the hearing's date; it must commence on a working day in its window."""
    if hearing.status not in {"to_list", "listed"}:
        raise CaseRuleError("", f"the hearing is already {hearing.status}", status=409)
    day = local_day(scheduled_at)
    window = WorkingDayWindow(hearing.earliest_on, hearing.start_by)
    if not window.contains(day):
        raise CaseRuleError(
            "/scheduledAt",
            f"the hearing must commence on a working day from {window.first:%A %d %B %Y} to "
            f"{window.last:%A %d %B %Y} (20 working days after the representation period); "
            f"{day:%A %d %B %Y} is not one",
        )
    if notice_given_on is not None and notice_given_on > latest_notice_day(day):
        raise CaseRuleError(
            "/noticeGivenOn",
            f"notice of a hearing on {day:%d %B %Y} must be given by "
            f"{latest_notice_day(day):%A %d %B %Y} (10 working days before)",
        )
    before = snapshot(hearing)
    hearing.scheduled_at = scheduled_at
    hearing.venue = venue
    hearing.status = "listed"
    await session.flush()
    audit(session, actor, "hearing.listed", hearing, before=before)
    return hearing


async def close_hearing(
    session: AsyncSession, hearing: Hearing, status: str, reason: str, *, actor: str
) -> Hearing:
    """The hearing will not take place: ``dispensed`` (all parties agreed) or ``cancelled``
    (no relevant representation remains)."""
    if hearing.status not in {"to_list", "listed"}:
        raise CaseRuleError("", f"the hearing is already {hearing.status}", status=409)
    before = snapshot(hearing)
    hearing.status = status
    hearing.dispensed_reason = reason
    await session.flush()
    audit(session, actor, f"hearing.{status}", hearing, before=before)
    return hearing


async def record_held(
    session: AsyncSession,
    hearing: Hearing,
    *,
    held_on: dt.date,
    outcome: str,
    reasons: str | None,
    actor: str,
) -> Hearing:
    """The hearing took place (the determination follows it): it must have been listed, and a
    hearing held on a day other than the listed one was adjourned to it, so it cannot precede
    the listed day."""
    if hearing.status != "listed" or hearing.scheduled_at is None:
        raise CaseRuleError(
            "/heldOn", "list the hearing (PUT …/hearing) before recording it", status=409
        )
    if held_on < local_day(hearing.scheduled_at):
        raise CaseRuleError("/heldOn", "the hearing cannot be held before the day it was listed")
    before = snapshot(hearing)
    hearing.status = "held"
    hearing.held_on = held_on
    hearing.outcome = outcome
    hearing.reasons = reasons
    await session.flush()
    audit(session, actor, "hearing.held", hearing, before=before)
    return hearing


__all__ = [
    "close_hearing",
    "hearing_of",
    "hearing_window",
    "latest_notice_day",
    "list_hearing",
    "local_day",
    "open_hearing",
    "record_held",
]
