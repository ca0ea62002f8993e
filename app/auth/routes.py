"""Session routes: who am I, sign out, and the development sign-in (never in production).

The development sign-in lists the demo officers and signs in as one with a click. It is not
registered at all when ``VESTA_ENV=production`` (see :func:`auth_routes`), so no setting can
enable it there.
"""

from __future__ import annotations

import html
import os
from typing import Annotated, Any
from uuid import UUID

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Response
from sqlalchemy import select

from app.auth import csrf
from app.auth.principals import UserPrincipal, authenticate
from app.auth.sessions import end_session, start_session
from app.guards import PUBLIC
from app.problems import Problem
from tenancy.binding import platform_session
from tenancy.principals import User

DEV_ISSUER = "vesta:dev"


def dev_sign_in_enabled() -> bool:
    return (
        os.environ.get("VESTA_ENV", "development") != "production"
        and os.environ.get("VESTA_DEV_SIGN_IN", "1") != "0"
    )


@get("/auth/session", opt=PUBLIC, tags=["auth"], summary="Who is signed in, and the CSRF token")
async def session_info(request: Request[Any, Any, Any]) -> dict[str, Any]:
    principal = await authenticate(request)
    token = csrf.session_token(request)
    if isinstance(principal, UserPrincipal):
        from app.auth.policy import get_policy

        return {
            "signedIn": True,
            "user": {
                "id": str(principal.id),
                "email": principal.email,
                "displayName": principal.display_name,
            },
            "csrfToken": token,
            "platformRoles": get_policy().roles_in(principal.id, None),
        }
    return {"signedIn": False, "csrfToken": token}


@post("/auth/sign-out", opt=PUBLIC, tags=["auth"], summary="Sign out", status_code=303)
async def sign_out(request: Request[Any, Any, Any]) -> Redirect:
    await csrf.check_csrf(request)
    await end_session(request)
    return Redirect("/auth/dev" if dev_sign_in_enabled() else "/", status_code=303)


@get("/auth/dev", opt=PUBLIC, tags=["auth"], summary="Development sign-in (not in production)")
async def dev_sign_in_page(request: Request[Any, Any, Any]) -> Response[str]:
    token = csrf.session_token(request)
    async with platform_session() as session:
        users = (
            await session.scalars(
                select(User).where(User.issuer == DEV_ISSUER).order_by(User.display_name)
            )
        ).all()
    rows = "".join(
        f'<li><form method="post" action="/auth/dev"><input type="hidden" name="_csrf" '
        f'value="{html.escape(token)}"><input type="hidden" name="user_id" value="{u.id}">'
        f'<button type="submit">{html.escape(u.display_name)}</button> '
        f"{html.escape(u.email)}</form></li>"
        for u in users
    )
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Development "
        "sign-in — Vesta</title></head><body><main><p><strong>Development sign-in.</strong> "
        "For local demos only; it does not exist in production.</p><h1>Sign in as a demo "
        f"officer</h1><ul>{rows or '<li>No demo officers: run vesta seed demo</li>'}</ul>"
        "</main></body></html>"
    )
    return Response(page, media_type="text/html")


@post("/auth/dev", opt=PUBLIC, tags=["auth"], summary="Development sign-in as a demo officer")
async def dev_sign_in(
    request: Request[Any, Any, Any],
    data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Redirect:
    await csrf.check_csrf(request)
    try:
        user_id = UUID(data.get("user_id", ""))
    except ValueError as exc:
        raise Problem(
            422,
            "Invalid request",
            "Choose a demo officer",
            errors=[{"pointer": "/user_id", "detail": "not a user id"}],
        ) from exc
    async with platform_session() as session:
        user = await session.get(User, user_id)
    if user is None or user.issuer != DEV_ISSUER or user.disabled:
        raise Problem(403, "Forbidden", "Only demo officers can use the development sign-in")
    await start_session(request, user, None, "development")
    return Redirect("/auth/session", status_code=303)


def auth_routes() -> list[Any]:
    from app.auth.oidc import callback, sign_in

    routes: list[Any] = [session_info, sign_out, sign_in, callback]
    if dev_sign_in_enabled():
        routes += [dev_sign_in_page, dev_sign_in]
    return routes
