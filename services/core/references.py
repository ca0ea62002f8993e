"""Human references for cases (``26/00001/HOUSE``): per-tenant, per-service, per-year counters
rendered through the council's reference format.

A format combines ``YYYY`` or ``YY`` (the year), a run of ``N`` (the sequence number, zero-padded
to the run's length), ``SUFFIX`` (the case type's suffix), ``SERVICE`` (the service's short
code) and literal separators. Numbers come from one ``INSERT … ON CONFLICT DO UPDATE …
RETURNING`` per reference, so concurrent allocations never collide and a rolled-back case gives
its number back.
"""

from __future__ import annotations

import re

from sqlalchemy import Integer, String
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from tenancy.models import TenantBase

SERVICE_SHORT_CODES = {
    "planning": "P",
    "building_control": "BC",
    "licensing": "LIC",
    "land_charges": "LLC",
}
_TOKENS = re.compile(r"YYYY|YY|N+|SUFFIX|SERVICE")


class ReferenceCounter(TenantBase):
    __tablename__ = "reference_counters"

    service: Mapped[str] = mapped_column(String(50), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer)


def render_reference(fmt: str, *, year: int, number: int, suffix: str, service: str) -> str:
    """``render_reference("YY/NNNNN/SUFFIX", year=2026, number=1, suffix="HOUSE", …)`` →
    ``26/00001/HOUSE``. A number wider than its run is written in full, never truncated."""

    def token(match: re.Match[str]) -> str:
        text = match.group(0)
        if text == "YYYY":
            return f"{year:04d}"
        if text == "YY":
            return f"{year % 100:02d}"
        if text == "SUFFIX":
            return suffix
        if text == "SERVICE":
            return SERVICE_SHORT_CODES.get(service, service.upper())
        return f"{number:0{len(text)}d}"

    return _TOKENS.sub(token, fmt)


async def next_number(session: AsyncSession, service: str, year: int) -> int:
    """Allocate the next number for ``service`` in ``year`` (inside the caller's transaction)."""
    statement = (
        insert(ReferenceCounter)
        .values(service=service, year=year, last_number=1)
        .on_conflict_do_update(
            index_elements=["service", "year"],
            set_={"last_number": ReferenceCounter.last_number + 1},
        )
        .returning(ReferenceCounter.last_number)
    )
    return int((await session.execute(statement)).scalar_one())


async def allocate_reference(
    session: AsyncSession, *, fmt: str, service: str, suffix: str, year: int
) -> str:
    number = await next_number(session, service, year)
    return render_reference(fmt, year=year, number=number, suffix=suffix, service=service)


__all__ = ["ReferenceCounter", "allocate_reference", "next_number", "render_reference"]
