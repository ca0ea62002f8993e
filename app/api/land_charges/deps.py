"""Shared pieces of the land charges routes: paths, tags, guards, finding a charge or a search
(or a 404), the council's name, and turning a migrated register into its problem."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.api.casework.requests import council_name
from app.problems import Problem
from services.core.cases.models import Case
from services.core.cases.store import get_case
from services.land_charges import register
from services.land_charges.migration import RegisterMigrated
from services.land_charges.models import LandCharge
from services.land_charges.searches import SERVICE

PREFIX = "/api/v1/{tenant:str}/land-charges"
CHARGES = PREFIX + "/charges"
CHARGE = CHARGES + "/{charge:str}"
SEARCHES = PREFIX + "/searches"
SEARCH = SEARCHES + "/{search:str}"
TAGS = ["land charges"]


async def load_charge(session: AsyncSession, key: str) -> LandCharge:
    try:
        return await register.get_charge(session, key)
    except register.ChargeNotFound as exc:
        raise Problem(404, "Charge not found", str(exc)) from None


async def load_search(session: AsyncSession, key: str, *, details: bool = True) -> Case:
    return await get_case(session, SERVICE, key, with_details=details)


def migrated_problem(exc: RegisterMigrated) -> Problem:
    """The 409 for what HM Land Registry now does, pointing the requester there."""
    row = exc.row
    return Problem(
        409,
        "Register held by HM Land Registry",
        exc.detail,
        type_="register-migrated",
        errors=[{"pointer": exc.pointer, "detail": exc.detail}],
        hmlrServiceUrl=row.hmlr_service_url,
        migratedOn=row.migration_date.isoformat() if row.migration_date else None,
    )


__all__ = [
    "CHARGE",
    "CHARGES",
    "PREFIX",
    "SEARCH",
    "SEARCHES",
    "TAGS",
    "council_name",
    "load_charge",
    "load_search",
    "migrated_problem",
]
