"""Operator routes for the tenant registry: create, list, show and change councils."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.response import Response
from sqlalchemy import func, select

from app.api.pagination import DEFAULT_PER_PAGE, Page, PageParam, PerPageParam, page_of
from app.api.schemas import AuditOut, TenantCreate, TenantOut, TenantPatch
from app.guards import requires
from app.principal import Actor
from services.registry import registry
from tenancy import registry as tenants
from tenancy.binding import platform_session_sync
from tenancy.errors import InvalidTenantInput
from tenancy.models import PlatformAuditEntry, Tenant, TenantKind, TenantStatus


def _check_services(codes: list[str]) -> list[str]:
    for index, code in enumerate(codes):
        if code not in registry:
            known = ", ".join(registry.codes())
            raise InvalidTenantInput(
                f"{code!r} is not a service (known: {known})", pointer=f"/enabledServices/{index}"
            )
    return codes


class PlatformTenantsController(Controller):
    path = "/api/v1/platform/tenants"
    tags = ["platform"]

    @post(
        "/",
        opt=requires("platform", "tenants", "write"),
        sync_to_thread=True,
        summary="Provision a council",
        status_code=201,
    )
    def create(self, data: JSONBody[TenantCreate], actor: Actor) -> Response[TenantOut]:
        tenant = tenants.create_tenant(
            slug=data.slug,
            name=data.name,
            gss_code=data.gss_code,
            kind=data.kind,
            services=_check_services(data.enabled_services),
            actor=actor,
            vesting_date=data.vesting_date,
        )
        return Response(
            TenantOut.of(tenant),
            status_code=201,
            headers={"Location": f"/api/v1/platform/tenants/{tenant.slug}"},
        )

    @get(
        "/",
        opt=requires("platform", "tenants", "read"),
        sync_to_thread=True,
        summary="List councils",
    )
    def list_all(
        self,
        page: PageParam = 1,
        per_page: PerPageParam = DEFAULT_PER_PAGE,
        status: Annotated[TenantStatus | None, QueryParameter(name="status")] = None,
        kind: Annotated[TenantKind | None, QueryParameter(name="kind")] = None,
    ) -> Page[TenantOut]:
        query = select(Tenant)
        if status:
            query = query.where(Tenant.status == status)
        if kind:
            query = query.where(Tenant.kind == kind)
        with platform_session_sync() as session:
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = session.scalars(
                query.order_by(Tenant.slug).limit(per_page).offset((page - 1) * per_page)
            ).all()
            return page_of([TenantOut.of(t) for t in rows], total, page, per_page)

    @get(
        "/{slug:str}",
        opt=requires("platform", "tenants", "read"),
        sync_to_thread=True,
        summary="Show a council",
    )
    def show(self, slug: FromPath[str]) -> TenantOut:
        with platform_session_sync() as session:
            return TenantOut.of(tenants.get_tenant(session, slug))

    @patch(
        "/{slug:str}",
        opt=requires("platform", "tenants", "write"),
        sync_to_thread=True,
        summary="Change a council: name, status, enabled services, dates",
    )
    def update(self, slug: FromPath[str], data: JSONBody[TenantPatch], actor: Actor) -> TenantOut:
        changes = data.changes()
        if "enabled_services" in changes:
            _check_services(changes["enabled_services"])
        return TenantOut.of(tenants.update_tenant(slug, changes, actor=actor))

    @get(
        "/{slug:str}/audit",
        opt=requires("platform", "audit", "read"),
        sync_to_thread=True,
        summary="Platform audit entries about a council",
    )
    def audit(
        self, slug: FromPath[str], page: PageParam = 1, per_page: PerPageParam = DEFAULT_PER_PAGE
    ) -> Page[AuditOut]:
        with platform_session_sync() as session:
            tenant = tenants.get_tenant(session, slug)
            query = select(PlatformAuditEntry).where(PlatformAuditEntry.tenant_id == tenant.id)
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = session.scalars(
                query.order_by(PlatformAuditEntry.at.desc(), PlatformAuditEntry.id.desc())
                .limit(per_page)
                .offset((page - 1) * per_page)
            ).all()
            entries = [
                AuditOut(id=r.id, at=r.at, actor=r.actor, action=r.action, detail=r.detail)
                for r in rows
            ]
            return page_of(entries, total, page, per_page)
