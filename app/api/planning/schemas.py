"""Wire shapes (msgspec, camelCase, ODP date conventions: ``…Date`` is ``YYYY-MM-DD``,
``…At`` an ISO 8601 UTC date-time) for planning applications."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=10_000)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
Uprn = Annotated[str, msgspec.Meta(pattern=r"^\d{1,12}$", examples=["100021892955"])]
GssCode = Annotated[str, msgspec.Meta(pattern=r"^[EWSN]\d{8}$", examples=["E05013770"])]
Latitude = Annotated[float, msgspec.Meta(ge=49.0, le=61.0)]
Longitude = Annotated[float, msgspec.Meta(ge=-9.0, le=2.5)]


class Struct(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=True):
    """Request bodies refuse unknown fields, so a typo is an error, not silently ignored."""


class Out(msgspec.Struct, rename="camel", kw_only=True, omit_defaults=False):
    """Response bodies."""


class SiteIn(Struct):
    address_line: Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
    address: dict[str, Any] = msgspec.field(default_factory=dict)
    uprn: Uprn | None = None
    usrn: Annotated[str, msgspec.Meta(pattern=r"^\d{1,12}$")] | None = None
    postcode: Annotated[str, msgspec.Meta(max_length=10)] | None = None
    ward_code: GssCode | None = None
    ward_name: str | None = None
    parish_code: GssCode | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    easting: float | None = None
    northing: float | None = None
    boundary: dict[str, Any] | None = None


class PartyIn(Struct):
    name: Name
    organisation: str | None = None
    email: Annotated[str, msgspec.Meta(pattern=r"^[^@\s]+@[^@\s]+$")] | None = None
    phone: str | None = None
    address: dict[str, Any] | None = None


class ApplicationCreate(Struct):
    """An application entered by an officer (paper or email). ODP submissions are posted to
    the same route in their own shape."""

    application_type: Annotated[str, msgspec.Meta(examples=["householder"])]
    description: Text
    site: SiteIn
    applicant: PartyIn
    agent: PartyIn | None = None
    received_date: dt.date | None = None
    submitted_at: dt.datetime | None = None
    fee_payable: Decimal | None = None
    officer_id: UUID | None = None
    officer_name: str | None = None


class ApplicationPatch(Struct):
    description: Text | msgspec.UnsetType = msgspec.UNSET
    application_type: str | msgspec.UnsetType = msgspec.UNSET
    officer_id: UUID | msgspec.UnsetType | None = msgspec.UNSET
    officer_name: str | msgspec.UnsetType | None = msgspec.UNSET
    fee_payable: Decimal | msgspec.UnsetType | None = msgspec.UNSET
    received_date: dt.date | msgspec.UnsetType = msgspec.UNSET

    def changes(self) -> dict[str, Any]:
        return {
            f: getattr(self, f)
            for f in self.__struct_fields__
            if getattr(self, f) is not msgspec.UNSET
        }


class SiteOut(Out):
    address_line: str | None
    address: dict[str, Any]
    uprn: str | None
    usrn: str | None
    postcode: str | None
    ward_code: str | None
    ward_name: str | None
    parish_code: str | None
    latitude: float | None
    longitude: float | None
    easting: float | None
    northing: float | None
    boundary: dict[str, Any] | None


class PartyOut(Out):
    id: UUID
    role: str
    name: str
    organisation: str | None
    email: str | None
    phone: str | None
    address: dict[str, Any] | None


class OfficerOut(Out):
    id: UUID | None
    name: str | None


class DecisionOut(Out):
    outcome: str
    decision_date: dt.date
    level: str | None
    decided_by: str | None
    committee_date: dt.date | None


class StatutoryDatesOut(Out):
    received_date: dt.date
    valid_from_date: dt.date | None
    statutory_date: dt.date | None
    target_date: dt.date | None
    statutory_date_non_working_day: str | None
    consultation_start_date: dt.date | None
    consultation_end_date: dt.date | None
    earliest_decision_date: dt.date | None
    days_to_target: int | None
    overdue: bool


class ApplicationOut(Out):
    id: UUID
    reference: str
    application_type: str
    application_type_name: str
    odp_application_type: str | None
    status: str
    allowed_actions: list[str]
    description: str
    submitted_at: dt.datetime | None
    validated_at: dt.datetime | None
    published_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    withdrawn_reason: str | None
    dates: StatutoryDatesOut
    officer: OfficerOut | None
    recommendation: str | None
    decision: DecisionOut | None
    site: SiteOut | None
    applicant: PartyOut | None
    agent: PartyOut | None
    fee_payable: Decimal | None
    legacy_reference: str | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class CursorPagination(Out):
    results_per_page: int
    next_cursor: str | None
    prev_cursor: str | None
    total_results: int


class ApplicationCursorPage(Out):
    data: list[ApplicationOut]
    pagination: CursorPagination


class ValidationOutcome(Struct):
    """``valid``: the application is complete (it counts from the day it became complete);
    ``invalid``: validation requests are outstanding; ``returned``: sent back unprocessed."""

    outcome: Literal["valid", "invalid", "returned"]
    consultation: bool | None = None
    reason: str | None = None


class Withdrawal(Struct):
    reason: Text
    withdrawn_at: dt.datetime | None = None


class Recommendation(Struct):
    recommendation: Literal[
        "granted",
        "refused",
        "split",
        "prior_approval_not_required",
        "prior_approval_granted",
        "prior_approval_refused",
    ]
    report: Text
    level: Literal["delegated", "committee"] = "delegated"
    committee_date: dt.date | None = None
