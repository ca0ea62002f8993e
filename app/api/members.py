"""Who holds which role: a council's members (managed by its administrator) and the platform's
(managed by operators, who may also grant roles in any council)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec
from litestar import delete, get, post
from litestar.params import FromPath, JSONBody

from app.auth import members
from app.guards import requires
from app.principal import Actor
from app.tenant_context import CurrentTenant
from tenancy.binding import platform_session_sync
from tenancy.registry import get_tenant


class MemberIn(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=True):
    email: Annotated[str, msgspec.Meta(min_length=3, max_length=320)]
    display_name: Annotated[str, msgspec.Meta(max_length=200)] = ""
    roles: Annotated[list[str], msgspec.Meta(min_length=1)]


class MemberOut(msgspec.Struct, rename="camel", kw_only=True):
    user_id: UUID
    email: str
    display_name: str
    roles: list[str]
    invited: bool

    @classmethod
    def of(cls, member: members.Member) -> MemberOut:
        return cls(
            user_id=member.user_id,
            email=member.email,
            display_name=member.display_name,
            roles=list(member.roles),
            invited=member.invited,
        )


def _grant(data: MemberIn, tenant_id: UUID | None, actor: str) -> MemberOut:
    granted = members.grant_roles(
        email=data.email,
        display_name=data.display_name,
        tenant_id=tenant_id,
        roles=data.roles,
        actor=actor,
    )
    return MemberOut.of(granted)


@get(
    "/api/v1/{tenant:str}/members",
    opt=requires("core", "members", "read"),
    tags=["council"],
    sync_to_thread=True,
    summary="People with a role in this council",
)
def list_council_members(current_tenant: CurrentTenant) -> list[MemberOut]:
    return [MemberOut.of(m) for m in members.list_members(current_tenant.id)]


@post(
    "/api/v1/{tenant:str}/members",
    opt=requires("core", "members", "administer"),
    tags=["council"],
    sync_to_thread=True,
    status_code=200,
    summary="Grant roles in this council (inviting the person if new)",
)
def grant_council_roles(
    current_tenant: CurrentTenant, data: JSONBody[MemberIn], actor: Actor
) -> MemberOut:
    return _grant(data, current_tenant.id, actor)


@delete(
    "/api/v1/{tenant:str}/members/{user_id:uuid}/roles/{role:str}",
    opt=requires("core", "members", "administer"),
    tags=["council"],
    sync_to_thread=True,
    summary="Remove a role from a person in this council",
)
def revoke_council_role(
    current_tenant: CurrentTenant, user_id: FromPath[UUID], role: FromPath[str], actor: Actor
) -> None:
    members.revoke(user_id, current_tenant.id, role, actor=actor)


@get(
    "/api/v1/platform/members",
    opt=requires("platform", "members", "administer"),
    tags=["platform"],
    sync_to_thread=True,
    summary="People with a platform role",
)
def list_platform_members() -> list[MemberOut]:
    return [MemberOut.of(m) for m in members.list_members(None)]


@post(
    "/api/v1/platform/members",
    opt=requires("platform", "members", "administer"),
    tags=["platform"],
    sync_to_thread=True,
    status_code=200,
    summary="Grant platform roles",
)
def grant_platform_roles(data: JSONBody[MemberIn], actor: Actor) -> MemberOut:
    return _grant(data, None, actor)


@post(
    "/api/v1/platform/tenants/{slug:str}/members",
    opt=requires("platform", "members", "administer"),
    tags=["platform"],
    sync_to_thread=True,
    status_code=200,
    summary="Grant roles in any council (operators)",
)
def grant_roles_in_council(
    slug: FromPath[str], data: JSONBody[MemberIn], actor: Actor
) -> MemberOut:
    with platform_session_sync() as session:
        tenant_id = get_tenant(session, slug).id
    return _grant(data, tenant_id, actor)
