"""Planning casework on the case core: register applications (by hand or from an ODP
submission), keep their statutory dates right, validate, consult, determine and appeal.

Every function works inside the caller's transaction and audits what it writes; state changes
go through :data:`services.planning.workflow.WORKFLOW`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import LONDON, london_today
from services.core.cases.models import Case, Submission
from services.core.cases.records import Document
from services.core.cases.store import NewCase, audit, transition
from services.core.cases.timing import (
    compute_clock,
    open_validation_requests,
    refresh_clock,
    register_case,
    valid_from,
)
from services.core.settings import CouncilSettings
from services.planning import workflow as wf

if TYPE_CHECKING:
    from services.planning.odp.intake import Intake

SERVICE = "planning"
ODP_SCHEMA_VERSION = "0.7.7"


def today() -> dt.date:
    return london_today()


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LONDON).date()


async def register(
    session: AsyncSession, new: NewCase, *, settings: CouncilSettings, actor: str
) -> Case:
    """A new application in ``received``, with provisional statutory dates counted from its
    receipt (recounted from the valid-from date once it is validated)."""
    return await register_case(session, new, workflow=wf.WORKFLOW, settings=settings, actor=actor)


def case_from_intake(intake: Intake) -> NewCase:
    site = intake.site
    return NewCase(
        service=SERVICE,
        case_type=intake.case_type,
        received_date=local_date(intake.submitted_at),
        fee_paid_date=local_date(intake.fee_paid_at) if intake.fee_paid_at else None,
        submitted_at=intake.submitted_at,
        description=intake.description,
        odp_type=intake.odp_type,
        fee_payable=intake.fee_payable,
        site={
            "address_line": site.address_line,
            "address": site.address,
            "uprn": site.uprn,
            "usrn": site.usrn,
            "postcode": site.postcode,
            "ward_name": site.ward_name,
            "latitude": site.latitude,
            "longitude": site.longitude,
            "easting": site.easting,
            "northing": site.northing,
            "boundary": site.boundary,
        },
        parties=[
            {
                "role": p.role,
                "name": p.name,
                "organisation": p.organisation,
                "email": p.email,
                "phone": p.phone,
                "address": p.address,
            }
            for p in intake.parties
        ],
    )


async def register_submission(
    session: AsyncSession, intake: Intake, *, settings: CouncilSettings, actor: str
) -> Case:
    """Register an application from a validated ODP submission, keeping the payload and
    recording its files as documents held by reference."""
    case = await register(session, case_from_intake(intake), settings=settings, actor=actor)
    submission = Submission(
        case_id=case.id,
        shape=intake.shape,
        odp_type=intake.odp_type,
        schema_version=ODP_SCHEMA_VERSION,
        payload=intake.payload,
        prototype=intake.prototype,
        submitted_at=intake.submitted_at,
    )
    session.add(submission)
    for file in intake.files:
        session.add(
            Document(
                case_id=case.id,
                name=file.name.rsplit("/", 1)[-1] or file.name,
                types=list(file.types),
                description=file.description,
                source="submission",
                origin_url=file.name,
                uploaded_at=intake.submitted_at,
                uploaded_by=actor,
            )
        )
    await session.flush()
    audit(session, actor, "submission.received", submission, after={"odp_type": intake.odp_type})
    return case


async def mark_valid(
    session: AsyncSession,
    case: Case,
    *,
    settings: CouncilSettings,
    actor: str,
    consult: bool,
    validated_at: dt.datetime,
) -> None:
    """Confirm the application is valid: it counts from the day it became complete."""
    target = wf.CONSULTATION if consult else wf.ASSESSMENT
    start = await valid_from(session, case)
    also: dict[str, Any] = {"valid_from_date": start, "validated_at": validated_at}
    if case.published_at is None:
        also["published_at"] = validated_at
    await transition(session, case, wf.WORKFLOW, "validate", actor=actor, target=target, also=also)
    await refresh_clock(session, case, settings=settings, actor=actor)


__all__ = [
    "SERVICE",
    "case_from_intake",
    "compute_clock",
    "local_date",
    "mark_valid",
    "open_validation_requests",
    "refresh_clock",
    "register",
    "register_submission",
    "today",
    "valid_from",
]
