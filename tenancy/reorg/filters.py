"""Which source rows a transfer takes, as one SQL condition per table (on alias ``s``).

A merge (``{"kind": "all"}``) takes everything. A ``services`` transfer takes the cases of its
services, the rows of root tables those services own (``info["service"]``), and everything
attached to either. An ``area`` or ``boundary`` transfer takes the root records its run
*resolved* to it when it froze the source (:mod:`tenancy.reorg.allocation`: cases by their
site, licences and land charges by their case, UPRN or geometry, then the operator's
allocations and default), stored on the transfer row as ``selector.resolved`` — so every batch
of the copy, the verification and the dry run select exactly the same rows with plain SQL.

Rules for the rest (see :mod:`tenancy.reorg.tables`): an attached row follows its first
non-null parent (``cases`` last); an audit row follows the case it names, else the record it
names; configuration (``lead``) and counters (``max``) go to every target of a split, and to a
service transfer only when the moved services own them (counters always: the highest number
wins, which can only skip numbers). Whatever is left over — an attached row without a parent,
council-level history — is resolved to a transfer only by the operator's allocation or
default, also stored in ``selector.resolved``.
"""

from __future__ import annotations

from functools import cache

from tenancy.models import PLATFORM_SCHEMA, TenantBase
from tenancy.reorg.sqlgen import Leg, q
from tenancy.reorg.tables import CASES, TableSpec, tenant_tables

RESOLVED = "resolved"


@cache
def _catalog(tables: int) -> dict[str, TableSpec]:
    del tables  # the cache key: the catalog changes only when tables are added
    return {spec.name: spec for spec in tenant_tables()}


def catalog() -> dict[str, TableSpec]:
    return _catalog(len(TenantBase.metadata.tables))


def resolved_ids(leg: Leg, table: str, transfer: object | None = None) -> str:
    """A subquery of the ids of ``table`` resolved to the transfer (default: the leg's)."""
    ident = str(transfer or leg.transfer_id).replace("'", "")
    return (
        f"(SELECT CAST(jsonb_array_elements_text(x.selector->'{RESOLVED}'->'{table}') AS uuid) "
        f"FROM \"{PLATFORM_SCHEMA}\".reorg_transfers x WHERE x.id = CAST('{ident}' AS uuid))"
    )


def _services(leg: Leg) -> str:
    return ", ".join("'" + s.replace("'", "''") + "'" for s in leg.services) or "NULL"


def _owned(spec: TableSpec, leg: Leg) -> str:
    return "true" if spec.service is not None and spec.service in leg.services else "false"


def row_filter(spec: TableSpec, leg: Leg, alias: str = "s", transfer: object | None = None) -> str:
    """SQL true for the rows of ``spec`` (aliased ``alias``) that the leg's transfer takes;
    ``transfer`` asks the same of a sibling transfer of the same source."""
    if leg.kind == "all":
        return "true"
    if spec.strategy == "max":
        return "true"
    if spec.strategy == "lead":
        return _owned(spec, leg) if leg.kind == "services" else "true"
    return f"COALESCE(({_rows(spec, leg, alias, transfer, 0)}), false)"


def _rows(spec: TableSpec, leg: Leg, a: str, transfer: object | None, depth: int) -> str:
    services = leg.kind == "services"
    extra = f"{a}.id IN {resolved_ids(leg, spec.name, transfer)}"
    if spec.name == CASES:
        return f"{a}.service IN ({_services(leg)})" if services else extra
    if spec.is_audit:
        return f"({_audit(spec, leg, a, transfer, depth)}) OR {extra}"
    if not spec.foreign_keys:
        return _owned(spec, leg) if services else extra
    branches = []
    for fk in spec.parents:
        parent = catalog().get(fk.referred)
        if parent is None or parent.strategy != "rows":
            continue
        p = f"p{depth}"
        inner = _rows(parent, leg, p, transfer, depth + 1)
        branches.append(
            f"WHEN {a}.{q(fk.column)} IS NOT NULL THEN {a}.{q(fk.column)} IN "
            f"(SELECT {p}.id FROM {{src}}.{q(parent.name)} {p} WHERE {inner})"
        )
    if services:
        orphan = (
            f"{a}.service IN ({_services(leg)})" if "service" in spec.columns else _owned(spec, leg)
        )
    else:
        orphan = "false"
    if not branches:
        return f"({orphan}) OR {extra}"
    return f"(CASE {' '.join(branches)} ELSE {orphan} END) OR {extra}"


def _audit(spec: TableSpec, leg: Leg, a: str, transfer: object | None, depth: int) -> str:
    """An audit row: the case it names, else the record it names (by table and id)."""
    cases = catalog()[CASES]
    branches = [
        f"WHEN {a}.case_id IS NOT NULL THEN {a}.case_id IN "
        f"(SELECT c{depth}.id FROM {{src}}.cases c{depth} WHERE "
        f"{_rows(cases, leg, f'c{depth}', transfer, depth + 1)})"
    ]
    council_level = []
    for other in catalog().values():
        if other.is_audit or other.name == CASES or "case_id" in other.columns:
            continue
        name = other.name.replace("'", "")
        if other.strategy != "rows":
            council_level.append(
                f"'{name}'" if leg.kind == "services" and _owned(other, leg) == "true" else None
            )
            continue
        e = f"e{depth}"
        inner = _rows(other, leg, e, transfer, depth + 1)
        branches.append(
            f"WHEN {a}.entity = '{name}' THEN {a}.entity_id IN "
            f"(SELECT CAST({e}.id AS text) FROM {{src}}.{q(other.name)} {e} WHERE {inner})"
        )
    owned = [n for n in council_level if n]
    orphan = f"{a}.entity IN ({', '.join(owned)})" if owned else "false"
    return f"CASE {' '.join(branches)} ELSE {orphan} END"


def unclaimed(spec: TableSpec, leg: Leg, transfers: tuple[object, ...], alias: str = "s") -> str:
    """SQL true for the rows of ``spec`` no transfer of the source takes."""
    return " AND ".join(f"NOT {row_filter(spec, leg, alias, t)}" for t in transfers) or "true"


__all__ = ["RESOLVED", "catalog", "resolved_ids", "row_filter", "unclaimed"]
