"""Wire shapes for notices: initial notices from registered building control approvers, their
rejection on prescribed grounds, and commencement / 'regarded as commenced' notices. The
examples: initial notice 26/00031/IN for a loft conversion, given on Tuesday 22 December 2026;
the last day to reject is Wednesday 30 December (25 and 28 December are bank holidays)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from app.api.building_control.schemas import BuildingIn, BuildingOut, ReferralOut
from app.api.casework.shapes import (
    Name,
    Out,
    PartyIn,
    PartyOut,
    RecordedBy,
    SiteIn,
    SiteOut,
    Struct,
    Text,
)
from app.api.openapi_examples import example

NoticeDescription = Annotated[Text, example("Loft conversion with a rear dormer")]
GivenDate = Annotated[dt.date, example("2026-12-22")]
NoticeId = Annotated[UUID, example("0195f3c2-7a41-7c1e-9b3d-5f2a8e6d4c31")]
GroundCode = Annotated[str, example("information_missing")]


class ApproverIn(Struct):
    name: Annotated[Name, example("Northgate Building Control Ltd")]
    registration_number: Annotated[
        str, msgspec.Meta(min_length=1, max_length=60, examples=["RBCA-000123"])
    ]
    email: Annotated[str, example("notices@northgate-bc.example")] | None = None


class ApproverOut(Out):
    name: Annotated[str, example("Northgate Building Control Ltd")]
    registration_number: Annotated[str, example("RBCA-000123")]
    email: Annotated[str, example("notices@northgate-bc.example")] | None


class InitialNoticeCreate(Struct):
    description: NoticeDescription
    site: SiteIn
    approver: ApproverIn
    building: BuildingIn
    client: PartyIn | None = None
    #: The day the notice was given to the council; today if left out.
    given_date: GivenDate | None = None


class GroundOut(Out):
    code: GroundCode
    title: Annotated[str, example("Information about the proposed work")]
    summary: Annotated[str, example("The notice and its plans lack required information …")]
    citation: Annotated[
        str,
        example(
            "Building (Registered Building Control Approvers etc.) (England) Regulations 2024, "
            "Sch. 2, para. 6"
        ),
    ]


class RejectionIn(Struct):
    grounds: Annotated[
        list[GroundCode], msgspec.Meta(min_length=1, examples=[["information_missing"]])
    ]
    detail: Annotated[Text, example("No statement of when the work is to be regarded as commenced")]
    rejected_date: Annotated[dt.date, example("2026-12-29")] | None = None


class RejectionOut(Out):
    grounds: list[GroundOut]
    detail: Annotated[str, example("No statement of when the work is to be regarded as commenced")]


class InitialNoticeOut(Out):
    id: NoticeId
    reference: Annotated[str, example("26/00031/IN")]
    status: Annotated[str, example("received", "accepted")]
    allowed_actions: Annotated[list[str], example(["accept", "reject", "refer_to_bsr"])]
    description: NoticeDescription
    given_date: GivenDate
    #: The last of the five working days beginning with the day the notice was given.
    last_day_to_reject: Annotated[dt.date, example("2026-12-30")] | None
    #: ``treated_as_accepted`` once the period has passed without a rejection, or ``rejected``.
    outcome: Annotated[str, example("treated_as_accepted")] | None
    outcome_date: Annotated[dt.date, example("2026-12-30")] | None
    rejection: RejectionOut | None
    approver: ApproverOut | None
    client: PartyOut | None
    building: BuildingOut | None
    referral: ReferralOut | None
    site: SiteOut | None
    version: Annotated[int, example(2)]
    created_at: Annotated[dt.datetime, example("2026-12-22T09:30:00Z")]


class CommencementNoticeCreate(Struct):
    """``commencement_notice``: work is to start (it may once two full working days have
    passed); ``regarded_as_commenced``: work reached the point where it counts as commenced on
    ``commencedDate``, which stops the application lapsing."""

    kind: Annotated[
        Literal["commencement_notice", "regarded_as_commenced"], example("commencement_notice")
    ]
    #: The application's id or reference.
    application: Annotated[str, msgspec.Meta(min_length=1, max_length=60, examples=["26/00007/FP"])]
    given_date: Annotated[dt.date, example("2026-04-13")] | None = None
    commenced_date: Annotated[dt.date, example("2026-04-20")] | None = None
    description: Annotated[Text, example("Excavation for foundations to start")] | None = None


class CommencementNoticeOut(Out):
    id: NoticeId
    reference: Annotated[str, example("26/00011/CMN")]
    kind: Annotated[str, example("commencement_notice")]
    status: Annotated[str, example("received")]
    application_id: Annotated[UUID, example("0195f3c2-7a41-7c1e-9b3d-5f2a8e6d4c20")]
    application_reference: Annotated[str, example("26/00007/FP")]
    given_date: Annotated[dt.date, example("2026-04-13")]
    #: Commencement notices: the first day work may start.
    earliest_start_date: Annotated[dt.date, example("2026-04-16")] | None
    commenced_date: Annotated[dt.date, example("2026-04-20")] | None
    recorded_by: RecordedBy
    created_at: Annotated[dt.datetime, example("2026-04-13T10:00:00Z")]


__all__ = [
    "ApproverIn",
    "ApproverOut",
    "CommencementNoticeCreate",
    "CommencementNoticeOut",
    "GroundOut",
    "InitialNoticeCreate",
    "InitialNoticeOut",
    "RejectionIn",
    "RejectionOut",
]
