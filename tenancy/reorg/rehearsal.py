"""A dress rehearsal: the whole flow of a reorganisation, run into a scratch target while the
sources stay live, timed, verified, and then discarded.

A rehearsal is a plan made with ``rehearsal=True`` (its targets are scratch councils the plan
created; :func:`tenancy.reorg.plan.refuse_live_rehearsal_target`). :func:`rehearse`:

1. opens ONE ``REPEATABLE READ`` transaction and holds it for the whole rehearsal
   (:mod:`tenancy.reorg.snapshot`): the engine's run goes through it — nothing is frozen,
   officers keep writing to the sources (their writes commit; the rehearsal does not see them),
   source fingerprints, the copy and verification all read the same snapshot, so verification is
   exact however busy the sources are;
2. records a report — per table the rows and seconds, the phases, the total, the verification
   result — for operators to estimate how long vesting day's run will take;
3. rolls the held transaction back (the copy and its checkpoints were never committed), recreates
   the scratch schema empty from the template, revokes the memberships the run granted, deletes
   every document file the run copied under the scratch target's prefix (files are not rolled
   back with the transaction: :func:`tenancy.reorg.files.recording_copies`), and ends the
   reorganisation ``rehearsed`` (final) with its report. The scratch council stays
   ``provisioning``, so it answers every request with 423 and cannot be used; a later plan into
   the same slug may reuse it, as after a rollback.

If anything fails, the scratch target is discarded the same way and the reorganisation is left
``failed`` with the error (a rehearsal can be run again).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from tenancy.db import sync_engine
from tenancy.models import Tenant, utcnow
from tenancy.provisioning import clone_template, drop_schema, ensure_template_current
from tenancy.registry import record_platform_audit
from tenancy.reorg import engine
from tenancy.reorg.errors import ReorganisationConflict
from tenancy.reorg.files import discard_files, recording_copies
from tenancy.reorg.memberships import revoke_memberships
from tenancy.reorg.models import Checkpoint, Reorganisation, ReorgStatus, Transfer
from tenancy.reorg.plan import get_reorganisation, transfers_of
from tenancy.reorg.progress import Progress, ProgressCallback
from tenancy.reorg.snapshot import rehearsing
from tenancy.reorg.tables import TableSpec, tenant_tables
from tenancy.reorg.verify import verify
from tenancy.sql import schema_sql

#: A rehearsal starts from any of these (anything but planned means an earlier attempt died:
#: its copy died with its transaction, so it starts again from the beginning).
REHEARSABLE = frozenset(
    {
        ReorgStatus.PLANNED,
        ReorgStatus.RUNNING,
        ReorgStatus.COPIED,
        ReorgStatus.VERIFIED,
        ReorgStatus.FAILED,
    }
)


class _Clock:
    """Times the copy from the engine's progress: each batch's seconds go to its table. The
    first interval (fingerprints and row counts, then the first batch) is ``preparing``."""

    def __init__(self, forward: ProgressCallback | None) -> None:
        self.forward = forward
        self.last = time.monotonic()
        self.preparing: float | None = None
        self.tables: dict[str, dict[str, Any]] = {}
        self._rows: dict[tuple[str, str], int] = {}

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        entry = self.tables.setdefault(progress.table, {"rows": 0, "seconds": 0.0})
        if self.preparing is None:
            self.preparing = now - self.last
        else:
            entry["seconds"] += now - self.last
        self.last = now
        key = (progress.table, progress.source)
        entry["rows"] += progress.rows_copied - self._rows.get(key, 0)
        self._rows[key] = progress.rows_copied
        if self.forward is not None:
            self.forward(progress)

    def table_report(self) -> list[dict[str, Any]]:
        return [
            {"table": name, "rows": t["rows"], "seconds": round(t["seconds"], 3)}
            for name, t in self.tables.items()
        ]


@contextmanager
def _exclusive(reorg_id: UUID) -> Iterator[None]:
    """One rehearsal at a time per plan (the engine's own run lock is taken inside it)."""
    with sync_engine().connect() as connection:
        key = {"k": f"vesta:reorg-rehearsal:{reorg_id}"}
        got = connection.execute(
            schema_sql("SELECT pg_try_advisory_lock(hashtext(:k))"), key
        ).scalar_one()
        connection.commit()
        if not got:
            raise ReorganisationConflict("This rehearsal is being run by another process")
        try:
            yield
        finally:
            connection.execute(schema_sql("SELECT pg_advisory_unlock(hashtext(:k))"), key)
            connection.commit()


def _start(key: str | UUID) -> UUID:
    """Check the plan is a rehearsal that can run, and reset an earlier attempt to planned."""
    with Session(sync_engine()) as session, session.begin():
        reorg = get_reorganisation(session, key)
        session.refresh(reorg, with_for_update=True)
        if not reorg.rehearsal:
            raise ReorganisationConflict(
                "Only a plan made as a rehearsal can be rehearsed (plan it again with rehearsal)"
            )
        if reorg.status not in REHEARSABLE:
            raise ReorganisationConflict(
                f"A {reorg.status.value} reorganisation cannot be rehearsed"
            )
        reorg.status = ReorgStatus.PLANNED
        return reorg.id


def rehearse(
    key: str | UUID,
    *,
    actor: str,
    batch_size: int = engine.DEFAULT_BATCH,
    on_progress: ProgressCallback | None = None,
    specs: Sequence[TableSpec] | None = None,
) -> dict[str, Any]:
    """Rehearse a reorganisation planned as a rehearsal; returns (and stores) the report."""
    specs = list(specs or tenant_tables())
    with Session(sync_engine()) as session:
        reorg_id = get_reorganisation(session, key).id
    with _exclusive(reorg_id):
        _start(reorg_id)
        ensure_template_current()  # the discard clones it; never inside the held transaction
        clock = _Clock(on_progress)
        began, started_at = time.monotonic(), utcnow()
        copied_files: set[str] = set()
        try:
            with sync_engine().connect() as held, recording_copies() as copied_files:
                held.execution_options(isolation_level="REPEATABLE READ")
                transaction = held.begin()
                # The first statement fixes the snapshot every later read of the rehearsal sees.
                snapshot_at = held.execute(select(func.now())).scalar_one()
                with rehearsing(held):
                    engine.run(
                        reorg_id,
                        actor=actor,
                        batch_size=batch_size,
                        on_progress=clock,
                        specs=specs,
                    )
                    copied = time.monotonic()
                    verification = verify(reorg_id, actor=actor, specs=specs)
                    verified = time.monotonic()
                transaction.rollback()  # discards the copy: none of it was ever committed
        except Exception as exc:
            _discard(reorg_id, actor, copied_files, error=f"{type(exc).__name__}: {exc}"[:4000])
            raise
        report: dict[str, Any] = {
            "ok": bool(verification["ok"]),
            "snapshotAt": snapshot_at.isoformat(),
            "startedAt": started_at.isoformat(),
            "rows": sum(t["rows"] for t in clock.tables.values()),
            "tables": clock.table_report(),
            "phases": {
                "preparing": round(clock.preparing or 0.0, 3),
                "run": round(copied - began, 3),
                "verify": round(verified - copied, 3),
            },
            "verification": {
                "ok": bool(verification["ok"]),
                "mismatches": verification["mismatches"],
                "danglingForeignKeys": verification["danglingForeignKeys"],
                "sources": verification["sources"],
                "files": verification["files"],
            },
        }
        discarding = time.monotonic()
        _discard(reorg_id, actor, copied_files, report=report, began=began, discarding=discarding)
    return report


def _discard(
    reorg_id: UUID,
    actor: str,
    copied_files: set[str],
    *,
    report: dict[str, Any] | None = None,
    error: str | None = None,
    began: float = 0.0,
    discarding: float = 0.0,
) -> None:
    """Empty the scratch targets (schema recreated from the template, the files copied under
    their prefixes deleted), take back the run's grants and checkpoints, and end the
    reorganisation ``rehearsed`` (or ``failed``)."""
    with Session(sync_engine()) as session:
        transfers = transfers_of(session, reorg_id)
        targets = [t.target_tenant_id for t in transfers]
        scratch = list(session.scalars(select(Tenant.schema_name).where(Tenant.id.in_(targets))))
    try:
        _discard_rows(
            reorg_id, actor, transfers, scratch, len(copied_files), report, error, began, discarding
        )
    finally:  # whatever else happened: files are not rolled back with the rows
        discard_files(copied_files, scratch)


def _discard_rows(
    reorg_id: UUID,
    actor: str,
    transfers: Sequence[Transfer],
    scratch: Sequence[str],
    files_discarded: int,
    report: dict[str, Any] | None,
    error: str | None,
    began: float = 0.0,
    discarding: float = 0.0,
) -> None:
    """The rows' part of :func:`_discard`, in one transaction."""
    with Session(sync_engine()) as session, session.begin():
        reorg = session.get_one(Reorganisation, reorg_id, with_for_update=True)
        connection = session.connection()
        for schema_name in scratch:
            drop_schema(connection, schema_name)
            clone_template(connection, schema_name)
        revoked = revoke_memberships(session, reorg_id)
        session.execute(
            delete(Checkpoint).where(Checkpoint.transfer_id.in_([t.id for t in transfers]))
        )
        if report is None:
            reorg.status, reorg.error = ReorgStatus.FAILED, error
            return
        now = time.monotonic()
        report["phases"]["discard"] = round(now - discarding, 3)
        report["totalSeconds"] = round(now - began, 3)
        report["finishedAt"] = utcnow().isoformat()
        report["membershipsRevoked"] = revoked
        report["filesDiscarded"] = files_discarded
        reorg.status, reorg.error = ReorgStatus.REHEARSED, None
        reorg.rehearsal_report = report
        record_platform_audit(
            session,
            actor,
            "reorganisation.rehearsed",
            transfers[0].target_tenant_id if transfers else None,
            {
                "reorganisation": str(reorg_id),
                "name": reorg.name,
                "ok": report["ok"],
                "rows": report["rows"],
                "seconds": report["totalSeconds"],
            },
        )


def rehearsal_report(key: str | UUID) -> dict[str, Any] | None:
    """The stored report of a rehearsal (``None`` until one has finished)."""
    with Session(sync_engine()) as session:
        return get_reorganisation(session, key).rehearsal_report


__all__ = ["REHEARSABLE", "rehearsal_report", "rehearse"]
