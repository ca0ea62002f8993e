"""Engines and session factories, one set per process.

The async engine serves HTTP requests; the sync engine serves the CLI, migrations and Dramatiq
actors. Both share one rule (installed here): every transaction of a tenant-bound session starts
with ``SET LOCAL search_path`` to that tenant's schema (see :mod:`tenancy.binding`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session, sessionmaker

from tenancy.identifiers import quote_schema
from tenancy.settings import get_settings

SCHEMA_KEY = "tenant_schema"


def _engine_options() -> dict[str, Any]:
    settings = get_settings()
    return {
        "pool_size": settings.db_pool_size,
        "max_overflow": settings.db_pool_size,
        "pool_pre_ping": True,
        "connect_args": {"application_name": "vesta"},
    }


@lru_cache(maxsize=1)
def async_engine() -> AsyncEngine:
    return create_async_engine(get_settings().database_url, **_engine_options())


@lru_cache(maxsize=1)
def sync_engine() -> Engine:
    return create_engine(get_settings().sync_database_url, **_engine_options())


@lru_cache(maxsize=1)
def async_session_factory() -> async_sessionmaker:  # type: ignore[type-arg]
    return async_sessionmaker(async_engine(), expire_on_commit=False)


@lru_cache(maxsize=1)
def sync_session_factory() -> sessionmaker[Session]:
    return sessionmaker(sync_engine(), expire_on_commit=False)


@event.listens_for(Session, "after_begin")
def _bind_search_path(session: Session, _transaction: Any, connection: Any) -> None:
    """Confine raw SQL in a tenant-bound transaction to the tenant's schema and pg_catalog.

    ``SET LOCAL`` ends with the transaction, so nothing tenant-specific survives on a pooled
    connection (safe under PgBouncer transaction pooling).
    """
    schema = session.info.get(SCHEMA_KEY)
    if schema is not None:
        connection.exec_driver_sql(f"SET LOCAL search_path TO {quote_schema(schema)}, pg_catalog")


async def dispose_engines() -> None:
    if async_engine.cache_info().currsize:
        await async_engine().dispose()
    if sync_engine.cache_info().currsize:
        sync_engine().dispose()
    for cached in (async_engine, sync_engine, async_session_factory, sync_session_factory):
        cached.cache_clear()
    from tenancy.binding import clear_bound_engines

    clear_bound_engines()
