"""Determining licence applications and reviews, and what the determination does to the
register.

* No relevant representations: the authority must grant as applied for, subject only to the
  mandatory conditions (Licensing Act 2003, ss.18(2), 35(2), 37(5), 44(2), 72(2), 85(2)).
* After a hearing (or one dispensed with): grant, grant with modified conditions, grant excluding
  licensable activities, or refuse, with reasons (ss.18(4), 35(4), 44(5), 72(4), 85(4)).
* A review: no action, modify the conditions, exclude an activity, remove the DPS, suspend for
  up to three months, or revoke (s.52(4), (6)); the step takes effect only when the 21 days for
  appealing have passed (s.52(11); Sch. 5, para. 8 and s.181).
* A minor variation not decided within 15 working days is refused (s.41B(4)); one may not be
  decided before the 10 working days for representations have passed.
* A personal licence is granted unless the police's 14 days for an objection notice are still
  running or an objection leads to a hearing (s.120).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import add_months, period_end
from services.core.cases.models import Case, Party
from services.core.cases.store import CaseRuleError, transition
from services.licensing import hearings, register, representations
from services.licensing import workflow as wf
from services.licensing.models import Licence
from services.registry import ClockUnit

#: Days after the decision for an appeal (Sch. 5, para. 8 "within 21 days beginning with the
#: day on which the appellant was notified"); a review step takes effect the day after.
APPEAL_DAYS = 21
MAX_REVIEW_SUSPENSION_MONTHS = 3


@dataclass(frozen=True, slots=True)
class Determination:
    outcome: str
    decision_date: dt.date
    reasons: str | None = None
    held_on: dt.date | None = None
    conditions: list[str] = field(default_factory=list)
    excluded_activities: list[str] = field(default_factory=list)
    suspended_until: dt.date | None = None


def review_takes_effect(decision_date: dt.date) -> dt.date:
    """The day a review step has effect if nobody appeals: after the 21 days beginning with
    the day of the decision (taken as the day the parties are notified)."""
    last = period_end(APPEAL_DAYS, ClockUnit.CALENDAR_DAYS, decision_date, includes_event_day=True)
    return last + dt.timedelta(days=1)


def _check_values(case: Case, decision: Determination, day: dt.date) -> None:
    if decision.outcome not in wf.outcomes_for(case.case_type):
        allowed = ", ".join(wf.outcomes_for(case.case_type))
        raise CaseRuleError("/outcome", f"a {case.case_type} is decided as one of: {allowed}")
    if decision.decision_date > day:
        raise CaseRuleError("/decisionDate", "a decision cannot be dated in the future")
    if decision.decision_date < case.received_date:
        raise CaseRuleError("/decisionDate", "a decision cannot precede the application")
    unreasoned = decision.outcome not in {wf.GRANTED, "no_action", "deemed_refused"}
    if unreasoned and not decision.reasons:
        raise CaseRuleError("/reasons", "give the reasons for this determination")
    needs = {
        "granted_modified_conditions": ("conditions", "/conditions"),
        "conditions_modified": ("conditions", "/conditions"),
        "granted_excluded_activities": ("excluded_activities", "/excludedActivities"),
        "activities_excluded": ("excluded_activities", "/excludedActivities"),
    }
    if decision.outcome in needs:
        name, pointer = needs[decision.outcome]
        if not getattr(decision, name):
            raise CaseRuleError(pointer, f"a {decision.outcome.replace('_', ' ')} lists them")
    if decision.outcome == "suspended":
        starts = review_takes_effect(decision.decision_date)
        limit = add_months(starts, MAX_REVIEW_SUSPENSION_MONTHS)
        until = decision.suspended_until
        if until is None or not starts <= until <= limit:
            raise CaseRuleError(
                "/suspendedUntil",
                f"a suspension on review runs from {starts:%d %B %Y} for at most three "
                f"months (to {limit:%d %B %Y} at the latest)",
            )


def _check_timing(case: Case, decision: Determination) -> None:
    """Rules that depend on the case's stage and its periods (409 when the time is wrong)."""
    last = representations.last_day(case)
    if case.case_type == "premises_licence_minor_variation":
        deadline = case.statutory_date
        assert deadline is not None
        assert last is not None
        late = decision.decision_date > deadline
        if decision.outcome == "deemed_refused" and not late:
            raise CaseRuleError(
                "/outcome", f"it is not deemed refused unless undecided by {deadline:%d %B %Y}"
            )
        if late and decision.outcome != "deemed_refused":
            raise CaseRuleError(
                "/decisionDate",
                f"the 15 working days ended on {deadline:%A %d %B %Y}: the application was "
                "refused by default (s.41B(4)); record outcome deemed_refused",
                status=409,
            )
        if decision.decision_date <= last:
            raise CaseRuleError(
                "/decisionDate",
                f"representations can be made until {last:%A %d %B %Y}",
                status=409,
            )
    if case.case_type == "personal_licence" and case.status == wf.RECEIVED:
        assert last is not None
        if decision.decision_date <= last:
            raise CaseRuleError(
                "/decisionDate",
                f"the police may give an objection notice until {last:%A %d %B %Y} (s.120(5))",
                status=409,
            )
    uncontested = case.status == wf.AWAITING_DECISION and not case.details.get("contested")
    if uncontested and decision.outcome != wf.GRANTED:
        raise CaseRuleError(
            "/outcome",
            "with no relevant representations the application must be granted as applied "
            "for (s.18(2))",
        )
    if case.status == wf.HEARING and decision.held_on is None:
        raise CaseRuleError("/heldOn", "a contested application is decided at its hearing")
    if decision.held_on is not None and decision.decision_date < decision.held_on:
        raise CaseRuleError("/decisionDate", "the determination cannot precede the hearing")


