"""Merging three councils end to end through the operator API: every row arrives with its id,
colliding references get their council's prefix and keep the original as the legacy reference
(both resolve), verification passes, the sources are unchanged by checksum, cut-over retires
them (their slugs answer 308 to the successor) and opens the successor to their officers."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import sign_in, unique_gss
from reorg_support import OFFICERS, fingerprints, seeded_councils, target_of, tenant_row
from sqlalchemy import select


@pytest.fixture(scope="module")
def councils() -> list[Any]:
    return seeded_councils("mrg")


def planning_cases(schema: str) -> dict[Any, tuple[str, str | None, str | None]]:
    from services.core.cases.models import Case
    from tenancy.binding import tenant_session_sync

    with tenant_session_sync(schema) as session:
        rows = session.execute(
            select(Case.id, Case.reference, Case.legacy_reference, Case.origin_authority).where(
                Case.service == "planning"
            )
        )
        return {r[0]: (r[1], r[2], r[3]) for r in rows}


async def test_merge_through_the_api(councils: list[Any], client: Any) -> None:
    before = fingerprints(*councils)
    into = "north-wessex-" + councils[0].slug[-4:]
    planned = await client.post(
        "/api/v1/platform/reorganisations",
        json={
            "name": f"North Wessex {into}",
            "vestingDate": "2027-04-01",
            "merge": [c.slug for c in councils],
            "into": into,
            "successorName": "North Wessex Council",
            "gssCode": unique_gss("E06"),
        },
    )
    assert planned.status_code == 201, planned.text
    key = planned.json()["id"]
    prefixes = [t["referencePrefix"] for t in planned.json()["transfers"]]
    assert prefixes == ["MRG", "MRGB", "MRGW"]  # distinct, from the slugs
    assert tenant_row(into).status == "provisioning"

    dry = (await client.post(f"/api/v1/platform/reorganisations/{key}/dry-run")).json()
    collided = {
        e["from"]
        for c in dry["referenceCollisions"]
        if c["table"] == "cases"
        for e in c["examples"]
    }
    assert collided, dry["referenceCollisions"]  # the demo seeders number alike
    assert {p["email"] for p in dry["people"]} >= {OFFICERS[c.slug].email for c in councils}

    started = await client.post(f"/api/v1/platform/reorganisations/{key}/run")
    assert started.status_code == 202, started.text
    shown = (await client.get(f"/api/v1/platform/reorganisations/{key}")).json()
    assert shown["status"] == "copied"
    assert shown["progress"]["rowsCopied"] == shown["progress"]["rowsTotal"] > 100
    report = (await client.post(f"/api/v1/platform/reorganisations/{key}/verify")).json()
    assert report["ok"], report["mismatches"]

    target = target_of(key)
    merged = planning_cases(target.schema_name)
    for council, prefix in zip(councils, prefixes, strict=True):
        for case_id, (reference, legacy, _) in planning_cases(council.schema_name).items():
            new_reference, new_legacy, origin = merged[case_id]  # the id is kept
            assert origin == council.gss_code
            if reference in collided:
                assert (new_reference, new_legacy) == (f"{prefix}-{reference}", reference)
            else:
                assert (new_reference, new_legacy) == (reference, legacy)
    assert len(merged) == sum(len(planning_cases(c.schema_name)) for c in councils)

    cut = await client.post(f"/api/v1/platform/reorganisations/{key}/cut-over")
    assert cut.status_code == 200 and cut.json()["status"] == "cut_over", cut.text
    assert tenant_row(into).status == "active"
    assert {tenant_row(c.slug).status for c in councils} == {"retired"}
    assert fingerprints(*councils) == before

    officer = OFFICERS[councils[1].slug]
    await sign_in(client, officer)
    old = await client.get(
        f"/api/v1/{councils[1].slug}/planning/applications?perPage=5", follow_redirects=False
    )
    assert old.status_code == 308, old.text
    assert old.headers["location"] == f"/api/v1/{into}/planning/applications?perPage=5"
    some_id, (reference, _, _) = next(
        (i, v) for i, v in planning_cases(councils[1].schema_name).items() if v[0] in collided
    )
    for lookup in (str(some_id), f"MRGB-{reference}".replace("/", "-")):
        found = await client.get(f"/api/v1/{into}/planning/applications/{lookup}")
        assert found.status_code == 200, found.text
        assert found.json()["id"] == str(some_id)
        assert found.json()["legacyReference"] == reference
