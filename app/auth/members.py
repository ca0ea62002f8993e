"""People and their roles in councils: invite, grant, revoke, list.

A council administrator manages roles in their own council only (the routes are tenant-scoped);
platform operators may grant in any council. Each grant or revocation is committed with a
platform audit entry, then applied to every process's policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.auth.policy import all_roles, membership_changed
from services.core.permissions import PLATFORM_ROLES
from tenancy.binding import platform_session_sync
from tenancy.errors import InvalidTenantInput, TenantNotFound
from tenancy.principals import Membership, User
from tenancy.registry import record_platform_audit

PLATFORM_ROLE_CODES = frozenset(role.code for role in PLATFORM_ROLES)


@dataclass(frozen=True, slots=True)
class Member:
    user_id: UUID
    email: str
    display_name: str
    roles: tuple[str, ...]
    invited: bool


def check_role(role: str, *, platform: bool, pointer: str = "/role") -> str:
    if role not in all_roles():
        raise InvalidTenantInput(f"{role!r} is not a role", pointer=pointer)
    if (role in PLATFORM_ROLE_CODES) != platform:
        where = "on the platform" if platform else "in a council"
        raise InvalidTenantInput(f"{role!r} cannot be held {where}", pointer=pointer)
    return role


def find_or_invite(session: Session, email: str, display_name: str) -> User:
    """The user with this email (signed-in or invited), or a new invitation."""
    email = email.strip().lower()
    if "@" not in email:
        raise InvalidTenantInput(f"{email!r} is not an email address", pointer="/email")
    user = session.scalars(
        select(User).where(func.lower(User.email) == email).order_by(User.created_at)
    ).first()
    if user is None:
        user = User(email=email, display_name=display_name.strip() or email)
        session.add(user)
        session.flush()
    return user


def grant(session: Session, user: User, tenant_id: UUID | None, role: str, *, actor: str) -> bool:
    """Grant ``role``; False if the user already held it. Caller commits, then calls
    ``membership_changed`` (``grant_roles`` does both)."""
    exists = session.scalars(
        select(Membership.id).where(
            Membership.user_id == user.id,
            Membership.tenant_id.is_(None)
            if tenant_id is None
            else Membership.tenant_id == tenant_id,
            Membership.role == role,
        )
    ).first()
    if exists:
        return False
    session.add(Membership(user_id=user.id, tenant_id=tenant_id, role=role, granted_by=actor))
    record_platform_audit(
        session,
        actor,
        "membership.granted",
        tenant_id,
        {"userId": str(user.id), "email": user.email, "role": role},
    )
    return True


def grant_roles(
    *, email: str, display_name: str, tenant_id: UUID | None, roles: Sequence[str], actor: str
) -> Member:
    for index, role in enumerate(roles):
        check_role(role, platform=tenant_id is None, pointer=f"/roles/{index}")
    with platform_session_sync() as session:
        user = find_or_invite(session, email, display_name)
        granted = [role for role in roles if grant(session, user, tenant_id, role, actor=actor)]
    for role in granted:
        membership_changed("grant", user.id, tenant_id, role)
    return member(user.id, tenant_id)


def revoke(user_id: UUID, tenant_id: UUID | None, role: str, *, actor: str) -> None:
    with platform_session_sync() as session:
        scope = (
            Membership.tenant_id.is_(None)
            if tenant_id is None
            else (Membership.tenant_id == tenant_id)
        )
        result = session.execute(
            delete(Membership)
            .where(Membership.user_id == user_id, scope, Membership.role == role)
            .returning(Membership.id)
        ).first()
        if result is None:
            raise TenantNotFound(f"That person does not hold {role!r} here")
        record_platform_audit(
            session,
            actor,
            "membership.revoked",
            tenant_id,
            {"userId": str(user_id), "role": role},
        )
    membership_changed("revoke", user_id, tenant_id, role)


def member(user_id: UUID, tenant_id: UUID | None) -> Member:
    members = list_members(tenant_id, user_id=user_id)
    if not members:
        raise TenantNotFound("No such member")
    return members[0]


def list_members(tenant_id: UUID | None, *, user_id: UUID | None = None) -> list[Member]:
    with platform_session_sync() as session:
        scope = (
            Membership.tenant_id.is_(None)
            if tenant_id is None
            else (Membership.tenant_id == tenant_id)
        )
        query = (
            select(User, func.array_agg(Membership.role))
            .join(Membership, Membership.user_id == User.id)
            .where(scope)
            .group_by(User.id)
            .order_by(User.display_name)
        )
        if user_id is not None:
            query = query.where(User.id == user_id)
        return [
            Member(
                user.id,
                user.email,
                user.display_name,
                tuple(sorted(roles)),
                invited=user.subject is None,
            )
            for user, roles in session.execute(query).tuples()
        ]
