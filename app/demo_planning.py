"""Demo planning casework: each demo council gets a register of applications at every stage
(received, invalid, out to consultation, being assessed, granted, refused and at appeal, with an
extension of time, overdue, withdrawn), dated relative to today so the clocks are live.

Everything goes through the planning services and the case core, exactly as the API would, so
the demo's audit trails, references and statutory dates are real. A council that already has
planning cases is left alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import london_today
from services.core.cases import comments, conditions, consultations
from services.core.cases.models import Case
from services.core.cases.store import NewCase, transition
from services.core.settings import CouncilSettings
from services.core.store import read_settings
from services.planning import casework, store
from services.planning import workflow as wf
from tenancy.binding import TenantRef, tenant_session

ACTOR = "seed:demo"


@dataclass(frozen=True, slots=True)
class Area:
    """Where a demo council's sites are: a centre point and its ward codes."""

    latitude: float
    longitude: float
    wards: tuple[str, ...]
    town: str


AREAS = {
    "ashcombe": Area(51.10, -1.80, ("E05020101", "E05020102", "E05020103"), "Ashcombe"),
    "brackenfold": Area(51.20, -1.60, ("E05020201", "E05020202", "E05020203"), "Brackenfold"),
    "wyvern-vale": Area(51.05, -1.40, ("E05020301", "E05020302", "E05020303"), "Wyvern"),
}
STREETS = ("Mill Lane", "Church Road", "Station Approach", "The Green", "Orchard Close")


@dataclass(frozen=True, slots=True)
class Seeding:
    session: AsyncSession
    settings: CouncilSettings
    area: Area
    today: dt.date
    officer: tuple[UUID | None, str | None]

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    async def application(
        self, n: int, case_type: str, description: str, received: int, **extra: Any
    ) -> Case:
        ward = self.area.wards[n % len(self.area.wards)]
        house = 2 * n + 1
        street = STREETS[n % len(STREETS)]
        new = NewCase(
            service=store.SERVICE,
            case_type=case_type,
            received_date=self.day(received),
            description=description,
            officer_id=self.officer[0],
            officer_name=self.officer[1],
            fee_payable=Decimal("258.00") if case_type == "householder" else Decimal("578.00"),
            site={
                "address_line": f"{house} {street}, {self.area.town}",
                "address": {"pao": str(house), "street": street, "town": self.area.town},
                "uprn": f"10009{self.area.wards[0][-4:]}{n:03d}",
                "ward_code": ward,
                "latitude": round(self.area.latitude + 0.004 * n, 6),
                "longitude": round(self.area.longitude + 0.003 * n, 6),
            },
            parties=[{"role": "applicant", "name": f"Applicant {n} of {street}"}],
            **extra,
        )
        return await store.register(self.session, new, settings=self.settings, actor=ACTOR)

    async def valid(self, case: Case, *, consult: bool = True) -> None:
        now = dt.datetime.combine(case.received_date, dt.time(10), tzinfo=dt.UTC)
        await store.mark_valid(
            self.session, case, settings=self.settings, actor=ACTOR, consult=consult,
            validated_at=now,
        )  # fmt: skip

    async def site_notice(self, case: Case, sent: int) -> None:
        await consultations.consult(
            self.session,
            case,
            consultations.NewConsultation(kind="site_notice", sent_date=self.day(sent)),
            workflow=wf.WORKFLOW,
            rules=consultations.DMPO_RULES,
            actor=ACTOR,
        )

    async def condition(self, case: Case, kind: str, text: str, reason: str | None = None) -> None:
        wording = conditions.Wording(kind=kind, text=text, reason=reason)
        await conditions.draft_condition(
            self.session, case, wording, workflow=wf.WORKFLOW, actor=ACTOR
        )


TIME_LIMIT = (
    "The development hereby permitted shall be begun before the expiration of three years from "
    "the date of this permission.",
    "To comply with section 91 of the Town and Country Planning Act 1990.",
)


