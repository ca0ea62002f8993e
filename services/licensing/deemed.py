"""What the passage of time decides in licensing, for ``vesta settle``
(:mod:`services.core.sweeps`): a minor variation not determined within its 15 working days is
refused by default (Licensing Act 2003, s.41B(4)), and a notice no one objected to is
acknowledged once its objection period has ended (:mod:`services.licensing.ten_objections`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from services.core.cases.models import Case
from services.licensing import decisions
from services.licensing import workflow as wf
from services.licensing.ten_objections import acknowledge_unopposed

MINOR_VARIATION = "premises_licence_minor_variation"


async def refuse_undecided_minor_variations(
    session: AsyncSession, *, today: dt.date, actor: str
) -> int:
    """Record the deemed refusal of every minor variation whose 15 working days ended before
    ``today`` undecided; it is dated the day after the last of them."""
    statement = (
        select(Case)
        .where(
            Case.service == "licensing",
            Case.case_type == MINOR_VARIATION,
            Case.status == wf.RECEIVED,
            Case.statutory_date < today,
        )
        .options(selectinload(Case.site), selectinload(Case.parties))
        .with_for_update(of=Case)
    )
    cases = (await session.scalars(statement)).all()
    for case in cases:
        assert case.statutory_date is not None
        refusal = decisions.Determination(
            "deemed_refused", case.statutory_date + dt.timedelta(days=1)
        )
        await decisions.decide(session, case, refusal, today=today, actor=actor)
    return len(cases)


SWEEPS = (refuse_undecided_minor_variations, acknowledge_unopposed)

__all__ = ["SWEEPS", "refuse_undecided_minor_variations"]
