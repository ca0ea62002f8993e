"""Unit tests for the procedural deadlines: extensions of time, consultation, appeals, notices.

Each rule in ``services.core.deadlines`` is pinned to worked dates, including bank-holiday
weekends (Spring bank holiday 25 May 2026, Easter 2026, Christmas 2026).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.building_control.permissions import COMMENCEMENT_NOTICE, INITIAL_NOTICE
from services.core.calendar import deadline, previous_working_day
from services.core.deadlines import (
    APPEAL_RULES,
    CONSULTATION_DAYS,
    AppealKind,
    ConsultationKind,
    ExtensionAfterAppealError,
    ExtensionError,
    ExtensionNotPermittedError,
    TenNoticeKind,
    appeal_deadline,
    apply_extension,
    classify_ten_notice,
    clear_working_days_between,
    consultation_end,
    earliest_determination_date,
    earliest_start_after_full_working_days,
    latest_notice_date,
    ten_notice_is_standard,
    working_days_after,
)
from services.land_charges.permissions import OFFICIAL_SEARCH
from services.licensing.permissions import TEN_OBJECTION
from services.planning.permissions import EIGHT_WEEKS, PRIOR_APPROVAL

D = date
TARGET = D(2026, 3, 2)  # 8 weeks after a valid application received on Monday 5 January 2026

# --- Extensions of time -------------------------------------------------------------------------


def test_extension_agreed_before_the_decision_moves_the_target() -> None:
    eot = apply_extension(
        TARGET,
        D(2026, 2, 20),
        D(2026, 3, 31),
        decided_on=None,
        non_determination_appeal_on=None,
        rule=EIGHT_WEEKS,
    )
    assert eot.counts
    assert eot.previous_target == TARGET
    assert eot.effective_target == D(2026, 3, 31)
    assert eot.decided_in_time is None


def test_extension_may_be_agreed_after_the_target_has_passed() -> None:
    eot = apply_extension(
        TARGET,
        D(2026, 3, 10),
        D(2026, 4, 30),
        decided_on=D(2026, 4, 28),
        non_determination_appeal_on=None,
    )
    assert eot.counts
    assert eot.decided_in_time is True


def test_extension_agreed_on_or_after_the_decision_does_not_count() -> None:
    for agreed in (D(2026, 3, 20), D(2026, 3, 25)):
        eot = apply_extension(
            TARGET,
            agreed,
            D(2026, 3, 31),
            decided_on=D(2026, 3, 20),
            non_determination_appeal_on=None,
        )
        assert not eot.counts
        assert eot.effective_target == TARGET
        assert eot.decided_in_time is False


def test_extension_after_a_non_determination_appeal_is_refused() -> None:
    for agreed in (D(2026, 3, 16), D(2026, 3, 20)):
        with pytest.raises(ExtensionAfterAppealError, match="appeal was lodged on 16 March 2026"):
            apply_extension(
                TARGET,
                agreed,
                D(2026, 4, 30),
                decided_on=None,
                non_determination_appeal_on=D(2026, 3, 16),
            )
    earlier = apply_extension(
        TARGET,
        D(2026, 3, 13),
        D(2026, 4, 30),
        decided_on=None,
        non_determination_appeal_on=D(2026, 3, 16),
    )
    assert earlier.effective_target == D(2026, 4, 30)
    assert issubclass(ExtensionAfterAppealError, ExtensionError)
    assert issubclass(ExtensionError, ValueError)


def test_extension_must_extend_and_the_period_must_be_extendable() -> None:
    kwargs = {"decided_on": None, "non_determination_appeal_on": None}
    with pytest.raises(ExtensionError, match="later than"):
        apply_extension(TARGET, D(2026, 2, 1), TARGET, **kwargs)
    with pytest.raises(ExtensionNotPermittedError, match="fixed by law"):
        apply_extension(TARGET, D(2026, 2, 1), D(2026, 4, 1), rule=PRIOR_APPROVAL, **kwargs)


# --- Consultation -------------------------------------------------------------------------------


def test_every_consultation_kind_has_a_period() -> None:
    assert set(CONSULTATION_DAYS) == set(ConsultationKind)


@pytest.mark.parametrize(
    ("kind", "start", "last_day"),
    [
        # 21 days beginning with Monday 2 March: 2 March is day 1, Sunday 22 March day 21.
        (ConsultationKind.SITE_NOTICE, D(2026, 3, 2), D(2026, 3, 22)),
        (ConsultationKind.NEIGHBOUR_LETTER, D(2026, 3, 2), D(2026, 3, 22)),
        # A consultee receiving on Wednesday 23 December has until Tuesday 12 January.
        (ConsultationKind.CONSULTEE, D(2026, 12, 23), D(2027, 1, 12)),
        # 14 days beginning with Thursday 5 March end on Wednesday 18 March.
        (ConsultationKind.NEWSPAPER_NOTICE, D(2026, 3, 5), D(2026, 3, 18)),
        (ConsultationKind.EIA_DEVELOPMENT, D(2026, 3, 2), D(2026, 3, 31)),
        # Letters served on Saturday 5 December 2026: the period ends on Christmas Day.
        (ConsultationKind.NEIGHBOUR_LETTER, D(2026, 12, 5), D(2026, 12, 25)),
    ],
)
def test_consultation_end(kind: ConsultationKind, start: date, last_day: date) -> None:
    assert consultation_end(kind, start) == last_day
    assert (last_day - start).days + 1 == CONSULTATION_DAYS[kind]


def test_earliest_determination_is_the_day_after_the_period() -> None:
    site = earliest_determination_date(ConsultationKind.SITE_NOTICE, D(2026, 3, 2))
    assert site == D(2026, 3, 23)
    paper = earliest_determination_date(ConsultationKind.NEWSPAPER_NOTICE, D(2026, 3, 12))
    assert max(site, paper) == D(2026, 3, 26)


# --- Appeals ------------------------------------------------------------------------------------


def test_every_appeal_kind_has_a_rule() -> None:
    assert set(APPEAL_RULES) == set(AppealKind)
    assert not any(rule.extendable for rule in APPEAL_RULES.values())


def test_householder_appeal_twelve_weeks_may_end_on_a_bank_holiday() -> None:
    due = appeal_deadline(AppealKind.HOUSEHOLDER, D(2026, 3, 2))
    assert due.target == D(2026, 5, 25)  # 84 days after the decision
    assert due.falls_on_non_working_day
    assert due.reason == "Spring Bank Holiday"
    assert appeal_deadline(AppealKind.MINOR_COMMERCIAL, D(2026, 3, 2)).target == due.target


@pytest.mark.parametrize(
    ("kind", "decided", "last_day"),
    [
        (AppealKind.FULL, D(2026, 3, 15), D(2026, 9, 15)),
        (AppealKind.OUTLINE, D(2026, 8, 31), D(2027, 2, 28)),
        (AppealKind.OTHER, D(2027, 8, 31), D(2028, 2, 29)),
    ],
)
def test_six_month_appeals_use_the_corresponding_date(
    kind: AppealKind, decided: date, last_day: date
) -> None:
    assert appeal_deadline(kind, decided).target == last_day


# --- Building control notices -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("notice", "earliest_start"),
    [
        (D(2026, 6, 1), D(2026, 6, 4)),  # Monday: Tue and Wed elapse, start Thursday
        (D(2026, 6, 3), D(2026, 6, 6)),  # Wednesday: Thu and Fri elapse, start Saturday
        (D(2026, 4, 2), D(2026, 4, 9)),  # Thursday before Easter: Tue 7 and Wed 8 elapse
        (D(2026, 5, 22), D(2026, 5, 28)),  # Friday before the Spring bank holiday
        (D(2026, 6, 6), D(2026, 6, 10)),  # given on a Saturday: Mon and Tue elapse
    ],
)
def test_commencement_after_two_full_working_days(notice: date, earliest_start: date) -> None:
    assert earliest_start_after_full_working_days(notice, 2) == earliest_start
    last_waiting_day = deadline(COMMENCEMENT_NOTICE, notice).target
    assert earliest_start == last_waiting_day + timedelta(days=1)


def test_commencement_needs_a_positive_wait() -> None:
    with pytest.raises(ValueError, match="at least one"):
        earliest_start_after_full_working_days(D(2026, 6, 1), 0)


def test_initial_notice_five_working_days_over_christmas() -> None:
    # Five working days beginning with the day given (Thu 24 Dec 2026 is day 1): 29, 30, 31 Dec
    # (25 Dec, and Boxing Day's substitute on Mon 28 Dec, are bank holidays), then Mon 4 Jan
    # (Fri 1 Jan is New Year's Day).
    due = deadline(INITIAL_NOTICE, D(2026, 12, 24))
    assert due.starts_on == D(2026, 12, 24)
    assert due.target == D(2027, 1, 4)


def test_initial_notice_given_at_a_weekend_starts_on_the_next_working_day() -> None:
    due = deadline(INITIAL_NOTICE, D(2026, 3, 7))  # Saturday
    assert due.starts_on == D(2026, 3, 9)
    assert due.target == D(2026, 3, 13)


# --- Licensing: temporary event notices and hearings --------------------------------------------

EVENT = D(2026, 5, 26)  # Tuesday after the Spring bank holiday (Monday 25 May 2026)


@pytest.mark.parametrize(
    ("given", "clear_days", "kind"),
    [
        (D(2026, 5, 8), 10, TenNoticeKind.STANDARD),  # Friday: 11-22 May clear
        (D(2026, 5, 10), 10, TenNoticeKind.STANDARD),  # Sunday: still 10 clear
        (D(2026, 5, 11), 9, TenNoticeKind.LATE),  # Monday: 25 May is not a working day
        (D(2026, 5, 15), 5, TenNoticeKind.LATE),
        (D(2026, 5, 17), 5, TenNoticeKind.LATE),
        (D(2026, 5, 18), 4, TenNoticeKind.OUT_OF_TIME),
        (D(2026, 5, 25), 0, TenNoticeKind.OUT_OF_TIME),
        (D(2026, 5, 27), 0, TenNoticeKind.OUT_OF_TIME),  # after the event began
    ],
)
def test_ten_around_a_bank_holiday_weekend(
    given: date, clear_days: int, kind: TenNoticeKind
) -> None:
    assert clear_working_days_between(given, EVENT) == clear_days
    assert classify_ten_notice(given, EVENT) is kind
    assert ten_notice_is_standard(given, EVENT) is (kind is TenNoticeKind.STANDARD)


def test_latest_ten_dates() -> None:
    assert latest_notice_date(EVENT, 10) == D(2026, 5, 10)
    assert previous_working_day(latest_notice_date(EVENT, 10)) == D(2026, 5, 8)
    assert latest_notice_date(EVENT, 5) == D(2026, 5, 17)
    assert classify_ten_notice(latest_notice_date(EVENT, 10), EVENT) is TenNoticeKind.STANDARD


def test_ten_objection_window_skips_the_bank_holiday() -> None:
    # Police and environmental health: 3 working days after the day they receive the notice.
    assert deadline(TEN_OBJECTION, D(2026, 5, 21)).target == D(2026, 5, 27)


def test_hearing_within_twenty_working_days_after_representations_close() -> None:
    window = working_days_after(D(2026, 5, 22), 20)
    assert window.first == D(2026, 5, 26)
    assert window.last == D(2026, 6, 22)
    assert window.contains(D(2026, 6, 22))
    assert not window.contains(D(2026, 5, 25))  # the bank holiday
    assert not window.contains(D(2026, 6, 20))  # a Saturday
    assert not window.contains(D(2026, 6, 23))
    with pytest.raises(ValueError, match="at least one"):
        working_days_after(D(2026, 5, 22), 0)


# --- Land charges -------------------------------------------------------------------------------


def test_llc1_ten_working_day_service_standard_over_easter() -> None:
    assert deadline(OFFICIAL_SEARCH, D(2026, 4, 2)).target == D(2026, 4, 20)
