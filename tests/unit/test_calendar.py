"""Unit tests for the statutory calendar: bank holidays, working days, periods and deadlines.

Every convention in ``services.core.calendar`` is pinned to worked dates here, and the bank
holidays are cross-checked year by year against GOV.UK's list in
``tests/fixtures/bank-holidays/bank-holidays.json`` (the authoritative source).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import holidays
import pytest

from services.building_control.permissions import COMMENCEMENT_NOTICE
from services.core.calendar import (
    GOVUK_ADDITIONS,
    GOVUK_REMOVALS,
    add_days,
    add_months,
    add_weeks,
    add_working_days,
    add_years,
    bank_holiday_name,
    bank_holidays,
    deadline,
    effective_receipt_date,
    is_bank_holiday,
    is_working_day,
    next_working_day,
    non_working_reason,
    period_end,
    previous_working_day,
    working_days_between,
)
from services.land_charges.permissions import OFFICIAL_SEARCH
from services.licensing.permissions import HC_VEHICLE, REPRESENTATIONS_28_DAYS
from services.planning.permissions import EIGHT_WEEKS, THIRTEEN_WEEKS
from services.registry import ClockRule, ClockStart, ClockUnit, load_services

D = date
GOVUK_JSON = Path(__file__).resolve().parents[1] / "fixtures/bank-holidays/bank-holidays.json"


# --- Bank holidays against GOV.UK ---------------------------------------------------------------


def _parse_govuk_date(text: str) -> date:
    if "/" in text:  # the GOV.UK frontend's source data: DD/MM/YYYY
        day, month, year = (int(part) for part in text.split("/"))
        return D(year, month, day)
    return D.fromisoformat(text)  # the public bank-holidays.json API


def _govuk_england_and_wales() -> dict[int, dict[date, str]]:
    data = json.loads(GOVUK_JSON.read_text(encoding="utf-8"))
    divisions = data.get("divisions", data)
    division = next(v for k, v in divisions.items() if "england-and-wales" in k)
    if "events" in division:
        events = division["events"]
    else:
        events = [e for key, year in division.items() if key.isdigit() for e in year]
    by_year: dict[int, dict[date, str]] = {}
    for event in events:
        day = _parse_govuk_date(event["date"])
        by_year.setdefault(day.year, {})[day] = event["title"]
    return by_year


def test_bank_holidays_match_govuk_year_by_year() -> None:
    govuk = _govuk_england_and_wales()
    assert len(govuk) >= 5, "the reference list should cover several years"
    differences = []
    for year, expected in sorted(govuk.items()):
        ours = set(bank_holidays(year))
        missing, extra = sorted(set(expected) - ours), sorted(ours - set(expected))
        if missing or extra:
            differences.append(f"{year}: missing {missing}, not on GOV.UK {extra}")
    assert not differences, "\n".join(differences)


def test_raw_package_differs_from_govuk_only_by_weekend_days() -> None:
    """What the weekday filter corrects: the package also lists Christmas Day, Boxing Day and
    New Year's Day on the weekend day itself, besides the weekday substitute GOV.UK lists."""
    govuk = _govuk_england_and_wales()
    weekend_extras = []
    for year, expected in sorted(govuk.items()):
        raw = holidays.country_holidays("GB", subdiv="ENG", years=year)
        assert set(expected) - set(raw) <= set(GOVUK_ADDITIONS), year
        for day in sorted(set(raw) - set(expected)):
            assert day.weekday() >= 5 or day in GOVUK_REMOVALS, (year, day, raw[day])
            weekend_extras.append(day)
    assert D(2022, 12, 25) in weekend_extras  # Christmas Day on a Sunday: substitute 27 Dec
    assert D(2027, 12, 26) in weekend_extras


def test_england_and_wales_share_one_list() -> None:
    years = range(2019, 2029)
    england = holidays.country_holidays("GB", subdiv="ENG", years=years)
    wales = holidays.country_holidays("GB", subdiv="WLS", years=years)
    assert dict(england) == dict(wales)


def test_bank_holidays_are_cached_and_read_only() -> None:
    assert bank_holidays(2026) is bank_holidays(2026)
    with pytest.raises(TypeError):
        bank_holidays(2026)[D(2026, 7, 1)] = "Not a holiday"  # type: ignore[index]


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2026, 4, 3), "Good Friday"),
        (D(2026, 4, 6), "Easter Monday"),
        (D(2026, 5, 25), "Spring Bank Holiday"),
        (D(2026, 12, 25), "Christmas Day"),
        (D(2026, 12, 28), "Boxing Day (substitute day)"),  # 26 Dec 2026 is a Saturday
        (D(2027, 1, 1), "New Year's Day"),
        (D(2027, 12, 27), "Christmas Day (substitute day)"),
        (D(2027, 12, 28), "Boxing Day (substitute day)"),
        (D(2022, 6, 2), "Spring Bank Holiday"),  # moved for the Platinum Jubilee
        (D(2022, 6, 3), "Platinum Jubilee of Elizabeth II"),
        (D(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        (D(2022, 12, 27), "Christmas Day (substitute day)"),
        (D(2023, 5, 8), "Coronation of Charles III"),
    ],
)
def test_named_bank_holidays(day: date, name: str) -> None:
    assert is_bank_holiday(day)
    assert bank_holiday_name(day) == name
    assert not is_working_day(day)


