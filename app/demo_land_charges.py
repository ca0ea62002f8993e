"""Demo land charges: each demo council with the service gets a small register (a tree
preservation order, a conservation area, a listed building, a specific financial charge, a
cancelled enforcement notice and a legacy entry still to be mapped) and searches at different
stages (an LLC1 just received, an overdue one, an issued one, a CON29 half answered), dated
relative to today so the 10 working day clocks are live.

Everything goes through the land charges services and the case core, as the API would. A
council that already has charges or searches is left alone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import london_today
from services.core.cases.models import Case
from services.core.cases.store import NewCase, get_case
from services.core.store import read_settings
from services.land_charges import register, searches
from services.land_charges.models import LandCharge
from tenancy.binding import TenantRef, tenant_session

ACTOR = "seed:demo"
_LBCA = "Planning (Listed Buildings and Conservation Areas) Act 1990"
#: Each demo council's town and a point in it (British National Grid metres).
TOWNS = {
    "ashcombe": ("Ashcombe", 415_000.0, 130_000.0),
    "brackenfold": ("Brackenfold", 429_000.0, 141_000.0),
    "wyvern-vale": ("Wyvern", 443_000.0, 124_000.0),
}


def _square(x: float, y: float, size: float) -> dict[str, Any]:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def _charges(town: str, x: float, y: float, today: dt.date) -> list[dict[str, Any]]:
    council = f"{town} District Council"
    common = {
        "originating_authority": council,
        "further_information_location": f"Planning Services, {town} Town Hall",
    }
    return [
        {
            **common,
            "charge_type": "planning",
            "sub_category": "Tree preservation order (TPO)",
            "statutory_provision": "Town and Country Planning Act 1990 section 198",
            "instrument": "Order",
            "description": "Oak tree (T1) in the rear garden",
            "registration_date": today - dt.timedelta(days=400),
            "geometry": {"type": "Point", "coordinates": [x + 30, y + 40]},
            "address_line": f"12 Mill Lane, {town}",
            "uprn": "100012345678",
        },
        {
            **common,
            "charge_type": "planning",
            "sub_category": "Conservation area",
            "statutory_provision": f"{_LBCA} s.69",
            "instrument": "Notice",
            "registration_date": today - dt.timedelta(days=3000),
            "geometry": _square(x - 200, y - 200, 600),
            "geographic_description": f"{town} town centre conservation area",
        },
        {
            **common,
            "charge_type": "listed_building",
            "sub_category": "Listed building",
            "statutory_provision": f"{_LBCA} s.1",
            "instrument": "List",
            "description": "Grade II: the Old Corn Exchange",
            "registration_date": today - dt.timedelta(days=2000),
            "geometry": _square(x + 150, y + 150, 25),
            "address_line": f"The Old Corn Exchange, Market Place, {town}",
        },
        {
            **common,
            "charge_type": "specific_financial",
            "statutory_provision": "Building Act 1984 section 107",
            "instrument": "Charge",
            "amount_originally_secured": 4250,
            "rate_of_interest": "2% above base rate",
            "registration_date": today - dt.timedelta(days=90),
            "geometry": _square(x + 300, y, 20),
            "address_line": f"4 Station Approach, {town}",
        },
        {
            **common,
            "charge_type": "other",
            "sub_category": "Smoke control order",
            "statutory_provision": "Clean Air Act 1993 section 18",
            "registration_date": today - dt.timedelta(days=9000),
            "geographic_description": f"Land east of {town} High Street",
            "legacy_reference": "SCO-1987-0003",
        },
    ]


async def _register(session: AsyncSession, town: str, x: float, y: float, today: dt.date) -> None:
    for fields in _charges(town, x, y, today):
        await register.register_charge(session, fields, actor=ACTOR)
    notice = await register.register_charge(
        session,
        {
            **_charges(town, x, y, today)[0],
            "sub_category": "Enforcement notice",
            "statutory_provision": "Town and Country Planning Act 1990 section 172",
            "instrument": "Notice",
            "description": "Unauthorised garage conversion",
            "geometry": _square(x + 20, y + 20, 15),
        },
        actor=ACTOR,
    )
    await register.cancel_charge(
        session,
        notice,
        on=today - dt.timedelta(days=10),
        reason="Notice complied with",
        actor=ACTOR,
    )


async def _searches(session: AsyncSession, town: str, x: float, y: float, today: dt.date) -> None:
    settings = await read_settings(session)
    area = _square(x, y, 100)
    made = []
    for case_type, days_ago, questions in (
        ("llc1_official_search", 1, ()),
        ("llc1_official_search", 20, ()),
        ("llc1_official_search", 6, ()),
        ("con29r_enquiries", 4, ("5", "22")),
    ):
        new = NewCase(
            service=searches.SERVICE,
            case_type=case_type,
            received_date=today - dt.timedelta(days=days_ago),
            fee_payable=None,
            site={
                "address_line": f"12 Mill Lane, {town}",
                "boundary": area,
                "easting": x,
                "northing": y,
            },
            parties=[{"role": "applicant", "name": "Mill Lane Conveyancing LLP"}],
        )
        made.append(
            await searches.open_search(
                session, new, questions=questions, settings=settings, actor=ACTOR
            )
        )
    issued = await get_case(session, searches.SERVICE, made[2].id, with_details=True)
    await searches.issue(session, issued, council_name=f"{town} District Council", actor=ACTOR)
    enquiry = await get_case(session, searches.SERVICE, made[3].id, with_details=True)
    answers = [
        (row.question, "None recorded.") for row in await searches.answers_of(session, enquiry)
    ]
    await searches.answer(session, enquiry, answers[:12], actor=ACTOR)


async def seed_council(tenant: TenantRef, officer: tuple[UUID | None, str | None]) -> int:
    """Seed one council's land charges casework unless it has some; the cases made."""
    place = TOWNS.get(tenant.slug)
    if place is None or "land_charges" not in tenant.enabled_services:
        return 0
    town, x, y = place
    async with tenant_session(tenant.schema_name) as session:
        charges = await session.scalar(select(func.count()).select_from(LandCharge))
        cases = await session.scalar(
            select(func.count()).select_from(Case).where(Case.service == searches.SERVICE)
        )
        if charges or cases:
            return 0
        today = london_today()
        await _register(session, town, x, y, today)
        await _searches(session, town, x, y, today)
        await session.commit()
        made = await session.scalar(
            select(func.count()).select_from(Case).where(Case.service == searches.SERVICE)
        )
    return int(made or 0)


__all__ = ["seed_council"]
