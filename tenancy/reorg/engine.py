"""Running a reorganisation: freeze the sources, copy every table, carry memberships over.

The run is resumable by construction. Each batch — ``INSERT INTO target.t SELECT … FROM
source.t WHERE id > :last ORDER BY id LIMIT :batch`` — and the checkpoint recording it commit in
one transaction (checkpoints are platform rows in the same database), so a run killed at any
instant has either copied a batch and recorded it, or neither; the next run starts after the
last recorded id, and ``ON CONFLICT (id) DO NOTHING`` makes any repeat harmless. A finished run
is a no-op. One run at a time per reorganisation (a session advisory lock, released if the
process dies).

Test hook: with ``VESTA_REORG_KILL_AT=N`` the process SIGKILLs itself at the N-th *kill point*
(table start, after a batch's INSERT but before its checkpoint, after the checkpoint but before
the commit, after the commit, table done, a batch of files copied then re-keyed
(:mod:`tenancy.reorg.files`), memberships); ``VESTA_REORG_KILL_LOG`` names a file
the point is appended to first. Nothing else reads these variables.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from tenancy.db import sync_engine
from tenancy.migrate import tenant_revision
from tenancy.models import Tenant, TenantStatus, utcnow
from tenancy.registry import record_platform_audit
from tenancy.reorg.allocation import AREA_KINDS, blocked, check_placed, resolve_plan
from tenancy.reorg.errors import ReorganisationConflict
from tenancy.reorg.files import copy_files
from tenancy.reorg.fingerprints import schema_fingerprint
from tenancy.reorg.memberships import copy_memberships
from tenancy.reorg.models import (
    Checkpoint,
    Reorganisation,
    ReorgStatus,
    Transfer,
    open_checkpoint,
)
from tenancy.reorg.plan import get_reorganisation, legs_of
from tenancy.reorg.progress import Progress, ProgressCallback
from tenancy.reorg.snapshot import held, transaction
from tenancy.reorg.sqlgen import Leg, copy_batch, copy_whole, count_selected
from tenancy.reorg.tables import TableSpec, tenant_tables
from tenancy.sql import schema_sql

KILL_AT_ENV = "VESTA_REORG_KILL_AT"
KILL_LOG_ENV = "VESTA_REORG_KILL_LOG"
#: Rows per checkpointed batch. Measured with bench/reorg.py (5M rows, 2 cores): 20,000 copies
#: at 1.22x a plain INSERT … SELECT into one target, 5,000 at 1.29x.
DEFAULT_BATCH = 20_000
#: A batch's commit need not wait for its WAL flush: the batch and its checkpoint commit
#: together, so a server crash loses both or neither, and the run resumes from the checkpoint.
ASYNC_COMMIT = schema_sql("SET LOCAL synchronous_commit = off")
FINISHED = frozenset({ReorgStatus.COPIED, ReorgStatus.VERIFIED, ReorgStatus.CUT_OVER})
RUNNABLE = frozenset({ReorgStatus.PLANNED, ReorgStatus.RUNNING, ReorgStatus.FAILED})


class _KillPoints:
    """The test hook (see the module docstring)."""

    def __init__(self) -> None:
        raw = os.environ.get(KILL_AT_ENV)
        self.at = int(raw) if raw else None
        self.seen = 0

    def __call__(self, point: str) -> None:
        if self.at is None:
            return
        self.seen += 1
        if self.seen == self.at:
            log = os.environ.get(KILL_LOG_ENV)
            if log:
                with open(log, "a", encoding="utf-8") as handle:
                    handle.write(point + "\n")
            os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def run_lock(reorg_id: UUID) -> Iterator[Connection]:
    """Hold the reorganisation's run lock on a connection of its own for the whole run."""
    with sync_engine().connect() as connection:
        key = f"vesta:reorg:{reorg_id}"
        got = connection.execute(
            schema_sql("SELECT pg_try_advisory_lock(hashtext(:k))"), {"k": key}
        ).scalar_one()
        connection.commit()
        if not got:
            raise ReorganisationConflict("This reorganisation is being run by another process")
        try:
            yield connection
        finally:
            connection.execute(schema_sql("SELECT pg_advisory_unlock(hashtext(:k))"), {"k": key})
            connection.commit()


