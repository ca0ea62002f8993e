"""SIGKILL the CLI run at many points (between tables, mid-batch before and after the
checkpoint, after commits); each re-run resumes, and the result is identical, by checksum, to
an uninterrupted run. A write to a frozen source gets 423 naming the reorganisation. Running a
finished run again changes nothing. Uses the engine's documented kill hook
(``VESTA_REORG_KILL_AT``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import sign_in
from reorg_support import OFFICERS, fingerprints, plan, seeded_councils, target_of, tenant_row

BATCH = "4"


def vesta(*args: str, kill_at: int | None = None, log: Path | None = None) -> Any:
    env = os.environ.copy()
    if kill_at is not None:
        env["VESTA_REORG_KILL_AT"] = str(kill_at)
        env["VESTA_REORG_KILL_LOG"] = str(log)
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def councils() -> list[Any]:
    return seeded_councils("kil")


async def test_killed_runs_resume_to_the_uninterrupted_result(
    councils: list[Any], anonymous: Any, tmp_path: Path
) -> None:
    from tenancy.reorg import engine, lifecycle, verify

    sources_before = fingerprints(*councils)
    killed = plan(councils, "killed")
    log = tmp_path / "kills.log"
    kills = 0
    # 24 runs, each killed after a different number of kill points (so each stops somewhere
    # new), then one left to finish.
    for attempt in range(25):
        kill_at = None if attempt == 24 else 1 + (attempt * 17) % 61
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
    assert verify.verify(killed.id, actor="test")["ok"]
    interrupted = fingerprints(target_of(killed.id))
    again = vesta("reorg", "run", str(killed.id), "--quiet")
    assert again.returncode == 0, again.stderr
    assert fingerprints(target_of(killed.id)) == interrupted  # a finished run changes nothing

    lifecycle.rollback(killed.id, actor="test")
    assert fingerprints(*councils) == sources_before
    assert all(tenant_row(c.slug).status == "active" for c in councils)
    assert all(n == [0, "0"] for n in fingerprints(target_of(killed.id)).popitem()[1].values())

    clean = plan(councils, "clean")
    engine.run(clean.id, actor="test", batch_size=int(BATCH))
    straight = fingerprints(target_of(clean.id))
    assert list(straight.values()) == list(interrupted.values())
    assert fingerprints(*councils) == sources_before
    lifecycle.rollback(clean.id, actor="test")
