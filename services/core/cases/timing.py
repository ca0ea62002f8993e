"""A case's statutory dates kept on its row, for every service: the clock from the case type's
rule and the case's history (extensions of time agreed, a non-determination appeal, the day it
became complete), written back to ``statutory_date`` and ``target_date`` with an audit entry;
and extensions of time recorded against that clock.

The arithmetic is :mod:`services.core.cases.clocks`'; this module reads what the arithmetic
needs from the database. :func:`register_case` is how every service opens a case: created with
its reference, then its clock set in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.cases.clocks import AgreedExtension, CaseClock, case_clock
from services.core.cases.models import Case
from services.core.cases.outcomes import Appeal, ExtensionOfTime
from services.core.cases.records import ValidationRequest
from services.core.cases.store import CaseRuleError, NewCase, audit, create_case, update_case
from services.core.deadlines import ExtensionError
from services.core.settings import CouncilSettings
from services.core.workflow import Workflow
from services.registry import ClockStart, registry

#: Periods that run from the decision or the issue of a licence (a licence's term), not from
#: receipt: a case has no such date until it is decided.
COUNTS_FROM_DECISION = frozenset({ClockStart.DAY_AFTER_DECISION, ClockStart.DAY_AFTER_ISSUE})


async def register_case(
    session: AsyncSession,
    new: NewCase,
    *,
    workflow: Workflow,
    settings: CouncilSettings,
    actor: str,
) -> Case:
    """A new case in the workflow's initial state (or ``new.status``) with its reference and
    its statutory dates counted from its receipt."""
    case = await create_case(
        session, new, workflow=workflow, reference_format=settings.reference_format, actor=actor
    )
    await refresh_clock(session, case, settings=settings, actor=actor)
    return case


async def extensions_of(session: AsyncSession, case: Case) -> Sequence[ExtensionOfTime]:
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
    proposed, checked before it is stored); ``None`` for a case type without a clock, or one
    whose period runs from a decision not yet made."""
    rule = registry.get(case.service).case_type(case.case_type).clock
    if rule is None:
        return None
    if rule.starts in COUNTS_FROM_DECISION:
        if case.decision_date is None:
            return None  # a licence term runs from the grant: nothing to count yet
        return case_clock(
            rule,
            case.decision_date,
            weekend_receipt_next_working_day=False,
            decided_on=case.decision_date,
        )
    stored = await extensions_of(session, case)
    agreed = [AgreedExtension(e.agreed_date, e.new_target_date) for e in stored]
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
    """Recompute the case's clock and store its statutory and target dates."""
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


async def record_extension(
    session: AsyncSession,
    case: Case,
    *,
    agreed_date: dt.date,
    new_target_date: dt.date,
    reason: str | None,
    settings: CouncilSettings,
    actor: str,
    pointer: str = "/agreedDate",
) -> ExtensionOfTime:
    """Record a longer period agreed in writing, after checking it against the case's clock
    (:func:`services.core.deadlines.apply_extension`: it must move the target later, be agreed
    before the decision and before any non-determination appeal, and the period must be
    extendable), then move the target date. A refusal is a 409 pointing at ``pointer``."""
    try:
        clock = await compute_clock(
            session, case, settings=settings, extra=AgreedExtension(agreed_date, new_target_date)
        )
    except ExtensionError as exc:
        raise CaseRuleError(pointer, str(exc), status=409) from exc
    if clock is None:
        raise CaseRuleError("", "this case type has no statutory period to extend", status=409)
    extension = ExtensionOfTime(
        case_id=case.id,
        agreed_date=agreed_date,
        previous_target_date=case.target_date or clock.statutory_date,
        new_target_date=new_target_date,
        reason=reason,
        recorded_by=actor,
    )
    session.add(extension)
    await session.flush()
    audit(session, actor, "extension_of_time.created", extension)
    await refresh_clock(session, case, settings=settings, actor=actor)
    return extension


async def open_validation_requests(
    session: AsyncSession, case: Case
) -> Sequence[ValidationRequest]:
    statement = select(ValidationRequest).where(
        ValidationRequest.case_id == case.id, ValidationRequest.status == "open"
    )
    return (await session.scalars(statement)).all()


async def valid_from(session: AsyncSession, case: Case) -> dt.date:
    """The day the case became complete: its receipt, or the day the last required item asked
    for in validation arrived, whichever is later."""
    statement = select(func.max(ValidationRequest.received_date)).where(
        ValidationRequest.case_id == case.id,
        ValidationRequest.required_item.is_(True),
        ValidationRequest.status == "responded",
    )
    last_item = (await session.execute(statement)).scalar_one_or_none()
    return max(case.received_date, last_item) if last_item else case.received_date


__all__ = [
    "compute_clock",
    "extensions_of",
    "non_determination_appeal_date",
    "open_validation_requests",
    "record_extension",
    "refresh_clock",
    "register_case",
    "valid_from",
]
