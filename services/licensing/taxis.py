"""Taxi and private hire licensing: applications (new and renewal) as cases, the checks made
before grant, grant onto the licence register, and suspension, revocation and reinstatement.

The rules are :mod:`services.licensing.taxi_rules`'; a licence is a shared ``Licence`` row
(``kind`` is the case type) and everything that happens to it a ``LicenceEvent``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import london_today
from services.core.cases.models import Case, Party
from services.core.cases.store import (
    CaseNotFound,
    CaseRuleError,
    NewCase,
    audit,
    transition,
    update_case,
    withdraw_case,
)
from services.core.cases.timing import register_case
from services.core.references import allocate_reference
from services.core.settings import CouncilSettings
from services.licensing import register
from services.licensing import taxi_rules as rules
from services.licensing import taxi_workflow as wf
from services.licensing.models import Licence
from services.registry import registry


@dataclass(frozen=True, slots=True)
class EventSpec:
    """A licence event to record: what happened, when, and on which case."""

    licence: Licence
    case_id: UUID | None
    kind: str
    on: dt.date
    actor: str
    detail: dict[str, Any]


def jsonable_dict(detail: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in detail.items()}


SERVICE = "licensing"
NUMBER_FORMAT = "SUFFIX/YYYY/NNNNN"
NUMBER_COUNTER = "licensing:taxi"


class ChecksOutstanding(Exception):
    """The licence cannot be granted: required checks are missing or failed."""

    def __init__(self, missing: Sequence[str], failed: Sequence[str]) -> None:
        self.missing, self.failed = tuple(missing), tuple(failed)
        parts = []
        if missing:
            parts.append("not yet recorded: " + ", ".join(missing))
        if failed:
            parts.append("failed: " + ", ".join(failed))
        super().__init__("; ".join(parts))


@dataclass(frozen=True, slots=True)
class ApplicationIn:
    case_type: str
    received_date: dt.date
    applicant: dict[str, Any]
    details: dict[str, Any] = field(default_factory=dict)
    description: str = ""


def _description(case_type: str, applicant: str, details: Mapping[str, Any]) -> str:
    name = registry.get(SERVICE).case_type(case_type).name
    vehicle = details.get("vehicle") or {}
    registration = f" ({vehicle['registration']})" if vehicle.get("registration") else ""
    return f"{name}: {applicant}{registration}"


async def apply(
    session: AsyncSession, application: ApplicationIn, *, settings: CouncilSettings, actor: str
) -> Case:
    """Register an application for a new licence."""
    if application.case_type in rules.VEHICLES and not application.details.get("vehicle"):
        raise CaseRuleError("/vehicle", "a vehicle licence application names the vehicle")
    new = NewCase(
        service=SERVICE,
        case_type=application.case_type,
        received_date=application.received_date,
        description=application.description
        or _description(application.case_type, application.applicant["name"], application.details),
        details={**application.details, "checks": {}},
        parties=[{"role": "applicant", **application.applicant}],
    )
    return await register_case(session, new, workflow=wf.WORKFLOW, settings=settings, actor=actor)


async def get_licence(session: AsyncSession, key: str) -> Licence:
    """A taxi or private hire licence by id or number; raises ``CaseNotFound`` (a 404)."""
    statement = select(Licence).where(Licence.kind.in_(wf.CASE_TYPES))
    try:
        statement = statement.where(Licence.id == UUID(key))
    except ValueError:
        statement = statement.where(Licence.number == key.replace("-", "/"))
    licence = (await session.scalars(statement)).first()
    if licence is None:
        raise CaseNotFound(f"No taxi or private hire licence has the id or number {key}")
    return licence


async def apply_to_renew(
    session: AsyncSession,
    licence: Licence,
    *,
    received_date: dt.date,
    settings: CouncilSettings,
    actor: str,
) -> Case:
    """Register an application to renew ``licence`` (not revoked, and with no renewal open)."""
    if licence.status == "revoked":
        raise CaseRuleError(
            "", f"licence {licence.number} was revoked; it cannot be renewed", status=409
        )
    open_renewal = await session.scalar(
        select(Case.reference).where(
            Case.service == SERVICE,
            Case.status == wf.RECEIVED,
            Case.details["renewal_of"].astext == str(licence.id),
        )
    )
    if open_renewal is not None:
        raise CaseRuleError("", f"renewal {open_renewal} is already open", status=409)
    details = {
        "renewal_of": str(licence.id),
        "licence_number": licence.number,
        "checks": {},
        **{k: v for k, v in licence.details.items() if k in ("vehicle", "operator")},
    }
    applicant = {
        "role": "applicant",
        "name": licence.holder_name,
        "organisation": licence.holder_organisation,
        "email": licence.holder_email,
        "address": licence.holder_address,
    }
    new = NewCase(
        service=SERVICE,
        case_type=licence.kind,
        received_date=received_date,
        description=f"Renewal of {licence.number}: {licence.holder_name}",
        details=details,
        parties=[applicant],
    )
    return await register_case(session, new, workflow=wf.WORKFLOW, settings=settings, actor=actor)


def is_renewal(case: Case) -> bool:
    return "renewal_of" in case.details


async def record_check(
    session: AsyncSession,
    case: Case,
    *,
    check: str,
    outcome: str,
    checked_on: dt.date,
    reference: str | None,
    notes: str | None,
    actor: str,
) -> dict[str, Any]:
    """Record (or replace) one pre-grant check on the application."""
    wf.WORKFLOW.require(case.status, "record_check")
    wanted = rules.REQUIRED_CHECKS[case.case_type]
    if check not in wanted:
        raise CaseRuleError(
            "/check", f"a {case.case_type} licence needs these checks: {', '.join(wanted)}"
        )
    if checked_on > london_today():
        raise CaseRuleError("/checkedOn", "a check cannot be dated in the future")
    entry = {
        "outcome": outcome,
        "checked_on": checked_on.isoformat(),
        "reference": reference,
        "notes": notes,
        "recorded_by": actor,
    }
    checks = {**case.details.get("checks", {}), check: entry}
    await update_case(
        session,
        case,
        {"details": {**case.details, "checks": checks}},
        actor=actor,
        action="case.check_recorded",
    )
    return entry


def outstanding(case: Case) -> ChecksOutstanding | None:
    checks = case.details.get("checks", {})
    wanted = rules.required_checks(case.case_type, renewal=is_renewal(case))
    missing = [c for c in wanted if c not in checks]
    failed = [c for c in wanted if c in checks and checks[c]["outcome"] != "passed"]
    return ChecksOutstanding(missing, failed) if missing or failed else None


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: str
    decided_on: dt.date
    reasons: str | None = None
    term_months: int | None = None
    shorter_term_reason: str | None = None


def _check_term(case: Case, decision: Decision) -> None:
    longest = rules.TERM_MONTHS[case.case_type]
    months = decision.term_months
    if months is None or months == longest:
        return
    if months > longest:
        raise CaseRuleError("/termMonths", f"this licence lasts at most {longest} months")
    if not decision.shorter_term_reason:
        raise CaseRuleError(
            "/shorterTermReason",
            f"the standard term is {longest} months; say why this case needs a shorter one",
        )


async def decide(
    session: AsyncSession, case: Case, decision: Decision, *, settings: CouncilSettings, actor: str
) -> Licence | None:
    """Grant (creating or renewing the licence) or refuse the application."""
    if decision.outcome == "refused":
        wf.WORKFLOW.apply(case.status, "refuse")
        if not decision.reasons:
            raise CaseRuleError("/reasons", "give the reasons for refusal")
        also = {"decision": "refused", "decision_date": decision.decided_on, "decided_by": actor}
        also["report"] = decision.reasons
        await transition(session, case, wf.WORKFLOW, "refuse", actor=actor, also=also)
        return None
    wf.WORKFLOW.apply(case.status, "grant")
    if decision.decided_on < case.received_date:
        raise CaseRuleError("/decidedDate", "a licence cannot be granted before it was applied for")
    _check_term(case, decision)
    missing = outstanding(case)
    if missing is not None:
        raise missing
    if is_renewal(case):
        licence = await _renew(session, case, decision, actor=actor)
    else:
        licence = await _grant(session, case, decision, actor=actor)
    also = {"decision": "granted", "decision_date": decision.decided_on, "decided_by": actor}
    also["statutory_date"] = also["target_date"] = licence.expires_on
    details = {**case.details, "licence_id": str(licence.id), "licence_number": licence.number}
    also["details"] = details
    await transition(session, case, wf.WORKFLOW, "grant", actor=actor, also=also)
    return licence


def licence_event(
    licence: Licence, case: Case | None, kind: str, on: dt.date, actor: str, **detail: Any
) -> EventSpec:
    """An entry for the licence's history, written by :func:`add_events` through the
    register (:func:`services.licensing.register.record_event`)."""
    return EventSpec(licence, case.id if case else None, kind, on, actor, jsonable_dict(detail))


async def add_events(session: AsyncSession, actor: str, *specs: EventSpec) -> None:
    for spec in specs:
        event = register.record_event(
            session,
            spec.licence,
            spec.kind,
            spec.on,
            actor=actor,
            case_id=spec.case_id,
            detail=spec.detail,
        )
        await session.flush()
        audit(session, actor, "licence_event.created", event)


async def _grant(session: AsyncSession, case: Case, decision: Decision, *, actor: str) -> Licence:
    applicant = (
        await session.scalars(
            select(Party).where(Party.case_id == case.id).order_by(Party.position)
        )
    ).first()
    suffix = registry.get(SERVICE).case_type(case.case_type).reference_suffix
    number = await allocate_reference(
        session,
        fmt=NUMBER_FORMAT,
        service=NUMBER_COUNTER,
        suffix=suffix,
        year=decision.decided_on.year,
    )
    expires = rules.term_end(case.case_type, decision.decided_on, decision.term_months)
    details = {k: v for k, v in case.details.items() if k in ("vehicle", "operator", "driver")}
    if case.case_type in rules.DRIVERS:
        details["badge_number"] = number
    if decision.shorter_term_reason:
        details["shorter_term_reason"] = decision.shorter_term_reason
    licence = Licence(
        number=number,
        kind=case.case_type,
        status="active",
        holder_name=applicant.name if applicant else case.description,
        holder_organisation=applicant.organisation if applicant else None,
        holder_email=applicant.email if applicant else None,
        holder_address=applicant.address if applicant else None,
        granted_on=decision.decided_on,
        starts_on=decision.decided_on,
        expires_on=expires,
        details=details,
        created_by=actor,
    )
    session.add(licence)
    await session.flush()
    audit(session, actor, "licence.granted", licence)
    await add_events(
        session,
        actor,
        licence_event(licence, case, "granted", decision.decided_on, actor, expires_on=expires),
    )
    return licence


async def _renew(session: AsyncSession, case: Case, decision: Decision, *, actor: str) -> Licence:
    licence = await get_licence(session, case.details["renewal_of"])
    if licence.status == "revoked":
        raise CaseRuleError(
            "", f"licence {licence.number} was revoked; it cannot be renewed", status=409
        )
    assert licence.expires_on is not None
    term = rules.renewal_term(
        licence.kind, licence.expires_on, decision.decided_on, decision.term_months
    )
    events = []
    if term.lapsed_on is not None:
        events.append(
            licence_event(
                licence, None, "lapsed", term.lapsed_on, actor, expired_on=licence.expires_on
            )
        )
    events.append(
        licence_event(
            licence,
            case,
            "renewed",
            decision.decided_on,
            actor,
            previous_expiry=licence.expires_on,
            starts_on=term.starts_on,
            expires_on=term.expires_on,
        )
    )
    licence.starts_on = term.starts_on
    licence.expires_on = term.expires_on
    await session.flush()
    audit(session, actor, "licence.renewed", licence)
    await add_events(session, actor, *events)
    return licence


async def withdraw(session: AsyncSession, case: Case, *, reason: str | None, actor: str) -> None:
    at = dt.datetime.now(dt.UTC)
    await withdraw_case(session, case, wf.WORKFLOW, reason=reason, at=at, actor=actor)


__all__ = [
    "ApplicationIn",
    "ChecksOutstanding",
    "Decision",
    "add_events",
    "apply",
    "apply_to_renew",
    "decide",
    "get_licence",
    "licence_event",
    "outstanding",
    "record_check",
    "withdraw",
]
