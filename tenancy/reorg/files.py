"""Moving documents' files with their rows. After the table copy, every file named by a row a
leg copied (the key columns of ``FILE_KEYS``: ``documents.storage_key``) is copied in the
document store from the source's prefix to the target's — ``<target schema>/<case id>/<document
id>`` — and the target row's key is rewritten to it, in SQL on the target. A row with no key
(a document held by reference only) has no file and is left alone.

In a dress rehearsal (:mod:`tenancy.reorg.snapshot`) every row read and write goes through the
rehearsal's held transaction, so the copy sees the scratch target's rows and checkpoints; the
files themselves cannot be rolled back with it, so each key copied is recorded
(:func:`recording_copies`) and the rehearsal's discard deletes them (:func:`discard_files`).

Resumable and idempotent: a leg's pending documents are those whose target key is not yet the
expected one. They are taken in batches: the batch's files are copied (copying one again is
harmless, ``put`` replaces a file whole), then its keys are rewritten in one transaction, so a
run killed anywhere redoes at most one batch. A leg's ``@files`` checkpoint marks it done. A
source file that is missing is not copied (its key is still rewritten) and verification reports
it. Sources' files are only ever read; :func:`remove_copied_files` (rollback) deletes target
keys only. :func:`check_files` is verification's part: every copied row's key is the expected
one, and its file is in the target with the size and SHA-256 the row records (else the
source file's).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from anyio.from_thread import BlockingPortal, start_blocking_portal
from sqlalchemy import Connection, select, update

from tenancy.models import utcnow
from tenancy.reorg.models import Checkpoint, open_checkpoint
from tenancy.reorg.snapshot import transaction
from tenancy.reorg.sqlgen import Leg, q
from tenancy.reorg.tables import FILE_KEYS, TableSpec
from tenancy.sql import schema_sql
from tenancy.storage import DocumentNotFound, DocumentStore, document_store_from_env

FILES = "@files"
#: Checkpoint position of ``@files`` rows (negative: not a table, left out of progress).
FILES_POSITION = -2
#: Documents per batch: their files are copied, then their keys rewritten in one transaction.
FILE_BATCH = 100
#: Columns a file-bearing table may have: the media type to store it with, and the size and
#: SHA-256 recorded at upload that verification checks the target's file against.
MEDIA_TYPE_COLUMN, SIZE_COLUMN, HASH_COLUMN = "mime_type", "size_bytes", "sha256"
GENERIC_MEDIA_TYPE = "application/octet-stream"
#: Examples listed per kind of file mismatch in the verification report.
EXAMPLES = 10
#: The target keys a rehearsal has copied files to (``None`` outside one).
_RECORDED: ContextVar[set[str] | None] = ContextVar("vesta_reorg_copied_files", default=None)


class BlockingStore:
    """A document store driven from synchronous code (the engine) through an anyio portal: an
    event loop in a worker thread of its own."""

    def __init__(self, store: DocumentStore, portal: BlockingPortal) -> None:
        self.store = store
        self._portal = portal

    def copy(self, source: str, target: str, media_type: str) -> bool:
        """Copy ``source`` to ``target``; false if there is no file at ``source``."""
        return self._portal.call(self._copy, source, target, media_type)

    def digest(self, key: str) -> tuple[int, str] | None:
        """The file's size and SHA-256 (hex), or ``None`` if there is none under ``key``."""
        return self._portal.call(self._digest, key)

    def delete(self, key: str) -> None:
        self._portal.call(self.store.delete, key)

    async def _copy(self, source: str, target: str, media_type: str) -> bool:
        try:
            content = await self.store.open(source)
        except DocumentNotFound:
            return False
        await self.store.put(target, content, content_type=media_type)
        return True

    async def _digest(self, key: str) -> tuple[int, str] | None:
        try:
            content = await self.store.open(key)
        except DocumentNotFound:
            return None
        digest, size = hashlib.sha256(), 0
        async for chunk in content:
            digest.update(chunk)
            size += len(chunk)
        return size, digest.hexdigest()


@contextmanager
def blocking_store(store: DocumentStore | None = None) -> Iterator[BlockingStore]:
    """The process's document store (or ``store``), usable from synchronous code."""
    with start_blocking_portal() as portal:
        yield BlockingStore(store or document_store_from_env(), portal)


def file_tables(specs: Sequence[TableSpec]) -> list[TableSpec]:
    return [spec for spec in specs if spec.file_key]


