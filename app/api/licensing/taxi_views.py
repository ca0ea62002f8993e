"""Taxi and private hire applications and licences as the API shows them, and loading them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from app.api.casework.shapes import party_out
from app.api.licensing.taxi_schemas import (
    TaxiApplicationOut,
    TaxiCheckOut,
    TaxiLicenceEventOut,
    TaxiLicenceOut,
)
from services.core.cases.models import Case
from services.core.cases.store import CaseNotFound, get_case
from services.licensing import taxi_rules, taxi_workflow, taxis
from services.licensing.models import Licence, LicenceEvent

PREFIX = "/api/v1/{tenant:str}/licensing"
APPLICATIONS = PREFIX + "/taxi-applications"
APPLICATION = APPLICATIONS + "/{application:str}"
LICENCES = PREFIX + "/taxi-licences"
LICENCE = LICENCES + "/{licence:str}"
TAGS = ["licensing: taxis and private hire"]


async def load(session: AsyncSession, key: str) -> Case:
    """The taxi or private hire application with that id or reference, or a 404."""
    case = await get_case(session, "licensing", key, with_details=True)
    if case.case_type not in taxi_workflow.CASE_TYPES:
        raise CaseNotFound(f"No taxi or private hire application has the id or reference {key}")
    return case


def application_out(case: Case) -> TaxiApplicationOut:
    checks = case.details.get("checks", {})
    renewal = taxis.is_renewal(case)
    wanted = taxi_rules.required_checks(case.case_type, renewal=renewal)
    extra = {k: v for k, v in case.details.items() if k in ("vehicle", "dvla_licence_number")}
    return TaxiApplicationOut(
        id=case.id,
        reference=case.reference,
        licence_type=case.case_type,
        status=case.status,
        received_date=case.received_date,
        description=case.description,
        applicant=party_out(case.parties[0]) if case.parties else None,
        renewal_of=case.details.get("licence_number") if renewal else None,
        checks=[
            TaxiCheckOut(
                check=name,
                outcome=entry["outcome"],
                checked_date=dt.date.fromisoformat(entry["checked_on"]),
                reference=entry.get("reference"),
                notes=entry.get("notes"),
                recorded_by=entry["recorded_by"],
            )
            for name, entry in sorted(checks.items())
        ],
        checks_outstanding=[c for c in wanted if checks.get(c, {}).get("outcome") != "passed"],
        details=extra,
        decision=case.decision,
        decision_date=case.decision_date,
        licence_number=case.details.get("licence_number") if case.decision else None,
        version=case.version,
    )


def licence_out(licence: Licence, events: Sequence[LicenceEvent], today: dt.date) -> TaxiLicenceOut:
    in_force = (
        licence.status == "active"
        or (licence.status == "suspended" and (licence.suspended_from or today) > today)
        or (licence.status == "revoked" and (licence.ended_on or today) > today)
    ) and (licence.expires_on is None or licence.expires_on >= today)
    return TaxiLicenceOut(
        id=licence.id,
        number=licence.number,
        licence_type=licence.kind,
        status=licence.status,
        in_force=in_force,
        holder_name=licence.holder_name,
        holder_organisation=licence.holder_organisation,
        granted_date=licence.granted_on,
        starts_date=licence.starts_on,
        expires_date=licence.expires_on,
        suspended_from_date=licence.suspended_from,
        ended_date=licence.ended_on,
        details=licence.details,
        events=[
            TaxiLicenceEventOut(
                kind=e.kind,
                date=e.on,
                application_id=e.case_id,
                detail=e.detail,
                recorded_by=e.recorded_by,
            )
            for e in events
        ],
        version=licence.version,
    )