def test_weekend_days_are_not_bank_holidays_but_keep_their_names() -> None:
    assert not is_bank_holiday(D(2022, 12, 25))
    assert non_working_reason(D(2022, 12, 25)) == "Christmas Day (Sunday)"
    assert non_working_reason(D(2026, 12, 26)) == "Boxing Day (Saturday)"
    assert non_working_reason(D(2026, 3, 7)) == "Saturday"
    assert non_working_reason(D(2026, 3, 9)) is None
    assert bank_holiday_name(D(2026, 3, 9)) is None


# --- Working days -------------------------------------------------------------------------------


def test_easter_2026() -> None:
    thursday = D(2026, 4, 2)
    assert is_working_day(thursday)
    assert next_working_day(D(2026, 4, 3)) == D(2026, 4, 7)  # Good Friday -> Tuesday
    assert previous_working_day(D(2026, 4, 6)) == thursday  # Easter Monday -> Thursday
    assert add_working_days(thursday, 1) == D(2026, 4, 7)
    assert working_days_between(thursday, D(2026, 4, 10)) == 4  # Tue, Wed, Thu, Fri


def test_christmas_and_new_year_2026_27() -> None:
    christmas_eve = D(2026, 12, 24)
    open_days = [d for d in (christmas_eve + timedelta(n) for n in range(12)) if is_working_day(d)]
    assert open_days == [
        D(2026, 12, 24),
        D(2026, 12, 29),
        D(2026, 12, 30),
        D(2026, 12, 31),
        D(2027, 1, 4),
    ]
    assert add_working_days(christmas_eve, 1) == D(2026, 12, 29)
    assert add_working_days(christmas_eve, 5) == D(2027, 1, 5)
    assert add_working_days(D(2026, 12, 29), -1) == christmas_eve
    assert working_days_between(christmas_eve, D(2027, 1, 4)) == 4


def test_add_working_days_never_counts_the_start_day() -> None:
    saturday = D(2026, 3, 7)
    assert add_working_days(saturday, 1) == D(2026, 3, 9)
    assert add_working_days(D(2026, 3, 9), 1) == D(2026, 3, 10)
    assert add_working_days(saturday, 0) == saturday
    assert add_working_days(D(2026, 3, 13), 10) == D(2026, 3, 27)  # Friday to Friday


def test_working_days_between_agrees_with_counting_day_by_day() -> None:
    start = D(2021, 12, 20)
    days = [start + timedelta(n) for n in range(800)]
    running = 0
    for day in days[1:]:
        running += is_working_day(day)
        assert working_days_between(start, day) == running, day
        assert working_days_between(day, start) == -running
        if is_working_day(day):
            assert add_working_days(start, running) == day
    assert working_days_between(start, start) == 0


def test_working_days_in_the_2022_jubilee_and_funeral() -> None:
    assert working_days_between(D(2022, 5, 27), D(2022, 6, 10)) == 8  # 2 and 3 June off
    assert add_working_days(D(2022, 9, 16), 1) == D(2022, 9, 20)
    assert add_working_days(D(2023, 5, 5), 1) == D(2023, 5, 9)  # the Coronation Monday


# --- Calendar arithmetic ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # clamped to the month end
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2026, 1, 15), 1, D(2026, 2, 15)),  # the corresponding date
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 12, 31), 2, D(2027, 2, 28)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 5, 10), 0, D(2026, 5, 10)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_month_clamping_is_not_undone_by_later_months() -> None:
    assert add_months(D(2026, 1, 31), 2) == D(2026, 3, 31)
    assert add_months(add_months(D(2026, 1, 31), 1), 1) == D(2026, 3, 28)


def test_days_weeks_and_years() -> None:
    assert add_days(D(2026, 12, 31), 1) == D(2027, 1, 1)
    assert add_weeks(D(2026, 1, 5), 8) == D(2026, 3, 2)
    assert add_years(D(2024, 2, 29), 1) == D(2025, 2, 28)
    assert add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert add_years(D(2026, 6, 1), 3) == D(2029, 6, 1)


def test_period_end_beginning_with_the_event_day_ends_a_day_earlier() -> None:
    weeks = ClockUnit.CALENDAR_WEEKS
    assert period_end(8, weeks, D(2026, 1, 5), includes_event_day=False) == D(2026, 3, 2)
    assert period_end(8, weeks, D(2026, 1, 5), includes_event_day=True) == D(2026, 3, 1)
    working = ClockUnit.WORKING_DAYS
    assert period_end(5, working, D(2026, 3, 9), includes_event_day=True) == D(2026, 3, 13)
    assert period_end(5, working, D(2026, 3, 7), includes_event_day=True) == D(2026, 3, 13)
    with pytest.raises(ValueError, match="positive"):
        period_end(0, weeks, D(2026, 1, 5), includes_event_day=False)


# --- Deadlines from clock rules -----------------------------------------------------------------


