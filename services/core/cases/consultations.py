"""Consultation and publicity on a case, for any service: consultees asked for their view,
letters served and notices put up, each with the last day of its period, and consultees'
replies.

A service describes its consultations with :class:`ConsultationRules`: the last day of each
kind's period, what a notice is called when nobody is named, and which kinds reply with a
position. :data:`DMPO_RULES` are planning's (DMPO 2015 arts. 22 and 33, periods from
:func:`services.core.deadlines.consultation_end`). Recording a step widens the case's
consultation period (earliest sent date to latest last day), which a decision may not precede.
Consulting needs the workflow's ``consult`` activity in the case's state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import LONDON, london_today
from services.core.cases.models import Case
from services.core.cases.records import Consultation
from services.core.cases.store import CaseRuleError, audit, lock_case, snapshot, update_case
from services.core.deadlines import ConsultationKind, consultation_end
from services.core.workflow import Workflow


@dataclass(frozen=True, slots=True)
class ConsultationRules:
    """How a service consults: ``last_day(kind, sent)`` ends each kind's period (a ``KeyError``
    or ``ValueError`` for a kind it does not know); ``notice_labels`` name publicity that has no
    addressee; only ``replying_kinds`` reply with a position, and ``reply_refused`` says why
    another kind cannot."""

    last_day: Callable[[str, dt.date], dt.date]
    notice_labels: Mapping[str, str] = field(default_factory=dict)
    replying_kinds: frozenset[str] = frozenset()
    reply_refused: str = "only a consultee replies with a position"


DMPO_RULES = ConsultationRules(
    last_day=lambda kind, sent: consultation_end(ConsultationKind(kind), sent),
    notice_labels={
        ConsultationKind.SITE_NOTICE: "Site notice",
        ConsultationKind.NEWSPAPER_NOTICE: "Newspaper notice",
        ConsultationKind.EIA_DEVELOPMENT: "EIA publicity",
    },
    replying_kinds=frozenset({ConsultationKind.CONSULTEE}),
    reply_refused=(
        "only a consultee replies with a position; representations made in response to "
        "a notice or neighbour letter are recorded as comments"
    ),
)


@dataclass(frozen=True, slots=True)
class NewConsultation:
    """``sent_date`` is when the notice went up, the letter was served or the consultee
    received the request (today if ``None``); the period begins with that day."""

    kind: str
    consultee: str | None = None
    organisation: str | None = None
    email: str | None = None
    address: dict[str, Any] | None = None
    reason: str | None = None
    sent_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Reply:
    """A consultee's reply; ``responded_at`` (timezone-aware) defaults to now."""

    position: str
    response: str
    responded_at: dt.datetime | None = None


def consultation_status(row: Consultation, today: dt.date) -> str:
    """``responded``, ``expired`` (the period ended with no reply) or ``awaiting`` a reply."""
    if row.responded_at is not None:
        return "responded"
    return "expired" if today > row.due_date else "awaiting"


async def list_consultations(session: AsyncSession, case: Case) -> list[Consultation]:
    """The case's consultations in the order they were sent."""
    statement = (
        select(Consultation)
        .where(Consultation.case_id == case.id)
        .order_by(Consultation.sent_date, Consultation.id)
    )
    return list(await session.scalars(statement))


async def widen_period(session: AsyncSession, case: Case, row: Consultation, actor: str) -> None:
    """Stretch the case's consultation period to cover ``row``: it starts with the earliest
    sent date and ends with the latest last day of any step."""
    start, end = case.consultation_start_date, case.consultation_end_date
    await update_case(
        session,
        case,
        {
            "consultation_start_date": min(start, row.sent_date) if start else row.sent_date,
            "consultation_end_date": max(end, row.due_date) if end else row.due_date,
        },
        actor=actor,
        action="case.consultation_period",
    )


async def consult(
    session: AsyncSession,
    case: Case,
    new: NewConsultation,
    *,
    workflow: Workflow,
    rules: ConsultationRules,
    actor: str,
    case_noun: str = "application",
) -> Consultation:
    """Record a consultation or notice with the last day of its period, and widen the case's
    consultation period to cover it (the case is locked meanwhile)."""
    await lock_case(session, case)
    workflow.require(case.status, "consult")
    consultee = new.consultee or rules.notice_labels.get(new.kind)
    if consultee is None:
        raise CaseRuleError("/consultee", f"name who receives the {new.kind.replace('_', ' ')}")
    sent = new.sent_date or london_today()
    if sent < case.received_date:
        raise CaseRuleError(
            "/sentDate",
            f"cannot precede the {case_noun}'s receipt on {case.received_date:%d %B %Y}",
        )
    row = Consultation(
        case_id=case.id,
        kind=new.kind,
        consultee=consultee,
        organisation=new.organisation,
        email=new.email,
        address=new.address,
        reason=new.reason,
        sent_date=sent,
        due_date=rules.last_day(new.kind, sent),
        created_by=actor,
    )
    session.add(row)
    await session.flush()
    audit(session, actor, "consultation.created", row)
    await widen_period(session, case, row, actor)
    return row


async def record_reply(
    session: AsyncSession,
    case: Case,
    row: Consultation,
    reply: Reply,
    *,
    workflow: Workflow,
    rules: ConsultationRules,
    actor: str,
) -> Consultation:
    """Record a consultee's one reply: not in the future, nor before the consultation."""
    workflow.require(case.status, "consult")
    if row.kind not in rules.replying_kinds:
        raise CaseRuleError("", rules.reply_refused, status=409)
    if row.responded_at is not None:
        raise CaseRuleError(
            "", f"the consultee already replied on {row.responded_at:%d %B %Y}", status=409
        )
    now = dt.datetime.now(dt.UTC)
    responded_at = reply.responded_at or now
    if responded_at.tzinfo is None:
        raise CaseRuleError("/respondedAt", "give a time zone (e.g. Z or +01:00)")
    if responded_at > now:
        raise CaseRuleError("/respondedAt", "a reply cannot arrive in the future")
    if responded_at.astimezone(LONDON).date() < row.sent_date:
        raise CaseRuleError("/respondedAt", "a reply cannot precede the consultation")
    before = snapshot(row)
    row.position = reply.position
    row.response = reply.response
    row.responded_at = responded_at
    await session.flush()
    audit(session, actor, "consultation.responded", row, before=before)
    return row


__all__ = [
    "DMPO_RULES",
    "ConsultationRules",
    "NewConsultation",
    "Reply",
    "consult",
    "consultation_status",
    "list_consultations",
    "record_reply",
    "widen_period",
]
