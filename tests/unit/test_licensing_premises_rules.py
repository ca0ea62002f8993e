"""The Licensing Act 2003 date rules and workflows of premises, club and personal licence
casework, in worked dates (England and Wales bank holidays)."""

from __future__ import annotations

from datetime import date

import pytest

from services.core.workflow import IllegalTransition
from services.licensing import workflow as wf
from services.licensing.annual_fees import (
    anniversary,
    earliest_suspension,
    grace_ends,
    is_anniversary,
    next_anniversary_after,
)
from services.licensing.decisions import review_takes_effect
from services.licensing.hearings import hearing_window, latest_notice_day


def test_hearing_window_skips_easter_2026() -> None:
    # Representations ended Thursday 26 March 2026: 20 working days beginning Friday 27 March,
    # without Good Friday (3 April) and Easter Monday (6 April), end Monday 27 April.
    window = hearing_window(date(2026, 3, 26))
    assert (window.first, window.last) == (date(2026, 3, 27), date(2026, 4, 27))
    assert not window.contains(date(2026, 4, 3))
    assert window.contains(date(2026, 4, 7))
    assert not window.contains(date(2026, 4, 28))


def test_hearing_window_over_christmas() -> None:
    # Period ending Friday 18 December 2026: Christmas Day and Boxing Day (substitute Monday
    # 28 December) and New Year's Day 2027 do not count; day 20 is Wednesday 20 January 2027.
    window = hearing_window(date(2026, 12, 18))
    assert (window.first, window.last) == (date(2026, 12, 21), date(2027, 1, 20))


def test_hearing_notice_ten_working_days_before() -> None:
    assert latest_notice_day(date(2026, 4, 27)) == date(2026, 4, 13)
    # For Tuesday 14 April 2026 the count runs back over Easter: Friday 27 March.
    assert latest_notice_day(date(2026, 4, 14)) == date(2026, 3, 27)


def test_annual_fee_anniversaries() -> None:
    assert anniversary(date(2025, 4, 1), 1) == date(2026, 4, 1)
    assert is_anniversary(date(2025, 4, 1), date(2027, 4, 1))
    assert not is_anniversary(date(2025, 4, 1), date(2025, 4, 1))
    assert not is_anniversary(date(2025, 4, 1), date(2026, 3, 31))
    # A grant on 29 February 2024 owes its fee on 28 February in other years.
    assert anniversary(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert anniversary(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert next_anniversary_after(date(2025, 4, 1), date(2026, 4, 1)) == date(2027, 4, 1)
    assert next_anniversary_after(date(2025, 4, 1), date(2025, 4, 1)) == date(2026, 4, 1)


def test_grace_and_suspension_notice_dates() -> None:
    # 21 days beginning the day after a due date of Wednesday 1 April 2026 end Wednesday 22.
    assert grace_ends(date(2026, 4, 1)) == date(2026, 4, 22)
    # Notice on Thursday 2 April 2026: Tuesday 7 and Wednesday 8 April are the two working days.
    assert earliest_suspension(date(2026, 4, 2)) == date(2026, 4, 8)
    # Notice on Friday 18 December 2026: Monday 21 and Tuesday 22 December.
    assert earliest_suspension(date(2026, 12, 18)) == date(2026, 12, 22)
    # Notice on Wednesday 23 December 2026: Thursday 24 and Tuesday 29 December.
    assert earliest_suspension(date(2026, 12, 23)) == date(2026, 12, 29)


def test_review_steps_wait_for_the_21_day_appeal_period() -> None:
    assert review_takes_effect(date(2026, 4, 20)) == date(2026, 5, 11)


def test_workflows_and_outcomes() -> None:
    assert wf.workflow_of("premises_licence_new") is wf.WORKFLOW
    assert wf.workflow_of("premises_licence_minor_variation") is wf.MINOR_VARIATION
    assert wf.WORKFLOW.available("received") == ("close_representations", "withdraw")
    assert wf.WORKFLOW.is_terminal("decided") and wf.WORKFLOW.is_terminal("withdrawn")
    with pytest.raises(IllegalTransition) as raised:
        wf.check_step("premises_licence_minor_variation", "received", "close_representations")
    assert raised.value.allowed == ("decide", "withdraw")
    with pytest.raises(IllegalTransition):
        wf.check_step("premises_licence_new", "received", "decide")
    assert "revoked" in wf.outcomes_for("premises_licence_review")
    assert wf.outcomes_for("personal_licence") == ("granted", "refused")
    assert set(wf.CASE_TYPES) == set(wf.LICENCE_KIND)
