"""A county-sized merge: several districts, each with a realistic register in every service,
merged into one unitary by the reorganisation engine, against the floor of a plain
``INSERT … SELECT`` of the same tables in the same database.

    .venv/bin/python bench/reorg.py                  # 7 x 17,000 applications: 5M rows
    .venv/bin/python bench/reorg.py --quick          # 3 x 1,000 (smoke run)
    .venv/bin/python bench/reorg.py --districts 7 --applications 30000

Each district is bulk-loaded in Postgres, table by table from the tenant metadata (so every
service's tables are filled, with no list to keep up to date): per planning application a
site, two parties, three consultations, five comments, four conditions, five documents'
metadata and six audit rows; licences with their events and fees, land charges with theirs,
building control inspections and so on, in proportion. References repeat across districts as
real ones do (every council has a ``25/00001/HOUSE``), so the merge resolves collisions for
every case — the worst case.

The floor copies every district's tables into one scratch schema cloned from the template (the
same indexes, constraints and triggers as the successor, filled to the same size) with one
``INSERT … SELECT`` per table and source, in the same order as the run: no batches, no
checkpoints, no collision test (every reference gets its district's prefix unconditionally, so
alike references can share the schema), no verification (``ON CONFLICT DO NOTHING`` only on the
configuration and counter tables, whose keys the districts share). The ratio is engine ÷ floor.
Ids are time-ordered, as the UUIDv7 ids Vesta mints are.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
import uuid
from collections.abc import Sequence
from typing import Any

import _common as common
import psycopg
from rich.console import Console
from rich.table import Table

progress = Console(stderr=True)

#: Rows per parent row (or per application for tables with no parent), by table.
PER_PARENT = {
    "cases": 1,
    "sites": 1,
    "parties": 2,
    "consultations": 3,
    "comments": 5,
    "conditions": 4,
    "documents": 5,
    "audit_log": 6,
    "validation_requests": 1,
    "tasks": 1,
    "licences": 0.1,
    "licence_events": 3,
    "licence_fees": 2,
    "land_charges": 0.2,
    "land_charge_events": 2,
    "webhook_subscriptions": 0.0003,
    "webhook_deliveries": 200,
}
#: Values that make the rows what they stand for (householder applications in assessment).
OVERRIDES = {
    ("cases", "service"): "'planning'",
    ("cases", "case_type"): "'householder'",
    ("cases", "status"): "'assessment'",
    ("webhook_deliveries", "status"): "'delivered'",
    ("webhook_subscriptions", "events"): "ARRAY['case.decided']",
}
#: Tables the bench leaves to the engine's own rules (council configuration and counters).
SKIPPED = {"alembic_version", "settings", "reference_counters", "bc_charges",
           "land_charge_register_migration"}  # fmt: skip


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--districts", type=int, default=7)
    parser.add_argument("--applications", type=int, default=17_000, help="per district")
    parser.add_argument("--batch-size", type=int, default=None, help="default: the engine's")
    parser.add_argument("--timeout", type=int, default=3_600, help="whole run, seconds")
    parser.add_argument("--quick", action="store_true", help="3 districts x 1,000")
    args = parser.parse_args(argv)
    if args.quick:
        args.districts, args.applications = 3, 1_000
    return args


def _value(column: Any, seq: str) -> str:
    """A SQL expression filling ``column`` for row number ``seq``, from its type."""
    from sqlalchemy import (
        ARRAY,
        Boolean,
        Date,
        DateTime,
        Float,
        Integer,
        Numeric,
        String,
        Text,
        Uuid,
    )
    from sqlalchemy.dialects.postgresql import JSONB

    kind = column.type
    if isinstance(kind, Uuid):  # time-ordered like the UUIDv7 ids Vesta mints: ms since 2025
        return (
            "CAST(encode(overlay(uuid_send(gen_random_uuid()) placing "
            f"substring(int8send(1735689600000 + {seq}) from 3) from 1 for 6), 'hex') AS uuid)"
        )
    if isinstance(kind, String | Text):
        length = getattr(kind, "length", None) or 60
        return f"left('b' || {seq}, {min(length, 60)})"
    if isinstance(kind, DateTime):
        return "now()"
    if isinstance(kind, Date):
        return f"DATE '2025-01-01' + ({seq} % 365)::int"
    if isinstance(kind, Boolean):
        return "false"
    if isinstance(kind, Integer):
        return f"({seq} % 1000 + 1)::int"
    if isinstance(kind, Numeric):
        return "25.00"
    if isinstance(kind, Float):
        return f"(400000 + {seq} % 50000)::float"
    if isinstance(kind, JSONB):
        return "'{}'::jsonb"
    if isinstance(kind, ARRAY):
        return "'{}'"
    raise TypeError(f"no bench value for {column.table.name}.{column.name} ({kind})")


def fill_statement(table: Any, schema: str, rows: int) -> str | None:
    """``INSERT … SELECT`` filling ``table``: per row of its required parent, or ``rows``."""
    parents = [
        fk
        for column in table.columns
        for fk in column.foreign_keys
        if not column.nullable and fk.column.table.name != table.name
    ]
    ratio = PER_PARENT.get(table.name, 0.05)
    if parents:
        fk = parents[0]
        per = max(1, round(ratio))
        source = f'FROM "{schema}"."{fk.column.table.name}" AS p, generate_series(1, {per}) AS g(k)'
        seq = "(row_number() OVER ())"
        values = {fk.parent.name: f"p.{fk.column.name}"}
    else:
        count = max(1, int(rows * ratio))
        source = f"FROM generate_series(1, {count}) AS g(n)"
        seq = "g.n"
        values = {}
    for column in table.columns:
        if column.name in values:
            continue
        if (table.name, column.name) in OVERRIDES:
            values[column.name] = OVERRIDES[(table.name, column.name)]
            continue
        if (
            column.foreign_keys
            or column.name == "case_id"
            or (column.nullable and column.name != "reference")
        ):
            values[column.name] = "NULL"
        else:
            values[column.name] = _value(column, seq)
    names = ", ".join(f'"{c}"' for c in values)
    exprs = ", ".join(values.values())
    return f'INSERT INTO "{schema}"."{table.name}" ({names}) SELECT {exprs} {source}'


def load_district(url: str, schema: str, applications: int) -> int:
    from tenancy.models import TenantBase

    with psycopg.connect(url, autocommit=True) as connection:
        for table in TenantBase.metadata.sorted_tables:
            if table.name in SKIPPED:
                continue
            statement = fill_statement(table, schema, applications)
            if statement:
                connection.execute(statement)  # type: ignore[arg-type]
        total = 0
        for table in TenantBase.metadata.sorted_tables:
            if table.name not in SKIPPED:
                count = f'SELECT count(*) FROM "{schema}"."{table.name}"'
                total += connection.execute(count).fetchone()[0]  # type: ignore[arg-type,index]
            connection.execute(f'ANALYZE "{schema}"."{table.name}"')  # type: ignore[arg-type]
    return total


def floor_statement(spec: Any, source: str, target: str, number: int) -> str:
    """The floor's one ``INSERT … SELECT`` of a table: every reference (and its URL key) gets
    the source's number as a prefix unconditionally, so the sources' alike references can share
    the target with no collision test; configuration and counters skip keys already there."""
    prefixed = set(spec.references) | {key for key, _ in spec.derived_keys}
    exprs = ", ".join(
        f"'D{number}-' || s.\"{c}\"" if c in prefixed else f's."{c}"' for c in spec.columns
    )
    names = ", ".join(f'"{c}"' for c in spec.columns)
    conflict = "" if spec.strategy == "rows" else " ON CONFLICT DO NOTHING"
    return (
        f'INSERT INTO "{target}"."{spec.name}" ({names}) '
        f'SELECT {exprs} FROM "{source}"."{spec.name}" s{conflict}'
    )


def floor_copy(url: str, sources: Sequence[str]) -> float:
    """Every source's tables into ONE fresh clone of the template (the same indexes, constraints
    and triggers as the successor, filled to the same size), one INSERT … SELECT per table."""
    from sqlalchemy import text

    from tenancy.db import sync_engine
    from tenancy.provisioning import clone_template, drop_schema
    from tenancy.reorg.tables import tenant_tables

    target = f"t_{uuid.uuid4().hex[:12]}"
    with sync_engine().begin() as connection:
        clone_template(connection, target)
    specs = [spec for spec in tenant_tables() if spec.name != "alembic_version"]
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as connection:
        for spec in specs:
            for number, source in enumerate(sources, start=1):
                connection.execute(floor_statement(spec, source, target, number))  # type: ignore[call-overload]
    took = time.perf_counter() - started
    with sync_engine().begin() as connection:
        drop_schema(connection, target)
        connection.execute(text("SELECT 1"))
    return took


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with common.watchdog(args.timeout):
        db = common.use_bench_database()
        from services.registry import load_services
        from tenancy import registry
        from tenancy.db import sync_engine
        from tenancy.migrate import upgrade_all
        from tenancy.models import TenantKind
        from tenancy.reorg import engine, plan, verify

        load_services()
        progress.print(f"[bold]bench database {db.name}[/bold]: migrating")
        if upgrade_all(concurrency=1).failed:
            raise RuntimeError("migrating the fresh bench database failed")
        url = sync_engine().url.set(drivername="postgresql").render_as_string(hide_password=False)
        districts, rows = [], 0
        for index in range(args.districts):
            tenant = registry.create_tenant(
                slug=f"district-{index + 1}",
                name=f"District {index + 1}",
                gss_code=f"E07{900_001 + index:06d}",
                kind=TenantKind.DISTRICT,
                services=("building_control", "land_charges", "licensing", "planning"),
                actor="bench",
            )
            loaded = load_district(url, tenant.schema_name, args.applications)
            progress.print(f"{tenant.slug}: {loaded:,} rows")
            districts.append(tenant)
            rows += loaded
        floor = floor_copy(url, [d.schema_name for d in districts])
        progress.print(f"floor: {floor:.1f} s")
        reorg = plan.plan_merge(
            name="Bench county",
            vesting_date=dt.date(2027, 4, 1),
            sources=[d.slug for d in districts],
            into="bench-unitary",
            successor_name="Bench Unitary Council",
            gss_code="E06000999",
            actor="bench",
        )
        started = time.perf_counter()
        args.batch_size = args.batch_size or engine.DEFAULT_BATCH
        engine.run(reorg.id, actor="bench", batch_size=args.batch_size)
        copied = time.perf_counter() - started
        started = time.perf_counter()
        report = verify.verify(reorg.id, actor="bench")
        verified = time.perf_counter() - started
        if not report.get("ok"):
            raise AssertionError("verification failed")
    render(args, rows, floor, copied, verified, common.environment_line(db))
    return 0


def render(
    args: argparse.Namespace, rows: int, floor: float, copied: float, verified: float, env: str
) -> None:
    out = Console() if Console().is_terminal else Console(width=200)
    out.print(env)
    out.print(
        f"{args.districts} districts x {args.applications:,} applications, every service; "
        f"batches of {args.batch_size:,}; ratio = seconds ÷ the floor's"
    )
    table = Table(title="Vesta reorganisation: merging a county's districts")
    for column in ("step", "rows", "seconds", "rows/s", "ratio to floor"):
        table.add_column(column, justify="right")
    table.add_row(
        "floor: INSERT … SELECT", f"{rows:,}", f"{floor:.1f}", f"{rows / floor:,.0f}", "1.00x"
    )
    table.add_row(
        "run (copy, checkpointed)", f"{rows:,}", f"{copied:.1f}", f"{rows / copied:,.0f}",
        f"{copied / floor:.2f}x",
    )  # fmt: skip
    table.add_row(
        "verify (counts, checksums, keys)", f"{rows:,}", f"{verified:.1f}",
        f"{rows / verified:,.0f}", f"{verified / floor:.2f}x",
    )  # fmt: skip
    out.print(table)


if __name__ == "__main__":
    raise SystemExit(main())
