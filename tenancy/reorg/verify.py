"""Verifying a copy before cut-over: per table and per source, row counts and content checksums
of source against target (leaving out only the columns the run is meant to change), the
changed columns against the rule that changes them, every foreign key resolvable in the target,
every old reference resolvable there, every copied document's file under its target key with
the recorded size and SHA-256 (:mod:`tenancy.reorg.files`), and every source unchanged since
the run froze it.

The report is stored on the reorganisation; ``ok`` is false on any mismatch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from tenancy.db import sync_engine
from tenancy.models import utcnow
from tenancy.registry import record_platform_audit
from tenancy.reorg.allocation import AREA_KINDS
from tenancy.reorg.errors import ReorganisationConflict
from tenancy.reorg.files import check_files
from tenancy.reorg.filters import row_filter, unclaimed
from tenancy.reorg.fingerprints import schema_fingerprint
from tenancy.reorg.models import Reorganisation, ReorgStatus
from tenancy.reorg.plan import get_reorganisation, legs_of
from tenancy.reorg.snapshot import transaction
from tenancy.reorg.sqlgen import Leg, cols, flags, projection, q, row_hash
from tenancy.reorg.tables import FORMER_COLUMN, TableSpec, tenant_tables
from tenancy.sql import schema_sql

VERIFIABLE = frozenset({ReorgStatus.COPIED, ReorgStatus.VERIFIED})


def _one(connection: Connection, sql: str, leg: Leg) -> tuple[Any, ...]:
    return tuple(connection.execute(schema_sql(sql, **leg.schemas()), leg.params()).one())


def check_rows(connection: Connection, spec: TableSpec, leg: Leg) -> dict[str, Any]:
    """Counts and checksums of a ``rows`` table: source against the target rows of its ids."""
    t = q(spec.name)
    taken = row_filter(spec, leg)
    source = _one(
        connection,
        f"SELECT count(*), {row_hash(spec.kept, 's')}::text FROM {{src}}.{t} s WHERE {taken}",
        leg,
    )
    target = _one(
        connection,
        f"SELECT count(*), {row_hash(spec.kept, 't')}::text FROM {{tgt}}.{t} t "
        f"WHERE EXISTS (SELECT 1 FROM {{src}}.{t} s WHERE s.id = t.id AND {taken})",
        leg,
    )
    result: dict[str, Any] = {
        "sourceRows": int(source[0]),
        "targetRows": int(target[0]),
        "sourceChecksum": source[1],
        "targetChecksum": target[1],
        "rewrittenMismatches": 0,
        "unresolvedReferences": 0,
    }
    changed = sorted(spec.rewritten - {spec.file_key})  # file keys: checked by check_files
    if changed:
        expected = dict(zip(spec.columns, projection(spec, leg), strict=True))
        sql = (
            f"SELECT count(*) FROM {{src}}.{t} s{flags(spec, leg)} "
            f"JOIN {{tgt}}.{t} t ON t.id = s.id "
            f"WHERE {taken} AND ({cols(changed, 't')}) IS DISTINCT FROM "
            f"({', '.join(expected[c] for c in changed)})"
        )
        result["rewrittenMismatches"] = int(_one(connection, sql, leg)[0])
    for ref in spec.references:
        result["unresolvedReferences"] += int(_one(connection, _unresolved(spec, leg, ref), leg)[0])
    result["ok"] = (
        result["sourceRows"] == result["targetRows"]
        and result["sourceChecksum"] == result["targetChecksum"]
        and result["rewrittenMismatches"] == 0
        and result["unresolvedReferences"] == 0
    )
    return result


def _unresolved(spec: TableSpec, leg: Leg, ref: str) -> str:
    """SQL counting the source rows one of whose references (now or former) no longer finds
    the same record in the target, as its reference or one of its former references."""
    t, r = q(spec.name), q(ref)
    if spec.has_former:
        f = q(FORMER_COLUMN)
        finds = f"(t.{r} = s.{r} OR t.{f} @> ARRAY[s.{r}]) AND s.{f} <@ array_append(t.{f}, t.{r})"
    else:
        finds = f"(t.{r} = s.{r} OR t.{r} = :prefix || s.{r})"
    return (
        f"SELECT count(*) FROM {{src}}.{t} s WHERE {row_filter(spec, leg)} "
        f"AND NOT EXISTS (SELECT 1 FROM {{tgt}}.{t} t WHERE t.id = s.id AND {finds})"
    )


def check_merged(connection: Connection, spec: TableSpec, leg: Leg) -> dict[str, Any]:
    """A ``lead`` or ``max`` table: every source row arrived, or lost to an earlier source's
    row of the same key (``lead``) or to a higher counter (``max``)."""
    t = q(spec.name)
    taken = row_filter(spec, leg)
    key = " AND ".join(f"t.{q(c)} = s.{q(c)}" for c in spec.natural_key)
    if spec.strategy == "max":
        assert spec.counter is not None
        lost = (
            f"SELECT count(*) FROM {{src}}.{t} s WHERE {taken} AND NOT EXISTS (SELECT 1 FROM "
            f"{{tgt}}.{t} t WHERE {key} AND t.{q(spec.counter)} >= s.{q(spec.counter)})"
        )
        superseded = 0
    else:
        same = " AND ".join(f"t.{q(c)} IS NOT DISTINCT FROM s.{q(c)}" for c in spec.columns)
        lost = (
            f"SELECT count(*) FROM {{src}}.{t} s WHERE {taken} AND NOT EXISTS (SELECT 1 FROM "
            f"{{tgt}}.{t} t WHERE {key} AND ({same} OR {_earlier_holds(spec, leg)}))"
        )
        superseded = int(
            _one(
                connection,
                f"SELECT count(*) FROM {{src}}.{t} s WHERE {taken} AND NOT EXISTS (SELECT 1 FROM "
                f"{{tgt}}.{t} t WHERE {same})",
                leg,
            )[0]
        )
    rows = int(_one(connection, f"SELECT count(*) FROM {{src}}.{t} s WHERE {taken}", leg)[0])
    missing = int(_one(connection, lost, leg)[0])
    return {
        "sourceRows": rows,
        "unaccounted": missing,
        "supersededByEarlierSource": superseded,
        "ok": missing == 0,
    }


def _earlier_holds(spec: TableSpec, leg: Leg) -> str:
    """SQL true when an earlier source holds the target row (so it won the key), or the target
    held rows of its own before (its own configuration wins)."""
    if leg.existing_target:
        return "true"
    if not leg.earlier:
        return "false"
    index = {schema: i for i, schema in enumerate(leg.others)}
    same = " AND ".join(f"e.{q(c)} IS NOT DISTINCT FROM t.{q(c)}" for c in spec.columns)
    return (
        "("
        + " OR ".join(
            f"EXISTS (SELECT 1 FROM {{o{index[e]}}}.{q(spec.name)} e WHERE {same})"
            for e in leg.earlier
        )
        + ")"
    )


def dangling_foreign_keys(connection: Connection, spec: TableSpec, target: str) -> int:
    total = 0
    for fk in spec.foreign_keys:
        col, ref = q(fk.column), q(fk.referred_column)
        sql = (
            f"SELECT count(*) FROM {{tgt}}.{q(spec.name)} c WHERE c.{col} IS NOT NULL "
            f"AND NOT EXISTS (SELECT 1 FROM {{tgt}}.{q(fk.referred)} p WHERE p.{ref} = c.{col})"
        )
        total += int(connection.execute(schema_sql(sql, tgt=target)).scalar_one())
    return total


def _coverage(
    connection: Connection, specs: Sequence[TableSpec], legs: Sequence[Leg]
) -> dict[str, dict[str, int]]:
    """For a source split by area: per table, the rows no transfer took (must be none)."""
    found: dict[str, dict[str, int]] = {}
    for leg in legs:
        if leg.kind not in AREA_KINDS or leg.source_slug in found:
            continue
        mates = (leg.transfer_id, *leg.siblings)
        found[leg.source_slug] = {}
        for spec in specs:
            if spec.strategy != "rows":
                continue
            sql = (
                f"SELECT count(*) FROM {{src}}.{q(spec.name)} s WHERE {unclaimed(spec, leg, mates)}"
            )
            if n := int(_one(connection, sql, leg)[0]):
                found[leg.source_slug][spec.name] = n
    return found


def _per_target(tables: list[dict[str, Any]], legs: Sequence[Leg]) -> dict[str, Any]:
    """Each target's tables: rows that arrived from all its sources, and whether all agree."""
    from sqlalchemy import select

    from tenancy.models import Tenant

    with Session(sync_engine()) as session:
        names = dict(
            session.execute(
                select(Tenant.schema_name, Tenant.slug).where(
                    Tenant.schema_name.in_({leg.target_schema for leg in legs})
                )
            )
            .tuples()
            .all()
        )
    targets: dict[str, Any] = {}
    for entry in tables:
        slug = names[entry["targetSchema"]]
        mine = targets.setdefault(slug, {"ok": True, "tables": {}})
        row = mine["tables"].setdefault(entry["table"], {"sourceRows": 0, "targetRows": 0})
        row["sourceRows"] += entry.get("sourceRows", 0)
        row["targetRows"] += entry.get("targetRows", entry.get("sourceRows", 0))
        mine["ok"] = mine["ok"] and entry["ok"]
    return {"names": names, "targets": targets}


