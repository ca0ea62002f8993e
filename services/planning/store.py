"""Planning casework on the case core: register applications (by hand or from an ODP
submission), keep their statutory dates right, validate, consult, determine and appeal.

Every function works inside the caller's transaction and audits what it writes; state changes
go through :data:`services.planning.workflow.WORKFLOW`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import LONDON, london_today
from services.core.cases.clocks import AgreedExtension, CaseClock, case_clock
from services.core.cases.models import Case, Submission
from services.core.cases.outcomes import Appeal, ExtensionOfTime
from services.core.cases.records import Document, ValidationRequest
from services.core.cases.store import NewCase, audit, create_case, transition, update_case
from services.core.settings import CouncilSettings
from services.planning import workflow as wf
from services.registry import registry

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
    case = await create_case(
        session, new, workflow=wf.WORKFLOW, reference_format=settings.reference_format, actor=actor
    )
    await refresh_clock(session, case, settings=settings, actor=actor)
    return case


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


async def _extensions(session: AsyncSession, case: Case) -> Sequence[ExtensionOfTime]:
    statement = (
        select(ExtensionOfTime)
        .where(ExtensionOfTime.case_id == case.id)
        .order_by(ExtensionOfTime.agreed_date, ExtensionOfTime.recorded_at)
    )
    return (await session.scalars(statement)).all()


async def non_determination_appeal_date(session: AsyncSession, case: Case) -> dt.date | None:
    statement = select(func.min(Appeal.lodged_date)).where(
        Appeal.case_id == case.id, Appeal.kind == "non_determination"
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def compute_clock(
    session: AsyncSession,
    case: Case,
    *,
    settings: CouncilSettings,
    extra: AgreedExtension | None = None,
) -> CaseClock | None:
    """The case's clock from its case type rule and its history (``extra``: an extension being
    proposed, checked before it is stored)."""
    rule = registry.get(case.service).case_type(case.case_type).clock
    if rule is None:
        return None
    agreed = [
        AgreedExtension(e.agreed_date, e.new_target_date) for e in await _extensions(session, case)
    ]
    if extra is not None:
        agreed.append(extra)
    return case_clock(
        rule,
        case.valid_from_date or case.received_date,
        weekend_receipt_next_working_day=settings.weekend_receipt_next_working_day,
        extensions=agreed,
        decided_on=case.decision_date,
        non_determination_appeal_on=await non_determination_appeal_date(session, case),
    )


async def refresh_clock(
    session: AsyncSession, case: Case, *, settings: CouncilSettings, actor: str
) -> CaseClock | None:
    clock = await compute_clock(session, case, settings=settings)
    await update_case(
        session,
        case,
        {
            "statutory_date": clock.statutory_date if clock else None,
            "target_date": clock.target_date if clock else None,
        },
        actor=actor,
        action="case.clock",
    )
    return clock


async def open_validation_requests(
    session: AsyncSession, case: Case
) -> Sequence[ValidationRequest]:
    statement = select(ValidationRequest).where(
        ValidationRequest.case_id == case.id, ValidationRequest.status == "open"
    )
    return (await session.scalars(statement)).all()


async def valid_from(session: AsyncSession, case: Case) -> dt.date:
    """The day the application became complete: its receipt, or the day the last required
    item asked for in validation arrived, whichever is later."""
    statement = select(func.max(ValidationRequest.received_date)).where(
        ValidationRequest.case_id == case.id,
        ValidationRequest.required_item.is_(True),
        ValidationRequest.status == "responded",
    )
    last_item = (await session.execute(statement)).scalar_one_or_none()
    return max(case.received_date, last_item) if last_item else case.received_date


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
