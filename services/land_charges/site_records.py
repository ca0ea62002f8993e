"""The land charges at a site, for a site's history across services
(:mod:`services.core.sites`): charges registered against the UPRN, and charges in force whose
land contains a point where the council's cases place that UPRN (British National Grid)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import london_today
from services.core.cases.models import Site
from services.core.sites import SiteRecord
from services.land_charges import geometry as geo
from services.land_charges.charge_types import CHARGE_TYPES
from services.land_charges.models import LandCharge
from services.land_charges.register import REGISTERED, revealed_by


async def _points(session: AsyncSession, uprn: str) -> set[tuple[float, float]]:
    statement = select(Site.easting, Site.northing).where(
        Site.uprn == uprn, Site.easting.is_not(None), Site.northing.is_not(None)
    )
    return {(float(e), float(n)) for e, n in (await session.execute(statement)).all()}


async def charges_at(session: AsyncSession, uprn: str) -> Sequence[SiteRecord]:
    """Charges at the UPRN: by address, or covering where the site is on the map."""
    found = {
        c.id: c for c in await session.scalars(select(LandCharge).where(LandCharge.uprn == uprn))
    }
    today = london_today()
    for easting, northing in await _points(session, uprn):
        try:
            point = geo.check({"type": "Point", "coordinates": [easting, northing]})
        except geo.GeometryError:
            continue  # a site placed outside the national grid: nothing to look up
        for charge in await revealed_by(session, point, on=today):
            found.setdefault(charge.id, charge)
    return [
        SiteRecord(
            service="land_charges",
            kind="land_charge",
            id=charge.id,
            reference=charge.charge_number,
            type_code=charge.charge_type,
            type_name=CHARGE_TYPES[charge.charge_type].name
            if charge.charge_type in CHARGE_TYPES
            else charge.charge_type,
            description=charge.description or charge.statutory_provision,
            status=charge.status,
            on=charge.registration_date,
            current=charge.status == REGISTERED,
            address_line=charge.address_line,
        )
        for charge in found.values()
    ]


__all__ = ["charges_at"]
