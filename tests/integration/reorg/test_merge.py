"""Merging three councils end to end through the operator API: every row arrives with its id,
colliding references get their council's prefix and keep the original as a former reference
(both resolve; the legacy reference is untouched), verification passes, the sources are
unchanged by checksum, cut-over retires them (their slugs answer 308 to the successor, naming
the retired council so a bare old reference finds that council's record) and opens the
successor to their officers."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import sign_in, unique_gss
from reorg_support import OFFICERS, fingerprints, seeded_councils, target_of, tenant_row
from sqlalchemy import select


@pytest.fixture(scope="module")
def councils() -> list[Any]:
    return seeded_councils("mrg")


def planning_cases(schema: str) -> dict[Any, tuple[str, str | None, str | None, list[str]]]:
    from services.core.cases.models import Case
    from tenancy.binding import tenant_session_sync

    with tenant_session_sync(schema) as session:
        rows = session.execute(
            select(
                Case.id,
                Case.reference,
                Case.legacy_reference,
                Case.origin_authority,
                Case.former_references,
            ).where(Case.service == "planning")
        )
        return {r[0]: (r[1], r[2], r[3], list(r[4])) for r in rows}


def _legacy_references_kept(councils: list[Any], target: str) -> tuple[int, int]:
    """Every record's legacy reference arrives unchanged, including where its reference
    collided (the old one went to ``former_references`` instead)."""
    from services.registry import load_services
    from tenancy.db import sync_engine
    from tenancy.reorg.tables import tenant_tables
    from tenancy.sql import schema_sql

    load_services()
    kept = collided = 0
    with sync_engine().connect() as connection:
        for spec in tenant_tables():
            if not (spec.has_legacy and spec.has_former):
                continue
            sql = f"SELECT id, legacy_reference, former_references FROM {{s}}.{spec.name}"
            arrived = {r[0]: r for r in connection.execute(schema_sql(sql, s=target))}
            for council in councils:
                for record, legacy, _ in connection.execute(schema_sql(sql, s=council.schema_name)):
                    assert arrived[record][1] == legacy, (spec.name, record)
                    kept += legacy is not None
                    collided += legacy is not None and bool(arrived[record][2])
    return kept, collided


def _subscriptions_arrive_paused(councils: list[Any], target: str) -> None:
    """Each council's webhook subscription arrives in the successor paused (the successor's
    administrators confirm it before its integrator hears of the merged councils' cases), with
    its id — so its signing secret still decrypts — and its URL."""
    from services.core.webhooks import secrets
    from services.core.webhooks.models import WebhookSubscription
    from tenancy.binding import tenant_session_sync

    with tenant_session_sync(target) as session:
        arrived = {s.url: s for s in session.scalars(select(WebhookSubscription))}
    assert len(arrived) == len(councils)
    for council in councils:
        moved = arrived[f"https://gis.example.org/hooks/{council.slug}"]
        assert moved.active is False and "reorganisation" in (moved.paused_reason or "")
        assert secrets.decrypt(moved.secret_encrypted, moved.id)


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
        for case_id, (reference, legacy, _, _) in planning_cases(council.schema_name).items():
            new_reference, new_legacy, origin, former = merged[case_id]  # the id is kept
            assert origin == council.gss_code and new_legacy == legacy
            if reference in collided:
                assert (new_reference, former) == (f"{prefix}-{reference}", [reference])
            else:
                assert (new_reference, former) == (reference, [])
    assert len(merged) == sum(len(planning_cases(c.schema_name)) for c in councils)
    kept, collided_with_legacy = _legacy_references_kept(councils, target.schema_name)
    assert kept and collided_with_legacy  # the demo land charges carry legacy references
    _subscriptions_arrive_paused(councils, target.schema_name)

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
    assert old.headers["location"] == (
        f"/api/v1/{into}/planning/applications?perPage=5&formerly={councils[1].slug}"
    )
    some_id, (reference, _, _, _) = next(
        (i, v) for i, v in planning_cases(councils[1].schema_name).items() if v[0] in collided
    )
    for lookup in (str(some_id), f"MRGB-{reference}".replace("/", "-")):
        found = await client.get(f"/api/v1/{into}/planning/applications/{lookup}")
        assert found.status_code == 200, found.text
        assert found.json()["id"] == str(some_id)
        assert found.json()["formerReferences"] == [reference]
    # The bare old reference is every merged council's: through each retired slug it finds that
    # council's own record (the 308 names the retired council), whichever council came first.
    bare = reference.replace("/", "-")
    for council in councils:
        mine = next(i for i, v in planning_cases(council.schema_name).items() if v[0] == reference)
        moved = await client.get(
            f"/api/v1/{council.slug}/planning/applications/{bare}", follow_redirects=False
        )
        assert moved.status_code == 308, moved.text
        found = await client.get(moved.headers["location"])
        assert found.status_code == 200, found.text
        assert found.json()["id"] == str(mine), council.slug
    forged = await client.get(
        f"/api/v1/{into}/planning/applications/{bare}?formerly={into}"
    )  # not a predecessor: no preference, still a stable answer
    assert forged.status_code == 200
