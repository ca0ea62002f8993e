"""What time decides in licensing, settled by the sweeps ``vesta settle`` runs: a minor
variation given on Mon 2 Mar 2026 and still undecided when its 15 working days end (Mon 23 Mar)
is refused by default, dated Tue 24 Mar; one still within its days is left alone; a second
run changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from test_premises_applications import granted_licence
from test_premises_licence_changes import on_licence

from services.core.sweeps import run_sweeps
from tenancy.binding import tenant_session

pytestmark = pytest.mark.asyncio
MINOR = "premises_licence_minor_variation"


async def settle(tenant: Any, on: dt.date) -> dict[str, int]:
    async with tenant_session(tenant.schema_name) as session:
        changed = await run_sweeps(session, today=on, actor="test:settle", services=["licensing"])
        await session.commit()
    return changed


async def test_an_undecided_minor_variation_is_refused_by_default(lic, lic_base, lic_council):
    licence = await granted_licence(lic, lic_base, "2025-03-03", "2025-04-01")
    overdue = (await on_licence(lic, lic_base, MINOR, licence["number"], "2026-03-02")).json()
    in_time = (await on_licence(lic, lic_base, MINOR, licence["number"], "2026-03-09")).json()
    assert overdue["dates"]["decisionDueDate"] == "2026-03-23"
    assert in_time["dates"]["decisionDueDate"] == "2026-03-30"

    assert await settle(lic_council, dt.date(2026, 3, 23)) == {"licensing": 0}
    assert await settle(lic_council, dt.date(2026, 3, 24)) == {"licensing": 1}
    refused = (await lic.get(f"{lic_base}/applications/{overdue['id']}")).json()
    assert refused["status"] == "decided"
    assert refused["decision"]["outcome"] == "deemed_refused"
    assert refused["decision"]["decisionDate"] == "2026-03-24"
    waiting = (await lic.get(f"{lic_base}/applications/{in_time['id']}")).json()
    assert waiting["status"] == "received"
    assert await settle(lic_council, dt.date(2026, 3, 24)) == {"licensing": 0}
