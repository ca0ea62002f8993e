"""Licence applications as cases: registering one (new premises licences and club premises
certificates, variations, transfers, changes of DPS, reviews, personal licences), closing the
representation period, and withdrawal.

An application on an existing licence names it; the licence must be on the register, of the
kind the application is about, and in force (Licensing Act 2003, ss.34, 37, 42, 51, 84). The
statutory date of a contested application is the last day for representations: 28 consecutive
days beginning with the day after the application was given (2005 Regulations, reg. 22), or for
a transfer or change of DPS 14 days beginning with the day the police were notified.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import london_today
from services.core.cases.models import Case
from services.core.cases.store import CaseRuleError, NewCase, transition, withdraw_case
from services.core.cases.timing import register_case
from services.core.settings import CouncilSettings
from services.licensing import hearings, register, representations
from services.licensing import workflow as wf
from services.licensing.models import Licence

SERVICE = "licensing"


def today() -> dt.date:
    return london_today()


@dataclass(frozen=True, slots=True)
class Application:
    """What an application says, as the API took it."""

    case_type: str
    received_date: dt.date
    description: str
    applicant: dict[str, Any]
    site: dict[str, Any] | None = None
    premises_name: str | None = None
    licence: str | None = None
    proposal: dict[str, Any] = field(default_factory=dict)
    grounds: str | None = None
    objectives: list[str] = field(default_factory=list)
    police_notified_on: dt.date | None = None
    fee_payable: Decimal | None = None
    officer_id: UUID | None = None
    officer_name: str | None = None


async def _licence_named(session: AsyncSession, new: Application) -> Licence | None:
    if new.case_type not in wf.ON_A_LICENCE:
        if new.licence is not None:
            raise CaseRuleError("/licence", "a new application does not name a licence")
        return None
    if new.licence is None:
        raise CaseRuleError("/licence", "name the licence this application is about")
    try:
        licence = await register.find_licence(session, new.licence)
    except register.LicenceNotFound as exc:
        raise CaseRuleError("/licence", str(exc)) from None
    kind = wf.LICENCE_KIND[new.case_type]
    if licence.kind != kind:
        raise CaseRuleError(
            "/licence", f"{licence.number} is a {licence.kind.replace('_', ' ')}, not a "
            f"{kind.replace('_', ' ')}",
        )  # fmt: skip
    if not register.in_force(licence, new.received_date):
        raise CaseRuleError(
            "/licence", f"{licence.number} is not in force ({licence.status})", status=409
        )
    return licence


def _check(new: Application, day: dt.date) -> None:
    if new.received_date > day:
        raise CaseRuleError("/receivedDate", "an application cannot be given in the future")
    needs_site = {"premises_licence_new", "club_premises_certificate_new"}
    if new.case_type in needs_site and new.site is None:
        raise CaseRuleError("/site", "say where the premises are")
    if new.case_type == "personal_licence" and new.site is not None:
        raise CaseRuleError("/site", "a personal licence is not for premises")
    if new.case_type == "premises_licence_dps_variation" and not new.proposal.get(
        "designatedPremisesSupervisor"
    ):
        raise CaseRuleError(
            "/designatedPremisesSupervisor", "name the proposed designated premises supervisor"
        )
    if new.case_type == "premises_licence_review":
        if not new.grounds:
            raise CaseRuleError("/grounds", "a review application states its grounds (s.51(3))")
        if not new.objectives:
            raise CaseRuleError("/objectives", "name the licensing objectives it engages")
    if new.police_notified_on is not None and new.police_notified_on < new.received_date:
        raise CaseRuleError("/policeNotifiedOn", "the police cannot be told before it was given")


async def register_application(
    session: AsyncSession, new: Application, *, settings: CouncilSettings, actor: str
) -> Case:
    """A new application case, its clock set: contested ones wait for representations."""
    if new.case_type not in wf.CASE_TYPES:
        raise CaseRuleError(
            "/applicationType", f"{new.case_type!r} is not a licence application type"
        )
    _check(new, today())
    licence = await _licence_named(session, new)
    site = new.site
    if site is None and licence is not None and licence.address_line:
        site = {"address_line": licence.address_line, "uprn": licence.uprn}
    details: dict[str, Any] = {"proposal": new.proposal, "contested": False}
    if new.premises_name or licence is not None:
        details["premisesName"] = new.premises_name or (licence and licence.premises_name)
    if licence is not None:
        details |= {"licenceId": str(licence.id), "licenceNumber": licence.number}
    if new.grounds:
        details |= {"grounds": new.grounds, "objectives": list(new.objectives)}
    if new.police_notified_on:
        details["policeNotifiedOn"] = new.police_notified_on.isoformat()
    case = NewCase(
        service=SERVICE,
        case_type=new.case_type,
        received_date=new.received_date,
        description=new.description,
        fee_payable=new.fee_payable,
        officer_id=new.officer_id,
        officer_name=new.officer_name,
        details=details,
        site=site,
        parties=[{"role": "applicant", **new.applicant}],
    )
    workflow = wf.workflow_of(new.case_type)
    return await register_case(session, case, workflow=workflow, settings=settings, actor=actor)


async def close_representations(session: AsyncSession, case: Case, *, actor: str) -> Case:
    """The representation period is over: with relevant representations (or on a review) a
    hearing must follow; otherwise the application goes to a decision."""
    workflow = wf.check_step(case.case_type, case.status, "close_representations")
    end = representations.last_day(case)
    if end is None or today() <= end:
        raise CaseRuleError(
            "",
            f"representations can be made until {end:%A %d %B %Y}; close the period after it",
            status=409,
        )
    rows = await representations.of_case(session, case)
    unjudged = [r for r in rows if r.relevant is None and r.withdrawn_at is None]
    if unjudged:
        raise CaseRuleError(
            "",
            f"{len(unjudged)} representation(s) from other persons await a decision on their "
            "relevance (POST …/representations/{id}/relevance)",
            status=409,
        )
    contested = bool(representations.counting(rows)) or case.case_type == "premises_licence_review"
    target = wf.HEARING if contested else wf.AWAITING_DECISION
    also: dict[str, Any] = {"details": {**case.details, "contested": contested}}
    if contested:  # the next deadline is the last day the hearing may commence
        also["target_date"] = hearings.hearing_window(end).last
    await transition(
        session, case, workflow, "close_representations", actor=actor, target=target, also=also
    )
    if contested:
        await hearings.open_hearing(session, case, end, actor=actor)
    return case


async def withdraw(
    session: AsyncSession, case: Case, *, reason: str, at: dt.datetime, actor: str
) -> Case:
    workflow = wf.workflow_of(case.case_type)
    await withdraw_case(session, case, workflow, reason=reason, at=at, actor=actor)
    hearing = await hearings.hearing_of(session, case, lock=True)
    if hearing is not None and hearing.status in {"to_list", "listed"}:
        await hearings.close_hearing(session, hearing, "cancelled", reason, actor=actor)
    return case


__all__ = [
    "SERVICE",
    "Application",
    "close_representations",
    "register_application",
    "today",
    "withdraw",
]
