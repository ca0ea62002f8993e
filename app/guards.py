"""Route permissions: every route declares what it needs in ``opt``; one app-level guard reads it.

``requires("planning", "applications", "write")`` declares a tenant-scoped permission;
``requires("platform", "tenants", "write")`` a platform (operator) one; ``PUBLIC`` marks the few
routes anyone may call (health checks, sign-in, the token endpoint). The guard
(:func:`app.auth.guard.authorise`) refuses any route that declares nothing, so a forgotten
declaration fails closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.handlers.base import BaseRouteHandler

PERMISSION_KEY = "permission"
PUBLIC_KEY = "public"
PUBLIC: dict[str, Any] = {PUBLIC_KEY: True}
PLATFORM = "platform"


@dataclass(frozen=True, slots=True)
class RoutePermission:
    """``service`` is a registered service code, ``"core"`` or ``"platform"``."""

    service: str
    resource: str
    action: str

    @property
    def is_platform(self) -> bool:
        return self.service == PLATFORM

    def __str__(self) -> str:
        return f"{self.service}:{self.resource}:{self.action}"


def requires(service: str, resource: str, action: str) -> dict[str, Any]:
    return {PERMISSION_KEY: RoutePermission(service, resource, action)}


def declared_permission(handler: BaseRouteHandler) -> RoutePermission | None:
    permission = handler.opt.get(PERMISSION_KEY)
    return permission if isinstance(permission, RoutePermission) else None


def is_public(handler: BaseRouteHandler) -> bool:
    return bool(handler.opt.get(PUBLIC_KEY)) or _is_openapi(handler) or _is_auto_options(handler)


def _is_auto_options(handler: BaseRouteHandler) -> bool:
    """Litestar's own OPTIONS answer for each path (lists the allowed methods, nothing else)."""
    return getattr(handler, "http_methods", None) == {"OPTIONS"} and not handler.opt


def _is_openapi(handler: BaseRouteHandler) -> bool:
    """The OpenAPI document and its renderers, served by Litestar's own plugin."""
    return getattr(handler.fn, "__module__", "").startswith(
        ("litestar._openapi", "litestar.openapi")
    )
