"""Temporary event notice rules without a database: notice windows around Easter and the
late-May bank holiday 2026, event days in London time, the limits by year and the first
limit a notice would break."""

from __future__ import annotations

import datetime as dt

from services.core.calendar import LONDON, deadline
from services.core.deadlines import TenNoticeKind
from services.licensing import ten_limits as rules
from services.licensing.permissions import TEN_OBJECTION

D = dt.date


def at(day: D, hour: int = 18) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), LONDON)


def test_easter_2026_notice_window_and_objection_period() -> None:
    # Event Thu 16 Apr 2026; Good Friday 3 Apr and Easter Monday 6 Apr do not count.
    window = rules.notice_window(D(2026, 4, 16))
    # Ten clear working days: 31 Mar, 1, 2, 7, 8, 9, 10, 13, 14, 15 Apr -> Mon 30 Mar.
    assert window.last_standard == D(2026, 3, 30)
    assert window.last_late == D(2026, 4, 8)  # Wed: 9,10,13,14,15 Apr
    assert rules.notice_kind(D(2026, 3, 30), D(2026, 4, 16)) is TenNoticeKind.STANDARD
    assert rules.notice_kind(D(2026, 3, 31), D(2026, 4, 16)) is TenNoticeKind.LATE
    assert rules.notice_kind(D(2026, 4, 9), D(2026, 4, 16)) is TenNoticeKind.OUT_OF_TIME
    # Given Thu 2 Apr: 3 working days beginning the day after: Tue 7, Wed 8, Thu 9 Apr.
    assert deadline(TEN_OBJECTION, D(2026, 4, 2)).target == D(2026, 4, 9)


def test_late_may_bank_holiday_2026_window() -> None:
    window = rules.notice_window(D(2026, 6, 5))
    assert (window.last_standard, window.last_late) == (D(2026, 5, 20), D(2026, 5, 28))
    assert deadline(TEN_OBJECTION, D(2026, 5, 20)).target == D(2026, 5, 26)


def test_event_days_are_london_days_and_midnight_ends_the_day_before() -> None:
    late_night = rules.EventPeriod(at(D(2026, 6, 5), 23), at(D(2026, 6, 6), 2))
    assert late_night.days() == [D(2026, 6, 5), D(2026, 6, 6)]
    to_midnight = rules.EventPeriod(at(D(2026, 6, 5), 0), at(D(2026, 6, 6), 0))
    assert to_midnight.days() == [D(2026, 6, 5)]
    new_year = rules.EventPeriod(at(D(2026, 12, 31), 20), at(D(2027, 1, 1), 1))
    assert new_year.years() == [2026, 2027]


def test_limits_are_data_by_year() -> None:
    assert rules.premises_limit(2021) == rules.PremisesLimit(15, 21)
    assert rules.premises_limit(2022) == rules.PremisesLimit(20, 26)
    assert rules.premises_limit(2023) == rules.PremisesLimit(20, 26)
    assert rules.premises_limit(2024) == rules.PremisesLimit(15, 21)
    assert rules.person_limit(True) == rules.PersonLimit(50, 10)
    assert rules.person_limit(False) == rules.PersonLimit(5, 2)


def test_first_breach_counts_an_event_over_new_year_in_both_years() -> None:
    # Fifteen one-day notices at the premises in 2027: an event over New Year 2026/27 breaks
    # the 2027 limit although 2026 has room.
    given = [
        rules.Counted(
            rules.EventPeriod(
                at(D(2027, 2, 1) + dt.timedelta(weeks=n)),
                at(D(2027, 2, 1) + dt.timedelta(weeks=n), 22),
            ),
            False,
        )
        for n in range(15)
    ]
    period = rules.EventPeriod(at(D(2026, 12, 31), 20), at(D(2027, 1, 1), 1))
    breach = rules.first_breach(period, late=False, holder=True, at_premises=given, by_user=[])
    assert breach is not None
    assert (breach.limit, breach.year, breach.section) == (
        rules.Limit.PREMISES_NOTICES,
        2027,
        "s.107(4)",
    )
    assert (
        rules.first_breach(period, late=False, holder=True, at_premises=given[:14], by_user=[])
        is None
    )


def test_keys_ignore_case_spacing_and_punctuation() -> None:
    assert rules.premises_key(None, "The Crown, High St.") == rules.premises_key(
        None, "the crown high st"
    )
    assert rules.premises_key("000100012345678", "x") == "uprn:100012345678"
    assert rules.premises_user_key("Jo  BAKER", D(1980, 4, 12)) == "jo baker|1980-04-12"
