"""A council's own settings and its audit trail (tenant-scoped)."""

from __future__ import annotations

from typing import Annotated

from litestar import get, patch
from litestar.params import JSONBody, QueryParameter

from app.api.pagination import DEFAULT_PER_PAGE, Page, PageParam, PerPageParam, page_of
from app.api.schemas import AuditOut
from app.guards import requires
from app.principal import Actor
from app.tenant_context import TenantSession
from services.core import store
from services.core.settings import CouncilSettings, SettingsError, SettingsPatch, changes_of
from tenancy.errors import InvalidTenantInput


@get(
    "/api/v1/{tenant:str}/settings",
    opt=requires("core", "settings", "read"),
    tags=["council"],
    summary="The council's settings (defaults where unset)",
)
async def read_settings(db_session: TenantSession) -> CouncilSettings:
    return await store.read_settings(db_session)


@patch(
    "/api/v1/{tenant:str}/settings",
    opt=requires("core", "settings", "administer"),
    tags=["council"],
    summary="Change some of the council's settings",
)
async def update_settings(
    data: JSONBody[SettingsPatch], db_session: TenantSession, actor: Actor
) -> CouncilSettings:
    try:
        changes = changes_of(data)
    except SettingsError as exc:
        raise InvalidTenantInput(exc.detail, pointer=f"/{exc.key}") from exc
    return await store.update_settings(db_session, changes, actor=actor)


@get(
    "/api/v1/{tenant:str}/audit",
    opt=requires("core", "audit", "read"),
    tags=["council"],
    summary="The council's audit trail, newest first",
)
async def read_audit(
    db_session: TenantSession,
    page: PageParam = 1,
    per_page: PerPageParam = DEFAULT_PER_PAGE,
    entity: Annotated[str | None, QueryParameter(name="entity")] = None,
) -> Page[AuditOut]:
    rows, total = await store.list_audit(db_session, page=page, per_page=per_page, entity=entity)
    return page_of([AuditOut.of(r) for r in rows], total, page, per_page)
