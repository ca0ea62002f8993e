"""The SQL of a run, built from a table's description (:mod:`tenancy.reorg.tables`) and one
leg of the plan (a source going to a target).

Every schema name passes through :func:`tenancy.sql.schema_sql` (validated and quoted); column
and table names come from the model metadata, never from input; values are bound parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from sqlalchemy import TextClause

from tenancy.reorg.tables import LEGACY_COLUMN, ORIGIN_COLUMN, TableSpec
from tenancy.sql import schema_sql


@dataclass(frozen=True, slots=True)
class Leg:
    """One transfer, resolved: where from, where to, and the other sources of the same target
    (``others``, in plan order; ``earlier`` are those before this one)."""

    transfer_id: UUID
    position: int
    source_slug: str
    source_schema: str
    source_gss: str
    prefix: str
    target_schema: str
    others: tuple[str, ...]
    earlier: tuple[str, ...]
    #: The transfer's selector kind (``all``, ``services``, ``area``, ``boundary``), the services
    #: a ``services`` transfer moves, and whether the target held data of its own before.
    kind: str = "all"
    services: tuple[str, ...] = ()
    existing_target: bool = False
    #: The other transfers of the same source (their ids), for what no transfer claims.
    siblings: tuple[UUID, ...] = field(default=())

    @property
    def restores(self) -> bool:
        """A split or transfer leg undoes an earlier merge's prefix where it can."""
        return self.kind != "all"

    def schemas(self) -> dict[str, str]:
        named = {"src": self.source_schema, "tgt": self.target_schema}
        named.update({f"o{i}": schema for i, schema in enumerate(self.others)})
        return named

    def params(self) -> dict[str, object]:
        return {"prefix": f"{self.prefix}-", "gss": self.source_gss}


def q(name: str) -> str:
    """A metadata identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def cols(names: tuple[str, ...] | list[str], alias: str = "") -> str:
    dot = f"{alias}." if alias else ""
    return ", ".join(f"{dot}{q(c)}" for c in names)


def collides(spec: TableSpec, leg: Leg, column: str) -> str:
    """SQL true when the source row's ``column`` value is also held by another source."""
    tests = [
        f"EXISTS (SELECT 1 FROM {{o{i}}}.{q(spec.name)} o WHERE o.{q(column)} = s.{q(column)})"
        for i in range(len(leg.others))
    ]
    if leg.existing_target:
        tests.append(held_by_target(spec, leg, f"s.{q(column)}", column))
    if not tests:
        return "false"
    return "(" + " OR ".join(tests) + ")"


def held_by_target(spec: TableSpec, leg: Leg, value: str, column: str) -> str:
    """SQL true when a row the target held of its own (not copied from a source of the plan)
    has ``value`` in ``column``."""
    sources = ["src", *(f"o{i}" for i in range(len(leg.others)))]
    copied = " OR ".join(
        f"EXISTS (SELECT 1 FROM {{{name}}}.{q(spec.name)} c WHERE c.id = o.id)" for name in sources
    )
    return (
        f"EXISTS (SELECT 1 FROM {{tgt}}.{q(spec.name)} o WHERE o.{q(column)} = {value} "
        f"AND NOT ({copied}))"
    )


def projection(spec: TableSpec, leg: Leg) -> list[str]:
    """The source row as it is to arrive in the target, column by column."""
    from tenancy.reorg.restore import restorable

    derived = dict(spec.derived_keys)
    first = spec.references[0] if spec.references else None
    back = restorable(spec, leg) if leg.restores else None
    legacy = f"s.{q(LEGACY_COLUMN)}"
    out = []
    for column in spec.columns:
        s = f"s.{q(column)}"
        if column in spec.references:
            moved = f"CASE WHEN {collides(spec, leg, column)} THEN :prefix || {s} ELSE {s} END"
            out.append(
                f"CASE WHEN {back} THEN {legacy} ELSE {moved} END"
                if back and column == first
                else moved
            )
        elif column in derived:
            hit = collides(spec, leg, derived[column])
            moved = f"CASE WHEN {hit} THEN :prefix || {s} ELSE {s} END"
            if back and derived[column] == first:
                cut = f"substr({s}, length(s.{q(first)}) - length({legacy}) + 1)"
                moved = f"CASE WHEN {back} THEN {cut} ELSE {moved} END"
            out.append(moved)
        elif column == LEGACY_COLUMN and first:
            hit = collides(spec, leg, first)
            moved = f"CASE WHEN {hit} THEN s.{q(first)} ELSE {s} END"
            out.append(f"CASE WHEN {back} THEN NULL ELSE {moved} END" if back else moved)
        elif column == ORIGIN_COLUMN and spec.has_origin:
            out.append(f"COALESCE({s}, :gss)")
        else:
            out.append(s)
    return out


