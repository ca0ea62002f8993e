"""Demo licensing casework under the Licensing Act 2003, dated relative to today: premises
licences, a club premises certificate and a personal licence in force (one premises licence
with its annual fee overdue), and applications at each stage: representations running, a
contested one with its hearing listed, an uncontested variation awaiting decision, and a minor
variation inside its 15 working days.

Everything goes through the licensing services and the case core, as the API would, so the
demo's references, licence numbers, periods, hearing windows and audit trails are real. A
council that already has licence applications is left alone.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.demo_planning import AREAS, Area
from services.core.calendar import LONDON, london_today, next_working_day
from services.core.cases.models import Case
from services.core.cases.store import get_case
from services.core.store import read_settings
from services.licensing import annual_fees, decisions, hearings, premises, representations
from services.licensing import workflow as wf
from services.licensing.models import Licence
from tenancy.binding import TenantRef, tenant_session

ACTOR = "seed:demo"


class Seeding:
    """One council's seeding: its session, area, today and officer."""

    def __init__(
        self, session: AsyncSession, area: Area, officer: tuple[UUID | None, str | None]
    ) -> None:
        self.session, self.area, self.officer = session, area, officer
        self.today = london_today()

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    async def apply(
        self, case_type: str, given: int, premises_name: str | None, street: str, **more: Any
    ) -> Case:
        town = self.area.town
        holder = more.pop("holder", f"{premises_name or 'Alex Morgan'} Ltd")
        new = premises.Application(
            case_type=case_type,
            received_date=self.day(given),
            description=more.pop("description", f"{case_type.replace('_', ' ')}: {premises_name}"),
            applicant={"name": holder, "email": "licensing@example.org"},
            site={"address_line": f"{street}, {town}"} if premises_name and "licence" not in more
            else None,
            premises_name=premises_name,
            officer_id=self.officer[0],
            officer_name=self.officer[1],
            fee_payable=Decimal("315.00") if premises_name else Decimal("37.00"),
            **more,
        )  # fmt: skip
        settings = await read_settings(self.session)
        case = await premises.register_application(
            self.session, new, settings=settings, actor=ACTOR
        )
        return await get_case(self.session, premises.SERVICE, case.id, with_details=True)

    async def represent(self, case: Case, party: str, offset: int) -> None:
        police = party == "responsible_authority"
        new = representations.NewRepresentation(
            party=party,
            authority="police" if police else None,
            name="PC Dev Patel" if police else "Jo Resident",
            received_date=case.received_date + dt.timedelta(days=offset),
            grounds="Late opening and noise at closing time",
            objectives=["prevention_of_public_nuisance"],
        )
        await representations.add(self.session, case, new, actor=ACTOR)

    async def grant(self, case: Case, decided: int) -> Licence:
        if case.status == wf.RECEIVED and case.case_type in wf.CONTESTED:
            await premises.close_representations(self.session, case, actor=ACTOR)
        determination = decisions.Determination("granted", self.day(decided))
        await decisions.decide(self.session, case, determination, today=self.today, actor=ACTOR)
        licence = await self.session.get(Licence, UUID(case.details["licenceId"]))
        assert licence is not None
        return licence


async def _in_force(s: Seeding) -> Licence:
    """Licences in force; returns the pub whose annual fee is overdue."""
    crown = await s.apply("premises_licence_new", -430, "The Crown and Anchor", "14 High Street",
                          proposal={"activities": ["sale_of_alcohol", "live_music"],
                                    "hours": "Mon-Sat 10:00-23:00"})  # fmt: skip
    crown_licence = await s.grant(crown, -400)
    fee = await annual_fees.raise_fee(
        s.session, crown_licence, due_on=annual_fees.anniversary(crown_licence.granted_on, 1),
        amount=Decimal("180.00"), actor=ACTOR,
    )  # fmt: skip
    await annual_fees.pay(
        s.session, crown_licence, fee, paid_on=fee.due_on, amount=fee.amount, actor=ACTOR
    )
    club = await s.apply(
        "club_premises_certificate_new", -260, "Bowls Club", "Recreation Ground",
        holder="Bowls Club", proposal={"activities": ["supply_of_alcohol_to_members"]},
    )  # fmt: skip
    await s.grant(club, -230)
    person = await s.apply("personal_licence", -200, None, "", holder="Mary Okonjo",
                           description="Personal licence for Mary Okonjo")  # fmt: skip
    await s.grant(person, -180)
    kebab = await s.apply("premises_licence_new", -420, "Night Owl Kebabs", "3 Station Approach",
                          proposal={"activities": ["late_night_refreshment"]})  # fmt: skip
    kebab_licence = await s.grant(kebab, -385)
    await annual_fees.raise_fee(
        s.session, kebab_licence, due_on=annual_fees.anniversary(kebab_licence.granted_on, 1),
        amount=Decimal("70.00"), actor=ACTOR,
    )  # fmt: skip
    return crown_licence


async def _in_progress(s: Seeding, crown: Licence) -> None:
    await s.apply("premises_licence_new", -10, "The Old Mill Bar", "2 Mill Lane",
                  proposal={"activities": ["sale_of_alcohol", "recorded_music"]})  # fmt: skip
    contested = await s.apply("premises_licence_new", -40, "Vault Nightclub", "9 Church Road",
                              proposal={"activities": ["sale_of_alcohol", "performance_of_dance"],
                                        "hours": "Thu-Sat 21:00-03:00"})  # fmt: skip
    await s.represent(contested, "responsible_authority", 12)
    await s.represent(contested, "other_person", 20)
    for row in await representations.of_case(s.session, contested):
        if row.relevant is None:
            await representations.judge(
                s.session, contested, row, relevant=True, rejection=None, reason=None, actor=ACTOR
            )
    await premises.close_representations(s.session, contested, actor=ACTOR)
    hearing = await hearings.hearing_of(s.session, contested)
    assert hearing is not None
    day = min(max(next_working_day(s.day(7)), hearing.earliest_on), hearing.start_by)
    at = dt.datetime.combine(day, dt.time(10), tzinfo=LONDON)
    await hearings.list_hearing(
        s.session, hearing, scheduled_at=at, venue="Committee Room 2, Town Hall",
        notice_given_on=None, actor=ACTOR,
    )  # fmt: skip
    variation = await s.apply(
        "premises_licence_variation", -35, "The Crown and Anchor", "", licence=crown.number,
        proposal={"hours": "Mon-Sat 10:00-23:30"}, description="Later closing on weekdays",
    )  # fmt: skip
    await premises.close_representations(s.session, variation, actor=ACTOR)
    await s.apply(
        "premises_licence_minor_variation", -5, "The Crown and Anchor", "", licence=crown.number,
        proposal={"activities": ["sale_of_alcohol", "live_music", "recorded_music"]},
        description="Add recorded music",
    )  # fmt: skip


async def seed_council(tenant: TenantRef, officer: tuple[UUID | None, str | None]) -> int:
    """Seed one council's licensing casework unless it has some; the cases made."""
    area = AREAS.get(tenant.slug)
    if area is None or "licensing" not in tenant.enabled_services:
        return 0
    mine = (Case.service == premises.SERVICE) & Case.case_type.in_(wf.CASE_TYPES)
    async with tenant_session(tenant.schema_name) as session:
        if await session.scalar(select(func.count()).select_from(Case).where(mine)):
            return 0
        seeding = Seeding(session, area, officer)
        crown = await _in_force(seeding)
        await _in_progress(seeding, crown)
        await session.commit()
        made = await session.scalar(select(func.count()).select_from(Case).where(mine))
    return int(made or 0)


__all__ = ["seed_council"]
