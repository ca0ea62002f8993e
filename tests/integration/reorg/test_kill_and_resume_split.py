"""SIGKILL a ward split and a service transfer into a live council at chosen points — mid-batch
(after the INSERT, after the checkpoint, after the commit), between tables, between copying
documents' files and re-keying them and after, and while carrying memberships over — and each
re-run resumes to exactly what an uninterrupted run gives: every target's tables by checksum
(documents' storage keys, which name the target's own schema, compared by their form and their
files' bytes: ``target_fingerprint``) and every person's roles in every target.

Each plan is first run uninterrupted in this process, recording the engine's kill points in
order; a killed run's next run goes through the rest of that same sequence (plus the start of
the table it was killed in, when it died inside one), so each kill is aimed at a point of a
chosen kind, and the point the engine logs as it dies is checked to be that one.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from reorg_support import (
    FILES_PER_COUNCIL,
    fingerprints,
    roles_in,
    rolled_back_into,
    seeded_councils,
    service_transfer,
    stored,
    target_fingerprint,
    targets_of,
    vesta,
    ward_split,
)

BATCH = 8
BATCH_POINTS = ("batch-inserted", "checkpoint-written", "batch-committed")


@pytest.fixture(scope="module")
def councils() -> list[Any]:
    return seeded_councils("ksp", count=2)


def _kind(point: str) -> str:
    return point.split()[0]


class Resumption:
    """Where the next run of a killed plan is in the uninterrupted run's kill points: it goes
    through ``points[start:]``, first re-entering the table it died in when ``reentered``."""

    def __init__(self, points: Sequence[str]) -> None:
        self.points = list(points)
        self.start = 0
        self.reentered = 0

    def kill_at(self, index: int) -> int:
        assert index >= self.start, (index, self.start)
        return self.reentered + index - self.start + 1

    def killed(self, index: int) -> None:
        kind = _kind(self.points[index])
        last_batch = index + 1 < len(self.points) and _kind(self.points[index + 1]) == "table-done"
        self.start, self.reentered = {
            "table-start": (index, 0),  # nothing of it committed: done again
            "batch-inserted": (index, 1),
            "checkpoint-written": (index - 1, 1),
            "batch-committed": (index + 2, 0) if last_batch else (index + 1, 1),
            "files-copied": (index, 0),  # the files are copied again, then re-keyed
            "memberships-granted": (index, 0),
            "memberships-checkpoint-written": (index - 1, 0),
        }.get(kind, (index + 1, 0))  # table-done, files-rekeyed, memberships-committed


def _aims(points: Sequence[str], wanted: Sequence[tuple[str, Callable[[int], bool]]]) -> list[int]:
    """One index per wanted kind, in order; each aim in a table other than the previous aim's."""
    found: list[int] = []
    for kind, also in wanted:
        after = found[-1] if found else -1
        index = next(
            i
            for i in range(after + 1, len(points))
            if _kind(points[i]) == kind
            and also(i)
            and (
                kind.startswith(("memberships", "files"))
                or after < 0
                or _table(points, i) != _table(points, after)
            )
        )
        found.append(index)
    return found


def _table(points: Sequence[str], index: int) -> str:
    return points[index].split()[1]


def _outcome(reorg_id: Any) -> tuple[list[Any], list[dict[str, set[str]]]]:
    targets = targets_of(reorg_id)
    return [target_fingerprint(t) for t in targets], [roles_in(t.id) for t in targets]


