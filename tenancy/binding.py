"""Tenant-bound sessions for requests and jobs.

A bound session compiles every ORM/Core statement with the placeholder schema translated to the
tenant's schema (``schema_translate_map``) and starts every transaction with
``SET LOCAL search_path`` to that schema and ``pg_catalog`` only, so even raw SQL cannot reach
another tenant. The tenant must be resolved (and its status checked) before binding; services
receive the bound session and never look tenants up themselves.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from functools import lru_cache
from uuid import UUID

from sqlalchemy import Engine
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Session

from tenancy.db import (
    SCHEMA_KEY,
    async_engine,
    async_session_factory,
    sync_engine,
    sync_session_factory,
)
from tenancy.identifiers import check_schema_name
from tenancy.models import TENANT_SCHEMA, Tenant, TenantStatus


@dataclass(frozen=True, slots=True)
class TenantRef:
    """What a bound session needs to know of its tenant: a value, safe to pass to jobs."""

    id: UUID
    slug: str
    schema_name: str
    gss_code: str
    status: TenantStatus
    enabled_services: tuple[str, ...]

    @classmethod
    def of(cls, tenant: Tenant) -> TenantRef:
        return cls(
            id=tenant.id,
            slug=tenant.slug,
            schema_name=tenant.schema_name,
            gss_code=tenant.gss_code,
            status=TenantStatus(tenant.status),
            enabled_services=tuple(tenant.enabled_services),
        )

    @property
    def writable(self) -> bool:
        return self.status is TenantStatus.ACTIVE


@lru_cache(maxsize=4096)
def _bound_async_engine(schema_name: str) -> AsyncEngine:
    translate = {TENANT_SCHEMA: check_schema_name(schema_name)}
    return async_engine().execution_options(schema_translate_map=translate)


@lru_cache(maxsize=4096)
def _bound_sync_engine(schema_name: str) -> Engine:
    translate = {TENANT_SCHEMA: check_schema_name(schema_name)}
    return sync_engine().execution_options(schema_translate_map=translate)


def clear_bound_engines() -> None:
    _bound_async_engine.cache_clear()
    _bound_sync_engine.cache_clear()


@asynccontextmanager
async def tenant_session(schema_name: str) -> AsyncIterator[AsyncSession]:
    """An async session bound to one tenant schema; commits on success, rolls back on error."""
    session = async_session_factory()(bind=_bound_async_engine(schema_name))
    session.sync_session.info[SCHEMA_KEY] = schema_name
    try:
        yield session
        await session.commit()
    except BaseException:
        await session.rollback()
        raise
    finally:
        await session.close()


@contextmanager
def tenant_session_sync(schema_name: str) -> Iterator[Session]:
    """The synchronous twin of :func:`tenant_session`, for jobs and the CLI."""
    session = sync_session_factory()(bind=_bound_sync_engine(schema_name))
    session.info[SCHEMA_KEY] = schema_name
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@asynccontextmanager
async def platform_session() -> AsyncIterator[AsyncSession]:
    """An async session for the platform schema only (no tenant schema mapped)."""
    session = async_session_factory()()
    try:
        yield session
        await session.commit()
    except BaseException:
        await session.rollback()
        raise
    finally:
        await session.close()


@contextmanager
def platform_session_sync() -> Iterator[Session]:
    session = sync_session_factory()()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
