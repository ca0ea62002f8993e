"""Conditions, informatives and reasons for refusal on a planning application, and the later
discharge of conditions that reserve details for approval.

They are drafted during assessment (the workflow's ``draft_conditions`` activity) and numbered
within their kind in the order they will appear on the decision notice: a condition needs the
reason for imposing it (DMPO 2015 art. 35(1)(a)); a refusal needs its reasons, which the
decision checks. Once decided, a condition that requires details to be approved is discharged
(``discharge_conditions``) with the date and the reference of the discharge application.
The rules are the case core's (:mod:`services.core.cases.conditions`); these routes parse,
call the core and shape the response.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from litestar import delete, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.openapi_examples import example
from app.api.planning.deps import APPLICATION, TAGS, load, on_application
from app.api.planning.schemas import Out, RecordedBy, Struct, Text
from app.api.problem_docs import ACTION_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.tenant_context import TenantSession
from services.core.cases import conditions
from services.core.cases.models import Case
from services.core.cases.outcomes import Condition
from services.planning import workflow as wf

READ = requires("planning", "conditions", "read")
WRITE = requires("planning", "conditions", "write")

Kind = Literal["condition", "informative", "refusal_reason"]


Wording = Annotated[
    Text,
    example(
        "No development shall take place above ground level until samples of the materials "
        "to be used on the external surfaces of the dormer have been submitted to and "
        "approved in writing by the local planning authority."
    ),
]
Reason = Annotated[
    Text,
    example(
        "To protect the character and appearance of the conservation area, in accordance "
        "with Policy P13 of the Southwark Plan 2022."
    ),
]
RequiresDischarge = Annotated[bool, example(True)]
DischargedDate = Annotated[dt.date, example("2026-06-10")]
DischargeReference = Annotated[
    str, msgspec.Meta(min_length=1, max_length=60, examples=["26/00311/DISCON"])
]


class ConditionIn(Struct):
    kind: Annotated[Kind, example("condition")]
    text: Wording
    reason: Reason | None = None
    requires_discharge: RequiresDischarge = False


class ConditionUpdate(Struct):
    """The new wording; ``position`` (from 1, within the kind) moves it, renumbering the rest."""

    text: Wording
    reason: Reason | None = None
    requires_discharge: RequiresDischarge = False
    position: Annotated[int, msgspec.Meta(ge=1, examples=[2])] | None = None


class DischargeIn(Struct):
    discharged_date: DischargedDate
    discharge_reference: DischargeReference


class ConditionOut(Out):
    id: Annotated[UUID, example("01962a40-7d1e-7f2a-b3c4-d5e6f7a8b975")]
    kind: Annotated[str, example("condition")]
    #: Its number within its kind on the decision notice.
    position: Annotated[int, example(2)]
    text: Wording
    reason: Reason | None
    requires_discharge: RequiresDischarge
    #: ``pending`` or ``discharged`` for a condition that reserves details, else null.
    discharge_status: Annotated[str, example("discharged")] | None
    discharged_date: DischargedDate | None
    discharge_reference: Annotated[str, example("26/00311/DISCON")] | None
    created_by: RecordedBy


def condition_out(row: Condition) -> ConditionOut:
    return ConditionOut(
        id=row.id,
        kind=row.kind,
        position=row.position,
        text=row.text,
        reason=row.reason,
        requires_discharge=row.requires_discharge,
        discharge_status=row.discharge_status,
        discharged_date=row.discharged_date,
        discharge_reference=row.discharge_reference,
        created_by=row.created_by,
    )


async def _condition(
    session: AsyncSession, application: str, condition_id: UUID
) -> tuple[Case, Condition]:
    case = await load(session, application, details=False)
    return case, await on_application(session, case, Condition, condition_id)


@get(
    APPLICATION + "/conditions",
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="Conditions, reasons for refusal and informatives, in decision notice order",
)
async def list_conditions(
    application: FromPath[str], db_session: TenantSession
) -> list[ConditionOut]:
    case = await load(db_session, application, details=False)
    return [condition_out(row) for row in await conditions.list_conditions(db_session, case)]


@post(
    APPLICATION + "/conditions",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Draft a condition, informative or reason for refusal (numbered after the last)",
    status_code=HTTP_201_CREATED,
)
async def create_condition(
    application: FromPath[str],
    data: JSONBody[ConditionIn],
    db_session: TenantSession,
    actor: Actor,
) -> ConditionOut:
    wording = conditions.Wording(data.kind, data.text, data.reason, data.requires_discharge)
    case = await load(db_session, application, details=False)
    row = await conditions.draft_condition(
        db_session, case, wording, workflow=wf.WORKFLOW, actor=actor
    )
    await db_session.commit()
    return condition_out(row)


@put(
    APPLICATION + "/conditions/{condition_id:uuid}",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Reword a draft condition, or move it to another position",
)
async def update_condition(
    application: FromPath[str],
    condition_id: FromPath[UUID],
    data: JSONBody[ConditionUpdate],
    db_session: TenantSession,
    actor: Actor,
) -> ConditionOut:
    case, row = await _condition(db_session, application, condition_id)
    wording = conditions.Wording(row.kind, data.text, data.reason, data.requires_discharge)
    await conditions.redraft_condition(
        db_session, case, row, wording, position=data.position, workflow=wf.WORKFLOW, actor=actor
    )
    await db_session.commit()
    return condition_out(row)


@delete(
    APPLICATION + "/conditions/{condition_id:uuid}",
    opt=WRITE,
    tags=TAGS,
    responses=ACTION_PROBLEMS,
    summary="Remove a draft condition (the rest of its kind are renumbered)",
)
async def delete_condition(
    application: FromPath[str],
    condition_id: FromPath[UUID],
    db_session: TenantSession,
    actor: Actor,
) -> None:
    case, row = await _condition(db_session, application, condition_id)
    await conditions.remove_condition(db_session, case, row, workflow=wf.WORKFLOW, actor=actor)
    await db_session.commit()


@post(
    APPLICATION + "/conditions/{condition_id:uuid}/discharge",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record that the details a condition reserved have been approved",
    status_code=200,
)
async def discharge_condition(
    application: FromPath[str],
    condition_id: FromPath[UUID],
    data: JSONBody[DischargeIn],
    db_session: TenantSession,
    actor: Actor,
) -> ConditionOut:
    case, row = await _condition(db_session, application, condition_id)
    discharge = conditions.Discharge(data.discharged_date, data.discharge_reference)
    await conditions.discharge_condition(
        db_session, case, row, discharge, workflow=wf.WORKFLOW, actor=actor
    )
    await db_session.commit()
    return condition_out(row)


ROUTES = [
    list_conditions,
    create_condition,
    update_condition,
    delete_condition,
    discharge_condition,
]
__all__ = ["ROUTES"]
