"""The demo seeding of notices and taxi licences runs through the services, shows each stage,
and does nothing the second time."""

from __future__ import annotations

import dataclasses
from typing import Any

from app.demo_tens import seed_council
from tenancy.binding import TenantRef


async def test_demo_notices_and_licences(lic: Any, lic_base: str, lic_council: Any) -> None:
    tenant = dataclasses.replace(TenantRef.of(lic_council), slug="ashcombe")
    assert await seed_council(tenant, (None, None)) == 8
    assert await seed_council(tenant, (None, None)) == 0
    notices = (await lic.get(f"{lic_base}/temporary-event-notices")).json()["data"]
    assert sorted(n["status"] for n in notices) == [
        "acknowledged",
        "counter_notice",
        "objected",
        "received",
    ]
    licences = (await lic.get(f"{lic_base}/taxi-licences")).json()["data"]
    assert sorted(lic["status"] for lic in licences) == ["active", "active", "suspended"]
