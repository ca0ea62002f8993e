"""The licensing register's entries at a site (premises licences, club certificates …), for a
site's history across services (:mod:`services.core.sites`)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.sites import SiteRecord
from services.licensing.models import Licence

#: Licence kinds and how the register names them.
KIND_NAMES = {
    "premises_licence": "Premises licence",
    "club_premises_certificate": "Club premises certificate",
    "personal_licence": "Personal licence",
    "hackney_carriage_driver": "Hackney carriage driver licence",
    "private_hire_driver": "Private hire driver licence",
    "hackney_carriage_vehicle": "Hackney carriage vehicle licence",
    "private_hire_vehicle": "Private hire vehicle licence",
    "private_hire_operator": "Private hire operator licence",
}

#: Statuses of a licence that is still in force (a suspended licence is still on the register).
IN_FORCE = frozenset({"active", "suspended"})


async def licences_at(session: AsyncSession, uprn: str) -> Sequence[SiteRecord]:
    """Every licence on the register whose premises have this UPRN."""
    rows = await session.scalars(select(Licence).where(Licence.uprn == uprn))
    return [
        SiteRecord(
            service="licensing",
            kind="licence",
            id=licence.id,
            reference=licence.number,
            type_code=licence.kind,
            type_name=KIND_NAMES.get(licence.kind, licence.kind.replace("_", " ").capitalize()),
            description=licence.premises_name or licence.holder_name,
            status=licence.status,
            on=licence.granted_on,
            current=licence.status in IN_FORCE,
            address_line=licence.address_line,
        )
        for licence in rows
    ]


__all__ = ["IN_FORCE", "KIND_NAMES", "licences_at"]
