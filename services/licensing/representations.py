"""Representations on licence applications and reviews: who may make them, until when, the
authority's judgement of their relevance, and their withdrawal.

* Premises licences, club certificates, their variations and reviews: responsible authorities
  and other persons, within 28 consecutive days beginning with the day after the application was
  given (Licensing Act 2003 (Premises licences and club premises certificates) Regulations
  2005, regs. 22 and 29) — the case's statutory date is the last day.
* Transfers and changes of DPS: only the police (and for transfers Home Office Immigration
  Enforcement) may object, within 14 days beginning with the day they were notified
  (Licensing Act 2003, ss.37(4)-(5) and 42(6)).
* Minor variations: within 10 working days beginning with the day after the application was
  given (s.41A and reg. 38 of the 2005 Regulations).
* Personal licences: the police or Home Office Immigration Enforcement may give an objection
  notice within 14 days beginning with the day they were notified (s.120(5)); it leads to a
  hearing.

A representation from another person is relevant only if it is about the licensing objectives
and not frivolous or vexatious (ss.18(7), 18(6)); a responsible authority's counts as relevant
unless the authority rejects it. Only relevant representations that are not withdrawn count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import add_working_days, london_today, period_end
from services.core.cases.models import Case
from services.core.cases.store import CaseRuleError, audit, snapshot, transition
from services.licensing import hearings
from services.licensing import workflow as wf
from services.licensing.models import Representation
from services.registry import ClockUnit

AUTHORITIES = (
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
)
OBJECTIVES = (
    "prevention_of_crime_and_disorder",
    "public_safety",
    "prevention_of_public_nuisance",
    "protection_of_children_from_harm",
)
REJECTIONS = ("irrelevant", "frivolous", "vexatious", "repetitious")

#: Who may object to each police-only case type.
POLICE_OBJECTORS = {
    "premises_licence_transfer": ("police", "home_office_immigration"),
    "premises_licence_dps_variation": ("police",),
    "personal_licence": ("police", "home_office_immigration"),
}
MINOR_VARIATION_WORKING_DAYS = 10
POLICE_DAYS = 14


def police_notified_on(case: Case) -> dt.date:
    notified = case.details.get("policeNotifiedOn")
    return dt.date.fromisoformat(notified) if notified else case.received_date


def last_day(case: Case) -> dt.date | None:
    """The last day a representation (or objection notice) can be made on the case."""
    if case.case_type == "premises_licence_minor_variation":
        return add_working_days(case.received_date, MINOR_VARIATION_WORKING_DAYS)
    if case.case_type == "personal_licence":
        notified = police_notified_on(case)
        return period_end(POLICE_DAYS, ClockUnit.CALENDAR_DAYS, notified, includes_event_day=True)
    return case.statutory_date


@dataclass(frozen=True, slots=True)
class NewRepresentation:
    party: str
    authority: str | None
    name: str
    received_date: dt.date
    grounds: str
    objectives: list[str] = field(default_factory=list)
    organisation: str | None = None
    email: str | None = None
    address: dict[str, Any] | None = None


def _check(case: Case, new: NewRepresentation) -> None:
    if new.party == "responsible_authority" and new.authority is None:
        raise CaseRuleError("/authority", "say which responsible authority makes it")
    if new.party == "other_person" and new.authority is not None:
        raise CaseRuleError("/authority", "only a responsible authority names an authority")
    allowed = POLICE_OBJECTORS.get(case.case_type)
    if allowed is not None and new.authority not in allowed:
        who = " or ".join(a.replace("_", " ") for a in allowed)
        raise CaseRuleError(
            "/authority" if new.party == "responsible_authority" else "/party",
            f"only the {who} may object to a {case.case_type.replace('_', ' ')}",
        )
    if new.received_date < case.received_date:
        raise CaseRuleError("/receivedDate", "it cannot precede the application")
    if new.received_date > london_today():
        raise CaseRuleError("/receivedDate", "it cannot be received in the future")
    end = last_day(case)
    if end is not None and new.received_date > end:
        raise CaseRuleError(
            "/receivedDate",
            f"the period for representations ended on {end:%A %d %B %Y}; "
            f"one received on {new.received_date:%A %d %B %Y} is too late",
        )


async def add(
    session: AsyncSession, case: Case, new: NewRepresentation, *, actor: str
) -> Representation:
    """Record a representation made in time. A police objection notice on a personal licence
    application sends it to a hearing (s.120(7))."""
    workflow = wf.workflow_of(case.case_type)
    workflow.require(case.status, "represent")
    _check(case, new)
    row = Representation(
        case_id=case.id,
        kind="representation",
        party=new.party,
        authority=new.authority,
        name=new.name,
        organisation=new.organisation,
        email=new.email,
        address=new.address,
        received_date=new.received_date,
        objectives=list(new.objectives),
        grounds=new.grounds,
        relevant=True if new.party == "responsible_authority" else None,
        recorded_by=actor,
    )
    session.add(row)
    await session.flush()
    audit(session, actor, "representation.created", row)
    if case.case_type == "personal_licence":
        await transition(
            session, case, workflow, "refer_to_hearing", actor=actor,
            also={"details": {**case.details, "contested": True}},
        )  # fmt: skip
        await hearings.open_hearing(session, case, last_day(case) or row.received_date, actor=actor)
    return row


async def judge(
    session: AsyncSession,
    case: Case,
    row: Representation,
    *,
    relevant: bool,
    rejection: str | None,
    reason: str | None,
    actor: str,
) -> Representation:
    """The authority's judgement: relevant, or rejected (with the ground and why)."""
    wf.workflow_of(case.case_type).require(case.status, "judge_representation")
    if row.withdrawn_at is not None:
        raise CaseRuleError("", "the representation was withdrawn", status=409)
    if not relevant and (rejection is None or not reason):
        pointer = "/rejection" if rejection is None else "/reason"
        raise CaseRuleError(pointer, "say on what ground and why it is rejected")
    if relevant and rejection is not None:
        raise CaseRuleError("/rejection", "a relevant representation is not rejected")
    before = snapshot(row)
    row.relevant = relevant
    row.relevance_reason = None if relevant else f"{rejection}: {reason}"
    await session.flush()
    audit(session, actor, "representation.judged", row, before=before)
    return row


