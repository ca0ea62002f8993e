"""Who is calling: a signed-in person (session cookie) or an API client (bearer token).

``authenticate`` reads the request once and caches the answer on it. A session past its idle or
absolute lifetime, or belonging to a disabled user, is cleared and counts as no session; a bad
bearer token is an error (401), never a silent fallback to anonymous.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar.connection import ASGIConnection
from sqlalchemy import select

from app.auth.tokens import InvalidToken, verify_access_token
from app.problems import Problem
from tenancy.binding import platform_session
from tenancy.principals import ApiClient, User

IDLE_SECONDS = int(os.environ.get("VESTA_SESSION_IDLE_SECONDS", str(30 * 60)))
ABSOLUTE_SECONDS = int(os.environ.get("VESTA_SESSION_ABSOLUTE_SECONDS", str(10 * 60 * 60)))
_CACHE_KEY = "vesta_principal"


@dataclass(frozen=True, slots=True)
class UserPrincipal:
    id: UUID
    email: str
    display_name: str

    @property
    def audit_name(self) -> str:
        return f"user:{self.id} <{self.email}>"


@dataclass(frozen=True, slots=True)
class ClientPrincipal:
    client_id: str
    tenant_id: UUID | None
    services: tuple[str, ...]
    can_write: bool

    @property
    def audit_name(self) -> str:
        return f"client:{self.client_id}"

    @property
    def is_platform(self) -> bool:
        return self.tenant_id is None


Principal = UserPrincipal | ClientPrincipal


def unauthorised(detail: str) -> Problem:
    return Problem(
        401, "Unauthorised", detail, headers={"WWW-Authenticate": 'Bearer realm="vesta"'}
    )


async def authenticate(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal | None:
    cached = connection.scope.get(_CACHE_KEY, False)
    if cached is not False:
        return cached  # type: ignore[no-any-return]
    header = connection.headers.get("authorization")
    if header:
        principal: Principal | None = await _from_bearer(header)
        connection.scope["auth"] = "bearer"
    else:
        principal = await _from_session(connection)
        connection.scope["auth"] = "session" if principal else None
    connection.scope[_CACHE_KEY] = principal  # type: ignore[literal-required]
    connection.scope["user"] = principal
    return principal


async def _from_bearer(header: str) -> ClientPrincipal:
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorised("Use 'Authorization: Bearer <access token>'")
    try:
        claims = verify_access_token(token.strip())
    except InvalidToken as exc:
        raise unauthorised(str(exc)) from exc
    async with platform_session() as session:
        client = (
            await session.scalars(
                select(ApiClient).where(
                    ApiClient.client_id == claims.client_id, ApiClient.revoked_at.is_(None)
                )
            )
        ).one_or_none()
    if client is None:
        raise unauthorised("This API client has been revoked")
    token_tenant = UUID(claims.tenant_id) if claims.tenant_id else None
    if token_tenant != client.tenant_id:
        raise unauthorised("The token does not match its client")
    return ClientPrincipal(client.client_id, client.tenant_id, claims.services, claims.can_write)


async def _from_session(connection: ASGIConnection[Any, Any, Any, Any]) -> UserPrincipal | None:
    if "session" not in connection.scope:
        return None
    data = connection.session
    user_id = data.get("user_id") if data else None
    if not user_id:
        return None
    now = time.time()
    if now - data.get("signed_in_at", 0) > ABSOLUTE_SECONDS or (
        now - data.get("last_seen", 0) > IDLE_SECONDS
    ):
        connection.clear_session()
        return None
    async with platform_session() as session:
        user = await session.get(User, UUID(user_id))
    if user is None or user.disabled:
        connection.clear_session()
        return None
    data["last_seen"] = now
    connection.set_session(data)
    return UserPrincipal(user.id, user.email, user.display_name)