def _expected(spec: TableSpec, alias: str) -> str:
    """SQL of the key a row's file has in the target: ``:root`` then the path columns."""
    path = [f"CAST({alias}.{q(c)} AS text)" for c in FILE_KEYS[spec.name][1]]
    return " || '/' || ".join(["CAST(:root AS text)", *path])


def _params(leg: Leg) -> dict[str, Any]:
    return {"root": leg.target_schema}


def _copied(spec: TableSpec, leg: Leg, select_list: str, where: str = "") -> Any:
    """``SELECT … `` over the rows the leg copied (kept ids) whose source row names a file."""
    key, t = q(spec.file_key or ""), q(spec.name)
    return schema_sql(
        f"SELECT {select_list} FROM {{src}}.{t} s JOIN {{tgt}}.{t} t ON t.id = s.id "
        f"WHERE s.{key} IS NOT NULL {where}",
        **leg.schemas(),
    )


def _column(spec: TableSpec, name: str, alias: str = "s") -> str:
    return f"{alias}.{q(name)}" if name in spec.columns else "NULL"


# --- Copying -------------------------------------------------------------------------------


@contextmanager
def recording_copies() -> Iterator[set[str]]:
    """Collect every target key :func:`copy_files` writes while the block runs (a rehearsal's,
    whose copied rows are rolled back but whose files are not): recorded *before* each copy, so
    a file half written when the copy failed is in the set too."""
    recorded: set[str] = set()
    token = _RECORDED.set(recorded)
    try:
        yield recorded
    finally:
        _RECORDED.reset(token)


def copy_files(
    legs: Sequence[Leg],
    specs: Sequence[TableSpec],
    kill: Callable[[str], None],
    *,
    batch_size: int = FILE_BATCH,
    store: DocumentStore | None = None,
) -> None:
    """Copy the files of every leg's copied rows to the target and rewrite their keys."""
    tables = file_tables(specs)
    if not tables:
        return
    with blocking_store(store) as files:
        for leg in legs:
            if not _start(leg, tables):
                continue
            for spec in tables:
                _copy_leg(files, spec, leg, kill, batch_size)
            _finish(leg)


def _start(leg: Leg, tables: Sequence[TableSpec]) -> bool:
    """Record the leg's ``@files`` checkpoint (once); false if the leg is done already."""
    with transaction() as connection:  # a rehearsal's held one (see snapshot.py)
        total = sum(
            int(connection.execute(_copied(spec, leg, "count(*)")).scalar_one()) for spec in tables
        )
        connection.execute(open_checkpoint(leg.transfer_id, FILES, FILES_POSITION, total))
        done = connection.execute(
            select(Checkpoint.done).where(
                Checkpoint.transfer_id == leg.transfer_id, Checkpoint.table_name == FILES
            )
        ).scalar_one()
    return not done


def _copy_leg(
    files: BlockingStore,
    spec: TableSpec,
    leg: Leg,
    kill: Callable[[str], None],
    batch_size: int,
) -> None:
    key, t = q(spec.file_key or ""), q(spec.name)
    expected = _expected(spec, "t")
    pending = _copied(
        spec,
        leg,
        f"CAST(t.id AS text), s.{key}, {expected}, {_column(spec, MEDIA_TYPE_COLUMN)}",
        f"AND t.{key} IS DISTINCT FROM {expected} ORDER BY t.id LIMIT :batch",
    )
    rekey = schema_sql(
        f"UPDATE {{tgt}}.{t} t SET {key} = {expected} WHERE t.id = ANY(CAST(:ids AS uuid[]))",
        tgt=leg.target_schema,
    )
    recorded = _RECORDED.get()
    while True:
        with transaction() as connection:  # in a rehearsal, it sees the rows it copied
            batch = connection.execute(pending, {**_params(leg), "batch": batch_size}).all()
        if not batch:
            return
        copied = 0
        for _, source_key, target_key, media_type in batch:
            if recorded is not None:
                recorded.add(target_key)
            copied += files.copy(source_key, target_key, media_type or GENERIC_MEDIA_TYPE)
        kill(f"files-copied {spec.name} {leg.source_slug} from={batch[0][0]}")
        with transaction() as connection:
            connection.execute(rekey, {**_params(leg), "ids": [row[0] for row in batch]})
            _advance(connection, leg, rows_copied=Checkpoint.rows_copied + copied)
        kill(f"files-rekeyed {spec.name} {leg.source_slug} from={batch[0][0]}")