async def _register(s: Seeding) -> None:
    """One application at each stage of its life."""
    await s.application(1, "householder", "Single-storey rear extension", -2)

    invalid = await s.application(2, "householder", "Loft conversion with rear dormer", -9)
    await casework.request_item(
        s.session, invalid, kind="missing_document", detail="Please send existing and proposed "
        "floor plans at 1:100.", required_item=True, actor=ACTOR,
    )  # fmt: skip

    consulting = await s.application(3, "full_minor", "Two dwellings on land rear of 5 Mill", -14)
    await s.valid(consulting)
    await s.site_notice(consulting, -10)
    await comments.record_comment(
        s.session,
        consulting,
        comments.NewComment(sentiment="object", text="Overlooking of our garden.",
                            topics=("privacy",), author_name="A. Neighbour"),
        workflow=wf.WORKFLOW,
        actor=ACTOR,
    )  # fmt: skip

    assessing = await s.application(4, "householder", "Two-storey side extension", -45)
    await s.valid(assessing)
    await s.site_notice(assessing, -43)
    await transition(s.session, assessing, wf.WORKFLOW, "start_assessment", actor=ACTOR)
    await s.condition(assessing, "condition", *TIME_LIMIT)
    await casework.recommend(
        s.session, assessing, recommendation="granted", report="Acceptable in scale and design.",
        level="delegated", committee_date=None, actor=ACTOR,
    )  # fmt: skip

    granted = await s.application(5, "householder", "Garden room", -80)
    await s.valid(granted, consult=False)
    await s.condition(granted, "condition", *TIME_LIMIT)
    await casework.determine(
        s.session, granted, casework.DecisionInput("granted", s.day(-40), "delegated", None),
        settings=s.settings, actor=ACTOR,
    )  # fmt: skip

    refused = await s.application(6, "householder", "First-floor rear extension", -120)
    await s.valid(refused, consult=False)
    await s.condition(refused, "refusal_reason", "Overbearing on the neighbouring dwelling.")
    await casework.determine(
        s.session, refused, casework.DecisionInput("refused", s.day(-70), "delegated", None),
        settings=s.settings, actor=ACTOR,
    )  # fmt: skip
    await casework.lodge_appeal(
        s.session, refused, kind="refusal", lodged_date=s.day(-20), reason="The extension "
        "would not harm the neighbours' living conditions.", procedure="householder",
        appellant_reference=None, settings=s.settings, actor=ACTOR,
    )  # fmt: skip

    extended = await s.application(7, "full_major", "Fourteen dwellings and access road", -100)
    await s.valid(extended, consult=False)
    await casework.extend(
        s.session, extended, agreed_date=s.day(-10), new_target_date=s.day(30),
        reason="Revised drainage strategy", settings=s.settings, actor=ACTOR,
    )  # fmt: skip

    overdue = await s.application(
        8, "prior_approval_larger_home_extension", "6 m single-storey rear extension", -60
    )
    await s.valid(overdue, consult=False)

    withdrawn = await s.application(9, "householder", "Front porch", -30)
    await casework.withdraw(
        s.session, withdrawn, reason="The applicant no longer wishes to proceed",
        at=dt.datetime.combine(s.day(-5), dt.time(9), tzinfo=dt.UTC), actor=ACTOR,
    )  # fmt: skip


async def seed_council(tenant: TenantRef, officer: tuple[UUID | None, str | None]) -> int:
    """Seed one council's planning register unless it has one; the number of cases made."""
    area = AREAS.get(tenant.slug)
    if area is None or "planning" not in tenant.enabled_services:
        return 0
    async with tenant_session(tenant.schema_name) as session:
        existing = await session.scalar(
            select(func.count()).select_from(Case).where(Case.service == store.SERVICE)
        )
        if existing:
            return 0
        seeding = Seeding(session, await read_settings(session), area, london_today(), officer)
        await _register(seeding)
        await session.commit()
        made = await session.scalar(select(func.count()).select_from(Case))
    return int(made or 0)


__all__ = ["AREAS", "seed_council"]