def run(
    key: str | UUID,
    *,
    actor: str,
    batch_size: int = DEFAULT_BATCH,
    on_progress: ProgressCallback | None = None,
    specs: Sequence[TableSpec] | None = None,
) -> Reorganisation:
    """Run (or resume) a reorganisation; a finished one is returned unchanged."""
    specs = list(specs or tenant_tables())
    kill = _KillPoints()
    with Session(sync_engine()) as session:
        reorg = get_reorganisation(session, key)
        reorg_id = reorg.id
    with run_lock(reorg_id):
        with Session(sync_engine(), expire_on_commit=False) as session:
            reorg = get_reorganisation(session, reorg_id)
            if reorg.status in FINISHED:
                return reorg
            if reorg.status not in RUNNABLE:
                raise ReorganisationConflict(f"A {reorg.status.value} reorganisation cannot run")
            if reorg.rehearsal != (held() is not None):  # a rehearsal never freezes its sources
                raise ReorganisationConflict(
                    "A rehearsal runs only as a rehearsal (vesta reorg rehearse), and only a "
                    "rehearsal does"
                )
            legs = legs_of(session, reorg_id)
        try:
            _check_revisions(legs)
            check_placed(reorg_id, legs)  # before freezing anything
            _freeze(reorg_id, legs, specs, actor)
            _prepare_checkpoints(legs, specs)
            _copy_all(legs, specs, batch_size, kill, on_progress)
            copy_files(legs, specs, kill)
            copy_memberships(reorg_id, legs, kill)
        except Exception as exc:
            _mark(reorg_id, ReorgStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:4000])
            raise
        return _mark(reorg_id, ReorgStatus.COPIED, copied_at=utcnow(), error=None)


def _mark(reorg_id: UUID, status: ReorgStatus, **values: Any) -> Reorganisation:
    with Session(sync_engine(), expire_on_commit=False) as session, session.begin():
        reorg = session.get_one(Reorganisation, reorg_id, with_for_update=True)
        reorg.status = status
        for field, value in values.items():
            setattr(reorg, field, value)
        return reorg


def _check_revisions(legs: Sequence[Leg]) -> None:
    schemas = {leg.source_schema for leg in legs} | {leg.target_schema for leg in legs}
    with sync_engine().connect() as connection:
        revisions = {schema: tenant_revision(connection, schema) for schema in schemas}
    if len(set(revisions.values())) != 1:
        raise ReorganisationConflict(
            f"Every council must be at the same tenant migration first (vesta db upgrade): "
            f"{revisions}"
        )


def _needs_placing(legs: Sequence[Leg]) -> bool:
    return any(leg.kind in AREA_KINDS for leg in legs)


def _freeze(reorg_id: UUID, legs: Sequence[Leg], specs: Sequence[TableSpec], actor: str) -> None:
    """Make every source read-only, wait out writes already under way, fingerprint the sources
    and mark the run as running — all in one transaction. A rehearsal freezes nothing: its
    fingerprints (and a split's placing) read its held snapshot (:mod:`tenancy.reorg.snapshot`)."""
    rehearsal = held()
    with Session(sync_engine()) as session, session.begin():
        reorg = session.get_one(Reorganisation, reorg_id, with_for_update=True)
        transfers = {
            t.id: t
            for t in session.scalars(select(Transfer).where(Transfer.reorganisation_id == reorg_id))
        }
        for leg in legs:
            transfer = transfers[leg.transfer_id]
            tenant = session.scalars(
                select(Tenant).where(Tenant.id == transfer.source_tenant_id).with_for_update()
            ).one()
            if rehearsal is not None and tenant.status is not TenantStatus.RETIRED:
                continue  # a rehearsal leaves its sources as they are (live)
            if tenant.status is TenantStatus.ACTIVE:
                tenant.status = TenantStatus.READ_ONLY
                transfer.source_was_active = True
                record_platform_audit(
                    session,
                    actor,
                    "tenant.status_changed",
                    tenant.id,
                    {"from": "active", "to": "read_only", "reorganisation": str(reorg_id)},
                )
            elif tenant.status is TenantStatus.READ_ONLY:
                if transfer.source_was_active is None:
                    transfer.source_was_active = False
            else:
                raise ReorganisationConflict(
                    f"{tenant.slug!r} is {tenant.status.value} and cannot be a source"
                )
        connection = session.connection() if rehearsal is None else rehearsal
        if reorg.source_fingerprints is None or rehearsal is not None:
            for leg in legs if rehearsal is None else ():  # a rehearsal's snapshot needs no lock
                # SHARE waits for transactions that began before the freeze
                names = ", ".join(f'{{s}}."{spec.name}"' for spec in specs)
                connection.execute(
                    schema_sql(f"LOCK TABLE {names} IN SHARE MODE", s=leg.source_schema)
                )
            reorg.source_fingerprints = {
                leg.source_slug: schema_fingerprint(connection, leg.source_schema, specs)
                for leg in legs
            }
            if _needs_placing(legs):  # placed once, on the frozen sources
                report = resolve_plan(connection, reorg_id, legs)
                if report["blocking"]:
                    raise ReorganisationConflict(blocked(report))
        if reorg.status is not ReorgStatus.RUNNING:
            record_platform_audit(
                session,
                actor,
                "reorganisation.run_started",
                None,
                {"reorganisation": str(reorg_id), "name": reorg.name},
            )
        reorg.status = ReorgStatus.RUNNING
        reorg.run_by = reorg.run_by or actor
        reorg.run_started_at = reorg.run_started_at or utcnow()


