"""`upgrade_all`: migrates every tenant, is a no-op when re-run, and reports failures per tenant
without stopping the others."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from sqlalchemy import text

from tenancy.db import sync_engine
from tenancy.migrate import head_revision, tenant_revision, upgrade_all


def _rewind(schema: str) -> None:
    """Put a tenant schema back to 'never migrated' (drop and recreate it empty)."""
    with sync_engine().begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))


def test_upgrade_all_brings_behind_tenants_to_head_and_rerun_is_a_noop(make_tenant: Any) -> None:
    behind = [make_tenant(), make_tenant()]
    for tenant in behind:
        _rewind(tenant.schema_name)
    first = upgrade_all(concurrency=2)
    outcomes = {t.slug: t.outcome for t in first.tenants}
    assert all(outcomes[t.slug] == "upgraded" for t in behind)
    assert not first.failed
    with sync_engine().connect() as connection:
        for tenant in behind:
            assert tenant_revision(connection, tenant.schema_name) == head_revision("tenant")
    second = upgrade_all(concurrency=2)
    assert second.count("upgraded") == 0
    assert second.count("current") == len(second.tenants)


def test_a_failing_tenant_is_reported_and_the_others_carry_on(make_tenant: Any) -> None:
    broken, fine = make_tenant(), make_tenant()
    _rewind(broken.schema_name)
    _rewind(fine.schema_name)
    with sync_engine().begin() as connection:  # an object in the way of the first migration
        connection.execute(text(f'CREATE TABLE "{broken.schema_name}".settings (x int)'))
    report = upgrade_all(concurrency=2)
    outcomes = {t.slug: t for t in report.tenants}
    assert outcomes[broken.slug].outcome == "failed"
    assert "settings" in (outcomes[broken.slug].error or "")
    assert outcomes[fine.slug].outcome == "upgraded"
    with sync_engine().begin() as connection:  # repair, and the next run finishes the job
        connection.execute(text(f'DROP TABLE "{broken.schema_name}".settings'))
    assert not upgrade_all(concurrency=2).failed


def test_cli_upgrade_reports_json(make_tenant: Any) -> None:
    make_tenant()
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "db", "upgrade", "--json"],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["tenantHead"] == head_revision("tenant")
    assert summary["upgraded"] == 0 and summary["failed"] == []
