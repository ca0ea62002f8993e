"""Provisioning clones the template; the clone matches a schema built by the real migrations."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Connection, select, text

from tenancy import registry
from tenancy.binding import platform_session_sync
from tenancy.db import sync_engine
from tenancy.identifiers import new_schema_name
from tenancy.migrate import head_revision, tenant_revision, upgrade_tenant_schema
from tenancy.models import Tenant, TenantStatus
from tenancy.provisioning import drop_schema

CATALOGUE = {
    "columns": """
        SELECT table_name, column_name, data_type, udt_schema, udt_name, is_nullable,
               column_default, ordinal_position
        FROM information_schema.columns WHERE table_schema = :s
        ORDER BY table_name, ordinal_position""",
    "constraints": """
        SELECT t.relname, c.conname, c.contype,
               replace(pg_get_constraintdef(c.oid, true), :s || '.', '')
        FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
        WHERE c.connamespace = CAST(:s AS regnamespace) ORDER BY 1, 2""",
    "indexes": """
        SELECT tablename, indexname, replace(indexdef, :s || '.', '')
        FROM pg_indexes WHERE schemaname = :s ORDER BY 1, 2""",
    "triggers": """
        SELECT t.relname, tg.tgname, replace(pg_get_triggerdef(tg.oid, true), :s || '.', '')
        FROM pg_trigger tg JOIN pg_class t ON t.oid = tg.tgrelid
        WHERE t.relnamespace = CAST(:s AS regnamespace) AND NOT tg.tgisinternal ORDER BY 1, 2""",
    "other_objects": """
        SELECT relname, relkind FROM pg_class
        WHERE relnamespace = CAST(:s AS regnamespace) AND relkind NOT IN ('r', 'i', 'p')
        UNION ALL SELECT proname, 'f' FROM pg_proc WHERE pronamespace = CAST(:s AS regnamespace)
        UNION ALL SELECT typname, 't' FROM pg_type
            WHERE typnamespace = CAST(:s AS regnamespace) AND typtype <> 'c'
        ORDER BY 1""",
}


def catalogue(connection: Connection, schema: str) -> dict[str, list[tuple[Any, ...]]]:
    return {
        name: [tuple(row) for row in connection.execute(text(sql), {"s": schema})]
        for name, sql in CATALOGUE.items()
    }


def test_clone_matches_a_schema_built_by_migrations(make_tenant: Any) -> None:
    cloned = make_tenant()
    migrated = new_schema_name()
    upgrade_tenant_schema(migrated)
    try:
        with sync_engine().connect() as connection:
            expected = catalogue(connection, migrated)
            actual = catalogue(connection, cloned.schema_name)
            assert expected["columns"], "the migrated schema has no tables?"
            assert actual == expected
            assert tenant_revision(connection, cloned.schema_name) == head_revision("tenant")
    finally:
        with sync_engine().begin() as connection:
            drop_schema(connection, migrated)


def test_clone_carries_the_append_only_audit_trigger(make_tenant: Any) -> None:
    from sqlalchemy.exc import DBAPIError

    tenant = make_tenant()
    with sync_engine().begin() as connection:
        connection.execute(
            text(
                f'INSERT INTO "{tenant.schema_name}".audit_log '
                "(id, at, actor, action, entity, entity_id) "
                "VALUES (gen_random_uuid(), now(), 'x', 'y', 'z', '1')"
            )
        )
    with pytest.raises(DBAPIError, match="append-only"), sync_engine().begin() as connection:
        connection.execute(text(f'DELETE FROM "{tenant.schema_name}".audit_log'))
    with pytest.raises(DBAPIError, match="append-only"), sync_engine().begin() as connection:
        connection.execute(text(f"UPDATE \"{tenant.schema_name}\".audit_log SET actor = 'x'"))


def test_interrupted_provisioning_resumes(make_tenant: Any) -> None:
    tenant = make_tenant(activate=False)
    with sync_engine().begin() as connection:
        drop_schema(connection, tenant.schema_name)  # as if the clone never ran
    resumed = registry.resume_provisioning(tenant.slug, actor="test")
    assert resumed.status is TenantStatus.ACTIVE
    with sync_engine().connect() as connection:
        assert tenant_revision(connection, tenant.schema_name) == head_revision("tenant")
    again = registry.resume_provisioning(tenant.slug, actor="test")
    assert again.status is TenantStatus.ACTIVE


def test_schema_names_are_generated_not_derived_from_slugs(make_tenant: Any) -> None:
    tenants = [make_tenant(prefix="same") for _ in range(3)]
    with platform_session_sync() as session:
        schemas = session.scalars(
            select(Tenant.schema_name).where(Tenant.id.in_([t.id for t in tenants]))
        ).all()
    assert len(set(schemas)) == 3
    assert all("same" not in s for s in schemas)


def test_provisioning_rebuilds_a_missing_template_first(make_tenant: Any) -> None:
    from tenancy.identifiers import TEMPLATE_SCHEMA

    with sync_engine().begin() as connection:
        drop_schema(connection, TEMPLATE_SCHEMA)
    tenant = make_tenant()
    assert tenant.status is TenantStatus.ACTIVE
    with sync_engine().connect() as connection:
        assert tenant_revision(connection, TEMPLATE_SCHEMA) == head_revision("tenant")
        assert tenant_revision(connection, tenant.schema_name) == head_revision("tenant")


def test_a_failure_during_provisioning_leaves_nothing_behind(monkeypatch: Any) -> None:
    from tenancy.models import TenantKind
    from tenancy.provisioning import clone_template

    cloned: list[str] = []

    def clone_then_fail(connection: Connection, schema: str) -> None:
        clone_template(connection, schema)  # the real clone runs, then the process "dies"
        cloned.append(schema)
        raise RuntimeError("interrupted after cloning")

    monkeypatch.setattr(registry, "clone_template", clone_then_fail)
    with pytest.raises(RuntimeError, match="interrupted"):
        registry.create_tenant(
            slug="half-made",
            name="Half Made",
            gss_code="E07999001",
            kind=TenantKind.DISTRICT,
            services=(),
            actor="test",
        )
    with platform_session_sync() as session:
        assert session.scalars(select(Tenant).where(Tenant.slug == "half-made")).all() == []
    with sync_engine().connect() as connection:
        exists = connection.execute(
            text("SELECT count(*) FROM pg_namespace WHERE nspname = :s"), {"s": cloned[0]}
        ).scalar_one()
    assert exists == 0
