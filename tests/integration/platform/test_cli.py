"""The `vesta` command line, run as a user would run it."""

from __future__ import annotations

import json
import uuid
from typing import Any

from conftest import unique_gss, vesta


def test_tenants_create_show_list_and_set_status() -> None:
    slug = f"cli-{uuid.uuid4().hex[:6]}"
    gss = unique_gss()
    created = vesta(
        "tenants",
        "create",
        "--slug",
        slug,
        "--name",
        "Cli Council",
        "--gss",
        gss,
        "--kind",
        "district",
        "--services",
        "planning,licensing",
        "--json",
    )
    assert created.returncode == 0, created.stderr
    tenant = json.loads(created.stdout)
    assert tenant["status"] == "active"
    assert tenant["enabledServices"] == ["licensing", "planning"]

    shown = json.loads(vesta("tenants", "show", slug, "--json").stdout)
    assert shown["id"] == tenant["id"]
    listed = json.loads(vesta("tenants", "list", "--status", "active", "--json").stdout)
    assert slug in [t["slug"] for t in listed]

    changed = vesta("tenants", "set-status", slug, "read_only", "--json")
    assert json.loads(changed.stdout)["status"] == "read_only"


def test_cli_errors_are_clear_and_non_zero() -> None:
    bad = vesta("tenants", "create", "--slug", "Bad!", "--name", "X", "--gss", "E07999999")
    assert bad.returncode != 0
    assert "not a valid tenant slug" in bad.stderr
    unknown = vesta("tenants", "show", "no-such-council")
    assert unknown.returncode != 0
    assert "no-such-council" in unknown.stderr
    service = vesta(
        "tenants",
        "create",
        "--slug",
        "svc-x",
        "--name",
        "X",
        "--gss",
        "E07999998",
        "--services",
        "parking",
    )
    assert service.returncode != 0
    assert "parking" in service.stderr


def test_seed_demo_is_idempotent(make_tenant: Any) -> None:
    first = vesta("seed", "demo", "--json")
    assert first.returncode == 0, first.stderr
    councils = json.loads(first.stdout)
    assert [c["slug"] for c in councils] == ["ashcombe", "brackenfold", "wyvern-vale"]
    assert {c["kind"] for c in councils} == {"district"}
    assert all(c["gssCode"].startswith("E07") for c in councils)
    assert all(len(c["enabledServices"]) == 4 for c in councils)
    assert len({c["vestingDate"] for c in councils}) == 1
    registers = {c["slug"]: demo_register(c["schemaName"]) for c in councils}
    second = json.loads(vesta("seed", "demo", "--json").stdout)
    assert [c["id"] for c in second] == [c["id"] for c in councils]
    assert {c["slug"]: demo_register(c["schemaName"]) for c in second} == registers
    expected = ["assessment"] * 3 + ["consultation", "determined", "determined", "invalid"]
    for statuses in registers.values():
        assert sorted(statuses) == [*expected, "received", "withdrawn"]


def demo_register(schema: str) -> list[str]:
    """The statuses of a demo council's planning applications, by reference."""
    from sqlalchemy import select

    from services.core.cases.models import Case
    from tenancy.binding import tenant_session_sync

    with tenant_session_sync(schema) as session:
        rows = session.execute(
            select(Case.reference, Case.status)
            .where(Case.service == "planning")
            .order_by(Case.reference)
        )
        return [status for _, status in rows]
