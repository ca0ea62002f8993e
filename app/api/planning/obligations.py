"""Planning obligations (s.106 agreements) and Community Infrastructure Levy liabilities on a
planning application, with their payment or delivery milestones.

A milestone is due on a fixed date or a number of days after the obligation's trigger event
(commencement, first occupation …). When the trigger is recorded, each such milestone falls
due on the trigger date plus its days; an obligation is ``pending`` until triggered,
``triggered`` after, and ``complied`` once every milestone is paid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

import msgspec
from litestar import get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.planning.deps import APPLICATION, TAGS, invalid, load
from app.api.planning.schemas import Out, RecordedBy, Struct, Text, example
from app.api.problem_docs import READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import TenantSession
from services.core.cases.outcomes import Obligation, ObligationMilestone
from services.core.cases.store import CaseRuleError, audit, jsonable, snapshot
from services.core.store import record_audit
from services.planning import store
from services.planning import workflow as wf

READ = requires("planning", "obligations", "read")
WRITE = requires("planning", "obligations", "write")

Days = Annotated[int, msgspec.Meta(ge=0, le=36_500)]
MAX_AMOUNT = Decimal("1e12")
OutT = TypeVar("OutT", bound=Out)


TriggerEvent = Literal[
    "agreement_signed", "commencement", "first_occupation", "completion", "other"
]
ObligationText = Annotated[
    Text, example("Financial contribution towards off-site affordable housing in the borough")
]
Total = Annotated[Decimal, example("125000.00")]
MilestoneText = Annotated[Text, example("First instalment: half the contribution")]
Instalment = Annotated[Decimal, example("62500.00")]
DaysAfter = Annotated[Days, example(30)]
DueDate = Annotated[dt.date, example("2026-10-31")]
TriggeredDate = Annotated[dt.date, example("2026-10-01")]
PaidDate = Annotated[dt.date, example("2026-10-28")]


class ObligationIn(Struct):
    kind: Annotated[Literal["s106", "cil"], example("s106")]
    description: ObligationText
    trigger_event: Annotated[TriggerEvent, example("commencement")]
    amount: Total | None = None


class MilestoneIn(Struct):
    """Due ``daysAfterTrigger`` days after the trigger event, or on a fixed ``dueDate``."""

    description: MilestoneText
    amount: Instalment | None = None
    days_after_trigger: DaysAfter | None = None
    due_date: DueDate | None = None


class TriggerIn(Struct):
    triggered_date: TriggeredDate


class PaymentIn(Struct):
    paid_date: PaidDate
    paid_amount: Instalment


class MilestoneOut(Out):
    id: Annotated[UUID, example("0196b1f0-4e3d-7c2b-a1f0-e9d8c7b6a597")]
    description: MilestoneText
    amount: Instalment | None
    days_after_trigger: DaysAfter | None
    due_date: DueDate | None
    #: ``awaiting_trigger``, ``due``, ``overdue`` or ``paid``.
    status: Annotated[str, example("paid")]
    paid_date: PaidDate | None
    paid_amount: Instalment | None


class ObligationOut(Out):
    id: Annotated[UUID, example("0196b1e8-9a8b-7c6d-b5e4-f3a2b1c0d988")]
    kind: Annotated[str, example("s106")]
    description: ObligationText
    trigger_event: Annotated[str, example("commencement")]
    triggered_date: TriggeredDate | None
    amount: Total | None
    paid_total: Annotated[Decimal, example("62500.00")]
    #: ``pending`` until triggered, ``triggered``, or ``complied`` once every milestone is paid.
    status: Annotated[str, example("triggered")]
    milestones: list[MilestoneOut]
    created_at: Annotated[dt.datetime, example("2026-04-14T13:30:00Z")]
    created_by: RecordedBy


def money(value: Decimal | None, pointer: str, *, positive: bool = False) -> Decimal | None:
    """``value`` if it is a sum of money in pounds and pence, else a 422 at ``pointer``."""
    if value is None:
        return None
    if not value.is_finite() or value < 0 or (positive and value == 0) or value >= MAX_AMOUNT:
        raise invalid(
            pointer, "must be a sum of money in pounds" + (" above 0" if positive else "")
        )
    pence = value.quantize(Decimal("0.01"))
    if value != pence:
        raise invalid(pointer, "give at most two decimal places (pence)")
    return pence


def from_row(row: Any, into: type[OutT], **computed: Any) -> OutT:
    """``into`` from the row's columns of the same names, and the ``computed`` fields."""
    names = (n for n in into.__struct_fields__ if n not in computed)
    return into(**{n: getattr(row, n) for n in names}, **computed)


