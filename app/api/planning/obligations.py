"""Planning obligations (s.106 agreements) and Community Infrastructure Levy liabilities on a
planning application, with their payment or delivery milestones.

A milestone is due on a fixed date or a number of days after the obligation's trigger event
(commencement, first occupation …). When the trigger is recorded, each such milestone falls
due on the trigger date plus its days; an obligation is ``pending`` until triggered,
``triggered`` after, and ``complied`` once every milestone is paid. The rules are the case
core's (:mod:`services.core.cases.obligations`); these routes parse, call the core and shape
the response.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

import msgspec
from litestar import get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.openapi_examples import example
from app.api.planning.deps import APPLICATION, TAGS, load, not_found
from app.api.planning.schemas import Out, RecordedBy, Struct, Text
from app.api.problem_docs import READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.tenant_context import TenantSession
from services.core.cases import obligations
from services.core.cases.lookup import RecordNotFound
from services.core.cases.obligations import HeldObligation
from services.core.cases.outcomes import ObligationMilestone
from services.planning import store
from services.planning import workflow as wf

READ = requires("planning", "obligations", "read")
WRITE = requires("planning", "obligations", "write")

Days = Annotated[int, msgspec.Meta(ge=0, le=36_500)]
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


def from_row(row: Any, into: type[OutT], **computed: Any) -> OutT:
    """``into`` from the row's columns of the same names, and the ``computed`` fields."""
    names = (n for n in into.__struct_fields__ if n not in computed)
    return into(**{n: getattr(row, n) for n in names}, **computed)


def milestone_out(row: ObligationMilestone, today: dt.date) -> MilestoneOut:
    return from_row(row, MilestoneOut, status=obligations.milestone_status(row, today))


def obligation_out(held: HeldObligation) -> ObligationOut:
    today = store.today()
    return from_row(
        held.obligation,
        ObligationOut,
        paid_total=held.paid_total,
        milestones=[milestone_out(m, today) for m in held.in_due_order()],
    )


async def _obligation(
    session: AsyncSession, application: str, obligation_id: UUID
) -> HeldObligation:
    """The obligation (locked, as its status depends on its milestones) and its milestones."""
    case = await load(session, application, details=False)
    try:
        return await obligations.obligation_of(session, case, obligation_id, workflow=wf.WORKFLOW)
    except RecordNotFound as exc:
        raise not_found(exc) from None


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
    return [obligation_out(held) for held in await obligations.list_obligations(db_session, case)]


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
    new = obligations.NewObligation(data.kind, data.description, data.trigger_event, data.amount)
    held = await obligations.record_obligation(
        db_session, case, new, workflow=wf.WORKFLOW, actor=actor
    )
    await db_session.commit()
    return obligation_out(held)


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
    new = obligations.NewMilestone(
        data.description, data.amount, data.days_after_trigger, data.due_date
    )
    held = await _obligation(db_session, application, obligation_id)
    await obligations.add_milestone(db_session, held, new, actor=actor)
    await db_session.commit()
    return obligation_out(held)


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
    triggered = obligations.not_future(data.triggered_date, "/triggeredDate")
    held = await _obligation(db_session, application, obligation_id)
    await obligations.record_trigger(db_session, held, triggered, actor=actor)
    await db_session.commit()
    return obligation_out(held)


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
    payment = obligations.Payment(data.paid_date, data.paid_amount)
    held = await _obligation(db_session, application, obligation_id)
    try:
        await obligations.record_payment(db_session, held, milestone_id, payment, actor=actor)
    except RecordNotFound as exc:
        raise not_found(exc) from None
    await db_session.commit()
    return obligation_out(held)


ROUTES = [list_obligations, create_obligation, add_milestone, trigger_obligation, pay_milestone]
__all__ = ["ROUTES"]
