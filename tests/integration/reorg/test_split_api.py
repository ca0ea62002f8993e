"""A split by boundary polygons through the operator API: a border drawn through a site's
boundary (British National Grid, converted with pyproj) makes that case *cross the new border*;
cases with no site location are *unclaimed*; the dry run lists both, the run is refused with 409
(and nothing is frozen) until the operator names a default target, then the split runs and
verifies, every case arriving in exactly one of the two new councils."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from conftest import unique_gss
from reorg_support import OFFICERS, fingerprints, roles_in, seeded_councils, tenant_row

REORGS = "/api/v1/platform/reorganisations"


@pytest.fixture(scope="module")
def councils() -> list[Any]:
    return seeded_councils("spl")


def _box(west: float, east: float, tenant: str) -> dict[str, Any]:
    ring = [[west, 49.0], [east, 49.0], [east, 56.0], [west, 56.0], [west, 49.0]]
    return {
        "type": "Feature",
        "properties": {"tenant": tenant},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def _rows(schema: str, sql: str) -> list[Any]:
    from tenancy.db import sync_engine
    from tenancy.sql import schema_sql

    with sync_engine().connect() as connection:
        return list(connection.execute(schema_sql(sql, s=schema)))


async def test_boundary_split_blocks_until_placed(councils: list[Any], client: Any) -> None:
    from tenancy.reorg.geo import bng_to_wgs84

    source = councils[0]
    before = fingerprints(source)
    (crossed_id, reference, east_min, north_min), *_ = _rows(
        source.schema_name,
        "SELECT c.id, c.reference, min(p->>0)::float, min(p->>1)::float FROM {s}.cases c "
        "JOIN {s}.sites st ON st.case_id = c.id, "
        "jsonb_array_elements(st.boundary->'coordinates'->0) p "
        "WHERE st.boundary IS NOT NULL GROUP BY c.id, c.reference ORDER BY c.id LIMIT 1",
    )
    border, _ = bng_to_wgs84(east_min + 50.0, north_min + 50.0)  # through the middle of it
    west, east = f"west-{uuid.uuid4().hex[:5]}", f"east-{uuid.uuid4().hex[:5]}"
    planned = await client.post(
        REORGS,
        json={
            "name": f"split {west}",
            "vestingDate": "2027-04-01",
            "split": source.slug,
            "byBoundary": {
                "type": "FeatureCollection",
                "features": [_box(-6.0, border, west), _box(border, 2.0, east)],
            },
            "create": [
                {"slug": west, "name": "West", "gssCode": unique_gss("E06")},
                {"slug": east, "name": "East", "gssCode": unique_gss("E06")},
            ],
        },
    )
    assert planned.status_code == 201, planned.text
    key = planned.json()["id"]
    assert [t["selector"]["kind"] for t in planned.json()["transfers"]] == ["boundary"] * 2

    dry = (await client.post(f"{REORGS}/{key}/dry-run")).json()
    crossing = {c["id"]: c for c in dry["crossingBorder"]}
    assert crossing[str(crossed_id)]["reference"] == reference
    assert sorted(crossing[str(crossed_id)]["areas"]) == sorted([west, east])
    unclaimed = {u["table"]: u for u in dry["unclaimed"]}
    no_site = {
        str(i)
        for (i,) in _rows(
            source.schema_name,
            "SELECT id FROM {s}.cases c WHERE NOT "
            "EXISTS (SELECT 1 FROM {s}.sites x WHERE x.case_id = c.id)",
        )
    }
    assert no_site and no_site <= set(unclaimed["cases"]["ids"])
    assert dry["blocking"]

    refused = await client.post(f"{REORGS}/{key}/run")
    assert refused.status_code == 409, refused.text
    assert "no transfer claims" in refused.json()["detail"]
    assert tenant_row(source.slug).status == "active"

    officer = OFFICERS[source.slug].email
    wrong = await client.post(
        f"{REORGS}/{key}/allocations", json={"people": [{"email": officer, "target": "nowhere"}]}
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["pointer"], wrong.text
    people = await client.post(
        f"{REORGS}/{key}/allocations", json={"people": [{"email": officer, "target": east}]}
    )
    assert people.status_code == 200, people.text
    placed = await client.post(f"{REORGS}/{key}/allocations", json={"default": west})
    assert placed.status_code == 200, placed.text
    assert (await client.post(f"{REORGS}/{key}/dry-run")).json()["blocking"] == []
    started = await client.post(f"{REORGS}/{key}/run")
    assert started.status_code == 202, started.text
    report = (await client.post(f"{REORGS}/{key}/verify")).json()
    assert report["ok"], report["mismatches"] or report["sources"]

    cases = {i for (i,) in _rows(source.schema_name, "SELECT id FROM {s}.cases")}
    landed = {
        slug: {i for (i,) in _rows(tenant_row(slug).schema_name, "SELECT id FROM {s}.cases")}
        for slug in (west, east)
    }
    assert landed[west] | landed[east] == cases and not landed[west] & landed[east]
    assert crossed_id in landed[west] and {uuid.UUID(i) for i in no_site} <= landed[west]
    assert landed[east]
    assert officer in roles_in(tenant_row(east).id) and officer not in roles_in(tenant_row(west).id)
    assert fingerprints(source) == before
