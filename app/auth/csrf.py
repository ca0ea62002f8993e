"""CSRF protection for cookie-authenticated requests that change state.

Bearer-token calls carry no ambient credentials and need no CSRF token. A request authenticated
by the session cookie with an unsafe method must echo the session's CSRF token, either in the
``X-CSRF-Token`` header or (for HTML forms) the ``_csrf`` form field.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from litestar import Request
from litestar.connection import ASGIConnection

from app.problems import Problem

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
HEADER = "x-csrf-token"
FIELD = "_csrf"
SESSION_KEY = "csrf"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def session_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The session's CSRF token, created on first use (also for not-yet-signed-in visitors)."""
    data = dict(connection.session or {})
    if not data.get(SESSION_KEY):
        data[SESSION_KEY] = new_token()
        connection.set_session(data)
    return str(data[SESSION_KEY])


async def check_csrf(request: Request[Any, Any, Any]) -> None:
    if request.method in SAFE_METHODS:
        return
    expected = (request.session or {}).get(SESSION_KEY)
    supplied = request.headers.get(HEADER)
    content_type = request.headers.get("content-type", "")
    if supplied is None and content_type.startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(FIELD)
        supplied = value if isinstance(value, str) else None
    if not expected or not supplied or not hmac.compare_digest(str(expected), supplied):
        raise Problem(
            403,
            "CSRF check failed",
            "Requests signed in with a session cookie must send the session's CSRF token "
            f"('{HEADER.title()}' header or '{FIELD}' form field)",
        )
