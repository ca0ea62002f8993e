"""The Litestar application, assembled in one place: routes, dependencies, the permission guard,
problem+json handlers and the OpenAPI document at ``/schema``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Tag

from app.api import catalogue, council, health
from app.api.platform_tenants import PlatformTenantsController
from app.guards import permission_guard
from app.principal import provide_actor
from app.problems import EXCEPTION_HANDLERS
from app.tenant_context import provide_tenant, provide_tenant_session
from services.registry import load_services
from tenancy.db import dispose_engines
from tenancy.jobs import configure_broker

ROUTES = [
    health.live,
    health.ready,
    catalogue.platform_services,
    catalogue.tenant_services,
    PlatformTenantsController,
    council.read_settings,
    council.update_settings,
    council.read_audit,
]


@asynccontextmanager
async def lifespan(_app: Litestar) -> AsyncIterator[None]:
    try:
        yield
    finally:
        await dispose_engines()


def create_app() -> Litestar:
    load_services()
    configure_broker()
    import services.core.actors  # noqa: F401  (declares the core's actors on the broker)

    return Litestar(
        route_handlers=ROUTES,
        dependencies={
            "current_tenant": Provide(provide_tenant),
            "db_session": Provide(provide_tenant_session),
            "actor": Provide(provide_actor),
        },
        guards=[permission_guard],
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
            ],
        ),
        debug=False,
    )