def _advance(connection: Connection, leg: Leg, **values: Any) -> None:
    """Update the leg's ``@files`` checkpoint in the step's transaction."""
    connection.execute(
        update(Checkpoint)
        .where(Checkpoint.transfer_id == leg.transfer_id, Checkpoint.table_name == FILES)
        .values(**values, updated_at=utcnow())
    )


def _finish(leg: Leg) -> None:
    with transaction() as connection:
        _advance(connection, leg, done=True)


# --- Verifying -----------------------------------------------------------------------------


def check_files(
    connection: Connection,
    specs: Sequence[TableSpec],
    legs: Sequence[Leg],
    *,
    store: DocumentStore | None = None,
) -> list[dict[str, Any]]:
    """Per file-bearing table and leg: rows whose target key is not the expected one, files
    missing from the target, and files that differ from what the row records."""
    tables = file_tables(specs)
    if not tables:
        return []
    found: list[dict[str, Any]] = []
    with blocking_store(store) as files:
        for spec in tables:
            for leg in legs:
                found.append(_check_leg(connection, files, spec, leg))
    return found


def _check_leg(
    connection: Connection, files: BlockingStore, spec: TableSpec, leg: Leg
) -> dict[str, Any]:
    key = q(spec.file_key or "")
    rows = connection.execute(
        _copied(
            spec,
            leg,
            f"CAST(t.id AS text), t.{key}, {_expected(spec, 't')}, s.{key}, "
            f"{_column(spec, SIZE_COLUMN)}, {_column(spec, HASH_COLUMN)}",
            "ORDER BY t.id",
        ),
        _params(leg),
    )
    wrong: list[str] = []
    missing: list[str] = []
    differing: list[str] = []
    count = 0
    for record, actual, expected, source_key, size, sha256 in rows:
        count += 1
        if actual != expected:
            wrong.append(record)
        held = files.digest(expected)
        if held is None:
            missing.append(record)
            continue
        recorded = (int(size), sha256) if size is not None and sha256 else None
        if held != (recorded or files.digest(source_key)):
            differing.append(record)
    return {
        "table": spec.name,
        "source": leg.source_slug,
        "targetSchema": leg.target_schema,
        "files": count,
        "wrongKeys": len(wrong),
        "missingFiles": len(missing),
        "differingFiles": len(differing),
        "examples": {
            "wrongKeys": wrong[:EXAMPLES],
            "missingFiles": missing[:EXAMPLES],
            "differingFiles": differing[:EXAMPLES],
        },
        "ok": not (wrong or missing or differing),
    }


# --- Rolling back --------------------------------------------------------------------------


def copied_keys(
    connection: Connection, legs: Sequence[Leg], specs: Sequence[TableSpec]
) -> list[str]:
    """The target keys the run copies files to, for the rows it copied (whether or not their
    files have been copied yet): every one is under its target's prefix."""
    keys: list[str] = []
    for spec in file_tables(specs):
        for leg in legs:
            sql = _copied(spec, leg, _expected(spec, "t"), "ORDER BY t.id")
            keys += [k for (k,) in connection.execute(sql, _params(leg))]
    return keys


def remove_copied_files(
    connection: Connection,
    legs: Sequence[Leg],
    specs: Sequence[TableSpec],
    *,
    store: DocumentStore | None = None,
) -> int:
    """Delete from the store the files the run copied to the targets (call before the copied
    rows are removed); sources' files are untouched. Returns how many keys were cleared."""
    keys = copied_keys(connection, legs, specs)
    return discard_files(keys, {leg.target_schema for leg in legs}, store=store)


def discard_files(
    keys: Collection[str], target_schemas: Collection[str], *, store: DocumentStore | None = None
) -> int:
    """Delete ``keys`` from the store, each of which must be under one of the targets'
    prefixes (``<schema>/``): a source's file is never deleted. Returns how many were."""
    targets = tuple(f"{schema}/" for schema in target_schemas)
    strays = sorted(key for key in keys if not key.startswith(targets))
    if strays:  # never reached: keys are built under them
        raise ValueError(f"{strays[0]!r} is not under a target's prefix")
    if keys:
        with blocking_store(store) as files:
            for key in sorted(keys):
                files.delete(key)
    return len(keys)


__all__ = [
    "FILES",
    "BlockingStore",
    "blocking_store",
    "check_files",
    "copied_keys",
    "copy_files",
    "discard_files",
    "file_tables",
    "recording_copies",
    "remove_copied_files",
]