def verify(
    key: str | UUID, *, actor: str, specs: Sequence[TableSpec] | None = None
) -> dict[str, Any]:
    """Verify a copied reorganisation; stores and returns the report (``ok`` says it passed)."""
    specs = list(specs or tenant_tables())
    with Session(sync_engine(), expire_on_commit=False) as session:
        reorg = get_reorganisation(session, key)
        if reorg.status not in VERIFIABLE:
            raise ReorganisationConflict(
                f"Only a copied reorganisation can be verified (this one is {reorg.status.value})"
            )
        legs = legs_of(session, reorg.id)
        fingerprints = reorg.source_fingerprints or {}
    tables: list[dict[str, Any]] = []
    sources: dict[str, Any] = {}
    with transaction() as connection:  # in a rehearsal, its held snapshot (see snapshot.py)
        for spec in specs:
            for leg in legs:
                check = check_rows if spec.strategy == "rows" else check_merged
                tables.append(
                    {
                        "table": spec.name,
                        "source": leg.source_slug,
                        "targetSchema": leg.target_schema,
                        "strategy": spec.strategy,
                        **check(connection, spec, leg),
                    }
                )
        targets = sorted({leg.target_schema for leg in legs})
        foreign = [
            {"table": spec.name, "dangling": n}
            for spec in specs
            for target in targets
            if (n := dangling_foreign_keys(connection, spec, target))
        ]
        coverage = _coverage(connection, specs, legs)
        files = check_files(connection, specs, legs)
        for leg in legs:
            now = schema_fingerprint(connection, leg.source_schema, specs)
            before = fingerprints.get(leg.source_slug)
            changed = sorted(t for t in now if before is None or before.get(t) != now[t])
            sources[leg.source_slug] = {
                "unchangedSinceFreeze": not changed,
                "changedTables": changed,
            }
    for slug, unmoved in coverage.items():
        sources[slug]["unmoved"] = unmoved
    targets_report = _per_target(tables, legs)
    for entry in [*tables, *files]:
        entry["target"] = targets_report["names"][entry.pop("targetSchema")]
    ok = (
        all(t["ok"] for t in tables)
        and all(f["ok"] for f in files)
        and not foreign
        and all(s["unchangedSinceFreeze"] for s in sources.values())
        and not any(s.get("unmoved") for s in sources.values())
    )
    report = {
        "ok": ok,
        "tables": tables,
        "danglingForeignKeys": foreign,
        "sources": sources,
        "targets": targets_report["targets"],
        "files": files,
        "mismatches": [t for t in [*tables, *files] if not t["ok"]],
    }
    with Session(sync_engine()) as session, session.begin():
        stored = session.get_one(Reorganisation, reorg.id, with_for_update=True)
        stored.verification_report = report
        stored.verified_by, stored.verified_at = actor, utcnow()
        stored.status = ReorgStatus.VERIFIED if ok else ReorgStatus.COPIED
        record_platform_audit(
            session,
            actor,
            "reorganisation.verified",
            None,
            {"reorganisation": str(reorg.id), "ok": ok, "mismatches": len(report["mismatches"])},
        )
    return report
