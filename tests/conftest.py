"""Test session set-up: real Postgres and Redis, a fresh test database, the real migrations.

The embedded servers (or ``DATABASE_URL`` / ``REDIS_URL``) are started before any project module
reads its settings. Tests use their own database (``<name>_test``), created afresh and migrated
with the real Alembic streams once per session, and their own Redis key namespace.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import make_url

from infra.local_services import ensure_services

pytest_plugins = ["planning_fixtures", "service_fixtures"]

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
_gss_numbers = itertools.count(100_000)


def vesta(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """The ``vesta`` command, run as a user runs it, against this session's databases."""
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=timeout,
        check=False,
    )


def unique_gss(prefix: str = "E07") -> str:
    """A GSS code no other tenant of this test run has (random ones collide: there are only a
    million per prefix, and a run makes well over a thousand councils)."""
    return f"{prefix}{next(_gss_numbers):06d}"


def make_user(roles: dict[Any, list[str]] | None = None, name: str = "Test Officer") -> Any:
    """A person who can use the development sign-in, holding ``roles`` per tenant id (``None``
    for platform roles). Grants go through the real membership code, audit and policy."""
    from app.auth.members import grant
    from app.auth.policy import membership_changed
    from app.auth.routes import DEV_ISSUER
    from tenancy.binding import platform_session_sync
    from tenancy.principals import User

    token = uuid.uuid4().hex[:8]
    with platform_session_sync() as session:
        user = User(
            issuer=DEV_ISSUER,
            subject=f"test-{token}",
            email=f"{token}@test.example",
            display_name=name,
        )
        session.add(user)
        session.flush()
        granted = [
            (tenant_id, role)
            for tenant_id, codes in (roles or {}).items()
            for role in codes
            if grant(session, user, tenant_id, role, actor="test")
        ]
    for tenant_id, role in granted:
        membership_changed("grant", user.id, tenant_id, role)
    return user


def grant_roles(user: Any, tenant_id: Any, *roles: str) -> None:
    from app.auth.members import grant
    from app.auth.policy import membership_changed
    from tenancy.binding import platform_session_sync
    from tenancy.principals import User

    with platform_session_sync() as session:
        stored = session.get(User, user.id)
        granted = [r for r in roles if grant(session, stored, tenant_id, r, actor="test")]
    for role in granted:
        membership_changed("grant", user.id, tenant_id, role)


async def sign_in(http: Any, user: Any) -> None:
    """Sign in through the development sign-in, as a browser would, and keep the CSRF token."""
    page = await http.get("/auth/dev")
    assert page.status_code == 200, page.text
    token = (await http.get("/auth/session")).json()["csrfToken"]
    response = await http.post("/auth/dev", data={"user_id": str(user.id), "_csrf": token})
    assert response.status_code in (200, 303), response.text
    session = (await http.get("/auth/session")).json()
    assert session["signedIn"], session
    http.headers["X-CSRF-Token"] = session["csrfToken"]


@pytest.fixture(scope="session")
def operator() -> Any:
    """The platform operator the ``client`` fixture signs in as."""
    return make_user({None: ["platform_operator"]}, name="Test Operator")


@pytest.fixture
def make_tenant(operator: Any) -> Callable[..., Any]:
    """Create an active tenant with a unique slug and GSS code. The test operator is made its
    council administrator, so the ``client`` fixture can use the council's own routes."""
    from tenancy import registry
    from tenancy.models import TenantKind

    def make(prefix: str = "council", services: tuple[str, ...] = ("planning",), **kw: Any) -> Any:
        n = next(_counter)
        tenant = registry.create_tenant(
            slug=f"{prefix}-{uuid.uuid4().hex[:6]}",
            name=f"Test Council {n}",
            gss_code=kw.pop("gss_code", None) or unique_gss(),
            kind=kw.pop("kind", TenantKind.DISTRICT),
            services=services,
            actor="test",
            **kw,
        )
        grant_roles(operator, tenant.id, "council_administrator")
        return tenant

    return make


@pytest.fixture(scope="session")
async def app() -> Any:
    from app.main import create_app

    return create_app()


@pytest.fixture
async def anonymous(app: Any) -> AsyncIterator[Any]:
    from litestar.testing import AsyncTestClient

    async with AsyncTestClient(app=app, base_url="https://testserver.local") as test_client:
        yield test_client


@pytest.fixture
async def client(anonymous: Any, operator: Any) -> Any:
    """An HTTP client signed in as the test platform operator."""
    await sign_in(anonymous, operator)
    return anonymous
