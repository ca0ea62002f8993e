"""Helpers shared by the access-control tests: the app's routes as declared, the roles in the
registry, the request recipes' types, problem+json assertions, platform audit queries and small
fixtures' building blocks.

Everything here reads the real app, registry and database; nothing of ours is replaced.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient
from sqlalchemy import select

from app.guards import RoutePermission, declared_permission

TENANT_PREFIX = "/api/v1/{tenant:str}/"
PLATFORM_PREFIX = "/api/v1/platform/"
READ_METHODS = frozenset({"GET", "HEAD"})


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    path: str
    permission: RoutePermission

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def needs(self) -> tuple[str, str]:
        """The permission as the registry spells grants: (``service:resource``, action)."""
        return f"{self.permission.service}:{self.permission.resource}", self.permission.action


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a request recipe (``authz_recipes.py``) sent back."""

    response: Any
    changed: Callable[[], bool] | None = None  # for writes: did the change land?


@dataclass(frozen=True, slots=True)
class Recipe:
    """How to call one route with a valid request (``authz_recipes.py``), and its success."""

    success: int
    send: Callable[[Any, Any], Awaitable[Outcome]]  # (http client, council) -> outcome
    #: Checks a successful body: the parsed JSON, or the response itself when the body is not
    #: JSON (a decision notice, a downloaded document).
    looks_right: Callable[[Any], bool] = lambda body: True


@cache
def declared_routes() -> tuple[Route, ...]:
    """Every guarded (method, path) of the real application, with its declared permission."""
    from app.main import create_app

    routes = []
    for route in create_app().routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            permission = declared_permission(handler)
            if permission is None:
                continue
            routes.extend(Route(m, route.path, permission) for m in sorted(handler.http_methods))
    return tuple(sorted(routes, key=lambda r: (r.path, r.method)))


def tenant_routes() -> tuple[Route, ...]:
    return tuple(r for r in declared_routes() if r.path.startswith(TENANT_PREFIX))


def platform_routes() -> tuple[Route, ...]:
    return tuple(r for r in declared_routes() if r.path.startswith(PLATFORM_PREFIX))


@cache
def council_roles() -> dict[str, frozenset[tuple[str, str]]]:
    """Every role a person can hold in a council, with what it grants there: its own grants,
    plus what every member of a council may do (``EVERY_MEMBER``), plus what everyone who may
    change anything may do (``EVERY_WRITER``: keeping tasks); read-only roles get no writes."""
    from services.core.permissions import COUNCIL_ROLES, EVERY_MEMBER, EVERY_WRITER
    from services.registry import load_services

    every_member = {(p.resource, p.action.value) for p in EVERY_MEMBER}
    every_writer = {(p.resource, p.action.value) for p in EVERY_WRITER}
    roles = [*COUNCIL_ROLES, *(r for s in load_services() for r in s.roles)]
    grants = {role.code: {(p.resource, p.action.value) for p in role.grants} for role in roles}
    return {
        code: frozenset(
            own | every_member | (every_writer if any(a != "read" for _, a in own) else set())
        )
        for code, own in grants.items()
    }


@cache
def platform_roles() -> dict[str, frozenset[tuple[str, str]]]:
    from services.core.permissions import PLATFORM_ROLES

    return {
        r.code: frozenset((p.resource, p.action.value) for p in r.grants) for r in PLATFORM_ROLES
    }


def media_type(response: Any) -> str:
    """The response's media type, without parameters (``application/pdf``)."""
    return str(response.headers.get("content-type", "")).split(";")[0].strip()


def is_json(response: Any) -> bool:
    """Whether the body is JSON (``application/json``, ``problem+json``, ``geo+json`` …)."""
    return media_type(response).endswith("json")


def assert_problem(response: Any, status: int, title: str | None = None) -> dict[str, Any]:
    """``response`` is an RFC 9457 problem with this status (and title); returns the body."""
    assert response.status_code == status, f"{response.status_code}: {response.text}"
    assert response.headers["content-type"].startswith("application/problem+json"), response
    body: dict[str, Any] = response.json()
    assert body["status"] == status, body
    if title is not None:
        assert body["title"] == title, body
    return body