def _holder(parties: list[Party]) -> dict[str, Any]:
    applicant = next(p for p in parties if p.role == "applicant")
    return {
        "name": applicant.name,
        "organisation": applicant.organisation,
        "email": applicant.email,
        "address": applicant.address,
    }


def _terms(case: Case, decision: Determination) -> dict[str, Any]:
    """What the grant authorises: the proposal, with the determination's conditions and
    exclusions."""
    terms = dict(case.details.get("proposal") or {})
    if decision.conditions:
        terms["conditions"] = list(decision.conditions)
    if decision.excluded_activities:
        activities = [
            a for a in terms.get("activities", []) if a not in decision.excluded_activities
        ]
        terms["activities"] = activities
        terms["excludedActivities"] = list(decision.excluded_activities)
    return terms


async def _apply_grant(
    session: AsyncSession, case: Case, decision: Determination, *, actor: str
) -> Licence | None:
    on = decision.decision_date
    terms = _terms(case, decision)
    if case.case_type in wf.NEW_LICENCE:
        site = case.site
        return await register.issue(
            session,
            kind=wf.LICENCE_KIND[case.case_type],
            granted_on=on,
            holder=_holder(list(case.parties)),
            premises_name=case.details.get("premisesName"),
            address_line=site.address_line if site else None,
            uprn=site.uprn if site else None,
            details=terms,
            case_id=case.id,
            actor=actor,
        )
    licence = await register.find_licence(session, case.details["licenceId"], lock=True)
    detail = {"reference": case.reference, "outcome": decision.outcome}
    if case.case_type == "premises_licence_transfer":
        holder = _holder(list(case.parties))
        changes = {f"holder_{k}": v for k, v in holder.items()}
        await register.amend(
            session, licence, "transferred", on, changes, actor=actor, case_id=case.id,
            detail={**detail, "from": licence.holder_name, "to": holder["name"]},
        )  # fmt: skip
    elif case.case_type == "premises_licence_dps_variation":
        dps = terms.get("designatedPremisesSupervisor")
        await register.amend(
            session, licence, "dps_changed", on, {"details": {"designatedPremisesSupervisor": dps}},
            actor=actor, case_id=case.id, detail={**detail, "designatedPremisesSupervisor": dps},
        )  # fmt: skip
    else:
        await register.amend(
            session, licence, "varied", on, {"details": terms}, actor=actor, case_id=case.id,
            detail={**detail, "minor": case.case_type == "premises_licence_minor_variation"},
        )  # fmt: skip
    return licence