def milestone_out(row: ObligationMilestone, today: dt.date) -> MilestoneOut:
    if row.paid_date is not None:
        status = "paid"
    elif row.due_date is None:
        status = "awaiting_trigger"
    else:
        status = "overdue" if row.due_date < today else "due"
    return from_row(row, MilestoneOut, status=status)


def obligation_out(row: Obligation, milestones: Sequence[ObligationMilestone]) -> ObligationOut:
    today = store.today()
    ordered = sorted(milestones, key=lambda m: (m.due_date or dt.date.max, m.id))
    return from_row(
        row,
        ObligationOut,
        paid_total=sum((m.paid_amount or Decimal(0) for m in milestones), Decimal("0.00")),
        milestones=[milestone_out(m, today) for m in ordered],
    )


def audit_milestone(
    session: AsyncSession,
    actor: str,
    action: str,
    obligation: Obligation,
    row: ObligationMilestone,
    before: dict[str, Any] | None = None,
) -> None:
    """Audit a milestone under its obligation's case (the milestone row has no case id)."""
    record_audit(
        session,
        actor=actor,
        action=action,
        entity=row.__tablename__,
        entity_id=str(row.id),
        case_id=obligation.case_id,
        before=before,
        after=snapshot(row),
    )


async def milestones_of(
    session: AsyncSession, obligation_ids: Sequence[UUID]
) -> list[ObligationMilestone]:
    statement = select(ObligationMilestone).where(
        ObligationMilestone.obligation_id.in_(obligation_ids)
    )
    return list(await session.scalars(statement))


def settle_status(
    session: AsyncSession, row: Obligation, milestones: Sequence[ObligationMilestone], actor: str
) -> None:
    """Set the obligation's status from its trigger and milestones, auditing a change."""
    if milestones and all(m.paid_date is not None for m in milestones):
        status = "complied"
    else:
        status = "triggered" if row.triggered_date else "pending"
    if status != row.status:
        before = {"status": row.status}
        row.status = status
        audit(session, actor, "obligation.status", row, before=before, after={"status": status})


async def _obligation(
    session: AsyncSession, application: str, obligation_id: UUID
) -> tuple[Obligation, list[ObligationMilestone]]:
    """The obligation (locked, as its status depends on its milestones) and its milestones."""
    case = await load(session, application, details=False)
    row = await session.get(Obligation, obligation_id, with_for_update=True)
    if row is None or row.case_id != case.id:
        raise Problem(404, "Not found", "This application has no such obligation")
    wf.WORKFLOW.require(case.status, "obligation")
    return row, await milestones_of(session, [row.id])


def _not_future(day: dt.date, pointer: str) -> dt.date:
    if day > store.today():
        raise invalid(pointer, "cannot be in the future")
    return day


@get(
    APPLICATION + "/obligations",
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="s.106 obligations and CIL",
)
async def list_obligations(
    application: FromPath[str], db_session: TenantSession
) -> list[ObligationOut]:
    case = await load(db_session, application, details=False)
    rows = list(
        await db_session.scalars(
            select(Obligation).where(Obligation.case_id == case.id).order_by(Obligation.id)
        )
    )
    milestones = await milestones_of(db_session, [r.id for r in rows])
    return [obligation_out(r, [m for m in milestones if m.obligation_id == r.id]) for r in rows]


@post(
    APPLICATION + "/obligations",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record a s.106 obligation or a CIL liability and its trigger event",
    status_code=HTTP_201_CREATED,
)
async def create_obligation(
    application: FromPath[str],
    data: JSONBody[ObligationIn],
    db_session: TenantSession,
    actor: Actor,
) -> ObligationOut:
    case = await load(db_session, application, details=False)
    wf.WORKFLOW.require(case.status, "obligation")
    row = Obligation(
        case_id=case.id,
        kind=data.kind,
        description=data.description,
        trigger_event=data.trigger_event,
        amount=money(data.amount, "/amount"),
        status="pending",
        created_by=actor,
    )
    db_session.add(row)
    await db_session.flush()
    audit(db_session, actor, "obligation.created", row)
    await db_session.commit()
    return obligation_out(row, [])


