"""Signing a person in and out of a session, with the platform audit entries that go with it."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any
from uuid import UUID

from litestar import Request

from app.auth import csrf
from app.auth.audit import record
from app.auth.session_store import rotate_session_id
from tenancy.binding import platform_session
from tenancy.principals import User


async def start_session(
    request: Request[Any, Any, Any], user: User, tenant_id: UUID | None, method: str
) -> None:
    """Replace whatever the session held with a fresh signed-in session under a new id."""
    request.clear_session()
    rotate_session_id(request)
    now = time.time()
    request.set_session(
        {
            "user_id": str(user.id),
            "signed_in_at": now,
            "last_seen": now,
            csrf.SESSION_KEY: csrf.new_token(),
            "method": method,
        }
    )
    async with platform_session() as session:
        stored = await session.get(User, user.id)
        if stored is not None:
            stored.last_sign_in_at = dt.datetime.now(dt.UTC)
    await record(f"user:{user.id} <{user.email}>", "user.signed_in", tenant_id, {"method": method})


async def end_session(request: Request[Any, Any, Any]) -> None:
    user_id = (request.session or {}).get("user_id")
    request.clear_session()
    if user_id:
        await record(f"user:{user_id}", "user.signed_out", None, {})


async def failed_sign_in(tenant_id: UUID | None, reason: str, detail: dict[str, Any]) -> None:
    await record("anonymous", "user.sign_in_failed", tenant_id, {"reason": reason, **detail})
