"""Wire shapes (msgspec, camelCase, ODP date conventions: ``…Date`` is ``YYYY-MM-DD``,
``…At`` an ISO 8601 UTC date-time) for planning applications.

Fields carry ``examples`` (:func:`example`) that the OpenAPI document shows; they tell one story:
householder application 26/00042/HOUSE at 12 Acacia Avenue, received on Monday 2 March 2026.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from app.api.casework.outcome_shapes import Withdrawal
from app.api.casework.shapes import (
    GSS_CODE,
    Address,
    AddressIn,
    Boundary,
    Latitude,
    Line,
    Longitude,
    Name,
    Out,
    ParishCode,
    PartyIn,
    PartyOut,
    Patch,
    RecordedBy,
    SiteIn,
    SiteOut,
    Struct,
    Text,
    Uprn,
    WardCode,
    address_dict,
)
from app.api.openapi_examples import example
from services.planning import workflow as wf

ApplicationType = Annotated[str, example("householder", "full_minor")]
Description = Annotated[Text, example("Single-storey rear extension and loft conversion")]
Officer = Annotated[str, example("Priya Shah")]
OfficerId = Annotated[UUID, example("0195f3c2-1b7e-7d4a-8c2f-3e9a6b1d5f70")]
Fee = Annotated[Decimal, example("258.00")]
ReceivedDate = Annotated[dt.date, example("2026-03-02")]
#: When the fee was paid, if after the application arrived: the clock then counts from it.
FeePaidDate = Annotated[dt.date, example("2026-03-04")]
#: Who recorded something: the signed-in officer or the API client (the audit trail's actor).
SubmittedAt = Annotated[dt.datetime, example("2026-03-02T10:15:00Z")]


class ApplicationCreate(Struct):
    """An application entered by an officer (paper or email). ODP submissions are posted to
    the same route in their own shape."""

    application_type: ApplicationType
    description: Description
    site: SiteIn
    applicant: PartyIn
    agent: PartyIn | None = None
    received_date: ReceivedDate | None = None
    submitted_at: SubmittedAt | None = None
    fee_payable: Fee | None = None
    fee_paid_date: FeePaidDate | None = None
    officer_id: OfficerId | None = None
    officer_name: Officer | None = None


class OdpSubmission(msgspec.Struct, rename="camel", kw_only=True):
    """An Open Digital Planning submission as PlanX sends it: ``application.json`` or
    ``prototypeApplication.json`` (schema v0.7.7, https://theopensystemslab.github.io/
    digital-planning-data-schemas/). Only its top level is outlined here; the payload is
    validated against the ODP schema itself. Documentation only: nothing decodes into it."""

    data: Annotated[dict[str, Any], example({"proposal": {"description": "Rear extension"}})]
    responses: Annotated[list[dict[str, Any]], example([])]
    files: Annotated[list[dict[str, Any]], example([])]
    metadata: Annotated[dict[str, Any], example({"source": "PlanX", "organisation": "SWK"})]
    #: Present in the prototypeApplication shape: the ODP application type code.
    application_type: Annotated[str, example("pp.full.householder")] | None = None
    #: Present in the application shape: PlanX's pre-assessment of the likely outcome.
    pre_assessment: Annotated[list[dict[str, Any]], example([])] | None = None


class ApplicationPatch(Patch):
    description: Description | msgspec.UnsetType = msgspec.UNSET
    application_type: ApplicationType | msgspec.UnsetType = msgspec.UNSET
    officer_id: OfficerId | msgspec.UnsetType | None = msgspec.UNSET
    officer_name: Officer | msgspec.UnsetType | None = msgspec.UNSET
    fee_payable: Fee | msgspec.UnsetType | None = msgspec.UNSET
    received_date: ReceivedDate | msgspec.UnsetType = msgspec.UNSET
    fee_paid_date: FeePaidDate | msgspec.UnsetType | None = msgspec.UNSET


class OfficerOut(Out):
    id: OfficerId | None
    name: Officer | None


class DecisionOut(Out):
    outcome: Annotated[str, example("granted", "refused")]
    decision_date: Annotated[dt.date, example("2026-04-21")]
    level: Annotated[str, example("delegated", "committee")] | None
    decided_by: Annotated[str, example("Priya Shah")] | None
    committee_date: Annotated[dt.date, example("2026-04-16")] | None


class StatutoryDatesOut(Out):
    received_date: ReceivedDate
    application_received_date: ReceivedDate
    fee_paid_date: FeePaidDate | None
    valid_from_date: Annotated[dt.date, example("2026-03-02")] | None
    statutory_date: Annotated[dt.date, example("2026-04-27")] | None
    target_date: Annotated[dt.date, example("2026-04-27")] | None
    statutory_date_non_working_day: Annotated[str, example("Easter Monday")] | None
    consultation_start_date: Annotated[dt.date, example("2026-03-05")] | None
    consultation_end_date: Annotated[dt.date, example("2026-03-25")] | None
    earliest_decision_date: Annotated[dt.date, example("2026-03-26")] | None
    days_to_target: Annotated[int, example(34)] | None
    overdue: Annotated[bool, example(False)]


class ApplicationOut(Out):
    id: Annotated[UUID, example("0195f3c2-7a41-7c1e-9b3d-5f2a8e6d4c10")]
    reference: Annotated[str, example("26/00042/HOUSE")]
    application_type: ApplicationType
    application_type_name: Annotated[str, example("Householder application")]
    odp_application_type: Annotated[str, example("pp.full.householder")] | None
    status: Annotated[str, example("consultation")]
    allowed_actions: Annotated[list[str], example(["start_assessment", "withdraw"])]
    description: Description
    submitted_at: SubmittedAt | None
    validated_at: Annotated[dt.datetime, example("2026-03-04T14:02:11Z")] | None
    published_at: Annotated[dt.datetime, example("2026-03-05T09:00:00Z")] | None
    withdrawn_at: Annotated[dt.datetime, example("2026-03-20T11:30:00Z")] | None
    withdrawn_reason: Annotated[str, example("The applicant no longer wishes to proceed")] | None
    dates: StatutoryDatesOut
    officer: OfficerOut | None
    recommendation: Annotated[str, example("granted")] | None
    decision: DecisionOut | None
    site: SiteOut | None
    applicant: PartyOut | None
    agent: PartyOut | None
    fee_payable: Fee | None
    legacy_reference: Annotated[str, example("HH/2025/0913")] | None
    #: References a reorganisation replaced (oldest first); each still finds the application.
    former_references: Annotated[list[str], example(["25/00318/HOUSE"])]
    origin_authority: Annotated[str, example("E07000101")] | None
    version: Annotated[int, example(3)]
    created_at: Annotated[dt.datetime, example("2026-03-02T10:15:03Z")]
    updated_at: Annotated[dt.datetime, example("2026-03-05T09:00:00Z")]


class CursorPagination(Out):
    results_per_page: Annotated[int, example(10)]
    next_cursor: Annotated[str, example("MjAyNi0wMy0wMnwwMTk1ZjNjMi03YTQx")] | None
    prev_cursor: Annotated[str, example("MjAyNi0wMy0xNnwwMTk1ZmUxMC0wYjQy")] | None
    total_results: Annotated[int, example(137)]


class ApplicationCursorPage(Out):
    data: list[ApplicationOut]
    pagination: CursorPagination


class ValidationOutcome(Struct):
    """``valid``: the application is complete (it counts from the day it became complete);
    ``invalid``: validation requests are outstanding; ``returned``: sent back unprocessed."""

    outcome: Annotated[Literal["valid", "invalid", "returned"], example("valid")]
    consultation: Annotated[bool, example(True)] | None = None
    reason: Annotated[str, example("No fee was paid and the applicant has not replied")] | None = (
        None
    )


#: What a planning decision can be (the planning workflow's outcomes).
Outcome = Literal[wf.OUTCOMES]  # type: ignore[valid-type]


class Recommendation(Struct):
    recommendation: Annotated[Outcome, example("granted")]
    report: Annotated[
        Text,
        example(
            "The extension is subordinate to the host dwelling and would not harm the amenity "
            "of 10 and 14 Acacia Avenue. Approval is recommended subject to conditions."
        ),
    ]
    level: Annotated[Literal["delegated", "committee"], example("delegated")] = "delegated"
    committee_date: Annotated[dt.date, example("2026-04-16")] | None = None


#: The shared shapes (``app.api.casework.shapes``) are re-exported for the planning routes.
__all__ = [
    "GSS_CODE",
    "Address",
    "AddressIn",
    "ApplicationCreate",
    "ApplicationCursorPage",
    "ApplicationOut",
    "ApplicationPatch",
    "ApplicationType",
    "Boundary",
    "CursorPagination",
    "DecisionOut",
    "Description",
    "Fee",
    "FeePaidDate",
    "Latitude",
    "Line",
    "Longitude",
    "Name",
    "OdpSubmission",
    "Officer",
    "OfficerId",
    "OfficerOut",
    "Out",
    "Outcome",
    "ParishCode",
    "PartyIn",
    "PartyOut",
    "ReceivedDate",
    "Recommendation",
    "RecordedBy",
    "SiteIn",
    "SiteOut",
    "StatutoryDatesOut",
    "Struct",
    "SubmittedAt",
    "Text",
    "Uprn",
    "ValidationOutcome",
    "WardCode",
    "Withdrawal",
    "address_dict",
]
