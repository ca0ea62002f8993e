"""Obligations on a case, for any service: planning obligations (s.106) and CIL liabilities
today, with their payment or delivery milestones.

An obligation waits for a trigger event (commencement, first occupation …). A milestone is
due on a fixed date or a number of days after the trigger: when the trigger is recorded, each
such milestone falls due on the trigger date plus its days. An obligation is ``pending`` until
triggered, ``triggered`` after, and ``complied`` once every milestone is paid. Every change
needs the workflow's ``obligation`` activity in the case's state, and holds a lock on the
obligation, whose status depends on its milestones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import london_today
from services.core.cases.lookup import RecordNotFound, record_of
from services.core.cases.models import Case
from services.core.cases.outcomes import Obligation, ObligationMilestone
from services.core.cases.store import CaseRuleError, audit, jsonable, snapshot
from services.core.store import record_audit
from services.core.workflow import Workflow

MAX_AMOUNT = Decimal("1e12")


def money(value: Decimal | None, pointer: str, *, positive: bool = False) -> Decimal | None:
    """``value`` in pounds and pence, or a :class:`CaseRuleError` at ``pointer``."""
    if value is None:
        return None
    if not value.is_finite() or value < 0 or (positive and value == 0) or value >= MAX_AMOUNT:
        raise CaseRuleError(
            pointer, "must be a sum of money in pounds" + (" above 0" if positive else "")
        )
    pence = value.quantize(Decimal("0.01"))
    if value != pence:
        raise CaseRuleError(pointer, "give at most two decimal places (pence)")
    return pence


def not_future(day: dt.date, pointer: str) -> dt.date:
    """``day``, or a :class:`CaseRuleError` at ``pointer`` if it is after today."""
    if day > london_today():
        raise CaseRuleError(pointer, "cannot be in the future")
    return day


@dataclass(frozen=True, slots=True)
class NewObligation:
    kind: str
    description: str
    trigger_event: str
    amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class NewMilestone:
    """Due ``days_after_trigger`` days after the trigger event, or on a fixed ``due_date``:
    exactly one of them. Checked on construction."""

    description: str
    amount: Decimal | None = None
    days_after_trigger: int | None = None
    due_date: dt.date | None = None

    def __post_init__(self) -> None:
        if (self.days_after_trigger is None) == (self.due_date is None):
            raise CaseRuleError(
                "/daysAfterTrigger", "give either daysAfterTrigger or dueDate, not both"
            )
        object.__setattr__(self, "amount", money(self.amount, "/amount"))


@dataclass(frozen=True, slots=True)
class Payment:
    """A milestone's payment: on a day not in the future, of a sum above 0. Checked on
    construction."""

    paid_date: dt.date
    paid_amount: Decimal

    def __post_init__(self) -> None:
        not_future(self.paid_date, "/paidDate")
        object.__setattr__(
            self, "paid_amount", money(self.paid_amount, "/paidAmount", positive=True)
        )


@dataclass(slots=True)
class HeldObligation:
    """An obligation and all its milestones (read under the obligation's lock for a change)."""

    obligation: Obligation
    milestones: list[ObligationMilestone] = field(default_factory=list)

    @property
    def paid_total(self) -> Decimal:
        return sum((m.paid_amount or Decimal(0) for m in self.milestones), Decimal("0.00"))

    def in_due_order(self) -> list[ObligationMilestone]:
        """The milestones soonest due first; those awaiting the trigger last."""
        return sorted(self.milestones, key=lambda m: (m.due_date or dt.date.max, m.id))


def milestone_status(row: ObligationMilestone, today: dt.date) -> str:
    """``paid``, ``awaiting_trigger`` (no due date yet), ``overdue`` or ``due``."""
    if row.paid_date is not None:
        return "paid"
    if row.due_date is None:
        return "awaiting_trigger"
    return "overdue" if row.due_date < today else "due"


async def milestones_of(
    session: AsyncSession, obligation_ids: Sequence[UUID]
) -> list[ObligationMilestone]:
    """The milestones of the obligations with those ids, in no particular order."""
    statement = select(ObligationMilestone).where(
        ObligationMilestone.obligation_id.in_(obligation_ids)
    )
    return list(await session.scalars(statement))


async def list_obligations(session: AsyncSession, case: Case) -> list[HeldObligation]:
    """The case's obligations in the order they were recorded, each with its milestones."""
    statement = select(Obligation).where(Obligation.case_id == case.id).order_by(Obligation.id)
    rows = list(await session.scalars(statement))
    milestones = await milestones_of(session, [r.id for r in rows])
    return [HeldObligation(r, [m for m in milestones if m.obligation_id == r.id]) for r in rows]


async def obligation_of(
    session: AsyncSession, case: Case, obligation_id: UUID, *, workflow: Workflow
) -> HeldObligation:
    """The case's obligation, locked, and its milestones, for a change the workflow allows;
    raises :class:`RecordNotFound`."""
    row = await record_of(session, Obligation, case, obligation_id, lock=True)
    workflow.require(case.status, "obligation")
    return HeldObligation(row, await milestones_of(session, [row.id]))


def _audit_milestone(
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


def settle_status(session: AsyncSession, held: HeldObligation, actor: str) -> None:
    """Set the obligation's status from its trigger and milestones, auditing a change."""
    row, milestones = held.obligation, held.milestones
    if milestones and all(m.paid_date is not None for m in milestones):
        status = "complied"
    else:
        status = "triggered" if row.triggered_date else "pending"
    if status != row.status:
        before = {"status": row.status}
        row.status = status
        audit(session, actor, "obligation.status", row, before=before, after={"status": status})


async def record_obligation(
    session: AsyncSession, case: Case, new: NewObligation, *, workflow: Workflow, actor: str
) -> HeldObligation:
    """Record an obligation, ``pending`` its trigger event."""
    workflow.require(case.status, "obligation")
    row = Obligation(
        case_id=case.id,
        kind=new.kind,
        description=new.description,
        trigger_event=new.trigger_event,
        amount=money(new.amount, "/amount"),
        status="pending",
        created_by=actor,
    )
    session.add(row)
    await session.flush()
    audit(session, actor, "obligation.created", row)
    return HeldObligation(row)


async def add_milestone(
    session: AsyncSession, held: HeldObligation, new: NewMilestone, *, actor: str
) -> ObligationMilestone:
    """Add a milestone; one counted from a trigger already recorded falls due at once."""
    obligation = held.obligation
    due = new.due_date
    if new.days_after_trigger is not None and obligation.triggered_date is not None:
        due = obligation.triggered_date + dt.timedelta(days=new.days_after_trigger)
    row = ObligationMilestone(
        obligation_id=obligation.id,
        description=new.description,
        amount=new.amount,
        days_after_trigger=new.days_after_trigger,
        due_date=due,
    )
    session.add(row)
    await session.flush()
    _audit_milestone(session, actor, "obligation_milestone.created", obligation, row)
    held.milestones.append(row)
    settle_status(session, held, actor)
    return row


async def record_trigger(
    session: AsyncSession, held: HeldObligation, triggered_date: dt.date, *, actor: str
) -> None:
    """Record the trigger event (once, not in the future): milestones counted from it fall
    due from that day."""
    triggered = not_future(triggered_date, "/triggeredDate")
    obligation = held.obligation
    if obligation.triggered_date is not None:
        raise CaseRuleError(
            "",
            f"the trigger event was recorded on {obligation.triggered_date:%d %B %Y}",
            status=409,
        )
    before = snapshot(obligation)
    obligation.triggered_date = triggered
    audit(session, actor, "obligation.triggered", obligation, before=before)
    for milestone in held.milestones:
        if milestone.days_after_trigger is not None:
            was = {"due_date": jsonable(milestone.due_date)}
            milestone.due_date = triggered + dt.timedelta(days=milestone.days_after_trigger)
            _audit_milestone(session, actor, "obligation_milestone.due", obligation, milestone, was)
    settle_status(session, held, actor)


async def record_payment(
    session: AsyncSession,
    held: HeldObligation,
    milestone_id: UUID,
    payment: Payment,
    *,
    actor: str,
) -> ObligationMilestone:
    """Record a milestone's one payment; the obligation is complied with once all are paid.
    Raises :class:`RecordNotFound` for a milestone of another obligation."""
    milestone = next((m for m in held.milestones if m.id == milestone_id), None)
    if milestone is None:
        raise RecordNotFound("milestone", parent="obligation")
    if milestone.paid_date is not None:
        raise CaseRuleError(
            "", f"the milestone was paid on {milestone.paid_date:%d %B %Y}", status=409
        )
    before = snapshot(milestone)
    milestone.paid_date = payment.paid_date
    milestone.paid_amount = payment.paid_amount
    _audit_milestone(
        session, actor, "obligation_milestone.paid", held.obligation, milestone, before
    )
    settle_status(session, held, actor)
    return milestone


__all__ = [
    "MAX_AMOUNT",
    "HeldObligation",
    "NewMilestone",
    "NewObligation",
    "Payment",
    "add_milestone",
    "milestone_status",
    "money",
    "not_future",
    "obligation_of",
    "record_obligation",
    "record_payment",
    "record_trigger",
    "settle_status",
]
