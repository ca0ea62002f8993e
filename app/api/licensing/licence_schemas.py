"""Wire shapes (msgspec, camelCase) for Licensing Act 2003 applications: premises licences,
club premises certificates, their variations, transfers, DPS changes and reviews, and personal
licences.

The examples tell one story: The Crown and Anchor, 14 High Street, Ashcombe applies for a
premises licence (26/00042/PREM) given on Monday 2 March 2026; the last day for
representations is Monday 30 March 2026; the police represent; the hearing must begin by
Wednesday 29 April 2026 (Good Friday and Easter Monday excluded); the licence
PL/2026/00007 is granted with modified conditions.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from app.api.casework.shapes import (
    Address,
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

ApplicationType = Literal[
    "premises_licence_new",
    "premises_licence_variation",
    "premises_licence_minor_variation",
    "premises_licence_transfer",
    "premises_licence_dps_variation",
    "premises_licence_review",
    "club_premises_certificate_new",
    "club_premises_certificate_variation",
    "personal_licence",
]
Activity = Literal[
    "sale_of_alcohol",
    "supply_of_alcohol_to_members",
    "plays",
    "films",
    "indoor_sporting_events",
    "boxing_or_wrestling",
    "live_music",
    "recorded_music",
    "performance_of_dance",
    "late_night_refreshment",
]
Objective = Literal[
    "prevention_of_crime_and_disorder",
    "public_safety",
    "prevention_of_public_nuisance",
    "protection_of_children_from_harm",
]
Outcome = Literal[
    "granted",
    "granted_modified_conditions",
    "granted_excluded_activities",
    "refused",
    "deemed_refused",
    "no_action",
    "conditions_modified",
    "activities_excluded",
    "dps_removed",
    "suspended",
    "revoked",
]

Id = Annotated[UUID, example("0196a1c2-3d4e-7f50-8a6b-7c8d9e0f1a2b")]
Reference = Annotated[str, example("26/00042/PREM")]
LicenceNumber = Annotated[str, example("PL/2026/00007")]
GivenDate = Annotated[dt.date, example("2026-03-02")]
Description = Annotated[Text, example("New premises licence for a public house with live music")]
PremisesName = Annotated[Name, example("The Crown and Anchor")]
Hours = Annotated[Text, example("Mon-Sat 10:00-23:00; Sun 12:00-22:30")]
Activities = Annotated[list[Activity], example(["sale_of_alcohol", "live_music"])]
Objectives = Annotated[list[Objective], example(["prevention_of_public_nuisance"])]
Grounds = Annotated[Text, example("Amplified music late at night disturbs residents")]
Reasons = Annotated[
    Text, example("Live music is to end at 23:00 to prevent nuisance to neighbours.")
]
Conditions = Annotated[
    list[Text], example(["Windows and doors kept closed during regulated entertainment."])
]
Fee = Annotated[Decimal, example("315.00")]
Status = Annotated[str, example("hearing")]


class SupervisorIn(Struct):
    """A designated premises supervisor: a personal licence holder."""

    name: Annotated[Name, example("Mary Okonjo")]
    personal_licence_number: Annotated[str, example("PERS/2019/00311")] | None = None
    issuing_authority: Annotated[str, example("Brackenfold District Council")] | None = None


class LicenceApplicationCreate(Struct):
    """An application given to the licensing authority. ``receivedDate`` is the day it was
    given (today if left out): representations run for 28 days beginning the day after.
    A variation, transfer, DPS change or review names its ``licence`` by id or number."""

    application_type: Annotated[ApplicationType, example("premises_licence_new")]
    description: Description
    applicant: PartyIn
    received_date: GivenDate | None = None
    premises_name: PremisesName | None = None
    site: SiteIn | None = None
    licence: Annotated[str, example("PL/2026/00007")] | None = None
    activities: Activities | None = None
    hours: Hours | None = None
    designated_premises_supervisor: SupervisorIn | None = None
    grounds: Grounds | None = None
    objectives: Objectives = msgspec.field(default_factory=list)
    police_notified_on: Annotated[dt.date, example("2026-03-02")] | None = None
    fee_payable: Fee | None = None
    officer_id: Id | None = None
    officer_name: Annotated[str, example("Tom Okafor")] | None = None


class LicenceApplicationPatch(Patch):
    description: Description | msgspec.UnsetType = msgspec.UNSET
    premises_name: PremisesName | msgspec.UnsetType = msgspec.UNSET
    fee_payable: Fee | msgspec.UnsetType | None = msgspec.UNSET
    officer_id: Id | msgspec.UnsetType | None = msgspec.UNSET
    officer_name: Annotated[str, example("Tom Okafor")] | msgspec.UnsetType | None = msgspec.UNSET


class LicensingDecisionIn(Struct):
    """The determination. After a hearing, ``heldOn`` is the day it was held (recorded at
    ``…/hearing/determination``)."""

    outcome: Annotated[Outcome, example("granted_modified_conditions")]
    decision_date: Annotated[dt.date, example("2026-04-28")] | None = None
    reasons: Reasons | None = None
    held_on: Annotated[dt.date, example("2026-04-28")] | None = None
    conditions: Conditions = msgspec.field(default_factory=list)
    excluded_activities: Activities = msgspec.field(default_factory=list)
    suspended_until: Annotated[dt.date, example("2026-07-31")] | None = None


class LicenceRef(Out):
    id: Annotated[str, example("0196a1c2-8b9c-7d0e-9f1a-2b3c4d5e6f70")]
    number: LicenceNumber


class DatesOut(Out):
    given_date: GivenDate
    #: The last day representations (or a police objection notice) can be made.
    last_day_for_representations: Annotated[dt.date, example("2026-03-30")] | None
    #: A minor variation's 15th working day: undecided by then, it is refused.
    decision_due_date: Annotated[dt.date, example("2026-03-23")] | None


class DeterminationOut(Out):
    outcome: Annotated[str, example("granted_modified_conditions")]
    decision_date: Annotated[dt.date, example("2026-04-28")]
    decided_by: RecordedBy | None
    reasons: Reasons | None
    held_on: Annotated[dt.date, example("2026-04-28")] | None
    conditions: Conditions
    excluded_activities: Annotated[list[str], example(["recorded_music"])]
    suspended_until: Annotated[dt.date, example("2026-07-31")] | None


class ProposalOut(Out):
    activities: Annotated[list[str], example(["sale_of_alcohol", "live_music"])]
    hours: Hours | None
    designated_premises_supervisor: (
        Annotated[dict[str, Any], example({"name": "Mary Okonjo"})] | None
    )


class LicenceApplicationOut(Out):
    id: Id
    reference: Reference
    application_type: Annotated[str, example("premises_licence_new")]
    application_type_name: Annotated[str, example("Premises licence: new (s.17)")]
    status: Status
    allowed_actions: Annotated[list[str], example(["decide", "withdraw"])]
    description: Description
    premises_name: PremisesName | None
    licence: LicenceRef | None
    site: SiteOut | None
    applicant: PartyOut | None
    proposal: ProposalOut
    grounds: Grounds | None
    objectives: Annotated[list[str], example(["prevention_of_public_nuisance"])]
    #: Whether relevant representations (or a review) mean a hearing decides it.
    contested: Annotated[bool, example(True)]
    dates: DatesOut
    decision: DeterminationOut | None
    withdrawn_at: Annotated[dt.datetime, example("2026-03-20T10:00:00Z")] | None
    withdrawn_reason: Annotated[str, example("No longer opening")] | None
    fee_payable: Fee | None
    officer_name: Annotated[str, example("Tom Okafor")] | None
    version: Annotated[int, example(3)]
    created_at: Annotated[dt.datetime, example("2026-03-02T09:30:00Z")]
    updated_at: Annotated[dt.datetime, example("2026-04-28T16:00:00Z")]


# --- Representations ----------------------------------------------------------------------------

Authority = Literal[
    "police",
    "licensing_authority",
    "fire",
    "health_and_safety",
    "environmental_health",
    "planning",
    "child_protection",
    "trading_standards",
    "public_health",
    "home_office_immigration",
]


class RepresentationIn(Struct):
    party: Annotated[Literal["responsible_authority", "other_person"], example("other_person")]
    name: Annotated[Name, example("Jo Resident")]
    grounds: Grounds
    objectives: Objectives
    authority: Annotated[Authority, example("police")] | None = None
    organisation: Annotated[str, example("High Street Residents' Association")] | None = None
    email: (
        Annotated[str, msgspec.Meta(pattern=r"^[^@\s]+@[^@\s]+$", examples=["jo@example.org"])]
        | None
    ) = None
    address: Address | None = None
    received_date: Annotated[dt.date, example("2026-03-16")] | None = None


class RelevanceIn(Struct):
    """The authority's judgement of a representation."""

    relevant: Annotated[bool, example(False)]
    rejection: (
        Annotated[
            Literal["irrelevant", "frivolous", "vexatious", "repetitious"], example("vexatious")
        ]
        | None
    ) = None
    reason: (
        Annotated[Text, example("Concerns trade competition, not a licensing objective")] | None
    ) = None


