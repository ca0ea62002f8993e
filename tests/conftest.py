"""Test session set-up: real Postgres and Redis, a fresh test database, the real migrations.

The embedded servers (or ``DATABASE_URL`` / ``REDIS_URL``) are started before any project module
reads its settings. Tests use their own database (``<name>_test``), created afresh and migrated
with the real Alembic streams once per session, and their own Redis key namespace.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import make_url

from infra.local_services import ensure_services

ensure_services()
_url = make_url(os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1))
# One database per test run, so two runs on one machine never drop each other's data.
TEST_DATABASE = f"{_url.database}_test_{os.getpid()}"
os.environ["DATABASE_URL"] = _url.set(database=TEST_DATABASE).render_as_string(hide_password=False)
os.environ["VESTA_QUEUE_NAMESPACE"] = f"vesta-test-{uuid.uuid4().hex[:8]}"
os.environ.setdefault("VESTA_ENV", "test")


def _admin(statement: str) -> None:
    admin = _url.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
        c.execute(statement)


@pytest.fixture(scope="session", autouse=True)
def migrated_database() -> Iterator[None]:
    from tenancy.db import sync_engine
    from tenancy.migrate import upgrade_all

    _admin(f'DROP DATABASE IF EXISTS "{TEST_DATABASE}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{TEST_DATABASE}"')
    report = upgrade_all(concurrency=2)
    assert not report.failed
    yield
    sync_engine().dispose()
    _admin(f'DROP DATABASE IF EXISTS "{TEST_DATABASE}" WITH (FORCE)')


@pytest.fixture(scope="session", autouse=True)
def registered_services() -> None:
    from services.registry import load_services

    load_services()


_counter = itertools.count(1)


@pytest.fixture
def make_tenant() -> Callable[..., Any]:
    """Create an active tenant with a unique slug and GSS code."""
    from tenancy import registry
    from tenancy.models import TenantKind

    def make(prefix: str = "council", services: tuple[str, ...] = ("planning",), **kw: Any) -> Any:
        n = next(_counter)
        return registry.create_tenant(
            slug=f"{prefix}-{uuid.uuid4().hex[:6]}",
            name=f"Test Council {n}",
            gss_code=kw.pop("gss_code", f"E07{uuid.uuid4().int % 10**6:06d}"),
            kind=kw.pop("kind", TenantKind.DISTRICT),
            services=services,
            actor="test",
            **kw,
        )

    return make


@pytest.fixture(scope="session")
async def app() -> Any:
    from app.main import create_app

    return create_app()


@pytest.fixture
async def client(app: Any) -> AsyncIterator[Any]:
    from litestar.testing import AsyncTestClient

    async with AsyncTestClient(app=app) as test_client:
        yield test_client
