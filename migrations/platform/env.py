"""Alembic environment for the platform schema stream."""

from alembic import context
from sqlalchemy import text

import tenancy.principals  # (declares the principal tables on PlatformBase)
import tenancy.reorg.models  # noqa: F401  (declares the reorganisation tables)
from tenancy.models import PLATFORM_SCHEMA, PlatformBase

connection = context.config.attributes["connection"]

with connection.begin():
    connection.execute(text("SET LOCAL lock_timeout = '10s'"))
    connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('vesta:platform-migrations'))"))
    connection.execute(text(f"CREATE SCHEMA IF NOT EXISTS {PLATFORM_SCHEMA}"))
    context.configure(
        connection=connection,
        target_metadata=PlatformBase.metadata,
        version_table_schema=PLATFORM_SCHEMA,
        include_schemas=True,
        transaction_per_migration=False,
    )
    context.run_migrations()
