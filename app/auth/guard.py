"""The one authorisation guard: authenticate, check CSRF, then the route's declared permission.

Tenant routes: the tenant is resolved first (400 malformed, 404 unknown). A person with no role
in that council gets 404 — its existence is not revealed — unless they hold the audited platform
support permission and are only reading; a person lacking the action gets 403. An API client
must belong to that council (else 401), hold the route's service (else 403), and be read-write
for anything but reads. Platform routes need a platform role (people) or a platform client.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from app.auth.audit import record_operator_access
from app.auth.csrf import check_csrf
from app.auth.policy import get_policy
from app.auth.principals import ClientPrincipal, Principal, UserPrincipal, authenticate
from app.guards import RoutePermission, declared_permission, is_public
from app.problems import Problem
from app.tenant_context import lookup_tenant
from services.registry import Action, registry
from tenancy.binding import TenantRef
from tenancy.errors import TenantNotFound

READ = "read"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def forbidden(permission: RoutePermission) -> Problem:
    return Problem(403, "Forbidden", f"You do not have permission {permission}")


async def authorise(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    if is_public(handler):
        return
    permission = declared_permission(handler)
    if permission is None:
        raise Problem(403, "Forbidden", f"route {handler.handler_name!r} declares no permission")
    principal = await authenticate(connection)
    if principal is None:
        raise Problem(
            401,
            "Sign-in required",
            "Sign in, or send an API access token",
            headers={"WWW-Authenticate": 'Bearer realm="vesta"'},
        )
    if connection.scope.get("auth") == "session" and isinstance(connection, Request):
        await check_csrf(connection)
    if permission.is_platform:
        _authorise_platform(principal, permission)
        return
    tenant = await lookup_tenant(connection.path_params["tenant"])
    connection.state.tenant = tenant
    if isinstance(principal, ClientPrincipal):
        _authorise_client(principal, tenant, permission)
    else:
        await _authorise_user(connection, principal, tenant, permission)


def _authorise_platform(principal: Principal, permission: RoutePermission) -> None:
    if isinstance(principal, ClientPrincipal):
        if not principal.is_platform or (permission.action != READ and not principal.can_write):
            raise forbidden(permission)
        return
    if not get_policy().allows(principal.id, None, _object(permission), permission.action):
        raise forbidden(permission)


def _authorise_client(
    client: ClientPrincipal, tenant: TenantRef, permission: RoutePermission
) -> None:
    if client.tenant_id != tenant.id:
        raise Problem(
            401,
            "Unauthorised",
            "This access token is not valid for this council",
            headers={"WWW-Authenticate": 'Bearer realm="vesta"'},
        )
    if permission.service == "core":
        if permission.action != READ:
            raise forbidden(permission)
    elif permission.service not in client.services:
        raise forbidden(permission)
    if permission.action != READ and not client.can_write:
        raise forbidden(permission)


async def _authorise_user(
    connection: ASGIConnection[Any, Any, Any, Any],
    user: UserPrincipal,
    tenant: TenantRef,
    permission: RoutePermission,
) -> None:
    policy = get_policy()
    if not policy.roles_in(user.id, tenant.id):
        support = policy.allows(user.id, None, "platform:tenant_data", READ)
        if support and connection.scope["method"] in READ_METHODS:
            await record_operator_access(user, tenant, connection.url.path)
            return
        raise TenantNotFound(f"No tenant has the slug {tenant.slug!r}")
    if not policy.allows(user.id, tenant.id, _object(permission), permission.action):
        raise forbidden(permission)


def _object(permission: RoutePermission) -> str:
    return f"{permission.service}:{permission.resource}"


def readable_services(principal: Any, tenant: TenantRef) -> tuple[str, ...]:
    """The council's enabled services whose records ``principal`` may read: for an API client,
    the services it was issued for; for a person, those where a role grants any read."""
    enabled = [code for code in tenant.enabled_services if code in registry]
    if isinstance(principal, ClientPrincipal):
        return tuple(code for code in enabled if code in principal.services)
    if not isinstance(principal, UserPrincipal):
        return ()
    policy = get_policy()
    if not policy.roles_in(principal.id, tenant.id):
        return (
            tuple(enabled)
            if policy.allows(principal.id, None, "platform:tenant_data", READ)
            else ()
        )
    return tuple(
        code
        for code in enabled
        if any(
            policy.allows(principal.id, tenant.id, p.resource, READ)
            for p in registry.get(code).permissions
            if p.action is Action.READ
        )
    )
