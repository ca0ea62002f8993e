"""A single-service transfer into an existing, live council: only the licensing service's rows
move (its cases and everything on them, its licences with their events and fees, and their
audit history); planning, building control and land charges stay. Licence numbers and case
references that collide with the target's own get the source's prefix. A rollback deletes
exactly the copied rows from the target; a cut-over leaves the source active without the
service (its copies kept, unchanged, as an archive) and the target running it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from reorg_support import fingerprints, rolled_back_into, seeded_councils, tenant_row


@pytest.fixture(scope="module")
def councils() -> list[Any]:
    return seeded_councils("svc")


def _ids(schema: str, sql: str) -> set[Any]:
    from tenancy.db import sync_engine
    from tenancy.sql import schema_sql

    with sync_engine().connect() as connection:
        return {r[0] for r in connection.execute(schema_sql(sql, s=schema))}


def _plan(source: Any, into: Any) -> Any:
    from tenancy.reorg.plan_split import plan_transfer

    return plan_transfer(
        name=f"licensing {uuid.uuid4().hex[:6]}",
        vesting_date=dt.date(2027, 4, 1),
        source=source.slug,
        services=["licensing"],
        into=into.slug,
        actor="test",
    )


def test_only_the_service_moves_and_rollback_removes_exactly_it(councils: list[Any]) -> None:
    from tenancy.reorg import engine, lifecycle, verify
    from tenancy.reorg.dryrun import dry_run

    source, target = councils[0], councils[1]
    before = fingerprints(source, target)
    reorg = _plan(source, target)
    report = dry_run(reorg.id)
    moving = report["rows"][0]["tables"]
    licensing_cases = _ids(source.schema_name, "SELECT id FROM {s}.cases WHERE service='licensing'")
    assert moving["cases"] == len(licensing_cases) > 0
    assert moving["licences"] == len(_ids(source.schema_name, "SELECT id FROM {s}.licences"))
    assert moving["land_charges"] == 0 and moving["settings"] == 0
    assert report["blocking"] == []

    engine.run(reorg.id, actor="test")
    checked = verify.verify(reorg.id, actor="test")
    assert checked["ok"], checked["mismatches"]
    moved = _ids(target.schema_name, "SELECT id FROM {s}.cases") & _ids(
        source.schema_name, "SELECT id FROM {s}.cases"
    )
    assert moved == licensing_cases
    assert not _ids(source.schema_name, "SELECT id FROM {s}.land_charges") & _ids(
        target.schema_name, "SELECT id FROM {s}.land_charges"
    )
    prefixed = _ids(
        target.schema_name, "SELECT number FROM {s}.licences WHERE former_references <> '{{}}'"
    )
    assert prefixed and all(n.startswith("SVC-") for n in prefixed)  # the two number alike

    lifecycle.rollback(reorg.id, actor="test")
    assert fingerprints(source)[source.slug] == before[source.slug]
    # The target is as it was, but for one entry in its audit log recording what the rollback
    # took out — the copied audit entries included (the one lift of its append-only rule).
    after = rolled_back_into(target, reorg.id)
    assert after["fingerprint"] == before[target.slug]
    [note] = after["notes"]
    assert note["source"] == source.slug
    moved_licences = len(_ids(source.schema_name, "SELECT id FROM {s}.licences"))
    assert note["removed"]["licences"] == moved_licences and note["removed"]["audit_log"] > 0
    assert tenant_row(source.slug).status == "active"


def test_cut_over_switches_the_service_over(councils: list[Any]) -> None:
    from tenancy.reorg import engine, lifecycle, verify

    source, target = councils[2], councils[1]
    before = fingerprints(source)
    reorg = _plan(source, target)
    engine.run(reorg.id, actor="test")
    assert verify.verify(reorg.id, actor="test")["ok"]
    lifecycle.cut_over(reorg.id, actor="test")
    after = tenant_row(source.slug)
    assert after.status == "active" and after.successor_id is None
    assert "licensing" not in after.enabled_services and "planning" in after.enabled_services
    assert "licensing" in tenant_row(target.slug).enabled_services
    assert tenant_row(target.slug).status == "active"
    assert fingerprints(source) == before  # the source's copies stay, unchanged
