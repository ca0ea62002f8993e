"""The Litestar application, assembled in one place: routes, dependencies, the permission guard,
problem+json handlers and the OpenAPI document at ``/schema``."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Tag
from litestar.stores.redis import RedisStore

from app.api import (
    cases,
    catalogue,
    council,
    health,
    identity_providers,
    members,
    oauth,
    sites,
    tasks,
    webhooks,
)
from app.api.building_control.routes import building_control_routes
from app.api.land_charges.routes import land_charges_routes
from app.api.licensing.routes import licensing_routes
from app.api.planning.routes import planning_routes
from app.api.platform_clients import PlatformClientsController
from app.api.platform_reorg_rehearsal import PlatformReorgRehearsalController
from app.api.platform_reorganisations import PlatformReorganisationsController
from app.api.platform_tenants import PlatformTenantsController
from app.auth.guard import authorise
from app.auth.policy import get_policy
from app.auth.principals import ABSOLUTE_SECONDS
from app.auth.routes import auth_routes
from app.auth.session_store import RotatingSessionConfig
from app.principal import provide_actor
from app.problems import EXCEPTION_HANDLERS
from app.tenant_context import provide_tenant, provide_tenant_session
from services.planning import odp
from services.planning.odp import convert as odp_convert
from services.planning.odp import export as odp_export
from services.registry import load_services
from tenancy.db import dispose_engines
from tenancy.jobs import configure_broker
from tenancy.settings import get_settings

ROUTES = [
    health.live,
    health.ready,
    catalogue.platform_services,
    catalogue.tenant_services,
    PlatformTenantsController,
    council.read_settings,
    council.update_settings,
    council.read_audit,
    cases.worklist,
    sites.site,
    *tasks.ROUTES,
    *webhooks.ROUTES,
    members.list_council_members,
    members.grant_council_roles,
    members.revoke_council_role,
    members.list_platform_members,
    members.grant_platform_roles,
    members.grant_roles_in_council,
    identity_providers.set_provider,
    identity_providers.show_provider,
    PlatformClientsController,
    PlatformReorganisationsController,
    PlatformReorgRehearsalController,
    oauth.token,
    oauth.jwks,
]


@asynccontextmanager
async def lifespan(_app: Litestar) -> AsyncIterator[None]:
    policy = await asyncio.to_thread(get_policy)
    await asyncio.to_thread(odp.warm_up)
    await asyncio.to_thread(odp_convert.warm_up)
    await asyncio.to_thread(odp_export.warm_up)
    listener = asyncio.create_task(policy.listen())
    try:
        yield
    finally:
        listener.cancel()
        done, _ = await asyncio.wait({listener}, timeout=5)
        if not done:  # a cancellation swallowed mid-subscribe: ask once more, don't wait again
            listener.cancel()
        for task in done:
            with contextlib.suppress(asyncio.CancelledError):
                task.result()
        await dispose_engines()


def session_config() -> RotatingSessionConfig:
    return RotatingSessionConfig(
        key="vesta_session",
        max_age=ABSOLUTE_SECONDS,
        secure=os.environ.get("VESTA_COOKIE_SECURE", "1") != "0",
        httponly=True,
        samesite="lax",
        store="sessions",
    )


def create_app() -> Litestar:
    load_services()
    configure_broker()
    import services.core.actors  # noqa: F401  (declares the core's actors on the broker)

    settings = get_settings()
    sessions = RedisStore(
        redis=aioredis.from_url(settings.redis_url),
        namespace=f"{settings.queue_namespace}-sessions",
        handle_client_shutdown=True,
    )
    return Litestar(
        route_handlers=[
            *ROUTES,
            *planning_routes(),
            *building_control_routes(),
            *licensing_routes(),
            *land_charges_routes(),
            *auth_routes(),
        ],
        middleware=[session_config().middleware],
        stores={"sessions": sessions},
        dependencies={
            "current_tenant": Provide(provide_tenant),
            "db_session": Provide(provide_tenant_session),
            "actor": Provide(provide_actor),
        },
        guards=[authorise],
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[lifespan],
        openapi_config=OpenAPIConfig(
            title="Vesta API",
            version="1.0.0",
            description=(
                "Open back office for UK councils' regulatory services. Tenant routes live "
                "under /api/v1/{tenant}/…, operator routes under /api/v1/platform/…; errors "
                "are RFC 9457 problem+json."
            ),
            path="/schema",
            render_plugins=[ScalarRenderPlugin(), SwaggerRenderPlugin(path="/swagger")],
            tags=[
                Tag(name="platform", description="Operator routes: tenants and the registry"),
                Tag(name="council", description="A council's own settings, services and audit"),
                Tag(name="health", description="Liveness and readiness"),
                Tag(name="auth", description="Signing in and out"),
                Tag(name="oauth", description="Access tokens for API clients"),
            ],
        ),
        debug=False,
    )