def copy_batch(spec: TableSpec, leg: Leg, *, first: bool) -> TextClause:
    """Copy the next ``:batch`` rows after ``:last`` (by id); returns the batch's last id, how
    many rows it read and how many it inserted."""
    from tenancy.reorg.filters import row_filter

    chosen = row_filter(spec, leg)
    where = f"WHERE {chosen}" if first else f"WHERE s.id > CAST(:last AS uuid) AND {chosen}"
    names = cols(spec.columns)
    return schema_sql(
        f"""
        WITH batch AS MATERIALIZED (
            SELECT {
            ", ".join(
                f"{expr} AS {q(c)}"
                for expr, c in zip(projection(spec, leg), spec.columns, strict=True)
            )
        }
            FROM {{src}}.{q(spec.name)} s {where} ORDER BY s.id LIMIT :batch
        ), ins AS (
            INSERT INTO {{tgt}}.{q(spec.name)} ({names}) SELECT {names} FROM batch
            ON CONFLICT (id) DO NOTHING RETURNING 1
        )
        SELECT (SELECT CAST(id AS text) FROM batch ORDER BY id DESC LIMIT 1),
               (SELECT count(*) FROM batch), (SELECT count(*) FROM ins)
        """,
        **leg.schemas(),
    )


def copy_whole(spec: TableSpec, leg: Leg) -> TextClause:
    """Copy a small table in one statement: the first source wins a key (``lead``) or the
    highest counter wins (``max``)."""
    names = cols(spec.columns)
    if spec.strategy == "max":
        assert spec.counter is not None
        counter = q(spec.counter)
        conflict = (
            f"ON CONFLICT ({cols(spec.natural_key)}) DO UPDATE SET {counter} = "
            f"GREATEST(t.{counter}, EXCLUDED.{counter})"
        )
    else:
        conflict = "ON CONFLICT DO NOTHING"
    from tenancy.reorg.filters import row_filter

    return schema_sql(
        f"INSERT INTO {{tgt}}.{q(spec.name)} AS t ({names}) "
        f"SELECT {cols(spec.columns, 's')} FROM {{src}}.{q(spec.name)} s "
        f"WHERE {row_filter(spec, leg)} {conflict}",
        **leg.schemas(),
    )


def row_hash(names: tuple[str, ...] | list[str], alias: str) -> str:
    """An order-independent content checksum of many rows: the sum of 64-bit row hashes."""
    row = f"ROW({cols(names, alias)})::text" if names else "''"
    return f"COALESCE(sum(('x' || left(md5({row}), 16))::bit(64)::bigint::numeric), 0)"


def fingerprint(spec: TableSpec, schema: str) -> TextClause:
    """Row count and checksum of every column of a table."""
    return schema_sql(
        f"SELECT count(*), CAST({row_hash(spec.columns, 's')} AS text) FROM {{s}}.{q(spec.name)} s",
        s=schema,
    )


def count_rows(spec: TableSpec, schema: str) -> TextClause:
    return schema_sql(f"SELECT count(*) FROM {{s}}.{q(spec.name)}", s=schema)


def count_selected(spec: TableSpec, leg: Leg) -> TextClause:
    """How many of the source's rows the leg's transfer takes."""
    from tenancy.reorg.filters import row_filter

    return schema_sql(
        f"SELECT count(*) FROM {{src}}.{q(spec.name)} s WHERE {row_filter(spec, leg)}",
        **leg.schemas(),
    )
