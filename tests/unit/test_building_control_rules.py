"""Building control's pure rules pinned to worked dates: the initial notice's five working days
(over Christmas), the commencement wait, the full plans extension limits, lapse, the
higher-risk test, the rejection grounds and the charging scheme's VAT."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.building_control import charging, grounds, rules
from services.building_control.higher_risk import Building, referral_reason
from services.building_control.models import Charge
from services.core.calendar import deadline
from services.core.cases.store import CaseRuleError
from services.registry import load_services


def initial_notice_last_day(given: date) -> date:
    rule = load_services().get("building_control").case_type("initial_notice").clock
    assert rule is not None
    return deadline(rule, given).target


def test_initial_notice_given_tuesday_22_december_2026():
    # Day 1 Tue 22, day 2 Wed 23, day 3 Thu 24; Fri 25 Christmas Day, Sat 26 and Sun 27,
    # Mon 28 the Boxing Day substitute; day 4 Tue 29, day 5 Wed 30 December 2026.
    assert initial_notice_last_day(date(2026, 12, 22)) == date(2026, 12, 30)


def test_initial_notice_given_tuesday_23_december_2025():
    # Thu 25 and Fri 26 are bank holidays: Tue 23, Wed 24, Mon 29, Tue 30, Wed 31 December.
    assert initial_notice_last_day(date(2025, 12, 23)) == date(2025, 12, 31)


def test_initial_notice_given_on_a_monday_ends_that_friday():
    assert initial_notice_last_day(date(2026, 11, 2)) == date(2026, 11, 6)


@pytest.mark.parametrize(
    ("given", "start"),
    [
        (date(2026, 11, 9), date(2026, 11, 12)),  # Monday: Tue and Wed elapse, start Thursday
        (date(2026, 11, 11), date(2026, 11, 14)),  # Wednesday: Thu and Fri elapse, Saturday
        (date(2026, 12, 23), date(2026, 12, 30)),  # Thu 24 and Tue 29 elapse (25, 28 holidays)
    ],
)
def test_work_may_start_after_two_full_working_days(given, start):
    assert rules.earliest_start(given) == start


def test_full_plans_extension_limits():
    deposited, five_weeks = date(2026, 3, 2), date(2026, 4, 6)
    assert rules.extension_limit(deposited) == date(2026, 5, 2)
    ok = rules.check_extension(
        deposited=deposited,
        five_weeks_end=five_weeks,
        agreed=five_weeks,
        new_target=date(2026, 5, 2),
    )
    assert ok is None
    late = rules.check_extension(
        deposited=deposited, five_weeks_end=five_weeks, agreed=date(2026, 4, 7),
        new_target=date(2026, 4, 20),
    )  # fmt: skip
    assert late is not None and late.pointer == "/agreedDate"
    long = rules.check_extension(
        deposited=deposited, five_weeks_end=five_weeks, agreed=date(2026, 3, 20),
        new_target=date(2026, 5, 3),
    )  # fmt: skip
    assert long is not None and long.pointer == "/newTargetDate"
    # Deposited 31 December: two months end on 28 February (the corresponding-date rule).
    assert rules.extension_limit(date(2026, 12, 31)) == date(2027, 2, 28)


def test_lapse_three_years_from_deposit():
    assert rules.lapse_date(date(2023, 11, 14)) == date(2026, 11, 14)
    assert rules.lapse_date(date(2024, 2, 29)) == date(2027, 2, 28)
    assert not rules.has_lapsed(date(2023, 11, 14), None, date(2026, 11, 14))
    assert rules.has_lapsed(date(2023, 11, 14), None, date(2026, 11, 15))
    assert not rules.has_lapsed(date(2023, 11, 14), date(2026, 11, 14), date(2027, 1, 1))
    assert rules.has_lapsed(date(2023, 11, 14), date(2026, 11, 16), date(2027, 1, 1))


@pytest.mark.parametrize(
    ("height", "storeys", "units", "care", "higher_risk"),
    [
        ("18", 1, 2, False, True),
        ("17.99", 6, 50, False, False),
        ("3", 7, 2, False, True),
        ("30", 10, 1, False, False),
        ("18", 6, 0, True, True),
        ("17.99", 6, 0, True, False),
    ],
)
def test_higher_risk_thresholds(height, storeys, units, care, higher_risk):
    reason = referral_reason(Building(Decimal(height), storeys, units, care))
    assert (reason is not None) is higher_risk
    if reason:
        assert "Building Safety Regulator" in reason


def test_every_ground_cites_schedule_2():
    assert len({g.code for g in grounds.GROUNDS}) == len(grounds.GROUNDS)
    assert all(g.citation.startswith(grounds.SCHEDULE) for g in grounds.GROUNDS)
    assert grounds.BY_CODE["form"].citation.endswith("para. 1")
    assert grounds.unknown_grounds(["form", "looks_ugly"]) == [1]


def test_vat_on_charges():
    plan = Charge(charge_type="plan", category="x", description="x",
                  net_amount=Decimal("333.33"), vat_treatment="standard")  # fmt: skip
    assert charging.fee_line(plan).vat == Decimal("66.67")
    regularisation = Charge(
        charge_type="regularisation",
        category="x",
        description="x",
        net_amount=Decimal("1050.00"),
        vat_treatment="outside_scope",
    )
    assert charging.fee_line(regularisation).total == Decimal("1050.00")


def test_scheme_checks():
    line = charging.ChargeLine("regularisation", "x", "x", Decimal("10.00"), "standard")
    with pytest.raises(CaseRuleError) as raised:
        charging.check_scheme([line])
    assert raised.value.pointer == "/charges/0/vatTreatment"
    twice = charging.ChargeLine("plan", "x", "x", Decimal("10.00"), "standard")
    with pytest.raises(CaseRuleError) as raised:
        charging.check_scheme([twice, twice])
    assert raised.value.pointer == "/charges/1/category"
    pennies = charging.ChargeLine("plan", "x", "x", Decimal("10.001"), "standard")
    with pytest.raises(CaseRuleError) as raised:
        charging.check_scheme([pennies])
    assert raised.value.pointer == "/charges/0/netAmount"