@post(
    APPLICATION + "/obligations/{obligation_id:uuid}/milestones",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Add a payment or delivery milestone (days after the trigger, or a fixed date)",
    status_code=HTTP_201_CREATED,
)
async def add_milestone(
    application: FromPath[str],
    obligation_id: FromPath[UUID],
    data: JSONBody[MilestoneIn],
    db_session: TenantSession,
    actor: Actor,
) -> ObligationOut:
    if (data.days_after_trigger is None) == (data.due_date is None):
        raise invalid("/daysAfterTrigger", "give either daysAfterTrigger or dueDate, not both")
    amount = money(data.amount, "/amount")
    obligation, milestones = await _obligation(db_session, application, obligation_id)
    due = data.due_date
    if data.days_after_trigger is not None and obligation.triggered_date is not None:
        due = obligation.triggered_date + dt.timedelta(days=data.days_after_trigger)
    row = ObligationMilestone(
        obligation_id=obligation.id,
        description=data.description,
        amount=amount,
        days_after_trigger=data.days_after_trigger,
        due_date=due,
    )
    db_session.add(row)
    await db_session.flush()
    audit_milestone(db_session, actor, "obligation_milestone.created", obligation, row)
    milestones.append(row)
    settle_status(db_session, obligation, milestones, actor)
    await db_session.commit()
    return obligation_out(obligation, milestones)


@post(
    APPLICATION + "/obligations/{obligation_id:uuid}/trigger",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record that the trigger event happened: milestones fall due from that day",
    status_code=200,
)
async def trigger_obligation(
    application: FromPath[str],
    obligation_id: FromPath[UUID],
    data: JSONBody[TriggerIn],
    db_session: TenantSession,
    actor: Actor,
) -> ObligationOut:
    triggered = _not_future(data.triggered_date, "/triggeredDate")
    obligation, milestones = await _obligation(db_session, application, obligation_id)
    if obligation.triggered_date is not None:
        raise CaseRuleError(
            "",
            f"the trigger event was recorded on {obligation.triggered_date:%d %B %Y}",
            status=409,
        )
    before = snapshot(obligation)
    obligation.triggered_date = triggered
    audit(db_session, actor, "obligation.triggered", obligation, before=before)
    for milestone in milestones:
        if milestone.days_after_trigger is not None:
            was = {"due_date": jsonable(milestone.due_date)}
            milestone.due_date = triggered + dt.timedelta(days=milestone.days_after_trigger)
            audit_milestone(
                db_session, actor, "obligation_milestone.due", obligation, milestone, was
            )
    settle_status(db_session, obligation, milestones, actor)
    await db_session.commit()
    return obligation_out(obligation, milestones)


@post(
    APPLICATION + "/obligations/{obligation_id:uuid}/milestones/{milestone_id:uuid}/payment",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record a milestone's payment (the obligation is complied with once all are paid)",
    status_code=200,
)
async def pay_milestone(
    application: FromPath[str],
    obligation_id: FromPath[UUID],
    milestone_id: FromPath[UUID],
    data: JSONBody[PaymentIn],
    db_session: TenantSession,
    actor: Actor,
) -> ObligationOut:
    paid_date = _not_future(data.paid_date, "/paidDate")
    paid_amount = money(data.paid_amount, "/paidAmount", positive=True)
    obligation, milestones = await _obligation(db_session, application, obligation_id)
    milestone = next((m for m in milestones if m.id == milestone_id), None)
    if milestone is None:
        raise Problem(404, "Not found", "This obligation has no such milestone")
    if milestone.paid_date is not None:
        raise CaseRuleError(
            "", f"the milestone was paid on {milestone.paid_date:%d %B %Y}", status=409
        )
    before = snapshot(milestone)
    milestone.paid_date = paid_date
    milestone.paid_amount = paid_amount
    audit_milestone(db_session, actor, "obligation_milestone.paid", obligation, milestone, before)
    settle_status(db_session, obligation, milestones, actor)
    await db_session.commit()
    return obligation_out(obligation, milestones)


ROUTES = [list_obligations, create_obligation, add_milestone, trigger_obligation, pay_milestone]
__all__ = ["ROUTES"]
