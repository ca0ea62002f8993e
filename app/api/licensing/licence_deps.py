"""Shared pieces of the licence application and register routes: paths, loading an
application (only the Licensing Act application types: temporary event notices and taxi
licences have their own routes) or a licence (by id or number) or a 404, and the ORM-to-wire
conversion of an application."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Response
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.casework.requests import etag
from app.api.casework.shapes import party_out, site_out
from app.api.licensing.licence_schemas import (
    DatesOut,
    DeterminationOut,
    LicenceApplicationOut,
    LicenceRef,
    ProposalOut,
)
from app.problems import Problem
from services.core.cases.models import Case
from services.core.cases.store import CaseNotFound, CaseRuleError, get_case
from services.licensing import premises, register, representations
from services.licensing import workflow as wf
from services.licensing.models import Licence
from services.registry import registry

PREFIX = "/api/v1/{tenant:str}/licensing"
APPLICATIONS = PREFIX + "/applications"
APPLICATION = APPLICATIONS + "/{application:str}"
LICENCES = PREFIX + "/licences"
LICENCE = LICENCES + "/{licence:str}"
TAGS = ["licensing"]
#: The kinds of licence these routes keep.
KINDS = frozenset(wf.LICENCE_KIND.values())


async def load(session: AsyncSession, application: str, *, details: bool = True) -> Case:
    """A licence application by id or reference, or a 404 (also for other licensing cases)."""
    case = await get_case(session, premises.SERVICE, application, with_details=details)
    if case.case_type not in wf.CASE_TYPES:
        raise CaseNotFound(f"No licence application has the id or reference {application}")
    return case


async def load_licence(session: AsyncSession, licence: str, *, lock: bool = False) -> Licence:
    """A premises licence, club certificate or personal licence by id or number, or a 404
    (taxi licences have their own register)."""
    try:
        row = await register.find_licence(session, licence, lock=lock)
    except register.LicenceNotFound as exc:
        raise Problem(404, "Not found", str(exc)) from None
    if row.kind not in KINDS:
        raise Problem(
            404, "Not found", f"No licence on the register has the id or number {licence}"
        )
    return row


def not_future(day: dt.date, pointer: str) -> dt.date:
    """``day``, or a 422 pointing at ``pointer`` if it has not happened yet."""
    if day > premises.today():
        raise CaseRuleError(pointer, "that date is in the future")
    return day


def _determination(case: Case) -> DeterminationOut | None:
    if case.decision is None or case.decision_date is None:
        return None
    made: dict[str, Any] = case.details.get("determination") or {}
    until = made.get("suspendedUntil")
    held = made.get("heldOn")
    return DeterminationOut(
        outcome=case.decision,
        decision_date=case.decision_date,
        decided_by=case.decided_by,
        reasons=made.get("reasons"),
        held_on=dt.date.fromisoformat(held) if held else None,
        conditions=list(made.get("conditions") or []),
        excluded_activities=list(made.get("excludedActivities") or []),
        suspended_until=dt.date.fromisoformat(until) if until else None,
    )


def application_out(case: Case) -> LicenceApplicationOut:
    case_type = registry.get(case.service).case_type(case.case_type)
    details = case.details
    proposal = details.get("proposal") or {}
    parties = list(case.parties)
    applicant = next((p for p in parties if p.role == "applicant"), None)
    licence_id = details.get("licenceId")
    return LicenceApplicationOut(
        id=case.id,
        reference=case.reference,
        application_type=case.case_type,
        application_type_name=case_type.name,
        status=case.status,
        allowed_actions=list(wf.workflow_of(case.case_type).available(case.status)),
        description=case.description,
        premises_name=details.get("premisesName"),
        licence=LicenceRef(id=licence_id, number=details["licenceNumber"]) if licence_id else None,
        site=site_out(case.site),
        applicant=party_out(applicant),
        proposal=ProposalOut(
            activities=list(proposal.get("activities") or []),
            hours=proposal.get("hours"),
            designated_premises_supervisor=proposal.get("designatedPremisesSupervisor"),
        ),
        grounds=details.get("grounds"),
        objectives=list(details.get("objectives") or []),
        contested=bool(details.get("contested")),
        dates=DatesOut(
            given_date=case.received_date,
            last_day_for_representations=representations.last_day(case),
            decision_due_date=(
                case.statutory_date
                if case.case_type == "premises_licence_minor_variation"
                else None
            ),
        ),
        decision=_determination(case),
        withdrawn_at=case.withdrawn_at,
        withdrawn_reason=case.withdrawn_reason,
        fee_payable=case.fee_payable,
        officer_name=case.officer_name,
        version=case.version,
        created_at=case.created_at,
        updated_at=case.updated_at,
    )


def respond(case: Case, status: int = 200, **headers: str) -> Response[LicenceApplicationOut]:
    return Response(
        application_out(case), status_code=status, headers={"ETag": etag(case), **headers}
    )


__all__ = [
    "APPLICATION",
    "APPLICATIONS",
    "KINDS",
    "LICENCE",
    "LICENCES",
    "PREFIX",
    "TAGS",
    "application_out",
    "load",
    "load_licence",
    "not_future",
    "respond",
]
