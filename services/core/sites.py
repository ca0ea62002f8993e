"""A site's history across services: every case at a UPRN, and whatever else a service keeps
there (a licence in force, a land charge), newest first.

Cases come from the case core for every service alike; a service with records of its own at a
site declares a :data:`SiteRecords` function on its descriptor (``site_records``), so this
module never names a service.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.cases.models import Case, Site
from services.registry import registry


@dataclass(frozen=True, slots=True)
class SiteRecord:
    """One thing on a site's history: ``kind`` is ``case`` or the service's own record kind
    (``licence``, ``land_charge`` …); ``on`` is the day it began (received, granted,
    registered) and ``current`` whether it is still open or in force."""

    service: str
    kind: str
    id: UUID
    reference: str
    type_code: str
    type_name: str
    description: str
    status: str
    on: dt.date
    current: bool
    address_line: str | None


#: A service's own records at a UPRN.
SiteRecords = Callable[[AsyncSession, str], Awaitable[Sequence[SiteRecord]]]


async def case_records(
    session: AsyncSession, uprn: str, services: Sequence[str]
) -> list[SiteRecord]:
    """Every case of ``services`` whose site has this UPRN."""
    statement = (
        select(Case, Site.address_line)
        .join(Site, Site.case_id == Case.id)
        .where(Site.uprn == uprn, Case.service.in_(services))
    )
    records = []
    for case, address_line in (await session.execute(statement)).all():
        descriptor = registry.get(case.service)
        current = case.decision_date is None and case.status not in descriptor.closed_states()
        records.append(
            SiteRecord(
                service=case.service,
                kind="case",
                id=case.id,
                reference=case.reference,
                type_code=case.case_type,
                type_name=descriptor.case_type(case.case_type).name,
                description=case.description,
                status=case.status,
                on=case.received_date,
                current=current,
                address_line=address_line,
            )
        )
    return records


async def site_history(
    session: AsyncSession, uprn: str, services: Sequence[str]
) -> list[SiteRecord]:
    """What ``services`` hold at the UPRN: cases and each service's own records, newest first."""
    records = await case_records(session, uprn, services)
    for code in services:
        own = registry.get(code).site_records
        if own is not None:
            records.extend(await own(session, uprn))
    return sorted(records, key=lambda r: (r.on, r.id), reverse=True)


__all__ = ["SiteRecord", "SiteRecords", "case_records", "site_history"]
