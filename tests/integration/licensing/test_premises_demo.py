"""The demo seeding of premises, club and personal licence casework runs through the services,
shows each stage, and does nothing the second time."""

from __future__ import annotations

import dataclasses
from typing import Any

from app.demo_licensing import seed_council
from tenancy.binding import TenantRef


async def test_demo_applications_and_licences(lic: Any, lic_base: str, lic_council: Any) -> None:
    tenant = dataclasses.replace(TenantRef.of(lic_council), slug="ashcombe")
    assert await seed_council(tenant, (None, "Tom Okafor")) == 8
    assert await seed_council(tenant, (None, "Tom Okafor")) == 0
    elsewhere = dataclasses.replace(TenantRef.of(lic_council), slug="not-a-demo-council")
    assert await seed_council(elsewhere, (None, None)) == 0
    applications = (await lic.get(f"{lic_base}/applications")).json()["data"]
    assert sorted(a["status"] for a in applications) == [
        "awaiting_decision",
        "decided",
        "decided",
        "decided",
        "decided",
        "hearing",
        "received",
        "received",
    ]
    licences = (await lic.get(f"{lic_base}/licences")).json()["data"]
    assert sorted(row["kind"] for row in licences) == [
        "club_premises_certificate",
        "personal_licence",
        "premises_licence",
        "premises_licence",
    ]
    overdue = [row for row in licences if row["premisesName"] == "Night Owl Kebabs"]
    fees = (await lic.get(f"{lic_base}/licences/{overdue[0]['id']}/fees")).json()
    assert [fee["status"] for fee in fees] == ["unpaid"]
    contested = next(a for a in applications if a["status"] == "hearing")
    hearing = (await lic.get(f"{lic_base}/applications/{contested['id']}/hearing")).json()
    assert hearing["status"] == "listed"
