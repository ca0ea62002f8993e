"""The service registry over HTTP: every registered service, and one tenant's enabled ones."""

from __future__ import annotations

from dataclasses import asdict

from litestar import get

from app.api.schemas import CaseTypeOut, RoleOut, ServiceOut
from app.guards import requires
from app.tenant_context import CurrentTenant
from services.registry import ServiceDescriptor, registry


def service_out(service: ServiceDescriptor) -> ServiceOut:
    return ServiceOut(
        code=service.code,
        name=service.name,
        description=service.description,
        legislation=list(service.legislation),
        case_types=[
            CaseTypeOut(
                code=c.code,
                name=c.name,
                reference_suffix=c.reference_suffix,
                clock=asdict(c.clock) if c.clock else None,
                description=c.description,
            )
            for c in service.case_types
        ],
        permissions=[f"{p.resource}:{p.action}" for p in service.permissions],
        roles=[
            RoleOut(
                code=r.code,
                name=r.name,
                description=r.description,
                grants=[f"{g.resource}:{g.action}" for g in r.grants],
            )
            for r in service.roles
        ],
    )


@get(
    "/api/v1/platform/services",
    opt=requires("platform", "services", "read"),
    tags=["platform"],
    summary="Every regulatory service Vesta offers",
)
async def platform_services() -> list[ServiceOut]:
    return [service_out(s) for s in registry]


@get(
    "/api/v1/{tenant:str}/services",
    opt=requires("core", "services", "read"),
    tags=["council"],
    summary="The services this council has enabled",
)
async def tenant_services(current_tenant: CurrentTenant) -> list[ServiceOut]:
    return [
        service_out(registry.get(code))
        for code in current_tenant.enabled_services
        if code in registry
    ]