def audit_entries(
    action: str,
    *,
    tenant_id: Any = None,
    actor: str | None = None,
    since: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """Platform audit entries with this action (optionally about one tenant, by one actor,
    written after ``since``), oldest first, as plain dicts."""
    from tenancy.binding import platform_session_sync
    from tenancy.models import PlatformAuditEntry as Entry

    query = select(Entry).where(Entry.action == action)
    if tenant_id is not None:
        query = query.where(Entry.tenant_id == tenant_id)
    if actor is not None:
        query = query.where(Entry.actor == actor)
    if since is not None:
        query = query.where(Entry.at >= since)
    with platform_session_sync() as session:
        return [
            {"actor": e.actor, "action": e.action, "tenant_id": e.tenant_id, "detail": e.detail}
            for e in session.scalars(query.order_by(Entry.at, Entry.id))
        ]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


#: The services the matrix councils use: all four, so every service's routes are exercised.
MATRIX_SERVICES = ("building_control", "land_charges", "licensing", "planning")


def new_tenant(prefix: str = "authz", services: tuple[str, ...] = MATRIX_SERVICES) -> Any:
    """An active council nobody holds a role in."""
    from conftest import unique_gss

    from tenancy import registry
    from tenancy.models import TenantKind

    return registry.create_tenant(
        slug=f"{prefix}-{uuid.uuid4().hex[:6]}",
        name=f"Authz Council {uuid.uuid4().hex[:4]}",
        gss_code=unique_gss(),
        kind=TenantKind.DISTRICT,
        services=services,
        actor="test",
    )


def holds(user_id: Any, tenant_id: Any, role: str) -> bool:
    """Whether the memberships table says the user holds ``role`` there (``None``: platform)."""
    from tenancy.binding import platform_session_sync
    from tenancy.principals import Membership

    scope = (
        Membership.tenant_id.is_(None) if tenant_id is None else Membership.tenant_id == tenant_id
    )
    with platform_session_sync() as session:
        found = session.scalars(
            select(Membership.id).where(
                Membership.user_id == user_id, scope, Membership.role == role
            )
        ).first()
    return found is not None


def roles_of_email(email: str, tenant_id: Any) -> set[str]:
    from tenancy.binding import platform_session_sync
    from tenancy.principals import Membership, User

    scope = (
        Membership.tenant_id.is_(None) if tenant_id is None else Membership.tenant_id == tenant_id
    )
    with platform_session_sync() as session:
        return set(
            session.scalars(
                select(Membership.role)
                .join(User, User.id == Membership.user_id)
                .where(User.email == email.lower(), scope)
            )
        )


def stored_settings(tenant: Any) -> dict[str, Any]:
    from services.core.models import Setting
    from tenancy.binding import tenant_session_sync

    with tenant_session_sync(tenant.schema_name) as session:
        return dict(session.execute(select(Setting.key, Setting.value)).tuples().all())


@asynccontextmanager
async def http_client(app: Any) -> AsyncIterator[Any]:
    """Another browser (or integrator) on the same in-process app."""
    async with AsyncTestClient(app=app, base_url="https://testserver.local") as http:
        yield http


class Turns:
    """Several people taking turns on one test client, each with their own session cookie and
    CSRF token. (Two test clients on one app would run it on two event loops at once, sharing
    its Redis and database pools between them.) Between turns the client carries no cookie."""

    CSRF = "X-CSRF-Token"

    def __init__(self, http: Any) -> None:
        self.http = http
        self._saved: dict[str, tuple[dict[str, str], str | None]] = {}

    def clear(self) -> None:
        self.http.cookies.clear()
        self.http.headers.pop(self.CSRF, None)

    async def sign_in(self, name: str, user: Any) -> None:
        from conftest import sign_in

        self.clear()
        await sign_in(self.http, user)
        self._save(name)
        self.clear()

    def _save(self, name: str) -> None:
        self._saved[name] = (dict(self.http.cookies), self.http.headers.get(self.CSRF))

    @contextmanager
    def acting(self, name: str) -> Iterator[Any]:
        cookies, csrf = self._saved[name]
        self.clear()
        for key, value in cookies.items():
            self.http.cookies.set(key, value, domain="testserver.local")
        if csrf:
            self.http.headers[self.CSRF] = csrf
        try:
            yield self.http
        finally:
            self._save(name)
            self.clear()


def unique_email(label: str = "person") -> str:
    return f"{label}-{uuid.uuid4().hex[:8]}@invitee.example"


def ensure_signing_key() -> None:
    """Make sure a token-signing key exists, as ``vesta keys rotate`` does when bootstrapping."""
    from app.auth.tokens import rotate_signing_key
    from tenancy.binding import platform_session_sync
    from tenancy.principals import SigningKey

    with platform_session_sync() as session:
        active = session.scalars(select(SigningKey.kid).where(SigningKey.retired_at.is_(None)))
        if active.first() is not None:
            return
    rotate_signing_key()
