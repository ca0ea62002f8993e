"""Conditions, informatives and reasons for refusal on a case, for any service, and the later
discharge of conditions that reserve details for approval.

They are drafted while the workflow allows ``draft_conditions`` and numbered from 1 within
their kind in the order they will appear on the decision notice; moving or removing one
renumbers the rest, auditing each that moves. A condition carries the reason for imposing it
(for planning, DMPO 2015 art. 35(1)(a)); only a condition has a separate reason or can require
details to be approved. Once the workflow allows ``discharge_conditions``, such a condition is
discharged with the date and the reference of the approval.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import london_today
from services.core.cases.models import Case
from services.core.cases.outcomes import Condition
from services.core.cases.store import CaseRuleError, audit, lock_case, snapshot
from services.core.workflow import Workflow

CONDITION = "condition"
#: The kinds, in the order they appear on a decision notice.
NOTICE_ORDER: tuple[str, ...] = (CONDITION, "refusal_reason", "informative")


@dataclass(frozen=True, slots=True)
class Wording:
    """What a condition, informative or reason for refusal of ``kind`` says; checked on
    construction (a :class:`CaseRuleError` pointing at the field at fault)."""

    kind: str
    text: str
    reason: str | None = None
    requires_discharge: bool = False

    def __post_init__(self) -> None:
        if self.kind not in NOTICE_ORDER:
            raise CaseRuleError("/kind", f"must be one of {', '.join(NOTICE_ORDER)}")
        if self.kind == CONDITION and not self.reason:
            raise CaseRuleError("/reason", "a condition needs the reason for imposing it")
        if self.kind != CONDITION and self.reason:
            raise CaseRuleError(
                "/reason", f"only a condition has a separate reason, not a {self.kind}"
            )
        if self.kind != CONDITION and self.requires_discharge:
            raise CaseRuleError(
                "/requiresDischarge", "only a condition can require details to be approved"
            )


@dataclass(frozen=True, slots=True)
class Discharge:
    """The approval of the details a condition reserved: its date and reference."""

    discharged_date: dt.date
    reference: str


async def list_conditions(session: AsyncSession, case: Case) -> list[Condition]:
    """The case's conditions, reasons for refusal and informatives in decision notice order."""
    rows = await session.scalars(select(Condition).where(Condition.case_id == case.id))
    return sorted(rows, key=lambda r: (NOTICE_ORDER.index(r.kind), r.position, r.id))


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


def _reword(row: Condition, wording: Wording) -> None:
    row.text = wording.text
    row.reason = wording.reason
    row.requires_discharge = wording.requires_discharge
    row.discharge_status = "pending" if wording.requires_discharge else None


async def draft_condition(
    session: AsyncSession, case: Case, wording: Wording, *, workflow: Workflow, actor: str
) -> Condition:
    """Add a condition, informative or reason for refusal, numbered after the last of its kind
    (the case is locked so two drafts cannot take the same number)."""
    await lock_case(session, case)
    workflow.require(case.status, "draft_conditions")
    row = Condition(
        case_id=case.id,
        kind=wording.kind,
        position=len(await siblings(session, case, wording.kind)) + 1,
        created_by=actor,
    )
    _reword(row, wording)
    session.add(row)
    await session.flush()
    audit(session, actor, "condition.created", row)
    return row


async def redraft_condition(
    session: AsyncSession,
    case: Case,
    row: Condition,
    wording: Wording,
    *,
    position: int | None = None,
    workflow: Workflow,
    actor: str,
) -> Condition:
    """Reword a draft, and move it to ``position`` (from 1, within its kind; past the end
    means last) if given, renumbering the rest of its kind."""
    if wording.kind != row.kind:
        raise ValueError(f"a {row.kind} cannot be reworded as a {wording.kind}")
    if position is not None and position < 1:
        raise CaseRuleError("/position", "positions are numbered from 1")
    await lock_case(session, case)
    workflow.require(case.status, "draft_conditions")
    before = snapshot(row)
    _reword(row, wording)
    if position is not None and position != row.position:
        ordered = [r for r in await siblings(session, case, row.kind) if r.id != row.id]
        ordered.insert(min(position, len(ordered) + 1) - 1, row)
        row.position = ordered.index(row) + 1
        renumber(session, ordered, actor)
    await session.flush()
    audit(session, actor, "condition.updated", row, before=before)
    return row


async def remove_condition(
    session: AsyncSession, case: Case, row: Condition, *, workflow: Workflow, actor: str
) -> None:
    """Delete a draft and renumber the rest of its kind."""
    await lock_case(session, case)
    workflow.require(case.status, "draft_conditions")
    audit(session, actor, "condition.deleted", row, before=snapshot(row), after={})
    await session.delete(row)
    await session.flush()
    renumber(session, await siblings(session, case, row.kind), actor)


async def discharge_condition(
    session: AsyncSession,
    case: Case,
    row: Condition,
    discharge: Discharge,
    *,
    workflow: Workflow,
    actor: str,
) -> Condition:
    """Record that the details a condition reserved were approved: once, not before the
    decision and not in the future."""
    workflow.require(case.status, "discharge_conditions")
    if row.kind != CONDITION or not row.requires_discharge:
        raise CaseRuleError(
            "", "only a condition that requires details to be approved is discharged", status=409
        )
    if row.discharge_status == "discharged":
        raise CaseRuleError(
            "", f"the condition was discharged on {row.discharged_date:%d %B %Y}", status=409
        )
    if case.decision_date and discharge.discharged_date < case.decision_date:
        raise CaseRuleError(
            "/dischargedDate", "a condition cannot be discharged before the decision"
        )
    if discharge.discharged_date > london_today():
        raise CaseRuleError("/dischargedDate", "cannot be in the future")
    before = snapshot(row)
    row.discharge_status = "discharged"
    row.discharged_date = discharge.discharged_date
    row.discharge_reference = discharge.reference
    await session.flush()
    audit(session, actor, "condition.discharged", row, before=before)
    return row


__all__ = [
    "NOTICE_ORDER",
    "Discharge",
    "Wording",
    "discharge_condition",
    "draft_condition",
    "list_conditions",
    "redraft_condition",
    "remove_condition",
    "renumber",
    "siblings",
]