class RepresentationOut(Out):
    id: Id
    party: Annotated[str, example("responsible_authority")]
    authority: Annotated[str, example("police")] | None
    name: Annotated[str, example("PC Dev Patel")]
    organisation: Annotated[str, example("Wessex Police")] | None
    email: Annotated[str, example("licensing@police.example")] | None
    address: Address | None
    received_date: Annotated[dt.date, example("2026-03-16")]
    objectives: Annotated[list[str], example(["prevention_of_crime_and_disorder"])]
    grounds: Grounds
    #: ``awaiting_judgement``, ``relevant``, ``rejected`` or ``withdrawn``.
    status: Annotated[str, example("relevant")]
    relevant: Annotated[bool, example(True)] | None
    relevance_reason: Annotated[str, example("frivolous: about parking fees")] | None
    withdrawn_at: Annotated[dt.datetime, example("2026-03-25T09:00:00Z")] | None
    recorded_by: RecordedBy


# --- Hearings -----------------------------------------------------------------------------------


class HearingIn(Struct):
    """When and where the hearing begins; it must be a working day in the window."""

    scheduled_at: Annotated[dt.datetime, example("2026-04-28T09:00:00Z")]
    venue: Annotated[str, example("Committee Room 2, Ashcombe Town Hall")] | None = None
    notice_given_on: Annotated[dt.date, example("2026-04-09")] | None = None


class DispensationIn(Struct):
    reason: Annotated[Text, example("Applicant and the police agreed conditions in writing")]


class HearingOut(Out):
    id: Id
    #: ``to_list``, ``listed``, ``held``, ``dispensed`` or ``cancelled``.
    status: Annotated[str, example("listed")]
    first_day: Annotated[dt.date, example("2026-03-31")]
    start_by: Annotated[dt.date, example("2026-04-29")]
    scheduled_at: Annotated[dt.datetime, example("2026-04-28T09:00:00Z")] | None
    venue: Annotated[str, example("Committee Room 2, Ashcombe Town Hall")] | None
    dispensed_reason: Annotated[str, example("All parties agreed")] | None
    held_on: Annotated[dt.date, example("2026-04-28")] | None
    outcome: Annotated[str, example("granted_modified_conditions")] | None
    reasons: Reasons | None
