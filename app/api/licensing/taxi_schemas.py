"""Wire shapes of the taxi and private hire routes (camelCase; the examples follow one private
hire driver, Sam Patel, through application, checks, grant and renewal)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from app.api.casework.shapes import AddressIn, Name, Out, PartyOut, RecordedBy, Struct, Text
from app.api.openapi_examples import example

LicenceType = Literal[
    "hackney_carriage_driver",
    "private_hire_driver",
    "hackney_carriage_vehicle",
    "private_hire_vehicle",
    "private_hire_operator",
]
Check = Literal[
    "dbs_enhanced",
    "dbs_basic",
    "medical",
    "right_to_work",
    "knowledge_test",
    "dvla",
    "vehicle_inspection",
    "insurance",
    "registration_document",
]
Reasons = Annotated[Text, example("Conviction for dangerous driving on 2 March 2026")]


class TaxiApplicantIn(Struct):
    name: Annotated[Name, example("Sam Patel")]
    organisation: Annotated[Name, example("Vale Cars Ltd")] | None = None
    email: Annotated[str, example("sam.patel@example.org")] | None = None
    phone: Annotated[str, example("01632 960123")] | None = None
    address: AddressIn | None = None
    date_of_birth: Annotated[dt.date, example("1985-07-19")] | None = None


class TaxiVehicleIn(Struct):
    registration: Annotated[str, msgspec.Meta(pattern=r"^[A-Z0-9 ]{2,8}$", examples=["AB12 CDE"])]
    make: Annotated[Name, example("Toyota")]
    model: Annotated[Name, example("Corolla Hybrid")]
    colour: Annotated[Name, example("Silver")] | None = None
    seats: Annotated[int, msgspec.Meta(ge=1, le=8, examples=[4])] | None = None


class TaxiApplicationIn(Struct):
    licence_type: Annotated[LicenceType, example("private_hire_driver")]
    applicant: TaxiApplicantIn
    received_date: Annotated[dt.date, example("2026-03-02")]
    vehicle: TaxiVehicleIn | None = None
    dvla_licence_number: Annotated[Name, example("PATEL807195S99AB")] | None = None
    description: Annotated[Text, example("Private hire driver licence: Sam Patel")] | None = None


class TaxiCheckIn(Struct):
    check: Annotated[Check, example("dbs_enhanced")]
    outcome: Annotated[Literal["passed", "failed"], example("passed")]
    checked_date: Annotated[dt.date, example("2026-03-10")]
    reference: Annotated[Name, example("001234567890")] | None = None
    notes: Annotated[Text, example("Enhanced with barred lists; nothing disclosed")] | None = None


class TaxiCheckOut(Out):
    check: Annotated[str, example("dbs_enhanced")]
    outcome: Annotated[str, example("passed")]
    checked_date: Annotated[dt.date, example("2026-03-10")]
    reference: Annotated[str, example("001234567890")] | None
    notes: Annotated[str, example("Enhanced with barred lists; nothing disclosed")] | None
    recorded_by: RecordedBy


class TaxiApplicationOut(Out):
    id: Annotated[UUID, example("0196b0c1-1d2e-7f3a-8b4c-5d6e7f8a9b0c")]
    reference: Annotated[str, example("26/00031/PHD")]
    licence_type: Annotated[str, example("private_hire_driver")]
    #: ``received``, ``granted``, ``refused`` or ``withdrawn``.
    status: Annotated[str, example("received")]
    received_date: Annotated[dt.date, example("2026-03-02")]
    description: Annotated[str, example("Private hire driver licence: Sam Patel")]
    applicant: PartyOut | None
    renewal_of: Annotated[str, example("PHD/2023/00007")] | None
    checks: list[TaxiCheckOut]
    checks_outstanding: Annotated[list[str], example(["medical", "dvla"])]
    details: Annotated[dict[str, Any], example({"vehicle": {"registration": "AB12 CDE"}})]
    decision: Annotated[str, example("granted")] | None
    decision_date: Annotated[dt.date, example("2026-03-20")] | None
    licence_number: Annotated[str, example("PHD/2026/00012")] | None
    version: Annotated[int, example(4)]


class TaxiDecisionIn(Struct):
    outcome: Annotated[Literal["granted", "refused"], example("granted")]
    decided_date: Annotated[dt.date, example("2026-03-20")] | None = None
    reasons: Reasons | None = None
    #: Shorter than the standard term (36 months for drivers, 12 for vehicles, 60 for
    #: operators) only with ``shorterTermReason``.
    term_months: Annotated[int, msgspec.Meta(ge=1, le=60, examples=[36])] | None = None
    shorter_term_reason: Annotated[Text, example("Probationary term after a caution")] | None = None


class TaxiWithdrawalIn(Struct):
    reason: Annotated[Text, example("Applicant has moved away")] | None = None


class TaxiRenewalIn(Struct):
    received_date: Annotated[dt.date, example("2029-02-01")]


class TaxiEnforcementIn(Struct):
    reason: Reasons
    notice_date: Annotated[dt.date, example("2026-06-01")]
    #: Drivers only, in the interests of public safety (s.61(2B)).
    immediate: Annotated[bool, example(False)] = False


class TaxiReinstatementIn(Struct):
    reason: Annotated[Text, example("Medical fitness confirmed by GP report")]
    reinstated_date: Annotated[dt.date, example("2026-07-01")] | None = None


class TaxiLicenceEventOut(Out):
    kind: Annotated[str, example("granted")]
    date: Annotated[dt.date, example("2026-03-20")]
    application_id: Annotated[UUID, example("0196b0c1-1d2e-7f3a-8b4c-5d6e7f8a9b0c")] | None
    detail: Annotated[dict[str, Any], example({"expires_on": "2029-03-20"})]
    recorded_by: RecordedBy


class TaxiLicenceOut(Out):
    id: Annotated[UUID, example("0196b0c1-7a8b-7c9d-8e0f-1a2b3c4d5e6f")]
    number: Annotated[str, example("PHD/2026/00012")]
    licence_type: Annotated[str, example("private_hire_driver")]
    #: ``active``, ``suspended`` or ``revoked`` as recorded; ``inForce`` also reflects expiry.
    status: Annotated[str, example("active")]
    in_force: Annotated[bool, example(True)]
    holder_name: Annotated[str, example("Sam Patel")]
    holder_organisation: Annotated[str, example("Vale Cars Ltd")] | None
    granted_date: Annotated[dt.date, example("2026-03-20")]
    starts_date: Annotated[dt.date, example("2026-03-20")]
    expires_date: Annotated[dt.date, example("2029-03-20")] | None
    suspended_from_date: Annotated[dt.date, example("2026-06-22")] | None
    ended_date: Annotated[dt.date, example("2026-06-22")] | None
    details: Annotated[dict[str, Any], example({"badge_number": "PHD/2026/00012"})]
    events: list[TaxiLicenceEventOut]
    version: Annotated[int, example(1)]
