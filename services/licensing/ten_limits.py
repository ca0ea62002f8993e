"""The rules a temporary event notice is checked against, as data and pure functions.

Licensing Act 2003, Part 5:

- s.100(5): an event period lasts at most 168 hours and at most 499 people may attend;
- ss.100 and 100A with s.193: a standard notice is given at least 10 working days before the
  event, a late one 5 to 9 (the day given and the first day of the event do not count);
- s.101: a notice is void if its event period is less than 24 hours from another event period
  of the same premises user at the same premises;
- s.107: limits per calendar year. A premises user may give 50 notices (10 of them late) if
  they hold a personal licence, otherwise 5 (2 late); the same premises may have 15 notices
  covering at most 21 days (20 and 26 in 2022 and 2023: Licensing Act 2003 (Temporary Event
  Notices) (England) Order 2022). An event period partly in each of two years counts in both.
  Notices withdrawn (s.103) or met by a counter notice do not count.

The dates of an event are London calendar days: an event from 23:00 on Friday to 02:00 on
Saturday uses two days of the premises' allowance.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from services.core.calendar import LONDON
from services.core.deadlines import (
    TEN_LATE_CLEAR_WORKING_DAYS,
    TEN_STANDARD_CLEAR_WORKING_DAYS,
    TenNoticeKind,
    classify_ten_notice,
    latest_notice_date,
)

MAX_EVENT_HOURS = 168
MAX_ATTENDANCE = 499
MIN_GAP = dt.timedelta(hours=24)
MIN_AGE = 18
#: s.103: a premises user may withdraw no later than 24 hours before the event period begins;
#: s.105(3): a counter notice after a hearing is given at least 24 hours before it begins.
DAY_BEFORE = dt.timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class PremisesLimit:
    notices: int
    days: int


#: Per-premises limits by calendar year (s.107(4) and (5)); :data:`DEFAULT_PREMISES_LIMIT`
#: for a year not listed. 12 notices a year from 2012 to 2015, 15 since 2016.
PREMISES_LIMITS: Mapping[int, PremisesLimit] = MappingProxyType(
    {
        **{year: PremisesLimit(12, 21) for year in range(2012, 2016)},
        2022: PremisesLimit(20, 26),
        2023: PremisesLimit(20, 26),
    }
)
DEFAULT_PREMISES_LIMIT = PremisesLimit(15, 21)


@dataclass(frozen=True, slots=True)
class PersonLimit:
    notices: int
    late: int


#: Per-person limits (s.107(2), (2A), (3) and (3A)).
PERSONAL_LICENCE_HOLDER = PersonLimit(50, 10)
NOT_A_HOLDER = PersonLimit(5, 2)


def premises_limit(year: int) -> PremisesLimit:
    return PREMISES_LIMITS.get(year, DEFAULT_PREMISES_LIMIT)


def person_limit(holds_personal_licence: bool) -> PersonLimit:
    return PERSONAL_LICENCE_HOLDER if holds_personal_licence else NOT_A_HOLDER


class Limit(enum.StrEnum):
    """Which s.107 limit a notice would exceed."""

    PREMISES_NOTICES = "premises_notices"
    PREMISES_DAYS = "premises_days"
    USER_NOTICES = "user_notices"
    USER_LATE_NOTICES = "user_late_notices"


LIMIT_SECTIONS: Mapping[Limit, str] = MappingProxyType(
    {
        Limit.PREMISES_NOTICES: "s.107(4)",
        Limit.PREMISES_DAYS: "s.107(5)",
        Limit.USER_NOTICES: "s.107(2)/(3)",
        Limit.USER_LATE_NOTICES: "s.107(2A)/(3A)",
    }
)


# --- Keys: the same premises, the same person -------------------------------------------------


def premises_key(uprn: str | None, address: str) -> str:
    """The premises a notice is about: its UPRN, else its address normalised (case, spacing
    and punctuation ignored), so two notices for one place are counted together."""
    if uprn:
        return f"uprn:{int(uprn)}"
    words = re.sub(r"[^a-z0-9]+", " ", address.lower()).split()
    return "address:" + " ".join(words)


def premises_user_key(name: str, born_on: dt.date) -> str:
    """A premises user (always an individual, s.100(3)): their name normalised and birth date."""
    words = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    return f"{' '.join(words)}|{born_on.isoformat()}"


def age_on(born_on: dt.date, day: dt.date) -> int:
    years = day.year - born_on.year
    return years - ((day.month, day.day) < (born_on.month, born_on.day))


# --- The event period -------------------------------------------------------------------------


def london(moment: dt.datetime) -> dt.datetime:
    """``moment`` in London time (a naive value is taken to be London time already)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LONDON)
    return moment.astimezone(LONDON)


