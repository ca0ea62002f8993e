"""Which transaction a step of a run works in: its own, or a dress rehearsal's held one.

A real run freezes its sources, so each batch can commit in a transaction of its own. A dress
rehearsal (:mod:`tenancy.reorg.rehearsal`) leaves the sources live, so it holds ONE
``REPEATABLE READ`` transaction open for the whole rehearsal and every source read and target
write goes through it: the copy, the source fingerprints and verification all see the same
snapshot of the sources, plus the rehearsal's own writes to the scratch target. (A snapshot
imported into separate batch transactions, ``SET TRANSACTION SNAPSHOT``, could not see the
earlier batches' target rows or checkpoints, which are committed after the snapshot: the
checkpoint updates and merged-table upserts would fail to serialise and verification would find
an empty target.) Nothing the held transaction writes is ever committed: the rehearsal rolls it
back, which discards the copy.

Engine steps call :func:`transaction` where they would begin one; outside a rehearsal it is
``sync_engine().begin()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import Connection

from tenancy.db import sync_engine

_HELD: ContextVar[Connection | None] = ContextVar("vesta_reorg_rehearsal", default=None)


def held() -> Connection | None:
    """The rehearsal's held transaction, or ``None`` in a real run."""
    return _HELD.get()


@contextmanager
def rehearsing(connection: Connection) -> Iterator[Connection]:
    """Route the engine's steps through ``connection`` (a rehearsal's open transaction)."""
    token = _HELD.set(connection)
    try:
        yield connection
    finally:
        _HELD.reset(token)


@contextmanager
def transaction() -> Iterator[Connection]:
    """A step's own committed transaction, or, in a rehearsal, the held one (not committed)."""
    connection = _HELD.get()
    if connection is not None:
        yield connection
        return
    with sync_engine().begin() as own:
        yield own


__all__ = ["held", "rehearsing", "transaction"]
