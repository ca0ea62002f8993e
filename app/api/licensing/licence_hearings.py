"""The hearing on a contested licence application or review: its window (20 working days
beginning the day after the representation period ends), listing it inside that window,
dispensing with it where all parties agree, and the sub-committee's determination.
The rules are :mod:`services.licensing.hearings` and :mod:`services.licensing.decisions`."""

from __future__ import annotations

from litestar import Response, get, post, put
from litestar.params import FromPath, JSONBody
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.licensing.licence_applications import determination
from app.api.licensing.licence_deps import APPLICATION, TAGS, load, respond
from app.api.licensing.licence_schemas import (
    DispensationIn,
    HearingIn,
    HearingOut,
    LicenceApplicationOut,
    LicensingDecisionIn,
)
from app.api.problem_docs import READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import TenantSession
from services.core.cases.models import Case
from services.core.cases.store import transition
from services.licensing import decisions, hearings, premises
from services.licensing import workflow as wf
from services.licensing.models import Hearing

READ = requires("licensing", "hearings", "read")
WRITE = requires("licensing", "hearings", "write")
DECIDE = requires("licensing", "hearings", "decide")
HEARING = APPLICATION + "/hearing"


def hearing_out(row: Hearing) -> HearingOut:
    return HearingOut(
        id=row.id,
        status=row.status,
        first_day=row.earliest_on,
        start_by=row.start_by,
        scheduled_at=row.scheduled_at,
        venue=row.venue,
        dispensed_reason=row.dispensed_reason,
        held_on=row.held_on,
        outcome=row.outcome,
        reasons=row.reasons,
    )


async def _hearing(session: AsyncSession, case: Case) -> Hearing:
    row = await hearings.hearing_of(session, case, lock=True)
    if row is None:
        raise Problem(404, "Not found", "This application has no hearing")
    return row


@get(HEARING, opt=READ, tags=TAGS, responses=READ_PROBLEMS, summary="The application's hearing")
async def read_hearing(application: FromPath[str], db_session: TenantSession) -> HearingOut:
    case = await load(db_session, application, details=False)
    return hearing_out(await _hearing(db_session, case))


@put(
    HEARING,
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="List (or move) the hearing: it must commence on a working day in its window",
)
async def list_hearing(
    application: FromPath[str], data: JSONBody[HearingIn], db_session: TenantSession, actor: Actor
) -> HearingOut:
    case = await load(db_session, application, details=False)
    wf.workflow_of(case.case_type).require(case.status, "list_hearing")
    row = await _hearing(db_session, case)
    await hearings.list_hearing(
        db_session,
        row,
        scheduled_at=data.scheduled_at,
        venue=data.venue,
        notice_given_on=data.notice_given_on,
        actor=actor,
    )
    await db_session.commit()
    return hearing_out(row)


@post(
    HEARING + "/dispensation",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Dispense with the hearing: all parties agree it is unnecessary",
    status_code=200,
)
async def dispense_with_hearing(
    application: FromPath[str],
    data: JSONBody[DispensationIn],
    db_session: TenantSession,
    actor: Actor,
) -> HearingOut:
    case = await load(db_session, application, details=False)
    workflow = wf.check_step(case.case_type, case.status, "dispense_with_hearing")
    row = await _hearing(db_session, case)
    await hearings.close_hearing(db_session, row, "dispensed", data.reason, actor=actor)
    await transition(db_session, case, workflow, "dispense_with_hearing", actor=actor)
    await db_session.commit()
    return hearing_out(row)


@post(
    HEARING + "/determination",
    opt=DECIDE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record the sub-committee's determination at the hearing (with the day held)",
    status_code=200,
)
async def determine_at_hearing(
    application: FromPath[str],
    data: JSONBody[LicensingDecisionIn],
    db_session: TenantSession,
    actor: Actor,
) -> Response[LicenceApplicationOut]:
    case = await load(db_session, application)
    if case.status != wf.HEARING:
        wf.workflow_of(case.case_type).require(case.status, "list_hearing")
    decision = determination(data)
    await decisions.decide(db_session, case, decision, today=premises.today(), actor=actor)
    await db_session.commit()
    return respond(await load(db_session, str(case.id)))


ROUTES = [read_hearing, list_hearing, dispense_with_hearing, determine_at_hearing]
__all__ = ["ROUTES"]
