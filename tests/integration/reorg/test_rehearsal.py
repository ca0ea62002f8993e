"""A dress rehearsal: the seeded councils' merge is rehearsed while an officer keeps working in
one of them (writes made mid-copy succeed, no 423), the rehearsal verifies exactly against the
snapshot it copied, its scratch target is discarded, the sources hold the officer's writes, and a
real merge planned afterwards runs and carries them. The sources' uploaded document files are
copied to the scratch target and checked by verification, and every file copied there is deleted
when the rehearsal is discarded, whether it succeeded or failed, the sources' files untouched. A
rehearsal never targets a live council and is never cut over."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from typing import Any

import pytest
from conftest import make_user, sign_in, unique_gss
from planning_fixtures import HOUSEHOLDER
from reorg_support import (
    FILES_PER_COUNCIL,
    UPLOADS,
    document_keys,
    fingerprints,
    plan,
    seeded_councils,
    stored,
    target_of,
    tenant_row,
)

REORGS = "/api/v1/platform/reorganisations"


@pytest.fixture(scope="module")
def councils() -> list[Any]:
    return seeded_councils("rhs")


def _rehearsal(sources: list[str], into: str | None = None) -> Any:
    from tenancy.reorg.plan import plan_merge

    return plan_merge(
        name=f"rehearsal {uuid.uuid4().hex[:6]}",
        vesting_date=dt.date(2027, 4, 1),
        sources=sources,
        into=into or f"rhs-scratch-{uuid.uuid4().hex[:6]}",
        successor_name="North Wessex Rehearsal",
        gss_code=unique_gss("E06"),
        actor="test",
        rehearsal=True,
    )


def _scalar(schema: str, sql: str, **params: Any) -> Any:
    from tenancy.db import sync_engine
    from tenancy.sql import schema_sql

    with sync_engine().connect() as connection:
        return connection.execute(schema_sql(sql, s=schema), params).scalar_one()


def _cases(*councils: Any) -> int:
    return sum(_scalar(c.schema_name, "SELECT count(*) FROM {s}.cases") for c in councils)


class PlannedFailure(Exception):
    """Raised by the engine's kill hook to make a rehearsal fail at a chosen point."""