def _recorder(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The kill points an in-process run passes, in order (the hook itself stays disarmed)."""
    from tenancy.reorg import engine

    seen: list[str] = []
    hook = engine._KillPoints.__call__

    def record(self: Any, point: str) -> None:
        seen.append(point)
        hook(self, point)

    monkeypatch.setattr(engine._KillPoints, "__call__", record)
    return seen


def _kill_and_finish(reorg_id: Any, points: Sequence[str], aims: Sequence[int], log: Path) -> None:
    resumption = Resumption(points)
    for index in aims:
        result = vesta(
            "reorg", "run", str(reorg_id), "--batch-size", str(BATCH), "--quiet",
            kill_at=resumption.kill_at(index), log=log,
        )  # fmt: skip
        assert result.returncode == -signal.SIGKILL, result.stderr
        assert log.read_text().splitlines()[-1] == points[index]
        resumption.killed(index)
    result = vesta("reorg", "run", str(reorg_id), "--batch-size", str(BATCH), "--quiet")
    assert result.returncode == 0, result.stderr


def _mid_table(points: Sequence[str]) -> Callable[[int], bool]:
    """True for a point of a batch that is neither its table's first nor its last."""

    def mid(index: int) -> bool:
        first = index - BATCH_POINTS.index(_kind(points[index]))  # its batch-inserted
        return _kind(points[first - 1]) == "batch-committed" and (
            _kind(points[first + len(BATCH_POINTS)]) == "batch-inserted"
        )

    return mid


def test_a_killed_ward_split_resumes_to_the_uninterrupted_result(
    councils: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tenancy.reorg import engine, lifecycle, verify

    source = councils[0]
    before, files_before = fingerprints(source), stored(source.schema_name)
    points = _recorder(monkeypatch)
    clean = ward_split(source, "ksp")
    engine.run(clean.id, actor="test", batch_size=BATCH)
    straight = _outcome(clean.id)
    assert all(straight[1]), "every target has people"
    lifecycle.rollback(clean.id, actor="test")

    legs = {p.split()[-1] for p in points if p.startswith("memberships")}
    assert len(legs) == 2, points[-6:]
    assert sum(t["@files"][0] for t in straight[0]) == FILES_PER_COUNCIL  # the source's files
    mid = _mid_table(points)
    aims = _aims(
        points,
        [
            ("batch-inserted", mid),
            ("checkpoint-written", mid),
            ("table-done", lambda i: True),
            ("files-copied", lambda i: True),  # the first target's files, not yet re-keyed
            ("files-rekeyed", lambda i: True),  # the same, copied again, re-keyed
            ("memberships-granted", lambda i: points[i].endswith("#1")),
        ],
    )
    killed = ward_split(source, "ksp")
    _kill_and_finish(killed.id, points, aims, tmp_path / "kills.log")
    checked = verify.verify(killed.id, actor="test")
    assert checked["ok"], checked["mismatches"]
    resumed = _outcome(killed.id)
    assert resumed == straight

    engine.run(killed.id, actor="test")
    assert _outcome(killed.id) == resumed  # a finished run changes nothing
    lifecycle.rollback(killed.id, actor="test")
    assert fingerprints(source) == before
    assert stored(source.schema_name) == files_before
    assert all(roles_in(t.id) == {} for t in targets_of(killed.id))
    assert all(stored(t.schema_name) == {} for t in targets_of(killed.id))


def test_a_killed_service_transfer_resumes_to_the_uninterrupted_result(
    councils: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tenancy.reorg import engine, lifecycle, verify

    source, target = councils[1], councils[0]
    before = fingerprints(source, target)
    roles_before = roles_in(target.id)
    points = _recorder(monkeypatch)
    clean = service_transfer(source, target, "ksp licensing", ("licensing",))
    engine.run(clean.id, actor="test", batch_size=BATCH)
    straight = _outcome(clean.id)
    assert straight[1][0] != roles_before  # the source's licensing officer came over
    lifecycle.rollback(clean.id, actor="test")

    aims = _aims(
        points,
        [
            ("batch-committed", _mid_table(points)),
            ("table-start", lambda i: True),
            ("memberships-granted", lambda i: True),
        ],
    )
    killed = service_transfer(source, target, "ksp licensing", ("licensing",))
    _kill_and_finish(killed.id, points, aims, tmp_path / "kills.log")
    checked = verify.verify(killed.id, actor="test")
    assert checked["ok"], checked["mismatches"]
    assert _outcome(killed.id) == straight
    lifecycle.rollback(killed.id, actor="test")
    assert fingerprints(source)[source.slug] == before[source.slug]
    after = rolled_back_into(target, killed.id)
    assert after["fingerprint"] == before[target.slug] and len(after["notes"]) == 1
    assert roles_in(target.id) == roles_before
