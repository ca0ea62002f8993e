"""The licence register: licences by id or number, filters, club certificates in their own
number series, and 404s for what is not a premises, club or personal licence."""

from __future__ import annotations

import pytest
from test_premises_applications import granted_licence

pytestmark = pytest.mark.asyncio

CLUB = {
    "applicationType": "club_premises_certificate_new",
    "premisesName": "Ashcombe Bowls Club",
    "applicant": {"name": "Ashcombe Bowls Club", "organisation": "Ashcombe Bowls Club"},
    "site": {"addressLine": "Recreation Ground, Ashcombe, AS1 9ZZ"},
    "activities": ["supply_of_alcohol_to_members"],
}


async def test_register_lists_reads_and_filters(lic, lic_base):
    pub = await granted_licence(lic, lic_base, "2025-03-03", "2025-04-01")
    club = await granted_licence(lic, lic_base, "2026-03-02", "2026-03-31", **CLUB)
    assert (pub["number"], club["number"]) == ("PL/2025/00001", "CPC/2026/00001")
    assert club["kind"] == "club_premises_certificate"
    assert club["nextFeeDueOn"] == "2027-03-31"

    everything = (await lic.get(f"{lic_base}/licences")).json()
    assert [row["number"] for row in everything["data"]] == ["CPC/2026/00001", "PL/2025/00001"]
    assert everything["pagination"]["totalResults"] == 2
    clubs = await lic.get(f"{lic_base}/licences", params={"kind": "club_premises_certificate"})
    assert [row["number"] for row in clubs.json()["data"]] == ["CPC/2026/00001"]
    named = await lic.get(f"{lic_base}/licences", params={"q": "crown"})
    assert [row["number"] for row in named.json()["data"]] == ["PL/2025/00001"]
    due = await lic.get(f"{lic_base}/licences", params={"feeDueBy": "2026-12-31"})
    assert [row["number"] for row in due.json()["data"]] == ["PL/2025/00001"]

    for key in (pub["id"], "PL-2025-00001"):
        response = await lic.get(f"{lic_base}/licences/{key}")
        assert response.json()["id"] == pub["id"], key
    assert (await lic.get(f"{lic_base}/licences/PL-2025-09999")).status_code == 404
    assert (await lic.get(f"{lic_base}/licences/PL-2025-09999/events")).status_code == 404