def test_eight_weeks_from_a_monday_receipt_ends_on_the_monday_eight_weeks_later() -> None:
    # DMPO 2015 art. 34: 8 weeks beginning with the day immediately following receipt.
    due = deadline(EIGHT_WEEKS, D(2026, 1, 5))
    assert due.starts_on == D(2026, 1, 6)  # day 1
    assert due.target == D(2026, 3, 2)  # day 56
    assert (due.target - due.starts_on).days + 1 == 56
    assert not due.falls_on_non_working_day
    assert due.reason is None
    assert due.next_working_day == due.target
    assert deadline(THIRTEEN_WEEKS, D(2026, 1, 5)).target == D(2026, 4, 6)  # Easter Monday


def test_eight_week_period_ending_on_christmas_day_is_flagged_not_moved() -> None:
    due = deadline(EIGHT_WEEKS, D(2026, 10, 30))
    assert due.target == D(2026, 12, 25)
    assert due.falls_on_non_working_day
    assert due.reason == "Christmas Day"
    assert due.next_working_day == D(2026, 12, 29)


def test_period_ending_on_a_weekend_christmas_day_names_both() -> None:
    due = deadline(EIGHT_WEEKS, D(2022, 10, 30))
    assert due.target == D(2022, 12, 25)
    assert due.reason == "Christmas Day (Sunday)"
    assert due.next_working_day == D(2022, 12, 28)


def test_calendar_day_and_year_rules() -> None:
    reps = deadline(REPRESENTATIONS_28_DAYS, D(2026, 12, 4))
    assert reps.starts_on == D(2026, 12, 5)
    assert reps.target == D(2027, 1, 1)
    assert reps.reason == "New Year's Day"
    licence = deadline(HC_VEHICLE, D(2024, 2, 29))
    assert licence.target == D(2025, 2, 28)


def test_month_rule_uses_the_corresponding_date() -> None:
    one_month = ClockRule(1, ClockUnit.CALENDAR_MONTHS, ClockStart.DAY_AFTER_DECISION)
    assert deadline(one_month, D(2026, 1, 31)).target == D(2026, 2, 28)
    assert deadline(one_month, D(2026, 3, 15)).target == D(2026, 4, 15)


def test_working_day_rule_over_christmas() -> None:
    due = deadline(OFFICIAL_SEARCH, D(2026, 12, 18))  # LLC1: 10 working days after receipt
    assert due.starts_on == D(2026, 12, 21)
    assert due.target == D(2027, 1, 6)
    assert not due.falls_on_non_working_day
    commencement = deadline(COMMENCEMENT_NOTICE, D(2026, 12, 23))
    assert commencement.starts_on == D(2026, 12, 24)
    assert commencement.target == D(2026, 12, 29)


def test_days_left() -> None:
    due = deadline(EIGHT_WEEKS, D(2026, 1, 5))
    assert due.days_left(D(2026, 3, 2)) == 0
    assert due.days_left(D(2026, 2, 28)) == 2
    assert due.days_left(D(2026, 3, 3)) == -1


EVENT_DATES = (
    D(2026, 1, 5),
    D(2026, 4, 3),  # Good Friday
    D(2026, 5, 23),  # the Saturday of a bank holiday weekend
    D(2026, 12, 24),
    D(2026, 12, 25),
    D(2024, 2, 29),
    D(2026, 1, 31),
)


def test_every_registered_clock_rule_is_computable() -> None:
    rules = [
        (f"{service.code}.{case_type.code}", case_type.clock)
        for service in load_services()
        for case_type in service.case_types
        if case_type.clock is not None
    ]
    assert len(rules) > 40
    for name, rule in rules:
        for event in EVENT_DATES:
            due = deadline(rule, event)
            assert due.event_date == event, name
            if rule.starts.name.startswith("DAY_OF_"):  # the event's own day is day 1
                assert event <= due.starts_on <= due.target, (name, event)
            else:
                assert event < due.starts_on <= due.target, (name, event)
            assert due.falls_on_non_working_day is (not is_working_day(due.target)), name
            assert (due.reason is None) is is_working_day(due.target), name
            if rule.unit is ClockUnit.WORKING_DAYS:
                assert is_working_day(due.target), (name, event)
                counted_from = due.starts_on - timedelta(days=1)  # the day before day 1
                assert working_days_between(counted_from, due.target) == rule.amount, name


# --- Receipt ------------------------------------------------------------------------------------


def test_effective_receipt_date() -> None:
    easter_saturday = D(2026, 4, 4)
    moved = effective_receipt_date(easter_saturday, weekend_receipt_next_working_day=True)
    assert moved == D(2026, 4, 7)
    kept = effective_receipt_date(easter_saturday, weekend_receipt_next_working_day=False)
    assert kept == easter_saturday
    monday = D(2026, 1, 5)
    assert effective_receipt_date(monday, weekend_receipt_next_working_day=True) == monday
    assert deadline(EIGHT_WEEKS, moved).target == D(2026, 6, 2)
    assert deadline(EIGHT_WEEKS, kept).target == D(2026, 5, 30)
