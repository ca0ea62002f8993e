"""Alembic environment for the per-tenant stream: migrates exactly one tenant schema.

The schema arrives validated in ``config.attributes["schema"]``; the migration's statements are
unqualified and land in that schema through ``SET LOCAL search_path``.
"""

from alembic import context
from sqlalchemy import text

from tenancy.identifiers import quote_schema
from tenancy.models import TenantBase

connection = context.config.attributes["connection"]
schema = context.config.attributes["schema"]
quoted = quote_schema(schema)

with connection.begin():
    connection.execute(text("SET LOCAL lock_timeout = '10s'"))
    connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": f"vesta:{schema}"})
    connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {quoted}"))
    connection.execute(text(f"SET LOCAL search_path TO {quoted}, pg_catalog"))
    context.configure(
        connection=connection,
        target_metadata=TenantBase.metadata,
        version_table_schema=schema,
        transaction_per_migration=False,
    )
    context.run_migrations()
