"""Signing in issues a new session id: an id known before sign-in never becomes authenticated."""

from __future__ import annotations

from typing import Any

from conftest import sign_in


async def test_sign_in_rotates_the_session_id(anonymous: Any, operator: Any) -> None:
    await anonymous.get("/auth/dev")  # an anonymous session exists (it carries a CSRF token)
    before = anonymous.cookies.get("vesta_session")
    assert before
    await sign_in(anonymous, operator)
    after = anonymous.cookies.get("vesta_session")
    assert after and after != before
    # Someone holding the old id (e.g. planted before sign-in) is not signed in.
    anonymous.cookies.set("vesta_session", before, domain="testserver.local")
    stale = await anonymous.get("/auth/session")
    assert stale.json()["signedIn"] is False
