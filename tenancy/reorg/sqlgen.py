"""The SQL of a run, built from a table's description (:mod:`tenancy.reorg.tables`) and one
leg of the plan (a source going to a target).

Every schema name passes through :func:`tenancy.sql.schema_sql` (validated and quoted); column
and table names come from the model metadata, never from input; values are bound parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from sqlalchemy import TextClause, literal
from sqlalchemy.dialects import postgresql

from tenancy.reorg.tables import FORMER_COLUMN, ORIGIN_COLUMN, TableSpec
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


def constant(value: object) -> str:
    """A metadata-declared value as an SQL literal, safe in a ``schema_sql`` text (its braces
    doubled for ``.format``, its colons escaped from bind-parameter syntax)."""
    rendered = str(
        literal(value).compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True})
    )
    return rendered.replace("{", "{{").replace("}", "}}").replace(":", "\\:")


def flags(spec: TableSpec, leg: Leg) -> str:
    """A FROM-clause addition (after the source alias ``s``): the row's collision tests, one
    per reference column (``rf.hit0`` …), and whether it gets its pre-merge reference back
    (``rf.back``) — each evaluated once per row (``OFFSET 0`` keeps the planner from copying
    the subquery into every expression that reads it)."""
    from tenancy.reorg.restore import restorable

    if not spec.references:
        return ""
    parts = [f"{collides(spec, leg, ref)} AS hit{i}" for i, ref in enumerate(spec.references)]
    back = restorable(spec, leg) if leg.restores else None
    if back:
        parts.append(f"{back} AS back")
    return f" CROSS JOIN LATERAL (SELECT {', '.join(parts)} OFFSET 0) rf"


def projection(spec: TableSpec, leg: Leg) -> list[str]:
    """The source row as it is to arrive in the target, column by column (reading the row
    flags of :func:`flags`)."""
    from tenancy.reorg.restore import restorable

    derived = dict(spec.derived_keys)
    hit = {ref: f"rf.hit{i}" for i, ref in enumerate(spec.references)}
    first = spec.references[0] if spec.references else None
    back = "rf.back" if leg.restores and restorable(spec, leg) else None
    former = f"s.{q(FORMER_COLUMN)}"
    last = f"{former}[cardinality({former})]"
    moved_to = dict(spec.on_move)
    out = []
    for column in spec.columns:
        s = f"s.{q(column)}"
        if column in moved_to:
            out.append(constant(moved_to[column]))
        elif column in hit:
            moved = f"CASE WHEN {hit[column]} THEN :prefix || {s} ELSE {s} END"
            if back and column == first:
                moved = f"CASE WHEN {back} THEN {last} ELSE {moved} END"
            out.append(moved)
        elif column in derived:
            moved = f"CASE WHEN {hit[derived[column]]} THEN :prefix || {s} ELSE {s} END"
            if back and derived[column] == first:
                cut = f"substr({s}, length(s.{q(first)}) - length({last}) + 1)"
                moved = f"CASE WHEN {back} THEN {cut} ELSE {moved} END"
            out.append(moved)
        elif column == FORMER_COLUMN and first:
            ref = f"s.{q(first)}"
            moved = f"CASE WHEN {hit[first]} THEN {former} || {ref} ELSE {former} END"
            if back:
                kept = f"{former}[1:cardinality({former}) - 1] || {ref}"
                moved = f"CASE WHEN {back} THEN {kept} ELSE {moved} END"
            out.append(moved)
        elif column == ORIGIN_COLUMN and spec.has_origin:
            out.append(f"COALESCE({s}, :gss)")
        else:
            out.append(s)
    return out


def copy_batch(spec: TableSpec, leg: Leg, *, first: bool) -> TextClause:
    """Copy the next ``:batch`` rows after ``:last`` (by id); returns the batch's last id, how
    many rows it read and how many it inserted (the same: one statement, no staging).

    A plain INSERT: a batch and its checkpoint commit together, so a resumed run never meets a
    row it copied before, and an id already in the target is an error worth stopping for (two
    councils cannot share a record), not a row to skip. Ids compare as their text does, so the
    largest copied id, as text, is where the next batch starts."""
    from tenancy.reorg.filters import row_filter

    chosen = row_filter(spec, leg)
    where = f"WHERE {chosen}" if first else f"WHERE s.id > CAST(:last AS uuid) AND {chosen}"
    return schema_sql(
        f"""
        WITH ins AS (
            INSERT INTO {{tgt}}.{q(spec.name)} ({cols(spec.columns)})
            SELECT {", ".join(projection(spec, leg))}
            FROM {{src}}.{q(spec.name)} s{flags(spec, leg)} {where} ORDER BY s.id LIMIT :batch
            RETURNING id
        )
        SELECT max(CAST(id AS text)), count(*), count(*) FROM ins
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
    """An order-independent content checksum of many rows: the sum of 64-bit row hashes.

    Each row is hashed by Postgres's ``hash_record_extended``, with every column's own hash
    function (the one hash partitioning uses) — three times faster than md5 of the row's text,
    which a run pays once per source row to prove the frozen sources unchanged. Values a type
    treats as equal hash alike (``1.0`` and ``1.00``, JSON key order); this guards against
    change, not forgery."""
    if not names:
        return "count(*)"
    return f"COALESCE(sum(hash_record_extended(ROW({cols(names, alias)}), 0)::numeric), 0)"


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
