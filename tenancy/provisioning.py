"""Creating and dropping tenant schemas.

A new tenant schema is cloned from ``tenant_template`` (kept at the head of the tenant migration
stream) instead of replaying the whole migration history. The clone script is built once per
template revision from the catalogue — tables with ``LIKE … INCLUDING ALL EXCLUDING INDEXES``
(columns, defaults, checks, identity, comments), primary/unique keys and indexes under the
template's own names, the template's rows (its ``alembic_version``), then foreign keys and
triggers — and replayed for each new schema in one round trip, inside one transaction. A test
compares a clone with a schema migrated from scratch, catalogue entry by catalogue entry.
"""

from __future__ import annotations

from sqlalchemy import Connection

from tenancy.db import sync_engine
from tenancy.identifiers import TEMPLATE_SCHEMA, check_schema_name, quote_schema
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
NEW_SCHEMA = "{new}"

_scripts: dict[str, str] = {}


def ensure_template_current() -> str:
    """Migrate the template schema if it is missing or behind head; return its revision."""
    head = head_revision("tenant")
    with sync_engine().connect() as connection:
        current = tenant_revision(connection, TEMPLATE_SCHEMA)
    if current != head:
        upgrade_tenant_schema(TEMPLATE_SCHEMA)
    return head


def clone_script(connection: Connection) -> str:
    """The SQL that recreates the template under the placeholder ``{new}`` (built once per
    template revision; the template only changes through migrations)."""
    revision = tenant_revision(connection, TEMPLATE_SCHEMA)
    if revision is None:
        raise RuntimeError("the tenant template schema has not been migrated")
    if revision not in _scripts:
        _scripts[revision] = _build_script(connection)
    return _scripts[revision]


def _build_script(connection: Connection) -> str:
    # Definitions are read with only the template on the search path, so references inside it
    # come out unqualified and resolve to the new schema when replayed there.
    connection.execute(schema_sql("SET LOCAL search_path TO {t}, pg_catalog", t=TEMPLATE_SCHEMA))

    def read(sql: str, **params: object) -> list[tuple[str, ...]]:
        rows = connection.execute(schema_sql(sql), {"schema": TEMPLATE_SCHEMA, **params})
        return [tuple(row) for row in rows]

    src = quote_schema(TEMPLATE_SCHEMA)
    tables = [row[0] for row in read(_TABLES)]
    statements = [
        f"CREATE SCHEMA {NEW_SCHEMA}",
        f"SET LOCAL search_path TO {NEW_SCHEMA}, pg_catalog",
    ]
    statements += [
        f'CREATE TABLE "{t}" (LIKE {src}."{t}" INCLUDING ALL EXCLUDING INDEXES)' for t in tables
    ]
    statements += [
        f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition in read(_CONSTRAINTS, types=["p", "u", "x"])
    ]
    statements += [row[0] for row in read(_PLAIN_INDEXES)]
    statements += [f'INSERT INTO "{t}" SELECT * FROM {src}."{t}"' for t in tables]
    statements += [
        f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition in read(_CONSTRAINTS, types=["f"])
    ]
    statements += [row[0] for row in read(_TRIGGERS)]
    return ";\n".join(statements)


def clone_template(connection: Connection, schema: str) -> None:
    """Create ``schema`` as a copy of the template, inside the caller's transaction."""
    script = clone_script(connection)
    connection.execute(
        schema_sql("SELECT pg_advisory_xact_lock_shared(hashtext(:k))"),
        {"k": f"vesta:{TEMPLATE_SCHEMA}"},
    )
    connection.exec_driver_sql(script.replace(NEW_SCHEMA, quote_schema(check_schema_name(schema))))


def drop_schema(connection: Connection, schema: str) -> None:
    connection.execute(schema_sql("DROP SCHEMA IF EXISTS {s} CASCADE", s=schema))
