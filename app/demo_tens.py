"""The demo councils' temporary event notices and taxi and private hire licences, dated relative
to today: notices waiting out their objection period, objected to and listed for a hearing,
acknowledged, and met by a counter notice; a driver and an operator licensed, a vehicle
application with checks part done, and a driver licence suspended.

Everything goes through the licensing services, as the API would. A council that already has
notices is left alone.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import LONDON, add_working_days, london_today
from services.core.settings import CouncilSettings
from services.core.store import read_settings
from services.licensing import taxi_licences, taxi_rules, taxis, ten_objections, tens
from services.licensing.ten_models import TemporaryEventNotice
from tenancy.binding import TenantRef, tenant_session

ACTOR = "seed:demo"
TOWNS = {"ashcombe": "Ashcombe", "brackenfold": "Brackenfold", "wyvern-vale": "Wyvern"}


def _notice(town: str, n: int, given: dt.date, event: dt.date, user: str) -> tens.NoticeIn:
    starts = dt.datetime.combine(event, dt.time(18), LONDON)
    return tens.NoticeIn(
        given_on=given,
        premises_address=f"{n} Market Square, {town}",
        premises_name=("Village Hall", "Cricket Pavilion", "The Barn", "Scout Hut")[n % 4],
        premises_user_name=user,
        premises_user_born_on=dt.date(1975 + n, 5, 1),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=5),
        max_attendance=150 + 50 * n,
        activities=["sale_of_alcohol", "regulated_entertainment"],
        description=("Summer fete", "Charity ball", "Beer festival", "Quiz night")[n % 4],
    )


async def _notices(session: AsyncSession, settings: CouncilSettings, town: str) -> int:
    today = london_today()
    day = dt.timedelta(days=1)
    waiting, _ = await tens.give_notice(
        session,
        _notice(town, 1, today, today + 30 * day, "Jo Baker"),
        settings=settings,
        actor=ACTOR,
    )
    case, row = await tens.give_notice(
        session,
        _notice(town, 2, today - 2 * day, today + 25 * day, "Ravi Shah"),
        settings=settings,
        actor=ACTOR,
    )
    objection = ten_objections.ObjectionIn(
        "police", "PC Sam Reid", today - day, "Disorder at the last event", "Wessex Police"
    )
    await ten_objections.object_to(session, case, row, objection, actor=ACTOR)
    done, _ = await tens.give_notice(
        session,
        _notice(town, 3, today - 20 * day, today + 10 * day, "Alex Moor"),
        settings=settings,
        actor=ACTOR,
    )
    await ten_objections.acknowledge(session, done, today=today, actor=ACTOR)
    late, row = await tens.give_notice(
        session,
        _notice(town, 4, today, add_working_days(today, 7) + day, "Chris Lane"),
        settings=settings,
        actor=ACTOR,
    )
    if late.case_type == "temporary_event_notice_late":  # 7 clear working days: late
        objection = ten_objections.ObjectionIn("environmental_health", "EH team", today, "Noise")
        await ten_objections.object_to(session, late, row, objection, actor=ACTOR)
    return 4 if waiting else 0


async def _taxis(session: AsyncSession, settings: CouncilSettings) -> int:
    today = london_today()
    made = 0
    people = (
        ("private_hire_driver", "Sam Patel", True, False),
        ("hackney_carriage_driver", "Lee Ward", True, True),
        ("private_hire_operator", "Vale Cars Ltd", True, False),
        ("private_hire_vehicle", "Sam Patel", False, False),
    )
    for kind, name, grant, suspend in people:
        details: dict[str, object] = {}
        if kind in taxi_rules.VEHICLES:
            details["vehicle"] = {"registration": "AB12 CDE", "make": "Toyota", "model": "Prius"}
        new = taxis.ApplicationIn(kind, today - dt.timedelta(days=40), {"name": name}, details)
        case = await taxis.apply(session, new, settings=settings, actor=ACTOR)
        checks = taxi_rules.REQUIRED_CHECKS[kind]
        for check in checks if grant else checks[:1]:
            await taxis.record_check(
                session,
                case,
                check=check,
                outcome="passed",
                checked_on=today - dt.timedelta(days=20),
                reference=None,
                notes=None,
                actor=ACTOR,
            )
        made += 1
        if not grant:
            continue
        decision = taxis.Decision("granted", today - dt.timedelta(days=10))
        licence = await taxis.decide(session, case, decision, settings=settings, actor=ACTOR)
        if suspend and licence is not None:
            await taxi_licences.suspend(
                session,
                licence,
                reason="Medical review pending",
                notice_on=today,
                immediate=True,
                actor=ACTOR,
            )
    return made


async def seed_council(tenant: TenantRef, officer: tuple[UUID | None, str | None]) -> int:
    """Seed one council's notices and taxi licences unless it has notices; the cases made."""
    town = TOWNS.get(tenant.slug)
    if town is None or "licensing" not in tenant.enabled_services:
        return 0
    async with tenant_session(tenant.schema_name) as session:
        existing = await session.scalar(select(func.count()).select_from(TemporaryEventNotice))
        if existing:
            return 0
        settings = await read_settings(session)
        made = await _notices(session, settings, town)
        made += await _taxis(session, settings)
        await session.commit()
    return made


__all__ = ["seed_council"]
