"""Creating and dropping tenant schemas.

A new tenant schema is cloned from ``tenant_template`` (kept at the head of the tenant migration
stream) instead of replaying the whole migration history: tables with ``LIKE … INCLUDING ALL``
(columns, defaults, checks, indexes, identity, comments), then foreign keys and triggers from the
catalogue, then the template's rows (its ``alembic_version`` and default settings). A test
compares a clone with a schema migrated from scratch, catalogue entry by catalogue entry.
"""

from __future__ import annotations

from sqlalchemy import Connection

from tenancy.identifiers import TEMPLATE_SCHEMA, check_schema_name
from tenancy.migrate import head_revision, tenant_revision, upgrade_tenant_schema
from tenancy.sql import schema_sql

_TABLES = """
SELECT c.relname FROM pg_class c
WHERE c.relnamespace = CAST(:schema AS regnamespace) AND c.relkind IN ('r', 'p')
ORDER BY c.relname
"""
_FOREIGN_KEYS = """
SELECT t.relname, con.conname, pg_get_constraintdef(con.oid) AS definition
FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid
WHERE con.connamespace = CAST(:schema AS regnamespace) AND con.contype = 'f'
ORDER BY t.relname, con.conname
"""
_TRIGGERS = """
SELECT pg_get_triggerdef(tg.oid, true) AS definition
FROM pg_trigger tg JOIN pg_class t ON t.oid = tg.tgrelid
WHERE t.relnamespace = CAST(:schema AS regnamespace) AND NOT tg.tgisinternal
ORDER BY t.relname, tg.tgname
"""


def ensure_template_current(connection: Connection) -> None:
    """Migrate the template schema if it is missing or behind head (normally a no-op)."""
    if tenant_revision(connection, TEMPLATE_SCHEMA) != head_revision("tenant"):
        connection.rollback()
        upgrade_tenant_schema(TEMPLATE_SCHEMA)


def clone_template(connection: Connection, schema: str) -> None:
    """Create ``schema`` as a copy of the template, inside the caller's transaction."""
    check_schema_name(schema)
    src = {"src": TEMPLATE_SCHEMA}
    connection.execute(
        schema_sql("SELECT pg_advisory_xact_lock_shared(hashtext(:k))"),
        {"k": f"vesta:{TEMPLATE_SCHEMA}"},
    )
    # Read definitions with only the template on the search path, so that references inside it
    # come out unqualified and resolve to the new schema when replayed there.
    connection.execute(schema_sql("SET LOCAL search_path TO {src}, pg_catalog", **src))
    tables = connection.execute(schema_sql(_TABLES), {"schema": TEMPLATE_SCHEMA}).scalars().all()
    foreign_keys = connection.execute(schema_sql(_FOREIGN_KEYS), {"schema": TEMPLATE_SCHEMA}).all()
    triggers = connection.execute(schema_sql(_TRIGGERS), {"schema": TEMPLATE_SCHEMA}).scalars()
    triggers = triggers.all()

    new = {"new": schema}
    connection.execute(schema_sql("CREATE SCHEMA {new}", **new))
    connection.execute(schema_sql("SET LOCAL search_path TO {new}, pg_catalog", **new))
    for table in tables:
        connection.execute(
            schema_sql(
                f'CREATE TABLE {{new}}."{table}" (LIKE {{src}}."{table}" INCLUDING ALL)',
                **new,
                **src,
            )
        )
    for table in tables:
        connection.execute(
            schema_sql(
                f'INSERT INTO {{new}}."{table}" SELECT * FROM {{src}}."{table}"', **new, **src
            )
        )
    for table, name, definition in foreign_keys:
        connection.exec_driver_sql(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    for definition in triggers:
        connection.exec_driver_sql(definition)


def drop_schema(connection: Connection, schema: str) -> None:
    connection.execute(schema_sql("DROP SCHEMA IF EXISTS {s} CASCADE", s=schema))
