"""Building control's date rules, each built on :mod:`services.core.calendar` and
:mod:`services.core.deadlines` (no arithmetic of its own):

- **Full plans, extended period** (Building Act 1984 s.16(12)): the relevant period is five
  weeks from deposit, or a longer period agreed in writing *before the five weeks end* that
  expires no later than *two months from the deposit*. Deposited Monday 2 March 2026: five weeks
  end Monday 6 April 2026 (Easter Monday; not moved), an agreement must be dated by then, and
  the extended period cannot run past Saturday 2 May 2026.
- **Lapse** (s.32; for building notices the Building Regulations 2010 make the same provision):
  plans deposited (or a notice given) are of no effect if the work has not commenced within
  three years of the deposit: deposited 14 November 2023, work must commence by
  14 November 2026; read on the 15th without a commencement, the approval has lapsed.
- **Commencement notice** (Building Regulations 2010 reg. 16(1)): work may start once two full
  working days have passed after the day the notice was given: given Wednesday 23 December
  2026, the two days are Thursday 24 and Tuesday 29 December (25 and 28 December are bank
  holidays), so work may start on Wednesday 30 December.
- **Initial notice** (s.47; 2024 Regulations reg. 6(4)): five working days beginning with the day
  the notice is given; the case type's own clock (``INITIAL_NOTICE``) gives the last day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from services.core.calendar import deadline
from services.core.deadlines import earliest_start_after_full_working_days
from services.registry import ClockRule, ClockStart, ClockUnit

_BA = "Building Act 1984"

#: The outer limit of an extended full plans period: two months from deposit.
EXTENDED_PERIOD_LIMIT = ClockRule(
    2,
    ClockUnit.CALENDAR_MONTHS,
    ClockStart.DAY_AFTER_DEPOSIT,
    extendable=False,
    legal_basis=f"{_BA}, s.16(12)",
)
#: Plans deposited (or a building notice given) lapse if work has not commenced in 3 years.
LAPSE = ClockRule(
    3,
    ClockUnit.CALENDAR_YEARS,
    ClockStart.DAY_AFTER_DEPOSIT,
    extendable=False,
    legal_basis=f"{_BA}, s.32",
)
#: Full working days that must pass after a commencement notice before work starts.
COMMENCEMENT_WAIT_WORKING_DAYS = 2


def extension_limit(deposited: dt.date) -> dt.date:
    """The latest day an extended full plans period may end: two months from deposit."""
    return deadline(EXTENDED_PERIOD_LIMIT, deposited).target


@dataclass(frozen=True, slots=True)
class ExtensionProblem:
    """Why an agreed extension is not one s.16(12) allows: the request field at fault."""

    pointer: str
    detail: str


def check_extension(
    *, deposited: dt.date, five_weeks_end: dt.date, agreed: dt.date, new_target: dt.date
) -> ExtensionProblem | None:
    """``None`` if an extension agreed on ``agreed`` to ``new_target`` is lawful."""
    if agreed < deposited:
        return ExtensionProblem("/agreedDate", "an agreement cannot precede the deposit")
    if agreed > five_weeks_end:
        return ExtensionProblem(
            "/agreedDate",
            f"the period can only be extended by agreement made before the five weeks end on "
            f"{five_weeks_end:%d %B %Y} (Building Act 1984, s.16(12))",
        )
    limit = extension_limit(deposited)
    if new_target > limit:
        return ExtensionProblem(
            "/newTargetDate",
            f"an extended period cannot end later than two months from deposit, "
            f"{limit:%d %B %Y} (Building Act 1984, s.16(12))",
        )
    return None


def lapse_date(deposited: dt.date) -> dt.date:
    """The last day work can commence: three years from the deposit (s.32)."""
    return deadline(LAPSE, deposited).target


def has_lapsed(deposited: dt.date, commenced: dt.date | None, today: dt.date) -> bool:
    """Whether an approval has lapsed by ``today``: no work commenced by the lapse date."""
    last = lapse_date(deposited)
    return today > last and (commenced is None or commenced > last)


def earliest_start(notice_given: dt.date) -> dt.date:
    """The first day work may start after a commencement notice given on ``notice_given``."""
    return earliest_start_after_full_working_days(notice_given, COMMENCEMENT_WAIT_WORKING_DAYS)


__all__ = [
    "COMMENCEMENT_WAIT_WORKING_DAYS",
    "EXTENDED_PERIOD_LIMIT",
    "LAPSE",
    "ExtensionProblem",
    "check_extension",
    "earliest_start",
    "extension_limit",
    "has_lapsed",
    "lapse_date",
]
