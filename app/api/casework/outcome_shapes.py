"""Wire shapes for what happens to a case in every service alike: its withdrawal and the
extensions of time agreed on it (``services.core.cases.store.withdraw_case`` and
``services.core.cases.timing.record_extension``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from uuid import UUID

from app.api.casework.shapes import Out, RecordedBy, Struct, Text
from app.api.openapi_examples import example
from services.core.cases.models import Case
from services.core.cases.outcomes import ExtensionOfTime

AgreedDate = Annotated[dt.date, example("2026-04-20")]
NewTargetDate = Annotated[dt.date, example("2026-05-22")]
ExtensionReason = Annotated[
    Text, example("Amended plans for the dormer were received on 15 April 2026")
]


class Withdrawal(Struct):
    reason: Annotated[Text, example("The applicant no longer wishes to proceed")]
    withdrawn_at: Annotated[dt.datetime, example("2026-03-20T11:30:00Z")] | None = None


class ExtensionIn(Struct):
    """A longer period the applicant agreed in writing."""

    agreed_date: AgreedDate
    new_target_date: NewTargetDate
    reason: ExtensionReason | None = None


class ExtensionOut(Out):
    id: Annotated[UUID, example("0196472b-0c1d-7a2e-8f3b-4c5d6e7f8a92")]
    agreed_date: AgreedDate
    previous_target_date: Annotated[dt.date, example("2026-04-27")]
    new_target_date: NewTargetDate
    #: Whether it counts for performance (agreed before the decision).
    counts: Annotated[bool, example(True)]
    reason: ExtensionReason | None
    recorded_at: Annotated[dt.datetime, example("2026-04-20T09:12:44Z")]
    recorded_by: RecordedBy


def extension_out(row: ExtensionOfTime, case: Case) -> ExtensionOut:
    return ExtensionOut(
        id=row.id,
        agreed_date=row.agreed_date,
        previous_target_date=row.previous_target_date,
        new_target_date=row.new_target_date,
        counts=case.decision_date is None or row.agreed_date < case.decision_date,
        reason=row.reason,
        recorded_at=row.recorded_at,
        recorded_by=row.recorded_by,
    )


__all__ = ["ExtensionIn", "ExtensionOut", "Withdrawal", "extension_out"]
