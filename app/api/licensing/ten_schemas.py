"""Wire shapes of the temporary event notice routes (camelCase; examples tell one story: a
village fete at the Ashcombe Village Hall over the late-May bank holiday weekend of 2026)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from app.api.casework.shapes import AddressIn, Name, Out, RecordedBy, Struct, Text, Uprn
from app.api.openapi_examples import example

Activity = Literal[
    "sale_of_alcohol",
    "supply_of_alcohol_club",
    "regulated_entertainment",
    "late_night_refreshment",
]
NoticeType = Literal["temporary_event_notice_standard", "temporary_event_notice_late"]
Authority = Literal["police", "environmental_health"]
Reference = Annotated[str, example("26/00012/TEN")]
Starts = Annotated[dt.datetime, example("2026-06-05T18:00:00+01:00")]
Ends = Annotated[dt.datetime, example("2026-06-05T23:30:00+01:00")]
Grounds = Annotated[Text, example("Noise from amplified music late at night near homes")]
Licence = Annotated[str, msgspec.Meta(min_length=1, max_length=60, examples=["PL/2019/0042"])]


class TenPremisesIn(Struct):
    address_line: Annotated[
        str,
        msgspec.Meta(
            min_length=1, max_length=500, examples=["Village Hall, Church Road, Ashcombe AS1 4DE"]
        ),
    ]
    name: Annotated[Name, example("Ashcombe Village Hall")] | None = None
    uprn: Uprn | None = None
    #: The premises licence or club premises certificate in force there, if any (s.106A).
    premises_licence_number: Licence | None = None


class TenPremisesUserIn(Struct):
    name: Annotated[Name, example("Jo Baker")]
    date_of_birth: Annotated[dt.date, example("1980-04-12")]
    personal_licence_number: Licence | None = None
    personal_licence_authority: Annotated[Name, example("Brackenfold Council")] | None = None
    email: Annotated[str, example("jo.baker@example.org")] | None = None
    address: AddressIn | None = None


class TemporaryEventNoticeIn(Struct):
    given_date: Annotated[dt.date, example("2026-05-20")]
    premises: TenPremisesIn
    premises_user: TenPremisesUserIn
    event_starts_at: Starts
    event_ends_at: Ends
    max_attendance: Annotated[int, msgspec.Meta(ge=1, examples=[250])]
    activities: Annotated[list[Activity], msgspec.Meta(min_length=1), example(["sale_of_alcohol"])]
    description: Annotated[Text, example("Summer fete with a bar and a live band")]
    #: Optional: the type the dates must make the notice; a mismatch is refused.
    notice_type: Annotated[NoticeType, example("temporary_event_notice_standard")] | None = None
    alcohol_supply: Annotated[Literal["on", "off", "both"], example("on")] | None = None


class TenCounterNoticeOut(Out):
    #: ``104A`` (objection to a late notice), ``105`` (after a hearing) or ``107`` (a limit).
    section: Annotated[str, example("107")]
    ground: Annotated[str, example("premises_notices")]
    detail: Annotated[str, example("s.107(4): the premises may have 15 notices in 2026")]
    given_date: Annotated[dt.date, example("2026-05-20")] | None


class TenPremisesOut(Out):
    address_line: Annotated[str, example("Village Hall, Church Road, Ashcombe AS1 4DE")]
    name: Annotated[str, example("Ashcombe Village Hall")] | None
    uprn: Annotated[str, example("100012345678")] | None
    premises_licence_number: Annotated[str, example("PL/2019/0042")] | None


class TenPremisesUserOut(Out):
    name: Annotated[str, example("Jo Baker")]
    date_of_birth: Annotated[dt.date, example("1980-04-12")]
    personal_licence_number: Annotated[str, example("PL/2019/0042")] | None
    personal_licence_authority: Annotated[str, example("Brackenfold Council")] | None


class TemporaryEventNoticeOut(Out):
    id: Annotated[UUID, example("0196a1b2-0c3d-7e4f-8a9b-0c1d2e3f4a5b")]
    reference: Reference
    notice_type: Annotated[str, example("temporary_event_notice_standard")]
    #: ``received``, ``objected``, ``hearing``, ``acknowledged``, ``conditions_imposed``,
    #: ``counter_notice`` or ``withdrawn``.
    status: Annotated[str, example("received")]
    given_date: Annotated[dt.date, example("2026-05-20")]
    premises: TenPremisesOut
    premises_user: TenPremisesUserOut
    event_starts_at: Starts
    event_ends_at: Ends
    event_days: Annotated[list[dt.date], example(["2026-06-05"])]
    max_attendance: Annotated[int, example(250)]
    activities: Annotated[list[str], example(["sale_of_alcohol"])]
    alcohol_supply: Annotated[str, example("on")] | None
    description: Annotated[str, example("Summer fete with a bar and a live band")]
    last_standard_notice_date: Annotated[dt.date, example("2026-05-20")]
    last_late_notice_date: Annotated[dt.date, example("2026-05-28")]
    objection_period_ends_date: Annotated[dt.date, example("2026-05-26")] | None
    counts_towards_limits: Annotated[bool, example(True)]
    counter_notice: TenCounterNoticeOut | None
    imposed_conditions: Annotated[list[str], example(["No amplified music after 22:00"])]
    decision: Annotated[str, example("acknowledged")] | None
    decision_date: Annotated[dt.date, example("2026-05-27")] | None
    withdrawn_at: Annotated[dt.datetime, example("2026-05-29T10:00:00Z")] | None
    version: Annotated[int, example(3)]


class TenObjectionIn(Struct):
    authority: Annotated[Authority, example("police")]
    name: Annotated[Name, example("PC Sam Reid")]
    received_date: Annotated[dt.date, example("2026-05-22")]
    grounds: Grounds
    organisation: Annotated[Name, example("Wessex Police")] | None = None
    email: Annotated[str, example("licensing@police.example")] | None = None
    objectives: Annotated[list[str], example(["prevention_of_public_nuisance"])] = msgspec.field(
        default_factory=list
    )


class TenObjectionOut(Out):
    id: Annotated[UUID, example("0196a1b2-5d6e-7f80-9a1b-2c3d4e5f6a7b")]
    authority: Annotated[str, example("police")]
    name: Annotated[str, example("PC Sam Reid")]
    organisation: Annotated[str, example("Wessex Police")] | None
    received_date: Annotated[dt.date, example("2026-05-22")]
    grounds: Grounds
    objectives: Annotated[list[str], example(["prevention_of_public_nuisance"])]
    recorded_by: RecordedBy


class TenHearingIn(Struct):
    scheduled_at: Annotated[dt.datetime, example("2026-05-28T10:00:00+01:00")] | None = None
    venue: Annotated[Name, example("Committee Room 2, Ashcombe Town Hall")] | None = None
    #: All parties agree a hearing is unnecessary (s.105(2)(a)): say so instead of listing one.
    dispensed_reason: (
        Annotated[Text, example("Premises user and police agreed revised hours in writing")] | None
    ) = None


class TenHearingOut(Out):
    id: Annotated[UUID, example("0196a1b2-9a0b-7c1d-8e2f-3a4b5c6d7e8f")]
    status: Annotated[str, example("listed")]
    earliest_date: Annotated[dt.date, example("2026-05-27")]
    start_by_date: Annotated[dt.date, example("2026-06-04")]
    scheduled_at: Annotated[dt.datetime, example("2026-05-28T10:00:00+01:00")] | None
    venue: Annotated[str, example("Committee Room 2, Ashcombe Town Hall")] | None
    dispensed_reason: Annotated[str, example("Agreed in writing")] | None
    held_date: Annotated[dt.date, example("2026-05-28")] | None
    outcome: Annotated[str, example("conditions_imposed")] | None
    reasons: Annotated[str, example("Conditions meet the police's concerns")] | None


class TenDecisionIn(Struct):
    outcome: Annotated[
        Literal["acknowledged", "conditions_imposed", "counter_notice"],
        example("conditions_imposed"),
    ]
    reasons: Annotated[Text, example("Conditions meet the police's concerns")]
    conditions: Annotated[list[Text], example(["No amplified music after 22:00"])] = msgspec.field(
        default_factory=list
    )
    decided_at: Annotated[dt.datetime, example("2026-05-28T12:00:00+01:00")] | None = None


class TenWithdrawalIn(Struct):
    reason: Annotated[Text, example("The fete is cancelled")] | None = None
    given_at: Annotated[dt.datetime, example("2026-05-29T10:00:00+01:00")] | None = None


class TenUsageOut(Out):
    year: Annotated[int, example(2026)]
    notices: Annotated[int, example(3)]
    late_notices: Annotated[int, example(1)]
    days: Annotated[int, example(5)]
    notice_limit: Annotated[int, example(15)]
    late_notice_limit: Annotated[int, example(10)] | None
    day_limit: Annotated[int, example(21)] | None


class TenLimitsOut(Out):
    year: Annotated[int, example(2026)]
    premises: TenUsageOut | None
    premises_user: TenUsageOut | None
