"""The one calendar for statutory dates: bank holidays, working days, periods and deadlines.

Every service computes its statutory dates here and nowhere else (ARCHITECTURE.md, decision 5):
a case type declares a :class:`~services.registry.ClockRule` and :func:`deadline` turns it and
the date of the starting event into a :class:`Deadline`. Procedure-specific helpers built on
this module (extensions of time, consultation periods, appeal limits, temporary event notices,
commencement notices) live in :mod:`services.core.deadlines`.

Bank holidays are those of England and Wales, from the ``holidays`` package (``GB``, subdivision
``ENG``), cached per year and aligned with the GOV.UK list, which is authoritative:

* the package also names the day itself when Christmas Day, Boxing Day or New Year's Day falls
  on a weekend (25 Dec 2022, a Sunday). GOV.UK lists only the weekday substitute (27 Dec 2022),
  so only weekday entries are bank holidays here; the weekend names are still used to explain
  why a period ends on a non-working day;
* the package says "(observed)" where GOV.UK says "substitute day"; GOV.UK's wording is used;
* :data:`GOVUK_ADDITIONS` and :data:`GOVUK_REMOVALS` correct the package wherever GOV.UK
  differs (for example a one-off bank holiday announced before the package is updated). Both
  are empty: for 2019-2028 the corrected package matches GOV.UK exactly, which a unit test
  checks year by year against ``shared/reference/bank-holidays/bank-holidays.json``.

Conventions (each pinned to worked dates in ``tests/unit/test_calendar.py``):

* **Working day**: Monday to Friday, other than an England and Wales bank holiday (which
  includes Good Friday and Christmas Day).
* **Periods counted from the day after an event** (every ``ClockStart.DAY_AFTER_*``): day 1 is
  the day after the event, so "8 weeks beginning with the day immediately following receipt"
  (DMPO 2015 art. 34) ends 56 days after receipt, on the same weekday: an application received
  on Monday 5 January 2026 must be determined by Monday 2 March 2026.
* **Months and years** use the corresponding-date rule (Dodds v Walker [1981] 1 WLR 1027): the
  period ends on the same day of the month, or on the last day of the month where that month
  is shorter. 31 January + 1 month is 28 February (29 in a leap year); 29 February + 1 year is
  28 February.
* **Working-day periods** count working days after the event: 10 working days after a Friday
  receipt ends on the second Friday after, or later if a bank holiday intervenes.
* **No roll-forward**: a calendar period may end on a Sunday or on Christmas Day; the
  :class:`Deadline` then says so (``falls_on_non_working_day`` and ``reason``) for the UI to
  warn. Only working-day periods always end on a working day.
* **Receipt on a non-working day** stays where it is unless the council's setting moves it to
  the next working day: :func:`effective_receipt_date`.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

from services.registry import ClockRule, ClockStart, ClockUnit

__all__ = [
    "GOVUK_ADDITIONS",
    "GOVUK_REMOVALS",
    "Deadline",
    "add_days",
    "add_months",
    "add_weeks",
    "add_working_days",
    "add_years",
    "bank_holiday_name",
    "bank_holidays",
    "deadline",
    "effective_receipt_date",
    "is_bank_holiday",
    "is_working_day",
    "next_working_day",
    "non_working_reason",
    "period_end",
    "previous_working_day",
    "working_days_between",
]

# --- Bank holidays ------------------------------------------------------------------------------

GOVUK_ADDITIONS: Mapping[date, str] = MappingProxyType({})
"""Bank holidays on GOV.UK that the ``holidays`` package lacks (none known)."""

GOVUK_REMOVALS: frozenset[date] = frozenset()
"""Dates the ``holidays`` package lists on a weekday that GOV.UK does not (none known)."""

# Fixed English names (calendar.day_name follows the process locale), Monday first.
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@functools.lru_cache(maxsize=256)  # a year each; far more years than any caseload spans
def _package_days(year: int) -> Mapping[date, str]:
    """Every day the ``holidays`` package names for England in ``year``, weekends included."""
    named = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return MappingProxyType({day: _govuk_wording(name) for day, name in sorted(named.items())})


def _govuk_wording(name: str) -> str:
    return name.replace("(observed)", "(substitute day)")


@functools.lru_cache(maxsize=256)  # a year each; far more years than any caseload spans
def bank_holidays(year: int) -> Mapping[date, str]:
    """England and Wales bank holidays in ``year`` (date -> name), as GOV.UK lists them."""
    days = {day: name for day, name in _package_days(year).items() if day.weekday() < 5}
    days.update({day: name for day, name in GOVUK_ADDITIONS.items() if day.year == year})
    for day in GOVUK_REMOVALS:
        days.pop(day, None)
    return MappingProxyType(dict(sorted(days.items())))


def bank_holiday_name(day: date) -> str | None:
    """The bank holiday's name (``"Good Friday"``), or ``None`` when ``day`` is not one."""
    return bank_holidays(day.year).get(day)


