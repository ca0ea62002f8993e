"""The demo seeding of building control casework runs through the services, shows each stage,
and does nothing the second time."""

from __future__ import annotations

import dataclasses
from typing import Any

from app.demo_building_control import seed_council
from tenancy.binding import TenantRef


async def test_demo_building_control(bc: Any, bc_base: str, bc_council: Any) -> None:
    tenant = dataclasses.replace(TenantRef.of(bc_council), slug="ashcombe")
    made = await seed_council(tenant, (None, "Helen Marsh"))
    assert made == 10  # nine cases and one commencement notice
    assert await seed_council(tenant, (None, "Helen Marsh")) == 0
    apps = (await bc.get(f"{bc_base}/applications", params={"resultsPerPage": 50})).json()["data"]
    assert sorted(a["status"] for a in apps) == [
        "approved",
        "completed",
        "received",
        "received",
        "received",
        "received",
        "referred_to_bsr",
    ]
    notices = (await bc.get(f"{bc_base}/initial-notices")).json()["data"]
    assert sorted(n["status"] for n in notices) == ["accepted", "received"]
    scheme = (await bc.get(f"{bc_base}/charging-scheme")).json()["charges"]
    assert len(scheme) == 8
