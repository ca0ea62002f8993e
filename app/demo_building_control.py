"""Demo building control casework for each demo council, dated relative to today so the clocks
are live: full plans awaiting a decision (one with an extension agreed), approved with
conditions and under way, completed with a certificate, a building notice with defects found, a
regularisation application, initial notices (one open, one treated as accepted), and a
higher-risk building referred to the Building Safety Regulator.

Everything goes through the building control services and the case core, as the API would. A
council that already has building control cases is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.demo_planning import AREAS, Area
from services.building_control import casework, certificate, charging, inspections, store
from services.building_control.higher_risk import Building
from services.core.calendar import london_today
from services.core.cases.models import Case
from services.core.cases.store import NewCase
from services.core.settings import CouncilSettings
from services.core.store import read_settings
from tenancy.binding import TenantRef, tenant_session

ACTOR = "seed:demo"
HOUSE = Building(Decimal("7.5"), 2, 1)
SCHEME = (
    ("plan", "extension_up_to_40m2", "Extension up to 40 m²", "450.00", "standard"),
    ("inspection", "extension_up_to_40m2", "Extension up to 40 m²", "300.00", "standard"),
    ("building_notice", "extension_up_to_40m2", "Extension up to 40 m²", "700.00", "standard"),
    ("regularisation", "extension_up_to_40m2", "Extension up to 40 m²", "1050.00", "outside_scope"),
    ("plan", "loft_conversion", "Loft conversion", "380.00", "standard"),
    ("inspection", "loft_conversion", "Loft conversion", "420.00", "standard"),
    ("building_notice", "loft_conversion", "Loft conversion", "800.00", "standard"),
    ("regularisation", "loft_conversion", "Loft conversion", "1200.00", "outside_scope"),
)


@dataclass(frozen=True, slots=True)
class Seeding:
    session: AsyncSession
    settings: CouncilSettings
    area: Area
    today: dt.date
    officer: tuple[UUID | None, str | None]

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    async def case(
        self, n: int, case_type: str, description: str, received: int, **how: Any
    ) -> Case:
        new = NewCase(
            service=store.SERVICE,
            case_type=case_type,
            received_date=self.day(received),
            description=description,
            officer_id=self.officer[0],
            officer_name=self.officer[1],
            details=how.pop("details", {}),
            site={
                "address_line": f"{20 + n} Quarry Road, {self.area.town}",
                "ward_code": self.area.wards[n % len(self.area.wards)],
                "latitude": round(self.area.latitude - 0.003 * n, 6),
                "longitude": round(self.area.longitude + 0.002 * n, 6),
            },
            parties=[{"role": "applicant", "name": f"Owner of {20 + n} Quarry Road"}],
        )
        return await store.register(
            self.session, new, building=how.pop("building", HOUSE),
            work_category=how.pop("category", "extension_up_to_40m2"), settings=self.settings,
            actor=ACTOR,
        )  # fmt: skip

    async def inspected(
        self, case: Case, stage: str, on: int, outcome: str, notes: str | None = None
    ) -> None:
        row = await inspections.book(
            self.session, case, stage=stage, booked_for=self.day(on), inspector_id=self.officer[0],
            inspector_name=self.officer[1], actor=ACTOR,
        )  # fmt: skip
        await inspections.record(
            self.session, case, row, outcome=outcome, inspected_date=self.day(on), notes=notes,
            actor=ACTOR,
        )  # fmt: skip


async def _register(s: Seeding) -> None:
    await s.case(1, "full_plans", "Single-storey rear extension", -10)

    extended = await s.case(2, "full_plans", "Loft conversion with rear dormer", -30,
                            category="loft_conversion")  # fmt: skip
    await casework.extend(
        s.session, extended, agreed_date=s.day(-2), new_target_date=s.day(20),
        reason="Structural calculations to follow", settings=s.settings, actor=ACTOR,
    )  # fmt: skip

    underway = await s.case(3, "full_plans", "Two-storey side extension", -90)
    await casework.decide(
        s.session, underway,
        casework.Decision("approved_with_conditions", s.day(-60), conditions=[
            ("Provide an FD30S door to the kitchen", "Requirement B1: means of escape")]),
        settings=s.settings, actor=ACTOR,
    )  # fmt: skip
    await casework.give_commencement_notice(
        s.session, underway, kind="commencement_notice", given_date=s.day(-40),
        commenced_date=None, description=None, settings=s.settings, actor=ACTOR,
    )  # fmt: skip
    await s.inspected(underway, "foundations", -35, "satisfactory")

    done = await s.case(4, "full_plans", "Garage conversion to a study", -200)
    await casework.decide(s.session, done, casework.Decision("approved", s.day(-170)),
                          settings=s.settings, actor=ACTOR)  # fmt: skip
    await s.inspected(done, "completion", -20, "satisfactory")
    await certificate.issue(s.session, done, issued_date=s.day(-18), actor=ACTOR)

    notice = await s.case(5, "building_notice", "Removal of a load-bearing wall", -25)
    await s.inspected(notice, "structural_frame", -5, "defects",
                      "Padstones missing under the new steel beam")  # fmt: skip

    await s.case(6, "regularisation", "Rear extension built without approval in 2019", -15)

    approver = {"name": "Northgate Building Control Ltd", "registration_number": "RBCA-000123"}
    await s.case(7, "initial_notice", "Loft conversion (approver)", 0,
                 details={"approver": approver}, category=None)  # fmt: skip
    await s.case(8, "initial_notice", "Single-storey extension (approver)", -20,
                 details={"approver": approver}, category=None)  # fmt: skip
    await s.case(9, "full_plans", "Eleven-storey block of 60 flats", -3,
                 building=Building(Decimal("34"), 11, 60))  # fmt: skip


async def _scheme(session: AsyncSession) -> None:
    if await charging.scheme(session):
        return
    lines = [charging.ChargeLine(t, c, d, Decimal(a), v) for t, c, d, a, v in SCHEME]
    await charging.replace_scheme(session, lines, actor=ACTOR)


async def seed_council(tenant: TenantRef, officer: tuple[UUID | None, str | None]) -> int:
    """Seed one council's building control casework unless it has some; the cases made."""
    area = AREAS.get(tenant.slug)
    if area is None or store.SERVICE not in tenant.enabled_services:
        return 0
    async with tenant_session(tenant.schema_name) as session:
        count = select(func.count()).select_from(Case).where(Case.service == store.SERVICE)
        if await session.scalar(count):
            return 0
        await _scheme(session)
        seeding = Seeding(session, await read_settings(session), area, london_today(), officer)
        await _register(seeding)
        await store.sweep(session, on=seeding.today)
        await session.commit()
        made = await session.scalar(count)
    return int(made or 0)


__all__ = ["seed_council"]
