"""Wire shapes (msgspec, camelCase) for building control. The examples tell one story: full plans
application 26/00007/FP for a two-storey rear extension at 4 Quarry Road, deposited on Monday
2 March 2026 (five weeks end on Easter Monday 6 April; an extended period may run to 2 May).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from app.api.casework.shapes import (
    Name,
    Out,
    PartyIn,
    PartyOut,
    Patch,
    RecordedBy,
    SiteIn,
    SiteOut,
    Struct,
    Text,
)
from app.api.openapi_examples import example

Description = Annotated[Text, example("Two-storey rear extension with a new kitchen and bedroom")]
Category = Annotated[
    str,
    msgspec.Meta(pattern=r"^[a-z0-9_]{1,60}$", examples=["extension_up_to_40m2"]),
]
DepositedDate = Annotated[dt.date, example("2026-03-02")]
Officer = Annotated[str, example("Helen Marsh")]
OfficerId = Annotated[UUID, example("0195f3c2-1b7e-7d4a-8c2f-3e9a6b1d5f71")]
Money = Annotated[Decimal, example("540.00")]
CaseId = Annotated[UUID, example("0195f3c2-7a41-7c1e-9b3d-5f2a8e6d4c20")]
Reference = Annotated[str, example("26/00007/FP")]


class BuildingIn(Struct):
    """The building the work is to: what decides whether it is higher-risk."""

    height_m: Annotated[Decimal, example("7.5")]
    storeys: Annotated[int, msgspec.Meta(ge=1, le=300, examples=[2])]
    residential_units: Annotated[int, msgspec.Meta(ge=0, le=10_000, examples=[1])]
    care_home_or_hospital: Annotated[bool, example(False)] = False


class BuildingOut(Out):
    height_m: Annotated[Decimal, example("7.5")]
    storeys: Annotated[int, example(2)]
    residential_units: Annotated[int, example(1)]
    care_home_or_hospital: Annotated[bool, example(False)]


class BcApplicationCreate(Struct):
    """A full plans application, building notice or regularisation application. ``receivedDate``
    is the day the plans were deposited (or the notice given); today if left out."""

    application_type: Annotated[
        Literal["full_plans", "building_notice", "regularisation"], example("full_plans")
    ]
    description: Description
    site: SiteIn
    applicant: PartyIn
    building: BuildingIn
    work_category: Category | None = None
    agent: PartyIn | None = None
    received_date: DepositedDate | None = None
    officer_id: OfficerId | None = None
    officer_name: Officer | None = None


class BcApplicationPatch(Patch):
    description: Description | msgspec.UnsetType = msgspec.UNSET
    officer_id: OfficerId | msgspec.UnsetType | None = msgspec.UNSET
    officer_name: Officer | msgspec.UnsetType | None = msgspec.UNSET


class FeeLineOut(Out):
    charge_type: Annotated[str, example("plan")]
    category: Category
    net: Annotated[Decimal, example("450.00")]
    vat: Annotated[Decimal, example("90.00")]
    total: Money


class ReferralOut(Out):
    """Higher-risk building work: the council cannot take it."""

    reason: Annotated[
        str,
        example(
            "Higher-risk building: 21.0 m high (18 m or more) with 24 residential units "
            "(2 or more). Apply to the Building Safety Regulator."
        ),
    ]
    regulator: Annotated[str, example("Building Safety Regulator")]
    regulator_url: Annotated[
        str,
        example(
            "https://www.gov.uk/guidance/apply-for-building-control-approval-for-a-higher-risk-building"
        ),
    ]


class CommencementOut(Out):
    earliest_start_date: Annotated[dt.date, example("2026-04-16")] | None
    commencement_notice_reference: Annotated[str, example("26/00011/CMN")] | None
    commenced_date: Annotated[dt.date, example("2026-04-20")] | None
    regarded_as_commenced_reference: Annotated[str, example("26/00012/RAC")] | None


class BcDatesOut(Out):
    received_date: DepositedDate
    #: Full plans: five weeks from deposit, and the target in force after any extension.
    statutory_date: Annotated[dt.date, example("2026-04-06")] | None
    target_date: Annotated[dt.date, example("2026-04-24")] | None
    statutory_date_non_working_day: Annotated[str, example("Easter Monday")] | None
    #: Full plans: the latest an extended period may end (two months from deposit).
    extension_limit_date: Annotated[dt.date, example("2026-05-02")] | None
    #: Plans and building notices: the last day work can commence before they lapse.
    lapse_date: Annotated[dt.date, example("2029-03-02")] | None
    lapsed_on: Annotated[dt.date, example("2029-03-03")] | None
    days_to_target: Annotated[int, example(12)] | None
    overdue: Annotated[bool, example(False)]


class BcDecisionOut(Out):
    outcome: Annotated[str, example("approved_with_conditions")]
    decision_date: Annotated[dt.date, example("2026-04-01")]
    decided_by: RecordedBy | None
    decided_in_time: Annotated[bool, example(True)] | None


class BcOfficerOut(Out):
    id: OfficerId | None
    name: Officer | None


class BcApplicationOut(Out):
    id: CaseId
    reference: Reference
    application_type: Annotated[str, example("full_plans")]
    application_type_name: Annotated[str, example("Full plans application")]
    status: Annotated[str, example("approved")]
    allowed_actions: Annotated[list[str], example(["certify", "lapse"])]
    description: Description
    dates: BcDatesOut
    decision: BcDecisionOut | None
    building: BuildingOut | None
    work_category: Category | None
    fee_payable: Money | None
    fee: list[FeeLineOut]
    referral: ReferralOut | None
    commencement: CommencementOut
    site: SiteOut | None
    applicant: PartyOut | None
    agent: PartyOut | None
    officer: BcOfficerOut | None
    withdrawn_at: Annotated[dt.datetime, example("2026-03-20T11:30:00Z")] | None
    withdrawn_reason: Annotated[str, example("Plans superseded")] | None
    version: Annotated[int, example(4)]
    created_at: Annotated[dt.datetime, example("2026-03-02T10:15:03Z")]
    updated_at: Annotated[dt.datetime, example("2026-04-01T14:20:00Z")]


class BcConditionIn(Struct):
    text: Annotated[
        Text, example("Provide a fire-resisting door set (FD30S) to the kitchen at first floor")
    ]
    reason: Annotated[Text, example("To comply with requirement B1 (means of escape)")]


class BcDecisionIn(Struct):
    """``approved_with_conditions`` needs ``conditions`` (s.16); ``rejected`` needs ``reasons``
    stating the defects (s.16(6))."""

    outcome: Annotated[
        Literal["approved", "approved_with_conditions", "rejected"],
        example("approved_with_conditions"),
    ]
    decision_date: Annotated[dt.date, example("2026-04-01")] | None = None
    conditions: list[BcConditionIn] = msgspec.field(default_factory=list)
    reasons: Annotated[
        list[Text], example(["The steel beam calculations for the rear opening are missing"])
    ] = msgspec.field(default_factory=list)


__all__ = [
    "BcApplicationCreate",
    "BcApplicationOut",
    "BcApplicationPatch",
    "BcConditionIn",
    "BcDatesOut",
    "BcDecisionIn",
    "BcDecisionOut",
    "BcOfficerOut",
    "BuildingIn",
    "BuildingOut",
    "Category",
    "CommencementOut",
    "FeeLineOut",
    "Name",
    "Out",
    "ReferralOut",
    "Struct",
]