def is_bank_holiday(day: date) -> bool:
    return day in bank_holidays(day.year)


# --- Working days -------------------------------------------------------------------------------


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday."""
    return day.weekday() < 5 and not is_bank_holiday(day)


def non_working_reason(day: date) -> str | None:
    """Why ``day`` is not a working day, for people; ``None`` for a working day.

    A bank holiday gives its name (``"Christmas Day"``, ``"Boxing Day (substitute day)"``); a
    weekend gives the weekday, led by the holiday's name when the day is one
    (``"Christmas Day (Sunday)"`` for 25 December 2022).
    """
    if is_working_day(day):
        return None
    name = bank_holiday_name(day)
    if name is not None:
        return name
    weekday = _WEEKDAY_NAMES[day.weekday()]
    holiday = _package_days(day.year).get(day)
    return f"{holiday} ({weekday})" if holiday else weekday


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date) -> date:
    """``day`` itself when it is a working day, otherwise the last working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (before it when ``n`` is negative).

    ``start`` itself is never counted, whether or not it is a working day: 1 working day after
    Thursday 2 April 2026 is Tuesday 7 April (Good Friday and Easter Monday intervene).
    ``n == 0`` returns ``start`` unchanged.
    """
    step = timedelta(days=1 if n >= 0 else -1)
    day, remaining = start, abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def _weekdays_through(day: date) -> int:
    """Mondays to Fridays from 1 January of year 1 (a Monday) up to and including ``day``."""
    weeks, extra = divmod(day.toordinal(), 7)
    return weeks * 5 + min(extra, 5)


def working_days_between(a: date, b: date) -> int:
    """Working days after ``a`` up to and including ``b``; negative when ``b`` is before ``a``.

    The inverse of :func:`add_working_days`: ``working_days_between(a, add_working_days(a, n))
    == n``. Working days strictly between two dates (both excluded), as in "10 clear working
    days", are ``working_days_between(a, b - timedelta(days=1))``.
    """
    if b < a:
        return -working_days_between(b, a)
    count = _weekdays_through(b) - _weekdays_through(a)
    for year in range(a.year, b.year + 1):
        count -= sum(1 for day in bank_holidays(year) if a < day <= b)
    return count


# --- Calendar arithmetic ------------------------------------------------------------------------


def add_days(day: date, n: int) -> date:
    return day + timedelta(days=n)


def add_weeks(day: date, n: int) -> date:
    return day + timedelta(weeks=n)


def add_months(day: date, n: int) -> date:
    """The corresponding date ``n`` months later, clamped to the end of a shorter month.

    31 January 2026 + 1 month is 28 February 2026; 31 January 2028 + 1 month is 29 February
    2028. Clamping is not undone later, so always count a period in one step from its event:
    ``add_months(add_months(d, 1), 1)`` can differ from ``add_months(d, 2)``.
    """
    months = day.year * 12 + (day.month - 1) + n
    year, month = divmod(months, 12)
    last = _stdlib_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, n: int) -> date:
    """The corresponding date ``n`` years later; 29 February becomes 28 February."""
    return add_months(day, 12 * n)


def period_end(amount: int, unit: ClockUnit, event: date, *, includes_event_day: bool) -> date:
    """The last day of a period of ``amount`` ``unit`` counted from ``event``.

    With ``includes_event_day=False`` ("beginning with the day after the event", "from the
    event") day 1 is the day after ``event``; with ``True`` ("beginning with the date of the
    notice") day 1 is ``event`` itself, so the period ends a day earlier (a working day
    earlier for working-day periods when ``event`` is a working day).
    """
    if amount < 1:
        raise ValueError(f"a statutory period needs a positive length, not {amount}")
    origin = event - timedelta(days=1) if includes_event_day else event
    if unit is ClockUnit.CALENDAR_DAYS:
        return add_days(origin, amount)
    if unit is ClockUnit.CALENDAR_WEEKS:
        return add_weeks(origin, amount)
    if unit is ClockUnit.CALENDAR_MONTHS:
        return add_months(origin, amount)
    if unit is ClockUnit.CALENDAR_YEARS:
        return add_years(origin, amount)
    if unit is ClockUnit.WORKING_DAYS:
        return add_working_days(origin, amount)
    raise ValueError(f"the calendar cannot count in {unit!r}")


# --- Deadlines from clock rules -----------------------------------------------------------------


def _includes_event_day(starts: ClockStart) -> bool:
    """Whether day 1 of a period is the event day, read from the ``ClockStart`` member's name.

    ``DAY_AFTER_*`` members start the day after the event. ``DAY_OF_*`` members, should the
    registry add them for periods "beginning with the day" of an event, start on it.
    """
    if starts.name.startswith("DAY_AFTER_"):
        return False
    if starts.name.startswith("DAY_OF_"):
        return True
    raise ValueError(f"the calendar has no counting convention for {starts!r}")


@dataclass(frozen=True, slots=True)
class Deadline:
    """The last day of a statutory period, with what the UI needs to warn about it.

    ``target`` is the last day of the period and is never moved onto a working day; when it is
    not one, ``falls_on_non_working_day`` is set and ``reason`` says why (``"Sunday"``,
    ``"Christmas Day"``, ``"Boxing Day (substitute day)"``). ``starts_on`` is day 1 of the
    period (for working-day periods, the first working day counted).
    """

    rule: ClockRule
    event_date: date
    starts_on: date
    target: date
    falls_on_non_working_day: bool
    reason: str | None

    @property
    def next_working_day(self) -> date:
        """``target`` if it is a working day, else the working day after it (information only:
        the statutory period is not extended)."""
        return next_working_day(self.target)

    def days_left(self, today: date) -> int:
        """Calendar days from ``today`` to ``target``: 0 on the last day, negative when past."""
        return (self.target - today).days


def deadline(rule: ClockRule, event_date: date) -> Deadline:
    """The deadline set by ``rule`` for an event (receipt, deposit, notice, issue, decision).

    ``event_date`` is the date of the event the rule's ``starts`` names; pass receipt dates
    through :func:`effective_receipt_date` first where the council's setting applies.
    Extensions of time are applied separately (:func:`services.core.deadlines.apply_extension`).
    """
    includes_event_day = _includes_event_day(rule.starts)
    target = period_end(rule.amount, rule.unit, event_date, includes_event_day=includes_event_day)
    if rule.unit is ClockUnit.WORKING_DAYS:
        origin = event_date - timedelta(days=1) if includes_event_day else event_date
        starts_on = add_working_days(origin, 1)
    else:
        starts_on = event_date if includes_event_day else event_date + timedelta(days=1)
    reason = non_working_reason(target)
    return Deadline(
        rule=rule,
        event_date=event_date,
        starts_on=starts_on,
        target=target,
        falls_on_non_working_day=reason is not None,
        reason=reason,
    )


def effective_receipt_date(received: date, *, weekend_receipt_next_working_day: bool) -> date:
    """The receipt date clocks count from.

    With the council's ``weekend_receipt_next_working_day`` setting on, something received on a
    Saturday, Sunday or bank holiday is treated as received on the next working day (so the
    clock starts the day after that). With it off, receipt stays on the day it happened.
    """
    if weekend_receipt_next_working_day:
        return next_working_day(received)
    return received


LONDON = ZoneInfo("Europe/London")


def london_today() -> date:
    """Today's date in England and Wales, where every statutory period is counted."""
    return datetime.now(LONDON).date()