def test_a_rehearsal_checks_the_files_and_discards_every_copy(
    councils: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tenancy.reorg import engine
    from tenancy.reorg.rehearsal import rehearse

    schemas = [c.schema_name for c in councils]
    sources_before = stored(*schemas)
    assert len(sources_before) == FILES_PER_COUNCIL * len(councils)
    keys_before = {c.slug: document_keys(c.schema_name) for c in councils}
    for council in councils:
        for upload in UPLOADS[council.slug]:
            assert sources_before[keys_before[council.slug][upload.document_id]] == upload.content
    reorg = _rehearsal([c.slug for c in councils])
    scratch = target_of(reorg.id).schema_name
    copied: list[dict[str, bytes]] = []

    def fail_after_the_second_council_s_files(point: str) -> None:
        if point.startswith("files-rekeyed") and councils[1].slug in point:
            copied.append(stored(scratch))
            raise PlannedFailure(point)

    monkeypatch.setattr(engine, "_KillPoints", lambda: fail_after_the_second_council_s_files)
    with pytest.raises(PlannedFailure):
        rehearse(reorg.id, actor="test")
    monkeypatch.undo()
    second = {f"{scratch}/{u.case_id}/{u.document_id}" for u in UPLOADS[councils[1].slug]}
    assert second <= set(copied[0])  # its files were in the scratch target when it failed
    assert verify_status(reorg.id).status == "failed"
    assert stored(scratch) == {}
    assert stored(*schemas) == sources_before

    report = rehearse(reorg.id, actor="test")  # a failed rehearsal can be run again

    assert report["ok"], report["verification"]["mismatches"]
    checked = {f["source"]: f for f in report["verification"]["files"]}
    assert {slug: f["files"] for slug, f in checked.items()} == {
        c.slug: FILES_PER_COUNCIL for c in councils
    }
    assert all(f["ok"] and not f["wrongKeys"] for f in checked.values())
    assert report["filesDiscarded"] == FILES_PER_COUNCIL * len(councils)
    assert stored(scratch) == {}
    assert stored(*schemas) == sources_before
    assert {c.slug: document_keys(c.schema_name) for c in councils} == keys_before


async def test_rehearsal_keeps_sources_live_and_discards_its_copy(
    councils: list[Any], anonymous: Any
) -> None:
    from tenancy.principals import Membership
    from tenancy.reorg import engine, lifecycle, verify
    from tenancy.reorg.errors import ReorganisationConflict
    from tenancy.reorg.rehearsal import rehearse

    source = councils[0]
    await sign_in(anonymous, make_user({source.id: ["planning_manager"]}, name="Rita Rehearse"))
    base = f"/api/v1/{source.slug}/planning/applications"
    first = await anonymous.post(base, json=HOUSEHOLDER)
    assert first.status_code == 201, first.text
    edited = first.json()
    cases_before = _cases(*councils)
    reorg = _rehearsal([c.slug for c in councils])
    scratch = target_of(reorg.id)
    loop = asyncio.get_running_loop()
    writes: list[tuple[int, int]] = []

    async def officer_works() -> tuple[int, int]:
        created = await anonymous.post(base, json={**HOUSEHOLDER, "description": "Mid-copy"})
        patched = await anonymous.patch(
            f"{base}/{edited['id']}",
            json={"description": "Changed while rehearsing"},
            headers={"If-Match": f'"{edited["id"]}.{edited["version"]}"'},
        )
        return created.status_code, patched.status_code

    def during_copy(progress: Any) -> None:
        if not writes and progress.copied * 3 >= progress.total:  # a third of the way in
            assert tenant_row(source.slug).status == "active"
            writes.append(asyncio.run_coroutine_threadsafe(officer_works(), loop).result(60))

    report = await asyncio.to_thread(
        rehearse, reorg.id, actor="test", batch_size=25, on_progress=during_copy
    )

    assert writes == [(201, 200)]  # the officer was never refused (no 423)
    assert report["ok"], report["verification"]
    assert all(s["unchangedSinceFreeze"] for s in report["verification"]["sources"].values())
    timings = {t["table"]: t for t in report["tables"]}
    assert timings["cases"]["rows"] == cases_before  # the snapshot, not the later writes
    assert report["rows"] == sum(t["rows"] for t in report["tables"]) > cases_before
    assert report["totalSeconds"] >= report["phases"]["run"] > 0

    shown = tenant_row(scratch.slug)
    assert shown.status == "provisioning"
    assert _scalar(shown.schema_name, "SELECT count(*) FROM {s}.cases") == 0
    assert _scalar(shown.schema_name, "SELECT count(*) FROM {s}.audit_log") == 0
    from sqlalchemy import func, select

    from tenancy.binding import platform_session_sync

    with platform_session_sync() as session:
        held = select(func.count()).where(Membership.tenant_id == scratch.id)
        assert session.scalar(held) == 0
    assert {tenant_row(c.slug).status for c in councils} == {"active"}
    assert _cases(*councils) == cases_before + 1
    assert _scalar(
        source.schema_name,
        "SELECT description FROM {s}.cases WHERE id = CAST(:id AS uuid)",
        id=edited["id"],
    ) == ("Changed while rehearsing")

    stored = verify_status(reorg.id)
    assert (stored.status, stored.rehearsal_report["ok"]) == ("rehearsed", True)
    with pytest.raises(ReorganisationConflict, match="never cut over"):
        lifecycle.cut_over(reorg.id, actor="test")
    with pytest.raises(ReorganisationConflict):
        rehearse(reorg.id, actor="test")  # final

    real = plan(councils, "rhsreal")  # the sources are free again
    before = fingerprints(*councils)
    engine.run(real.id, actor="test")
    assert verify.verify(real.id, actor="test")["ok"]
    merged = target_of(real.id).schema_name
    assert _scalar(merged, "SELECT count(*) FROM {s}.cases") == cases_before + 1
    assert _scalar(
        merged, "SELECT description FROM {s}.cases WHERE id = CAST(:id AS uuid)", id=edited["id"]
    ) == ("Changed while rehearsing")
    assert fingerprints(*councils) == before


def verify_status(reorg_id: Any) -> Any:
    from tenancy.binding import platform_session_sync
    from tenancy.reorg.plan import get_reorganisation

    with platform_session_sync() as session:
        return get_reorganisation(session, reorg_id)


def test_a_rehearsal_never_targets_a_live_council(make_tenant: Any) -> None:
    from tenancy.reorg.errors import InvalidPlan
    from tenancy.reorg.plan_split import plan_transfer

    a, b, live = make_tenant("rhs-a"), make_tenant("rhs-b"), make_tenant("rhs-live")
    with pytest.raises(InvalidPlan, match="never into an existing one") as refused:
        _rehearsal([a.slug, b.slug], into=live.slug)
    assert refused.value.pointer == "/into"
    with pytest.raises(InvalidPlan, match="never into an existing one"):
        plan_transfer(
            name=f"rehearsal {uuid.uuid4().hex[:6]}",
            vesting_date=dt.date(2027, 4, 1),
            source=a.slug,
            services=["planning"],
            into=live.slug,
            actor="test",
            rehearsal=True,
        )
    assert verify_status_of_none(a.slug, b.slug)  # nothing was planned


def verify_status_of_none(*slugs: str) -> bool:
    from sqlalchemy import select

    from tenancy.binding import platform_session_sync
    from tenancy.models import Tenant
    from tenancy.reorg.plan import _open_plans_holding

    with platform_session_sync() as session:
        ids = list(session.scalars(select(Tenant.id).where(Tenant.slug.in_(slugs))))
        return not _open_plans_holding(session, ids)


async def test_rehearsal_through_the_api(client: Any, make_tenant: Any) -> None:
    a, b, live = make_tenant("rhs-api"), make_tenant("rhs-api"), make_tenant("rhs-api-live")
    body = {
        "name": f"api rehearsal {uuid.uuid4().hex[:6]}",
        "vestingDate": "2027-04-01",
        "merge": [a.slug, b.slug],
        "into": live.slug,
        "successorName": "Scratch",
        "gssCode": unique_gss("E06"),
        "rehearsal": True,
    }
    refused = await client.post(REORGS, json=body)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["errors"][0]["pointer"] == "/into"

    real = await client.post(REORGS, json={**body, "rehearsal": False, "into": "rhs-real-x"})
    assert real.status_code == 201, real.text
    not_one = await client.post(f"{REORGS}/{real.json()['id']}/rehearse")
    assert not_one.status_code == 409, not_one.text
    await client.post(f"{REORGS}/{real.json()['id']}/rollback")

    scratch = f"rhs-scratch-{uuid.uuid4().hex[:6]}"
    planned = await client.post(
        REORGS,
        json={**body, "name": body["name"] + " 2", "into": scratch, "gssCode": unique_gss("E06")},
    )
    assert planned.status_code == 201, planned.text
    key = planned.json()["id"]
    as_real = await client.post(f"{REORGS}/{key}/run")  # a rehearsal never freezes its sources
    assert as_real.status_code == 409 and "rehearse" in as_real.json()["detail"], as_real.text
    assert tenant_row(a.slug).status == "active"
    started = await client.post(f"{REORGS}/{key}/rehearse")
    assert started.status_code == 202, started.text
    assert started.headers["location"] == f"{REORGS}/{key}/rehearsal"
    report = await client.get(f"{REORGS}/{key}/rehearsal")
    assert report.status_code == 200, report.text
    assert report.json()["ok"] is True
    assert (await client.get(f"{REORGS}/{key}")).json()["status"] == "rehearsed"
    assert tenant_row(a.slug).status == tenant_row(b.slug).status == "active"
    assert tenant_row(scratch).status == "provisioning"
    cut = await client.post(f"{REORGS}/{key}/cut-over")
    assert cut.status_code == 409, cut.text