def _prepare_checkpoints(legs: Sequence[Leg], specs: Sequence[TableSpec]) -> None:
    with transaction() as connection:  # a rehearsal's held one (see snapshot.py)
        for leg in legs:
            for position, spec in enumerate(specs):
                total = connection.execute(count_selected(spec, leg), leg.params()).scalar_one()
                connection.execute(open_checkpoint(leg.transfer_id, spec.name, position, total))


def _checkpoints(connection: Connection, legs: Sequence[Leg]) -> dict[tuple[UUID, str], Any]:
    rows = connection.execute(
        select(Checkpoint).where(Checkpoint.transfer_id.in_([leg.transfer_id for leg in legs]))
    )
    return {(row.transfer_id, row.table_name): row for row in rows}


def _copy_all(
    legs: Sequence[Leg],
    specs: Sequence[TableSpec],
    batch_size: int,
    kill: _KillPoints,
    on_progress: ProgressCallback | None,
) -> None:
    with transaction() as connection:  # a rehearsal's checkpoints live in its held one
        state = _checkpoints(connection, legs)
    total = sum(cp.rows_total for cp in state.values())
    copied = sum(cp.rows_copied for cp in state.values())
    for spec in specs:
        for leg in legs:
            cp = state[(leg.transfer_id, spec.name)]
            if cp.done:
                continue
            kill(f"table-start {spec.name} {leg.source_slug}")
            if spec.strategy == "rows":
                done_rows = _copy_rows(
                    spec,
                    leg,
                    cp.last_id,
                    batch_size,
                    kill,
                    on_progress,
                    cp.rows_copied,
                    cp.rows_total,
                    copied,
                    total,
                )
                copied += done_rows
            else:
                with transaction() as connection:  # a rehearsal's held one (see snapshot.py)
                    count = connection.execute(copy_whole(spec, leg)).rowcount
                    _advance(connection, leg, spec, None, cp.rows_total, done=True)
                copied += cp.rows_total
                if on_progress:
                    on_progress(
                        Progress(
                            spec.name, leg.source_slug, max(count, 0), cp.rows_total, copied, total
                        )
                    )
            kill(f"table-done {spec.name} {leg.source_slug}")


def _copy_rows(
    spec: TableSpec,
    leg: Leg,
    last: str | None,
    batch_size: int,
    kill: _KillPoints,
    on_progress: ProgressCallback | None,
    rows_copied: int,
    rows_total: int,
    copied: int,
    total: int,
) -> int:
    """Copy one table of one source batch by batch; returns the rows read."""
    read = 0
    while True:
        with transaction() as connection:  # a rehearsal's held one (see snapshot.py)
            connection.execute(ASYNC_COMMIT)
            statement = copy_batch(spec, leg, first=last is None)
            batch_last, seen, _inserted = connection.execute(
                statement, {"last": last, "batch": batch_size, **leg.params()}
            ).one()
            kill(f"batch-inserted {spec.name} {leg.source_slug} after={last}")
            done = seen < batch_size
            _advance(connection, leg, spec, batch_last or last, seen, done=done)
            kill(f"checkpoint-written {spec.name} {leg.source_slug} after={last}")
        kill(f"batch-committed {spec.name} {leg.source_slug} after={last}")
        read += seen
        last = batch_last or last
        if on_progress:
            on_progress(
                Progress(
                    spec.name, leg.source_slug, rows_copied + read, rows_total, copied + read, total
                )
            )
        if done:
            return read


def _advance(
    connection: Connection, leg: Leg, spec: TableSpec, last: str | None, rows: int, *, done: bool
) -> None:
    connection.execute(
        update(Checkpoint)
        .where(Checkpoint.transfer_id == leg.transfer_id, Checkpoint.table_name == spec.name)
        .values(
            last_id=last,
            rows_copied=Checkpoint.rows_copied + rows,
            done=done,
            updated_at=utcnow(),
        )
    )
