"""The register's move to HM Land Registry (Infrastructure Act 2015, s.34 and Sch. 5).

Once a council's register has migrated, HM Land Registry is the registering authority for it:
official searches (LLC1) go to HM Land Registry's Search Local Land Charges service and the
register may no longer be changed here, though it can still be read and exported. CON29
enquiries are not part of the register and the council goes on answering them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.cases.store import CaseRuleError, audit, snapshot
from services.land_charges.models import RegisterMigration

HMLR_SEARCH_SERVICE = "https://search-local-land-charges.service.gov.uk"
LOCAL, SCHEDULED, MIGRATED = "local", "scheduled", "migrated"
LLC1_ELSEWHERE = (
    "Request official searches (LLC1) from HM Land Registry's Search Local Land Charges "
    "service at {url}; CON29 enquiries are still answered here."
)
REGISTER_ELSEWHERE = (
    "HM Land Registry now keeps the register: charges are registered, varied and cancelled "
    "with HM Land Registry, and searched at {url}."
)
STATUSES = (LOCAL, SCHEDULED, MIGRATED)


async def read_migration(session: AsyncSession) -> RegisterMigration:
    """The council's migration record (a ``local`` register until one is stored)."""
    row = await session.get(RegisterMigration, 1)
    if row is None:
        return RegisterMigration(
            id=1, status=LOCAL, migration_date=None, hmlr_service_url=HMLR_SEARCH_SERVICE
        )
    return row


async def set_migration(
    session: AsyncSession,
    *,
    status: str,
    migration_date: dt.date | None,
    hmlr_service_url: str | None,
    today: dt.date,
    actor: str,
) -> RegisterMigration:
    """Record the register's migration status; raises ``CaseRuleError`` on a bad combination."""
    if status != LOCAL and migration_date is None:
        raise CaseRuleError("/migrationDate", f"a {status} register needs its migration date")
    if status == MIGRATED and migration_date is not None and migration_date > today:
        raise CaseRuleError(
            "/migrationDate", "that date has not come yet: record the migration as scheduled"
        )
    row = await session.get(RegisterMigration, 1)
    before = snapshot(row) if row is not None else None
    if row is None:
        row = RegisterMigration(id=1, updated_by=actor, hmlr_service_url=HMLR_SEARCH_SERVICE)
        session.add(row)
    row.status = status
    row.migration_date = migration_date if status != LOCAL else None
    row.hmlr_service_url = hmlr_service_url or HMLR_SEARCH_SERVICE
    row.updated_by = actor
    await session.flush()
    audit(session, actor, "land_charges.register_migration", row, before=before)
    return row


def is_migrated(row: RegisterMigration) -> bool:
    return row.status == MIGRATED


async def require_local_register(session: AsyncSession, *, pointer: str, what: str) -> None:
    """Refuse (409, pointing at ``pointer``) what only the registering authority may do, once
    HM Land Registry keeps the register; ``what`` tells the requester where to go instead
    (``{url}`` is replaced by HM Land Registry's service address)."""
    row = await read_migration(session)
    if is_migrated(row):
        raise RegisterMigrated(row, pointer=pointer, what=what)


class RegisterMigrated(CaseRuleError):
    """The register is kept by HM Land Registry; ``row`` says since when and where to go."""

    def __init__(self, row: RegisterMigration, *, pointer: str, what: str) -> None:
        since = row.migration_date.isoformat() if row.migration_date else "its migration"
        super().__init__(
            pointer,
            f"This council's local land charges register moved to HM Land Registry on {since}. "
            + what.format(url=row.hmlr_service_url),
            status=409,
        )
        self.row = row


__all__ = [
    "HMLR_SEARCH_SERVICE",
    "LLC1_ELSEWHERE",
    "MIGRATED",
    "REGISTER_ELSEWHERE",
    "STATUSES",
    "RegisterMigrated",
    "is_migrated",
    "read_migration",
    "require_local_register",
    "set_migration",
]
