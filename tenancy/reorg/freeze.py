"""What the HTTP layer asks about reorganisations on a council's requests: which open
reorganisation has frozen a read-only council (writes get 423 naming it), and which council
succeeded a retired one (its paths answer 308 there), and whether a request redirected
from a retired council really came from a predecessor of the council it reached."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import select

from tenancy.binding import platform_session
from tenancy.models import Tenant, TenantStatus
from tenancy.reorg.models import OPEN_STATUSES, Reorganisation, Transfer


@dataclass(frozen=True, slots=True)
class Freezing:
    id: UUID
    name: str
    status: str
    vesting_date: str


async def freezing_reorganisation(tenant_id: UUID) -> Freezing | None:
    """The open reorganisation that has ``tenant_id`` as a source, if any."""
    async with platform_session() as session:
        row = (
            await session.execute(
                select(Reorganisation)
                .join(Transfer, Transfer.reorganisation_id == Reorganisation.id)
                .where(
                    Transfer.source_tenant_id == tenant_id,
                    Reorganisation.status.in_(list(OPEN_STATUSES)),
                )
                .limit(1)
            )
        ).scalar_one_or_none()
    if row is None:
        return None
    return Freezing(row.id, row.name, row.status.value, row.vesting_date.isoformat())


async def successor_slug(successor_id: UUID) -> str | None:
    """The slug of the council that succeeded a retired one (following a chain of successors)."""
    seen: set[UUID] = set()
    slug = None
    current: UUID | None = successor_id
    async with platform_session() as session:
        while current is not None and current not in seen:
            seen.add(current)
            row = (
                await session.execute(
                    select(Tenant.slug, Tenant.successor_id).where(Tenant.id == current)
                )
            ).one_or_none()
            if row is None:
                break
            slug, current = row
    return slug


async def predecessor_authority(slug: str, tenant_id: UUID) -> str | None:
    """The GSS code of the retired council ``slug`` when ``tenant_id`` succeeded it (directly
    or down a chain of successors); None for any other slug."""
    async with platform_session() as session:
        row = (
            await session.execute(
                select(Tenant.gss_code, Tenant.status, Tenant.successor_id).where(
                    Tenant.slug == slug
                )
            )
        ).one_or_none()
    if row is None or row.status is not TenantStatus.RETIRED or row.successor_id is None:
        return None
    if row.successor_id != tenant_id:
        final = await successor_slug(row.successor_id)
        async with platform_session() as session:
            here = await session.scalar(select(Tenant.slug).where(Tenant.id == tenant_id))
        if final is None or final != here:
            return None
    return str(row.gss_code)
