"""Conditions, informatives and reasons for refusal on a planning application, and the later
discharge of conditions that reserve details for approval.

They are drafted during assessment (the workflow's ``draft_conditions`` activity) and numbered
within their kind in the order they will appear on the decision notice: a condition needs the
reason for imposing it (DMPO 2015 art. 35(1)(a)); a refusal needs its reasons, which the
decision checks. Once decided, a condition that requires details to be approved is discharged
(``discharge_conditions``) with the date and the reference of the discharge application.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from litestar import delete, get, post, put
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.planning.deps import APPLICATION, TAGS, invalid, load
from app.api.planning.schemas import Out, RecordedBy, Struct, Text, example
from app.api.problem_docs import ACTION_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import TenantSession
from services.core.cases.models import Case
from services.core.cases.outcomes import Condition
from services.core.cases.store import CaseRuleError, audit, lock_case, snapshot
from services.planning import store
from services.planning import workflow as wf

READ = requires("planning", "conditions", "read")
WRITE = requires("planning", "conditions", "write")

Kind = Literal["condition", "informative", "refusal_reason"]
#: The order of the kinds on a decision notice.
KIND_ORDER: tuple[str, ...] = ("condition", "refusal_reason", "informative")


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


def check_wording(kind: str, reason: str | None, requires_discharge: bool) -> None:
    if kind == "condition" and not reason:
        raise invalid("/reason", "a condition needs the reason for imposing it")
    if kind != "condition" and reason:
        raise invalid("/reason", f"only a condition has a separate reason, not a {kind}")
    if kind != "condition" and requires_discharge:
        raise invalid("/requiresDischarge", "only a condition can require details to be approved")


async def siblings(session: AsyncSession, case: Case, kind: str) -> list[Condition]:
    """The case's conditions of one kind, in notice order."""
    statement = (
        select(Condition)
        .where(Condition.case_id == case.id, Condition.kind == kind)
        .order_by(Condition.position, Condition.id)
    )
    return list(await session.scalars(statement))


def renumber(session: AsyncSession, rows: Sequence[Condition], actor: str) -> None:
    """Number ``rows`` 1, 2, 3 … in their order, auditing each one that moves."""
    for number, row in enumerate(rows, start=1):
        if row.position != number:
            before = {"position": row.position}
            row.position = number
            audit(
                session,
                actor,
                "condition.renumbered",
                row,
                before=before,
                after={"position": number},
            )


async def _condition(
    session: AsyncSession, application: str, condition_id: UUID
) -> tuple[Case, Condition]:
    case = await load(session, application, details=False)
    row = await session.get(Condition, condition_id)
    if row is None or row.case_id != case.id:
        raise Problem(404, "Not found", "This application has no such condition")
    return case, row


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
    rows = await db_session.scalars(select(Condition).where(Condition.case_id == case.id))
    ordered = sorted(rows, key=lambda r: (KIND_ORDER.index(r.kind), r.position, r.id))
    return [condition_out(row) for row in ordered]


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
    check_wording(data.kind, data.reason, data.requires_discharge)
    case = await lock_case(db_session, await load(db_session, application, details=False))
    wf.WORKFLOW.require(case.status, "draft_conditions")
    row = Condition(
        case_id=case.id,
        kind=data.kind,
        position=len(await siblings(db_session, case, data.kind)) + 1,
        text=data.text,
        reason=data.reason,
        requires_discharge=data.requires_discharge,
        discharge_status="pending" if data.requires_discharge else None,
        created_by=actor,
    )
    db_session.add(row)
    await db_session.flush()
    audit(db_session, actor, "condition.created", row)
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
    check_wording(row.kind, data.reason, data.requires_discharge)
    await lock_case(db_session, case)
    wf.WORKFLOW.require(case.status, "draft_conditions")
    before = snapshot(row)
    row.text = data.text
    row.reason = data.reason
    row.requires_discharge = data.requires_discharge
    row.discharge_status = "pending" if data.requires_discharge else None
    if data.position is not None and data.position != row.position:
        ordered = [r for r in await siblings(db_session, case, row.kind) if r.id != row.id]
        ordered.insert(min(data.position, len(ordered) + 1) - 1, row)
        row.position = ordered.index(row) + 1
        renumber(db_session, ordered, actor)
    await db_session.flush()
    audit(db_session, actor, "condition.updated", row, before=before)
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
    await lock_case(db_session, case)
    wf.WORKFLOW.require(case.status, "draft_conditions")
    audit(db_session, actor, "condition.deleted", row, before=snapshot(row), after={})
    await db_session.delete(row)
    await db_session.flush()
    renumber(db_session, await siblings(db_session, case, row.kind), actor)
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
    wf.WORKFLOW.require(case.status, "discharge_conditions")
    if row.kind != "condition" or not row.requires_discharge:
        raise CaseRuleError(
            "", "only a condition that requires details to be approved is discharged", status=409
        )
    if row.discharge_status == "discharged":
        raise CaseRuleError(
            "", f"the condition was discharged on {row.discharged_date:%d %B %Y}", status=409
        )
    if case.decision_date and data.discharged_date < case.decision_date:
        raise invalid("/dischargedDate", "a condition cannot be discharged before the decision")
    if data.discharged_date > store.today():
        raise invalid("/dischargedDate", "cannot be in the future")
    before = snapshot(row)
    row.discharge_status = "discharged"
    row.discharged_date = data.discharged_date
    row.discharge_reference = data.discharge_reference
    await db_session.flush()
    audit(db_session, actor, "condition.discharged", row, before=before)
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
