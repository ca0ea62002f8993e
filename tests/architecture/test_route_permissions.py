"""Every route of the app declares its permission (or is explicitly public); the guard refuses
a route that declares nothing."""

from __future__ import annotations

from typing import Any

from litestar import Litestar, get
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient

from app.auth.guard import authorise
from app.guards import declared_permission, is_public
from app.main import create_app
from app.problems import EXCEPTION_HANDLERS
from services.registry import load_services

PUBLIC_PATHS = {
    "/health/live",
    "/health/ready",
    "/auth/session",
    "/auth/sign-out",
    "/auth/dev",
    "/auth/{tenant:str}/sign-in",
    "/auth/callback",
    "/oauth/token",
    "/oauth/jwks",
    "/.well-known/jwks.json",
}


def all_handlers(app: Litestar) -> list[tuple[str, Any]]:
    return [
        (route.path, handler)
        for route in app.routes
        if isinstance(route, HTTPRoute)
        for handler in route.route_handlers
    ]


def test_every_route_declares_a_permission_or_is_public() -> None:
    app = create_app()
    known_services = {*load_services().codes(), "core", "platform"}
    unguarded = []
    for path, handler in all_handlers(app):
        if handler.http_methods == {"OPTIONS"}:
            continue
        if is_public(handler):
            assert path in PUBLIC_PATHS or path.startswith("/schema"), f"{path} is public"
            continue
        permission = declared_permission(handler)
        if permission is None:
            unguarded.append(path)
            continue
        assert permission.service in known_services, f"{path}: unknown service {permission}"
        assert permission.action in {"read", "write", "decide", "administer"}, path
        if path.startswith("/api/v1/platform/"):
            assert permission.is_platform, f"{path} is a platform route: {permission}"
        elif path.startswith("/api/v1/"):
            assert not permission.is_platform, f"{path} is a tenant route: {permission}"
    assert unguarded == []
    assert len(all_handlers(app)) > 10


async def test_guard_refuses_a_route_that_declares_nothing() -> None:
    @get("/forgotten")
    async def forgotten() -> str:
        return "should never be served"

    app = Litestar([forgotten], guards=[authorise], exception_handlers=EXCEPTION_HANDLERS)
    async with AsyncTestClient(app=app) as client:
        response = await client.get("/forgotten")
    assert response.status_code == 403
