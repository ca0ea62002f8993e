"""Procedural deadlines built on :mod:`services.core.calendar`, shared by every service.

Extensions of time, consultation and publicity periods, appeal time limits, and the working-day
windows that building control and licensing procedures use (commencement notices, temporary
event notices, hearings). All arithmetic is the calendar module's; this module only names the
periods and the counting convention each statute uses. Worked dates pin every rule in
``tests/unit/test_deadlines.py``.

Two counting conventions appear in the legislation and both are kept exactly:

* "beginning with the day immediately following" an event, or "from" an event: day 1 is the day
  after (decision periods, DMPO 2015 art. 34; appeal limits, art. 37);
* "beginning with the date" of a notice: the notice day is day 1 (publicity and consultee
  periods, DMPO 2015 arts. 22 and 33), so 21 days from a site notice put up on Monday
  2 March 2026 run to Sunday 22 March inclusive, and the application may be determined from
  Monday 23 March.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from services.core.calendar import (
    Deadline,
    add_working_days,
    deadline,
    is_working_day,
    period_end,
    working_days_between,
)
from services.registry import ClockRule, ClockStart, ClockUnit

__all__ = [
    "APPEAL_RULES",
    "CONSULTATION_DAYS",
    "TEN_LATE_CLEAR_WORKING_DAYS",
    "TEN_STANDARD_CLEAR_WORKING_DAYS",
    "AppealKind",
    "ConsultationKind",
    "ExtensionAfterAppealError",
    "ExtensionError",
    "ExtensionNotPermittedError",
    "ExtensionOfTime",
    "TenNoticeKind",
    "WorkingDayWindow",
    "appeal_deadline",
    "apply_extension",
    "classify_ten_notice",
    "clear_working_days_between",
    "consultation_end",
    "earliest_determination_date",
    "earliest_start_after_full_working_days",
    "latest_notice_date",
    "ten_notice_is_standard",
    "working_days_after",
]

_DMPO = "Town and Country Planning (Development Management Procedure) (England) Order 2015"

# --- Extensions of time -------------------------------------------------------------------------


class ExtensionError(ValueError):
    """An extension of time that cannot be recorded."""


class ExtensionAfterAppealError(ExtensionError):
    """The applicant has already appealed against non-determination: the authority can no longer
    agree a longer period (DMPO 2015 art. 34(2): an extension may be agreed unless notice of
    appeal has already been given)."""


class ExtensionNotPermittedError(ExtensionError):
    """The period is fixed by law (``ClockRule.extendable`` is false), e.g. prior approvals."""


@dataclass(frozen=True, slots=True)
class ExtensionOfTime:
    """An extension of time agreed in writing, and whether it counts.

    ``counts`` is true when the extension was agreed before the decision (or there is no
    decision yet); only then does it move the target: ``effective_target`` is ``new_target``
    if it counts, else ``previous_target``. ``decided_in_time`` is ``None`` until decided, then
    whether the decision was made on or before the effective target.
    """

    previous_target: date
    agreed_on: date
    new_target: date
    decided_on: date | None
    counts: bool

    @property
    def effective_target(self) -> date:
        return self.new_target if self.counts else self.previous_target

    @property
    def decided_in_time(self) -> bool | None:
        if self.decided_on is None:
            return None
        return self.decided_on <= self.effective_target


def apply_extension(
    target: date,
    agreed_date: date,
    new_target: date,
    *,
    decided_on: date | None,
    non_determination_appeal_on: date | None,
    rule: ClockRule | None = None,
) -> ExtensionOfTime:
    """Record an extension of time moving ``target`` to ``new_target``, agreed on ``agreed_date``.

    ``target`` is the target in force (the statutory one, or the last extension's). Raises
    :class:`ExtensionAfterAppealError` when a non-determination appeal was lodged on or before
    ``agreed_date`` (dates carry no time, so an agreement dated the day of the appeal cannot be
    shown to precede it); :class:`ExtensionNotPermittedError` when ``rule`` is given and is not
    extendable; :class:`ExtensionError` when ``new_target`` is not after ``target``. An
    extension agreed on or after ``decided_on`` is recorded but does not count: an extension
    only counts if agreed strictly before the decision.
    """
    if non_determination_appeal_on is not None and non_determination_appeal_on <= agreed_date:
        raise ExtensionAfterAppealError(
            f"a non-determination appeal was lodged on {non_determination_appeal_on:%d %B %Y}; "
            f"an extension agreed on {agreed_date:%d %B %Y} cannot be recorded"
        )
    if rule is not None and not rule.extendable:
        raise ExtensionNotPermittedError(f"the period is fixed by law ({rule.legal_basis})")
    if new_target <= target:
        raise ExtensionError(
            f"an extension must move the target later than {target:%d %B %Y}, "
            f"not to {new_target:%d %B %Y}"
        )
    counts = decided_on is None or agreed_date < decided_on
    return ExtensionOfTime(target, agreed_date, new_target, decided_on, counts)


# --- Consultation and publicity -----------------------------------------------------------------


class ConsultationKind(enum.StrEnum):
    SITE_NOTICE = "site_notice"
    NEIGHBOUR_LETTER = "neighbour_letter"
    CONSULTEE = "consultee"
    NEWSPAPER_NOTICE = "newspaper_notice"
    EIA_DEVELOPMENT = "eia_development"


# DMPO 2015 art. 33: representations made within 21 days beginning with the date a site notice
# is first displayed or a neighbour is served, or within 14 days beginning with the date of a
# newspaper notice, must be taken into account. Art. 22: a statutory consultee must respond
# within 21 days beginning with the day it receives the consultation. For applications with an
# environmental statement the EIA Regulations 2017 lengthen publicity to 30 days. In each case
# the start date is day 1, so the last day is start + (days - 1).
CONSULTATION_DAYS: Mapping[ConsultationKind, int] = MappingProxyType(
    {
        ConsultationKind.SITE_NOTICE: 21,
        ConsultationKind.NEIGHBOUR_LETTER: 21,
        ConsultationKind.CONSULTEE: 21,
        ConsultationKind.NEWSPAPER_NOTICE: 14,
        ConsultationKind.EIA_DEVELOPMENT: 30,
    }
)


def consultation_end(kind: ConsultationKind, start_date: date) -> date:
    """The last day for comments: the end of the period beginning with ``start_date``.

    ``start_date`` is when the site notice went up, the letter was served, the consultee
    received the request, or the newspaper notice was published. Like any calendar period the
    result may fall on a weekend or bank holiday and is not moved.
    """
    days = CONSULTATION_DAYS[kind]
    return period_end(days, ClockUnit.CALENDAR_DAYS, start_date, includes_event_day=True)


def earliest_determination_date(kind: ConsultationKind, start_date: date) -> date:
    """The first day the application may be determined: the day after :func:`consultation_end`.

    With several notices, take the latest of the dates for each.
    """
    return consultation_end(kind, start_date) + timedelta(days=1)


# --- Appeals ------------------------------------------------------------------------------------


class AppealKind(enum.StrEnum):
    HOUSEHOLDER = "householder"
    MINOR_COMMERCIAL = "minor_commercial"
    FULL = "full"
    OUTLINE = "outline"
    OTHER = "other"


_TWELVE_WEEKS = ClockRule(
    12,
    ClockUnit.CALENDAR_WEEKS,
    ClockStart.DAY_AFTER_DECISION,
    extendable=False,
    legal_basis=f"{_DMPO}, art. 37(2)(a)",
)
_SIX_MONTHS = ClockRule(
    6,
    ClockUnit.CALENDAR_MONTHS,
    ClockStart.DAY_AFTER_DECISION,
    extendable=False,
    legal_basis=f"{_DMPO}, art. 37(2)(b)",
)

# Notice of appeal is due within 12 weeks from the date of the decision notice for refusals of
# householder and minor commercial applications, and 6 months from it otherwise. "From" a date
# excludes that date, so 12 weeks from a decision on Monday 2 March 2026 end on Monday 25 May
# (a bank holiday: the Deadline says so, and the limit is not moved).
APPEAL_RULES: Mapping[AppealKind, ClockRule] = MappingProxyType(
    {
        AppealKind.HOUSEHOLDER: _TWELVE_WEEKS,
        AppealKind.MINOR_COMMERCIAL: _TWELVE_WEEKS,
        AppealKind.FULL: _SIX_MONTHS,
        AppealKind.OUTLINE: _SIX_MONTHS,
        AppealKind.OTHER: _SIX_MONTHS,
    }
)


def appeal_deadline(kind: AppealKind, decision_date: date) -> Deadline:
    """The last day to appeal against a decision dated ``decision_date``."""
    return deadline(APPEAL_RULES[kind], decision_date)


# --- Working-day windows: notices and hearings --------------------------------------------------


def earliest_start_after_full_working_days(notice_date: date, full_working_days: int) -> date:
    """The first day on which something may happen once ``full_working_days`` have elapsed.

    The day the notice is given never counts (it is not a full day). Building Regulations 2010
    reg. 16(1): work may not start until two days (Saturdays, Sundays and bank holidays not
    counting) have elapsed since the end of the day the notice was given. So a notice given on
    Monday allows a start on Thursday (the 3rd working day after); a notice given on Wednesday
    lets Thursday and Friday elapse, so work may start on Saturday.
    """
    if full_working_days < 1:
        raise ValueError("a notice period needs at least one full working day")
    return add_working_days(notice_date, full_working_days) + timedelta(days=1)


def clear_working_days_between(earlier: date, later: date) -> int:
    """Working days strictly between two dates, both excluded (0 if there is no gap)."""
    if later <= earlier:
        return 0
    return working_days_between(earlier, later - timedelta(days=1))


def latest_notice_date(event_starts: date, clear_working_days: int) -> date:
    """The last calendar day a notice can be given and still leave ``clear_working_days``
    between it and ``event_starts``; it may be a weekend day (use ``previous_working_day`` for
    the last working day)."""
    return add_working_days(event_starts, -clear_working_days) - timedelta(days=1)


class TenNoticeKind(enum.StrEnum):
    STANDARD = "standard"
    LATE = "late"
    OUT_OF_TIME = "out_of_time"


TEN_STANDARD_CLEAR_WORKING_DAYS = 10
TEN_LATE_CLEAR_WORKING_DAYS = 5


def classify_ten_notice(given_on: date, event_starts: date) -> TenNoticeKind:
    """Standard, late or out of time, by the clear working days before the event.

    Licensing Act 2003 ss.100 and 100A with s.193 ("working day"): a standard temporary event
    notice is given at least 10 working days before the event period begins, a late one 5 to 9;
    the Home Office guidance excludes both the day of giving and the first day of the event.
    """
    clear = clear_working_days_between(given_on, event_starts)
    if clear >= TEN_STANDARD_CLEAR_WORKING_DAYS:
        return TenNoticeKind.STANDARD
    if clear >= TEN_LATE_CLEAR_WORKING_DAYS:
        return TenNoticeKind.LATE
    return TenNoticeKind.OUT_OF_TIME


def ten_notice_is_standard(given_on: date, event_starts: date) -> bool:
    return classify_ten_notice(given_on, event_starts) is TenNoticeKind.STANDARD


@dataclass(frozen=True, slots=True)
class WorkingDayWindow:
    """The working days ``first`` to ``last`` inclusive, e.g. when a hearing must be held."""

    first: date
    last: date

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last and is_working_day(day)


def working_days_after(event: date, n: int) -> WorkingDayWindow:
    """The ``n`` working days beginning with the day after ``event``.

    A licensing hearing is held within 20 working days beginning with the day after the last
    day for representations: ``working_days_after(last_day_for_representations, 20)``.
    """
    if n < 1:
        raise ValueError("a working-day window needs at least one working day")
    return WorkingDayWindow(add_working_days(event, 1), add_working_days(event, n))
