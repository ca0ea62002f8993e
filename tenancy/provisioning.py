"""Creating and dropping tenant schemas.

A new tenant schema is cloned from ``tenant_template`` (kept at the head of the tenant migration
stream) instead of replaying the whole migration history: tables with ``LIKE … INCLUDING ALL
EXCLUDING INDEXES`` (columns, defaults, checks, identity, comments), then primary/unique keys and
indexes under the template's own names, the template's rows (its ``alembic_version``), then
foreign keys and triggers. A test
compares a clone with a schema migrated from scratch, catalogue entry by catalogue entry.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row

from tenancy.identifiers import TEMPLATE_SCHEMA, check_schema_name
from tenancy.migrate import head_revision, tenant_revision, upgrade_tenant_schema
from tenancy.sql import schema_sql

_TABLES = """
SELECT c.relname FROM pg_class c
WHERE c.relnamespace = CAST(:schema AS regnamespace) AND c.relkind IN ('r', 'p')
ORDER BY c.relname
"""
_CONSTRAINTS = """
SELECT t.relname, con.conname, pg_get_constraintdef(con.oid) AS definition
FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid
WHERE con.connamespace = CAST(:schema AS regnamespace) AND con.contype = ANY(:types)
ORDER BY t.relname, con.conname
"""
_PLAIN_INDEXES = """
SELECT pg_get_indexdef(i.indexrelid, 0, true) AS definition
FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
WHERE t.relnamespace = CAST(:schema AS regnamespace)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid)
ORDER BY 1
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
    keys = _read(connection, _CONSTRAINTS, types=["p", "u", "x"])
    foreign_keys = _read(connection, _CONSTRAINTS, types=["f"])
    indexes = [row.definition for row in _read(connection, _PLAIN_INDEXES)]
    triggers = [row.definition for row in _read(connection, _TRIGGERS)]

    new = {"new": schema}
    connection.execute(schema_sql("CREATE SCHEMA {new}", **new))
    connection.execute(schema_sql("SET LOCAL search_path TO {new}, pg_catalog", **new))
    for table in tables:
        like = f'(LIKE {{src}}."{table}" INCLUDING ALL EXCLUDING INDEXES)'
        connection.execute(schema_sql(f'CREATE TABLE {{new}}."{table}" {like}', **new, **src))
    for table, name, definition in keys:
        connection.exec_driver_sql(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    for definition in indexes:
        connection.exec_driver_sql(definition)
    for table in tables:
        copy = f'INSERT INTO {{new}}."{table}" SELECT * FROM {{src}}."{table}"'
        connection.execute(schema_sql(copy, **new, **src))
    for table, name, definition in foreign_keys:
        connection.exec_driver_sql(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    for definition in triggers:
        connection.exec_driver_sql(definition)


def _read(connection: Connection, sql: str, **params: object) -> list[Row[Any]]:
    return list(connection.execute(schema_sql(sql), {"schema": TEMPLATE_SCHEMA, **params}))


def drop_schema(connection: Connection, schema: str) -> None:
    connection.execute(schema_sql("DROP SCHEMA IF EXISTS {s} CASCADE", s=schema))
