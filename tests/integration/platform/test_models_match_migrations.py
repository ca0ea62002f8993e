"""The tenant migrations build exactly the tables the models describe.

Every module under ``services/`` is imported so each service's models are on
``TenantBase.metadata``; Alembic's autogenerate comparison then runs against
``tenant_template`` (migrated to head by the session fixture). Any difference (a column the
migration forgot, an index only the model has, a type that drifted) is listed.
"""

from __future__ import annotations

import importlib
import pkgutil

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, text

import services
from tenancy.db import sync_engine
from tenancy.identifiers import TEMPLATE_SCHEMA
from tenancy.models import TenantBase


def _unschemaed_tenant_metadata() -> MetaData:
    for module in pkgutil.walk_packages(services.__path__, "services."):
        importlib.import_module(module.name)
    metadata = MetaData(naming_convention=TenantBase.metadata.naming_convention)
    for table in TenantBase.metadata.sorted_tables:
        table.to_metadata(metadata, schema=None)
    return metadata


def test_tenant_models_and_migrations_agree() -> None:
    metadata = _unschemaed_tenant_metadata()
    engine = sync_engine()
    try:
        with engine.connect() as connection:
            connection.execute(text(f'SET search_path TO "{TEMPLATE_SCHEMA}"'))
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "include_name": lambda name, kind, _parent: (
                        not (kind == "table" and name == "alembic_version")
                    ),
                },
            )
            differences = compare_metadata(context, metadata)
    finally:
        engine.dispose()
    assert differences == [], "\n".join(str(d) for d in differences)
