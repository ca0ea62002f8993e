"""Wire shapes for the licence register: licences and certificates, their history, annual fees,
and what is recorded against a licence outside an application (surrender, lapse, convictions,
revocation or suspension of a personal licence).

The examples follow premises licence PL/2025/00003 for The Crown and Anchor, granted on
Tuesday 1 April 2025: its first annual fee fell due on Wednesday 1 April 2026; notice of
suspension given on Thursday 2 April 2026 could take effect on Wednesday 8 April 2026 at the
earliest (two working days after; Good Friday and Easter Monday excluded).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from app.api.casework.shapes import Address, Out, RecordedBy, Struct, Text
from app.api.openapi_examples import example

Id = Annotated[UUID, example("0196a1c2-8b9c-7d0e-9f1a-2b3c4d5e6f70")]
Amount = Annotated[Decimal, example("180.00")]
DueOn = Annotated[dt.date, example("2026-04-01")]


class HolderOut(Out):
    name: Annotated[str, example("Crown Inns Ltd")]
    organisation: Annotated[str, example("Crown Inns Ltd")] | None
    email: Annotated[str, example("licensing@crowninns.example")] | None
    address: Address | None


class LicenceOut(Out):
    id: Id
    number: Annotated[str, example("PL/2025/00003")]
    kind: Annotated[str, example("premises_licence")]
    #: ``active``, ``suspended``, ``revoked``, ``surrendered`` or ``lapsed`` (as recorded;
    #: a future suspension or ending shows here before it takes effect).
    status: Annotated[str, example("active")]
    #: Whether the licence exists today (granted and not ended).
    in_force: Annotated[bool, example(True)]
    #: Whether it is suspended today.
    suspended: Annotated[bool, example(False)]
    holder: HolderOut
    premises_name: Annotated[str, example("The Crown and Anchor")] | None
    address_line: Annotated[str, example("14 High Street, Ashcombe, AS1 1AA")] | None
    uprn: Annotated[str, example("100012345001")] | None
    granted_on: Annotated[dt.date, example("2025-04-01")]
    starts_on: Annotated[dt.date, example("2025-04-01")]
    expires_on: Annotated[dt.date, example("2028-04-01")] | None
    next_fee_due_on: Annotated[dt.date, example("2027-04-01")] | None
    suspended_from: Annotated[dt.date, example("2026-04-08")] | None
    suspension_reason: Annotated[str, example("Annual fee due 01 April 2026 not paid")] | None
    ended_on: Annotated[dt.date, example("2027-01-31")] | None
    details: Annotated[
        dict[str, Any],
        example({"activities": ["sale_of_alcohol", "live_music"], "hours": "Mon-Sat 10-23"}),
    ]
    version: Annotated[int, example(2)]


class LicenceEventOut(Out):
    id: Id
    #: ``granted``, ``varied``, ``transferred``, ``dps_changed``, ``reviewed``,
    #: ``suspended_for_non_payment``, ``reinstated``, ``surrendered``, ``lapsed`` …
    kind: Annotated[str, example("granted")]
    on: Annotated[dt.date, example("2025-04-01")]
    case_id: Id | None
    detail: Annotated[dict[str, Any], example({"reference": "25/00012/PREM"})]
    recorded_at: Annotated[dt.datetime, example("2025-04-01T15:00:00Z")]
    recorded_by: RecordedBy


class FeeIn(Struct):
    """Raise the annual fee due on an anniversary of the grant."""

    due_on: DueOn
    amount: Amount


class FeeOut(Out):
    id: Id
    due_on: DueOn
    amount: Amount
    #: ``due``, ``in_grace``, ``unpaid``, ``suspension_notified``, ``suspended`` or ``paid``.
    status: Annotated[str, example("unpaid")]
    paid_on: Annotated[dt.date, example("2026-05-01")] | None
    grace_claimed: Annotated[bool, example(False)]
    #: Where a claim was made: the last of the 21 days of grace.
    grace_ends_on: Annotated[dt.date, example("2026-04-22")] | None
    #: The first day notice of suspension may be given, while it is unpaid.
    notice_from: Annotated[dt.date, example("2026-04-02")] | None
    suspension_notice_on: Annotated[dt.date, example("2026-04-02")] | None
    suspended_from: Annotated[dt.date, example("2026-04-08")] | None
    recorded_by: RecordedBy


class FeePaymentIn(Struct):
    amount: Amount
    paid_on: Annotated[dt.date, example("2026-05-01")] | None = None


class GraceClaimIn(Struct):
    """The holder claimed an administrative error, or disputed liability, by the due date."""

    ground: Annotated[Literal["administrative_error", "dispute"], example("dispute")]
    reason: Annotated[Text, example("The holder says the fee band is wrong")]
    claimed_on: Annotated[dt.date, example("2026-04-01")] | None = None


class SuspensionNoticeIn(Struct):
    given_on: Annotated[dt.date, example("2026-04-02")] | None = None
    #: At least two working days after ``givenOn``; the earliest such day if left out.
    takes_effect_on: Annotated[dt.date, example("2026-04-08")] | None = None


class EndingIn(Struct):
    kind: Annotated[Literal["surrendered", "lapsed"], example("surrendered")]
    on: Annotated[dt.date, example("2027-01-31")]
    reason: Annotated[Text, example("The pub has closed")] | None = None


class ConvictionIn(Struct):
    convicted_on: Annotated[dt.date, example("2026-06-10")]
    offence: Annotated[Text, example("Selling alcohol to a person under 18 (s.146)")]
    notified_by: Annotated[Literal["holder", "court"], example("holder")]
    court: Annotated[str, example("Ashcombe Magistrates' Court")] | None = None
    notified_on: Annotated[dt.date, example("2026-06-15")] | None = None


class SanctionIn(Struct):
    """The authority revokes a personal licence, or suspends it for up to six months."""

    action: Annotated[Literal["revoked", "suspended"], example("suspended")]
    reasons: Annotated[Text, example("Relevant offence: sale to a person under 18")]
    decided_on: Annotated[dt.date, example("2026-07-20")] | None = None
    takes_effect_on: Annotated[dt.date, example("2026-08-10")] | None = None
    suspended_until: Annotated[dt.date, example("2026-11-09")] | None = None