@dataclass(frozen=True, slots=True)
class EventPeriod:
    starts_at: dt.datetime
    ends_at: dt.datetime

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600

    @property
    def first_day(self) -> dt.date:
        return london(self.starts_at).date()

    @property
    def last_day(self) -> dt.date:
        """The last London day the event uses (an end at midnight uses the day before)."""
        return london(self.ends_at - dt.timedelta(microseconds=1)).date()

    def days(self) -> list[dt.date]:
        span = (self.last_day - self.first_day).days
        return [self.first_day + dt.timedelta(days=n) for n in range(span + 1)]

    def days_in(self, year: int) -> set[dt.date]:
        return {d for d in self.days() if d.year == year}

    def years(self) -> list[int]:
        return sorted({d.year for d in self.days()})

    def gap_to(self, other: EventPeriod) -> dt.timedelta:
        """Time between the two periods (zero or negative if they overlap)."""
        if other.starts_at >= self.ends_at:
            return other.starts_at - self.ends_at
        return self.starts_at - other.ends_at


# --- Giving notice ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoticeWindow:
    """The last days a notice for an event starting on ``event_starts`` may be given."""

    event_starts: dt.date
    last_standard: dt.date
    last_late: dt.date


def notice_window(event_starts: dt.date) -> NoticeWindow:
    return NoticeWindow(
        event_starts,
        latest_notice_date(event_starts, TEN_STANDARD_CLEAR_WORKING_DAYS),
        latest_notice_date(event_starts, TEN_LATE_CLEAR_WORKING_DAYS),
    )


def notice_kind(given_on: dt.date, event_starts: dt.date) -> TenNoticeKind:
    return classify_ten_notice(given_on, event_starts)


# --- Counting towards the limits --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Counted:
    """A notice already given that counts towards the limits: its period and whether late."""

    period: EventPeriod
    late: bool


@dataclass(frozen=True, slots=True)
class Usage:
    """What has been used of one year's allowance, and the allowance."""

    year: int
    notices: int
    late_notices: int
    days: int
    limit_notices: int
    limit_days: int | None
    limit_late: int | None


def premises_usage(year: int, given: Iterable[Counted]) -> Usage:
    in_year = [c for c in given if c.period.days_in(year)]
    days: set[dt.date] = set().union(*(c.period.days_in(year) for c in in_year))
    limit = premises_limit(year)
    late = sum(c.late for c in in_year)
    return Usage(year, len(in_year), late, len(days), limit.notices, limit.days, None)


def person_usage(year: int, given: Iterable[Counted], *, holder: bool) -> Usage:
    in_year = [c for c in given if c.period.days_in(year)]
    days: set[dt.date] = set().union(*(c.period.days_in(year) for c in in_year))
    limit = person_limit(holder)
    late = sum(c.late for c in in_year)
    return Usage(year, len(in_year), late, len(days), limit.notices, None, limit.late)


@dataclass(frozen=True, slots=True)
class Breach:
    limit: Limit
    year: int
    detail: str

    @property
    def section(self) -> str:
        return LIMIT_SECTIONS[self.limit]


def first_breach(
    period: EventPeriod,
    *,
    late: bool,
    holder: bool,
    at_premises: Iterable[Counted],
    by_user: Iterable[Counted],
) -> Breach | None:
    """The first s.107 limit the new notice would exceed, given the notices already counted
    at the premises and by the premises user; ``None`` if it is within every limit."""
    premises, user = list(at_premises), list(by_user)
    for year in period.years():
        used = person_usage(year, user, holder=holder)
        who = "a personal licence holder" if holder else "a premises user without a licence"
        if used.notices >= used.limit_notices:
            text = f"{who} may give {used.limit_notices} notices for {year}"
            return Breach(Limit.USER_NOTICES, year, f"{text}; {used.notices} already given")
        if late and used.limit_late is not None and used.late_notices >= used.limit_late:
            text = f"{who} may give {used.limit_late} late notices for {year}"
            return Breach(Limit.USER_LATE_NOTICES, year, f"{text}; {used.late_notices} given")
        here = premises_usage(year, premises)
        if here.notices >= here.limit_notices:
            text = f"the premises may have {here.limit_notices} notices in {year}"
            return Breach(Limit.PREMISES_NOTICES, year, f"{text}; {here.notices} already given")
        days = set().union(*(c.period.days_in(year) for c in premises)) | period.days_in(year)
        if here.limit_days is not None and len(days) > here.limit_days:
            text = f"the premises may have events on {here.limit_days} days in {year}"
            return Breach(
                Limit.PREMISES_DAYS,
                year,
                f"{text}; {here.days} used, this notice would make {len(days)}",
            )
    return None


__all__ = [
    "DAY_BEFORE",
    "DEFAULT_PREMISES_LIMIT",
    "MAX_ATTENDANCE",
    "MAX_EVENT_HOURS",
    "MIN_AGE",
    "MIN_GAP",
    "NOT_A_HOLDER",
    "PERSONAL_LICENCE_HOLDER",
    "PREMISES_LIMITS",
    "Breach",
    "Counted",
    "EventPeriod",
    "Limit",
    "NoticeWindow",
    "PersonLimit",
    "PremisesLimit",
    "Usage",
    "age_on",
    "first_breach",
    "london",
    "notice_kind",
    "notice_window",
    "person_limit",
    "person_usage",
    "premises_key",
    "premises_limit",
    "premises_usage",
    "premises_user_key",
]
