"""Resolving the ``{tenant}`` path segment and binding a session to that tenant's schema.

Order of checks: a malformed slug is a 400; an unknown slug a 404; a council retired by a
reorganisation answers 308 to the same path at its successor; a tenant still provisioning a
423; a read-only or retired tenant refuses writes with 423 (naming the reorganisation that froze
it, if one did); a service the tenant has not enabled is a 404. Only then is a session bound,
so a bad request never touches any tenant schema.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from litestar import Request
from litestar.di import NamedDependency
from litestar.params import FromPath
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.guards import declared_permission
from app.problems import Problem
from tenancy.binding import TenantRef, platform_session, tenant_session
from tenancy.errors import TenantNotActive, TenantNotFound
from tenancy.identifiers import is_valid_slug
from tenancy.models import Tenant, TenantStatus
from tenancy.provenance import FORMERLY_PARAMETER, note_former_authority
from tenancy.reorg.errors import TenantMoved
from tenancy.reorg.freeze import (
    freezing_reorganisation,
    predecessor_authority,
    successor_slug,
)

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CORE_SERVICES = frozenset({"core", "platform"})


async def lookup_tenant(slug: str) -> TenantRef:
    if not is_valid_slug(slug):
        raise Problem(
            400,
            "Invalid tenant slug",
            f"{slug!r} is not a tenant slug (lower-case letters, digits and hyphens)",
            errors=[{"parameter": "tenant", "detail": "not a valid tenant slug"}],
        )
    async with platform_session() as session:
        tenant = (await session.scalars(select(Tenant).where(Tenant.slug == slug))).one_or_none()
    if tenant is None:
        raise TenantNotFound(f"No tenant has the slug {slug!r}")
    if tenant.status is TenantStatus.RETIRED and tenant.successor_id is not None:
        successor = await successor_slug(tenant.successor_id)
        if successor is not None:
            raise TenantMoved(slug, successor)
    return TenantRef.of(tenant)


async def refuse_if_reorganising(tenant: TenantRef, request: Request[Any, Any, Any]) -> None:
    """A write to a council frozen by a reorganisation: 423 naming the reorganisation."""
    if request.method in READ_METHODS or tenant.status is not TenantStatus.READ_ONLY:
        return
    frozen = await freezing_reorganisation(tenant.id)
    if frozen is not None:
        raise Problem(
            423,
            "Council is being reorganised",
            f"Tenant {tenant.slug!r} is read-only while the reorganisation {frozen.name!r} "
            f"(vesting {frozen.vesting_date}) copies its records; they can be read but not "
            "changed",
            type_="tenant-reorganising",
            reorganisation={"id": str(frozen.id), "name": frozen.name, "status": frozen.status},
        )


def check_access(tenant: TenantRef, request: Request[Any, Any, Any]) -> None:
    if tenant.status is TenantStatus.PROVISIONING:
        raise TenantNotActive(f"Tenant {tenant.slug!r} is still being provisioned")
    if request.method not in READ_METHODS and tenant.status is not TenantStatus.ACTIVE:
        raise TenantNotActive(
            f"Tenant {tenant.slug!r} is {tenant.status.value.replace('_', '-')}: "
            "its records can be read but not changed"
        )
    permission = declared_permission(request.route_handler)
    if (
        permission
        and permission.service not in CORE_SERVICES
        and permission.service not in tenant.enabled_services
    ):
        raise Problem(
            404,
            "Service not enabled",
            f"Tenant {tenant.slug!r} does not use the {permission.service} service",
        )


async def provide_tenant(tenant: FromPath[str], request: Request[Any, Any, Any]) -> TenantRef:
    ref = getattr(request.state, "tenant", None) or await lookup_tenant(tenant)
    await refuse_if_reorganising(ref, request)
    check_access(ref, request)
    return ref


async def predecessor_of(tenant: TenantRef, request: Request[Any, Any, Any]) -> str | None:
    """The GSS code of the retired predecessor a request names with ``formerly=`` (added by
    that council's 308), if it really is one of this council's predecessors."""
    formerly = request.query_params.get(FORMERLY_PARAMETER)
    if formerly and is_valid_slug(formerly):
        return await predecessor_authority(formerly, tenant.id)
    return None


async def provide_tenant_session(
    current_tenant: NamedDependency[TenantRef], request: Request[Any, Any, Any]
) -> AsyncIterator[AsyncSession]:
    authority = await predecessor_of(current_tenant, request)
    async with tenant_session(current_tenant.schema_name) as session:
        note_former_authority(session, authority)
        yield session


CurrentTenant = NamedDependency[TenantRef]
TenantSession = NamedDependency[AsyncSession]
