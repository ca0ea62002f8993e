"""A case's statutory dates, from its case type's clock rule and what happened on the case.

The arithmetic is :mod:`services.core.calendar`'s and the extension rules are
:mod:`services.core.deadlines`'; this module only decides which event a rule counts from and
folds a case's extensions of time into the target in force.

- The period counts from the day the valid application was received: the day the last required
  item or the fee arrived (``valid_from``), never the day an officer got round to validating it.
- With the council's weekend-receipt setting on, receipt on a weekend or bank holiday counts
  from the next working day.
- The statutory date is never moved onto a working day; :class:`CaseClock` flags it instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from services.core.calendar import Deadline, deadline, effective_receipt_date
from services.core.deadlines import ExtensionOfTime, apply_extension
from services.registry import ClockRule


@dataclass(frozen=True, slots=True)
class AgreedExtension:
    agreed_date: date
    new_target_date: date


@dataclass(frozen=True, slots=True)
class CaseClock:
    """The statutory deadline and the target in force after extensions that count."""

    statutory: Deadline
    target_date: date
    extensions: tuple[ExtensionOfTime, ...]

    @property
    def statutory_date(self) -> date:
        return self.statutory.target

    @property
    def non_working_reason(self) -> str | None:
        return self.statutory.reason


def clock_event_date(valid_from: date, *, weekend_receipt_next_working_day: bool) -> date:
    """The receipt date the statutory period counts from, after the council's weekend rule."""
    return effective_receipt_date(
        valid_from, weekend_receipt_next_working_day=weekend_receipt_next_working_day
    )


def case_clock(
    rule: ClockRule,
    valid_from: date,
    *,
    weekend_receipt_next_working_day: bool,
    extensions: Sequence[AgreedExtension] = (),
    decided_on: date | None = None,
    non_determination_appeal_on: date | None = None,
) -> CaseClock:
    """The case's statutory deadline and its target in force.

    Extensions are applied in the order they were agreed; each must move the target later, and
    each counts only if agreed before the decision (see :func:`apply_extension`).
    """
    event = clock_event_date(
        valid_from, weekend_receipt_next_working_day=weekend_receipt_next_working_day
    )
    statutory = deadline(rule, event)
    target = statutory.target
    applied: list[ExtensionOfTime] = []
    for extension in sorted(extensions, key=lambda e: e.agreed_date):
        result = apply_extension(
            target,
            extension.agreed_date,
            extension.new_target_date,
            decided_on=decided_on,
            non_determination_appeal_on=non_determination_appeal_on,
            rule=rule,
        )
        applied.append(result)
        target = result.effective_target
    return CaseClock(statutory=statutory, target_date=target, extensions=tuple(applied))


__all__ = ["AgreedExtension", "CaseClock", "case_clock", "clock_event_date"]
