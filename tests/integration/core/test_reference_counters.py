"""Reference numbers: per tenant, per service, per year; concurrent allocations never collide."""

from __future__ import annotations

import asyncio
from typing import Any

from services.core.references import allocate_reference, next_number
from tenancy.binding import tenant_session


async def test_counters_are_per_service_and_year_and_per_tenant(make_tenant: Any) -> None:
    a, b = make_tenant(), make_tenant()
    async with tenant_session(a.schema_name) as session:
        assert await next_number(session, "planning", 2026) == 1
        assert await next_number(session, "planning", 2026) == 2
        assert await next_number(session, "licensing", 2026) == 1
        assert await next_number(session, "planning", 2027) == 1
    async with tenant_session(b.schema_name) as session:
        assert await next_number(session, "planning", 2026) == 1


async def test_concurrent_allocations_are_distinct(make_tenant: Any) -> None:
    tenant = make_tenant()

    async def allocate() -> str:
        async with tenant_session(tenant.schema_name) as session:
            return await allocate_reference(
                session, fmt="YY/NNNNN/SUFFIX", service="planning", suffix="HOUSE", year=2026
            )

    references = await asyncio.gather(*(allocate() for _ in range(40)))
    assert len(set(references)) == 40
    assert sorted(references)[0] == "26/00001/HOUSE"
    assert sorted(references)[-1] == "26/00040/HOUSE"


async def test_a_rolled_back_allocation_gives_its_number_back(make_tenant: Any) -> None:
    tenant = make_tenant()
    try:
        async with tenant_session(tenant.schema_name) as session:
            assert await next_number(session, "planning", 2026) == 1
            raise RuntimeError("the case could not be saved")
    except RuntimeError:
        pass
    async with tenant_session(tenant.schema_name) as session:
        assert await next_number(session, "planning", 2026) == 1