async def _apply_review(
    session: AsyncSession, case: Case, decision: Determination, *, actor: str
) -> Licence:
    licence = await register.find_licence(session, case.details["licenceId"], lock=True)
    effect = review_takes_effect(decision.decision_date)
    changes: dict[str, Any] = {}
    outcome = decision.outcome
    if outcome == "conditions_modified":
        changes["details"] = {"conditions": list(decision.conditions)}
    elif outcome == "activities_excluded":
        excluded = decision.excluded_activities
        kept = [a for a in licence.details.get("activities", []) if a not in excluded]
        was = licence.details.get("excludedActivities", [])
        changes["details"] = {"activities": kept, "excludedActivities": [*was, *excluded]}
    elif outcome == "dps_removed":
        changes["details"] = {"designatedPremisesSupervisor": None}
    elif outcome == "suspended":
        until = decision.suspended_until
        assert until is not None
        changes = {
            "status": "suspended",
            "suspended_from": effect,
            "suspension_reason": f"Suspended on review {case.reference}",
            "details": {"suspendedUntil": until.isoformat()},
        }
    elif outcome == "revoked":
        changes = {"status": "revoked", "ended_on": effect}
    detail = {
        "reference": case.reference,
        "outcome": outcome,
        "takesEffectOn": effect.isoformat(),
        "reasons": decision.reasons,
    }
    await register.amend(
        session, licence, "reviewed", decision.decision_date, changes, actor=actor,
        case_id=case.id, detail=detail,
    )  # fmt: skip
    return licence


async def decide(
    session: AsyncSession, case: Case, decision: Determination, *, today: dt.date, actor: str
) -> Case:
    """Determine the case and update the register; the case must have its site and parties
    loaded."""
    workflow = wf.check_step(case.case_type, case.status, "decide")
    _check_values(case, decision, today)
    _check_timing(case, decision)
    if case.status == wf.HEARING:
        hearing = await hearings.hearing_of(session, case, lock=True)
        if hearing is None:
            raise CaseRuleError("", "the case has no hearing", status=409)
        assert decision.held_on is not None
        await hearings.record_held(
            session,
            hearing,
            held_on=decision.held_on,
            outcome=decision.outcome,
            reasons=decision.reasons,
            actor=actor,
        )
    licence = None
    if case.case_type == "premises_licence_review":
        licence = await _apply_review(session, case, decision, actor=actor)
    elif decision.outcome in wf.GRANTING:
        licence = await _apply_grant(session, case, decision, actor=actor)
    determination = {
        "reasons": decision.reasons,
        "conditions": decision.conditions,
        "excludedActivities": decision.excluded_activities,
        "suspendedUntil": decision.suspended_until.isoformat()
        if decision.suspended_until
        else None,
        "heldOn": decision.held_on.isoformat() if decision.held_on else None,
    }
    details = {**case.details, "determination": determination}
    if licence is not None:
        details |= {"licenceId": str(licence.id), "licenceNumber": licence.number}
    await transition(
        session,
        case,
        workflow,
        "decide",
        actor=actor,
        also={
            "decision": decision.outcome,
            "decision_date": decision.decision_date,
            "decided_by": actor,
            "decision_level": "committee" if decision.held_on else "delegated",
            "committee_date": decision.held_on,
            "details": details,
        },
    )
    return case


__all__ = ["APPEAL_DAYS", "Determination", "decide", "review_takes_effect"]