async def of_case(session: AsyncSession, case: Case) -> list[Representation]:
    statement = (
        select(Representation)
        .where(Representation.case_id == case.id, Representation.kind == "representation")
        .order_by(Representation.received_date, Representation.recorded_at)
    )
    return list((await session.scalars(statement)).all())


def counting(rows: list[Representation]) -> list[Representation]:
    """The relevant representations still standing."""
    return [r for r in rows if r.relevant is True and r.withdrawn_at is None]


async def withdraw(
    session: AsyncSession, case: Case, row: Representation, *, at: dt.datetime, actor: str
) -> Representation:
    """The maker withdraws it. If no relevant representation remains while a hearing is
    pending, the hearing is cancelled and the application is granted as an uncontested one."""
    workflow = wf.workflow_of(case.case_type)
    workflow.require(case.status, "withdraw_representation")
    if row.withdrawn_at is not None:
        raise CaseRuleError("", "the representation is already withdrawn", status=409)
    before = snapshot(row)
    row.withdrawn_at = at
    await session.flush()
    audit(session, actor, "representation.withdrawn", row, before=before)
    reviewing = case.case_type == "premises_licence_review"
    if case.status != wf.HEARING or reviewing or counting(await of_case(session, case)):
        return row
    hearing = await hearings.hearing_of(session, case, lock=True)
    if hearing is not None:
        reason = "every relevant representation was withdrawn"
        await hearings.close_hearing(session, hearing, "cancelled", reason, actor=actor)
    await transition(
        session, case, workflow, "dispense_with_hearing", actor=actor,
        also={"details": {**case.details, "contested": False}},
    )  # fmt: skip
    return row


__all__ = [
    "AUTHORITIES",
    "OBJECTIVES",
    "REJECTIONS",
    "NewRepresentation",
    "add",
    "counting",
    "judge",
    "last_day",
    "of_case",
    "police_notified_on",
    "withdraw",
]
