"""The demo council's land charges casework, dated relative to today."""

from __future__ import annotations

from uuid import UUID

from tenancy.binding import TenantRef


async def seed_council(tenant: TenantRef, officer: tuple[UUID | None, str | None]) -> int:
    """Seed one council's land charges casework unless it has some; the cases made."""
    return 0


__all__ = ["seed_council"]
