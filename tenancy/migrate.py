"""Migrations: the platform stream, the per-tenant stream, and migrate-all across tenants.

``upgrade_all`` migrates the platform schema, then the template schema, then every tenant schema
several at a time in worker processes (Alembic's ``context``/``op`` proxies are process-global,
so threads would trample each other). Tenants already at head are skipped after one cheap
version read; a failing tenant is reported and the others carry on.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, select

from tenancy.db import sync_engine
from tenancy.identifiers import TEMPLATE_SCHEMA, check_schema_name
from tenancy.models import Tenant
from tenancy.sql import schema_sql

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"


def _config(stream: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR / stream))
    return config


@lru_cache(maxsize=2)
def head_revision(stream: str) -> str:
    head = ScriptDirectory.from_config(_config(stream)).get_current_head()
    assert head is not None, f"the {stream} migration stream has no head"
    return head


def upgrade_platform() -> None:
    config = _config("platform")
    with sync_engine().connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def tenant_revision(connection: Connection, schema: str) -> str | None:
    """The revision a tenant schema is at, or None when it has never been migrated."""
    exists = connection.execute(
        schema_sql("SELECT to_regclass(:t) IS NOT NULL"), {"t": f"{schema}.alembic_version"}
    ).scalar_one()
    if not exists:
        return None
    return connection.execute(
        schema_sql("SELECT version_num FROM {s}.alembic_version", s=schema)
    ).scalar_one_or_none()


def upgrade_tenant_schema(schema: str, revision: str = "head") -> None:
    """Bring one tenant schema (created if absent) to ``revision``."""
    config = _config("tenant")
    config.attributes["schema"] = check_schema_name(schema)
    with sync_engine().connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


@dataclass(frozen=True, slots=True)
class TenantMigration:
    schema: str
    slug: str
    outcome: str  # "upgraded", "current" or "failed"
    error: str | None = None


@dataclass(frozen=True, slots=True)
class UpgradeReport:
    platform_head: str
    tenant_head: str
    tenants: list[TenantMigration]

    @property
    def failed(self) -> list[TenantMigration]:
        return [t for t in self.tenants if t.outcome == "failed"]

    def count(self, outcome: str) -> int:
        return sum(1 for t in self.tenants if t.outcome == outcome)


def _upgrade_in_worker(schema: str) -> str | None:
    """Run in a worker process: migrate one schema, return an error message or None."""
    try:
        upgrade_tenant_schema(schema)
    except Exception as exc:  # reported per tenant; the others carry on
        return f"{type(exc).__name__}: {exc}".strip()
    return None


def _schemas_behind(tenants: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The tenants whose schema is missing, unversioned or not at head, in two queries."""
    head = head_revision("tenant")
    with sync_engine().connect() as connection:
        versioned = set(connection.execute(schema_sql(_VERSIONED_SCHEMAS)).scalars())
        present = [schema for schema, _ in tenants if schema in versioned]
        current: dict[str, str | None] = {}
        for start in range(0, len(present), 500):
            chunk = present[start : start + 500]
            union = " UNION ALL ".join(
                f"SELECT '{s}' AS schema, (SELECT max(version_num) FROM {{s{i}}}.alembic_version)"
                for i, s in enumerate(chunk)
            )
            rows = connection.execute(
                schema_sql(union, **{f"s{i}": s for i, s in enumerate(chunk)})
            )
            current.update(rows.tuples().all())
    return [(schema, slug) for schema, slug in tenants if current.get(schema) != head]


_VERSIONED_SCHEMAS = """
SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname = 'alembic_version' AND c.relkind = 'r'
"""


def upgrade_all(
    concurrency: int = 4, on_progress: Callable[[TenantMigration], None] | None = None
) -> UpgradeReport:
    """Migrate the platform, the template and every tenant; never stop at one tenant's failure."""
    upgrade_platform()
    upgrade_tenant_schema(TEMPLATE_SCHEMA)
    with sync_engine().connect() as connection:
        tenants = [
            (row.schema_name, row.slug)
            for row in connection.execute(
                select(Tenant.schema_name, Tenant.slug).order_by(Tenant.slug)
            )
        ]
    behind = _schemas_behind(tenants)
    results: list[TenantMigration] = []

    def record(result: TenantMigration) -> None:
        results.append(result)
        if on_progress:
            on_progress(result)

    pending = set(behind)
    for schema, slug in tenants:
        if (schema, slug) not in pending:
            record(TenantMigration(schema, slug, "current"))
    if behind:
        context = multiprocessing.get_context("spawn")
        workers = max(1, min(concurrency, len(behind)))
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {pool.submit(_upgrade_in_worker, s): (s, slug) for s, slug in behind}
            for future in as_completed(futures):
                schema, slug = futures[future]
                error = future.result()
                outcome = "failed" if error else "upgraded"
                record(TenantMigration(schema, slug, outcome, error))
    results.sort(key=lambda t: t.slug)
    return UpgradeReport(head_revision("platform"), head_revision("tenant"), results)
