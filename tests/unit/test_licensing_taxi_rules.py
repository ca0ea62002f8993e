"""Taxi and private hire terms and checks without a database."""

from __future__ import annotations

import datetime as dt

import services.licensing  # noqa: F401  (registers the licensing descriptor)
from services.licensing import taxi_rules as rules

D = dt.date


def test_standard_terms_from_the_grant() -> None:
    assert rules.term_end("private_hire_driver", D(2028, 2, 29)) == D(2031, 2, 28)
    assert rules.term_end("hackney_carriage_driver", D(2026, 3, 2)) == D(2029, 3, 2)
    assert rules.term_end("hackney_carriage_vehicle", D(2028, 2, 29)) == D(2029, 2, 28)
    assert rules.term_end("private_hire_operator", D(2026, 3, 2)) == D(2031, 3, 2)
    assert rules.term_end("private_hire_driver", D(2026, 3, 31), 6) == D(2026, 9, 30)


def test_renewal_follows_on_or_lapses() -> None:
    on_time = rules.renewal_term("private_hire_driver", D(2031, 2, 28), D(2031, 2, 20))
    assert (on_time.starts_on, on_time.expires_on, on_time.lapsed_on) == (
        D(2031, 3, 1),
        D(2034, 2, 28),
        None,
    )
    late = rules.renewal_term("private_hire_driver", D(2034, 2, 28), D(2034, 3, 6))
    assert (late.starts_on, late.expires_on, late.lapsed_on) == (
        D(2034, 3, 6),
        D(2037, 3, 6),
        D(2034, 3, 1),
    )


def test_checks_by_kind_and_on_renewal() -> None:
    assert rules.required_checks("private_hire_driver", renewal=False) == (
        "dbs_enhanced",
        "medical",
        "right_to_work",
        "knowledge_test",
        "dvla",
    )
    assert "knowledge_test" not in rules.required_checks("hackney_carriage_driver", renewal=True)
    assert rules.required_checks("private_hire_vehicle", renewal=False) == (
        "vehicle_inspection",
        "insurance",
        "registration_document",
    )


def test_suspension_takes_effect_after_21_days_unless_immediate() -> None:
    assert rules.takes_effect(D(2026, 6, 1), immediate=False) == D(2026, 6, 22)
    assert rules.takes_effect(D(2026, 6, 1), immediate=True) == D(2026, 6, 1)
