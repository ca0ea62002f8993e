"""SIGKILL the CLI run at many points (between tables, mid-batch before and after the
checkpoint, after commits, between copying a batch of documents' files and re-keying it, after
the re-keying); each re-run resumes, and the result is identical, by checksum, to an
uninterrupted run (documents' storage keys, which name the target's own schema, compared by
their form and their files' bytes: ``target_fingerprint``). A write to a frozen source gets 423
naming the reorganisation. Running a finished run again changes nothing. Uses the engine's
documented kill hook (``VESTA_REORG_KILL_AT``)."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import pytest
from conftest import sign_in
from reorg_support import (
    OFFICERS,
    fingerprints,
    plan,
    seeded_councils,
    stored,
    target_fingerprint,
    target_of,
    tenant_row,
    vesta,
)

BATCH = "4"


class SimulatedKill(BaseException):
    """Stops an in-process run where its hook says, as SIGKILL would: nothing marks it failed."""


@pytest.fixture(scope="module")
def councils() -> list[Any]:
    return seeded_councils("kil")


def _run_to_the_files(reorg_id: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in this process until the first batch of files is copied, and stop there (a run
    killed at random points would take ~1,400 points to get there)."""
    from tenancy.reorg import engine

    def stop_at_the_files(point: str) -> None:
        if point.startswith("files-copied"):
            raise SimulatedKill(point)

    with monkeypatch.context() as patch:
        patch.setattr(engine, "_KillPoints", lambda: stop_at_the_files)
        with pytest.raises(SimulatedKill):
            engine.run(reorg_id, actor="test", batch_size=int(BATCH))


async def test_killed_runs_resume_to_the_uninterrupted_result(
    councils: list[Any], anonymous: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tenancy.reorg import engine, lifecycle, verify

    sources_before = fingerprints(*councils)
    files_before = stored(*(c.schema_name for c in councils))
    killed = plan(councils, "killed")
    log = tmp_path / "kills.log"
    kills = 0
    # 24 runs, each killed after a different number of kill points (so each stops somewhere
    # new); then, brought to the files, runs killed at the first leg's re-keying and at the
    # second leg's copy (the first kill points a run there passes), then one left to finish.
    for attempt in range(27):
        if attempt == 24:
            _run_to_the_files(killed.id, monkeypatch)
        kill_at = {24: 2, 25: 1, 26: None}.get(attempt, 1 + (attempt * 17) % 61)
        result = vesta(
            "reorg", "run", str(killed.id), "--batch-size", BATCH, "--quiet",
            kill_at=kill_at, log=log,
        )  # fmt: skip
        if kill_at is None:
            assert result.returncode == 0, result.stderr
            break
        assert result.returncode == -signal.SIGKILL, result.stderr
        kills += 1
        if kills == 1:  # the sources are frozen: a write names the reorganisation
            source = councils[0]
            await sign_in(anonymous, OFFICERS[source.slug])
            refused = await anonymous.patch(
                f"/api/v1/{source.slug}/settings", json={"publicContactPhone": "01632 960000"}
            )
            assert refused.status_code == 423, refused.text
            body = refused.json()
            assert body["reorganisation"]["name"] == killed.name
            assert killed.name in body["detail"]
            assert refused.headers["content-type"].startswith("application/problem+json")
    points = log.read_text().splitlines()
    assert kills >= 20 and len(set(points)) >= 20, points
    kinds = {p.split()[0] for p in points}
    assert {"batch-inserted", "checkpoint-written", "batch-committed"} <= kinds
    assert kinds & {"table-start", "table-done"}  # between tables too
    assert [p.split()[0] for p in points[-2:]] == ["files-rekeyed", "files-copied"], points[-2:]
    assert points[-2].split()[2] == councils[0].slug and points[-1].split()[2] == councils[1].slug
    checked = verify.verify(killed.id, actor="test")
    assert checked["ok"], checked["mismatches"]
    assert sum(f["files"] for f in checked["files"]) == len(files_before) > 0
    interrupted = target_fingerprint(target_of(killed.id))
    again = vesta("reorg", "run", str(killed.id), "--quiet")
    assert again.returncode == 0, again.stderr
    assert target_fingerprint(target_of(killed.id)) == interrupted  # a finished run: no change

    lifecycle.rollback(killed.id, actor="test")
    assert fingerprints(*councils) == sources_before
    assert all(tenant_row(c.slug).status == "active" for c in councils)
    assert all(n == [0, "0"] for n in fingerprints(target_of(killed.id)).popitem()[1].values())
    assert stored(target_of(killed.id).schema_name) == {}

    clean = plan(councils, "clean")
    engine.run(clean.id, actor="test", batch_size=int(BATCH))
    straight = target_fingerprint(target_of(clean.id))
    assert straight == interrupted
    assert fingerprints(*councils) == sources_before
    assert stored(*(c.schema_name for c in councils)) == files_before
    lifecycle.rollback(clean.id, actor="test")
