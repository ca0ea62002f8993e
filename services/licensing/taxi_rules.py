"""Taxi and private hire licensing rules as data: the checks each licence needs before grant,
the standard terms and the sections suspension and revocation fall under.

- Driver licences (Town Police Clauses Act 1847 s.46; Local Government (Miscellaneous
  Provisions) Act 1976 ss.51 and 53(1), as amended by the Deregulation Act 2015): 3 years,
  shorter only where the circumstances of the case require it.
- Vehicle licences (1847 Act s.37; 1976 Act s.48): at most 1 year.
- Operator licences (1976 Act s.55(2)): 5 years, shorter only with reasons.
- Suspension and revocation: drivers s.61 (with immediate effect in the interests of public
  safety, s.61(2B)), vehicles s.60, operators s.62; otherwise 21 days after the notice.

A term runs "from" the grant, so the grant day is excluded and the licence expires on the
anniversary: granted Tue 29 Feb 2028 for 3 years -> expires Fri 28 Feb 2031 (no 29 Feb).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from services.core.calendar import add_days, add_months, deadline
from services.registry import registry

DRIVERS = frozenset({"hackney_carriage_driver", "private_hire_driver"})
VEHICLES = frozenset({"hackney_carriage_vehicle", "private_hire_vehicle"})
OPERATORS = frozenset({"private_hire_operator"})

_DRIVER_CHECKS = ("dbs_enhanced", "medical", "right_to_work", "knowledge_test", "dvla")
_VEHICLE_CHECKS = ("vehicle_inspection", "insurance", "registration_document")
_OPERATOR_CHECKS = ("dbs_basic", "right_to_work")

#: The checks recorded as passed before a licence of each kind may be granted.
REQUIRED_CHECKS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        **dict.fromkeys(DRIVERS, _DRIVER_CHECKS),
        **dict.fromkeys(VEHICLES, _VEHICLE_CHECKS),
        **dict.fromkeys(OPERATORS, _OPERATOR_CHECKS),
    }
)
#: Checks not repeated when a licence is renewed (the knowledge test is passed once).
NOT_ON_RENEWAL = frozenset({"knowledge_test"})
ALL_CHECKS = tuple(sorted({c for checks in REQUIRED_CHECKS.values() for c in checks}))

#: Standard (and longest) term in months.
TERM_MONTHS: Mapping[str, int] = MappingProxyType(
    {**dict.fromkeys(DRIVERS, 36), **dict.fromkeys(VEHICLES, 12), **dict.fromkeys(OPERATORS, 60)}
)

SECTION: Mapping[str, str] = MappingProxyType(
    {
        **dict.fromkeys(DRIVERS, "s.61"),
        **dict.fromkeys(VEHICLES, "s.60"),
        **dict.fromkeys(OPERATORS, "s.62"),
    }
)
NOTICE_DAYS = 21


def required_checks(kind: str, *, renewal: bool) -> tuple[str, ...]:
    checks = REQUIRED_CHECKS[kind]
    return tuple(c for c in checks if not (renewal and c in NOT_ON_RENEWAL))


def term_end(kind: str, term_from: dt.date, months: int | None = None) -> dt.date:
    """The last day of a term counted from ``term_from`` (excluded): the standard term by the
    case type's clock rule, or ``months`` where a shorter term is set."""
    if months is None or months == TERM_MONTHS[kind]:
        rule = registry.get("licensing").case_type(kind).clock
        assert rule is not None
        return deadline(rule, term_from).target
    return add_months(term_from, months)


@dataclass(frozen=True, slots=True)
class RenewalTerm:
    """The new term of a renewed licence, and whether it lapsed before renewal."""

    starts_on: dt.date
    expires_on: dt.date
    lapsed_on: dt.date | None


def renewal_term(
    kind: str, old_expiry: dt.date, granted_on: dt.date, months: int | None = None
) -> RenewalTerm:
    """Renewed on or before its expiry, the new term follows on from the old expiry; renewed
    later, the licence lapsed the day after it expired and the new term runs from the grant."""
    if granted_on <= old_expiry:
        end = term_end(kind, old_expiry, months)
        return RenewalTerm(add_days(old_expiry, 1), end, None)
    return RenewalTerm(granted_on, term_end(kind, granted_on, months), add_days(old_expiry, 1))


def takes_effect(notice_on: dt.date, *, immediate: bool) -> dt.date:
    """When a suspension or revocation takes effect: at once, or 21 days after the notice."""
    return notice_on if immediate else add_days(notice_on, NOTICE_DAYS)


__all__ = [
    "ALL_CHECKS",
    "DRIVERS",
    "NOT_ON_RENEWAL",
    "OPERATORS",
    "REQUIRED_CHECKS",
    "SECTION",
    "TERM_MONTHS",
    "VEHICLES",
    "RenewalTerm",
    "renewal_term",
    "required_checks",
    "takes_effect",
    "term_end",
]
