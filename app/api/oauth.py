"""OAuth 2.0 for integrators: the client-credentials token endpoint and the published keys."""

from __future__ import annotations

import asyncio
import base64
import binascii
from typing import Any
from urllib.parse import unquote

from litestar import Request, get, post
from litestar.response import Response

from app.auth.audit import record
from app.auth.clients import authenticate
from app.auth.tokens import KEYS, issue_access_token
from app.guards import PUBLIC

MAX_CLIENT_ID = 64  # the length of platform.api_clients.client_id
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _oauth_error(status: int, error: str, description: str) -> Response[dict[str, str]]:
    headers = dict(NO_STORE)
    if status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="vesta"'
    return Response(
        {"error": error, "error_description": description}, status_code=status, headers=headers
    )


def _basic_credentials(request: Request[Any, Any, Any]) -> tuple[str, str] | None:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, _, secret = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return unquote(client_id), unquote(secret)


@post(
    "/oauth/token",
    opt=PUBLIC,
    tags=["oauth"],
    summary="Client-credentials access token",
    status_code=200,
)
async def token(request: Request[Any, Any, Any]) -> Response[dict[str, Any]]:
    form = await request.form()
    if form.get("grant_type") != "client_credentials":
        return _oauth_error(400, "unsupported_grant_type", "Only client_credentials is supported")
    credentials = _basic_credentials(request)
    if credentials is not None and len(credentials[0]) > MAX_CLIENT_ID:
        credentials = (credentials[0][:MAX_CLIENT_ID], "")  # no such client: refused, audited
    if credentials is None:
        return _oauth_error(401, "invalid_client", "Authenticate with HTTP Basic")
    # scrypt and the key cache are blocking work: keep them off the event loop.
    client = await asyncio.to_thread(authenticate, *credentials)
    if client is None:
        await record(f"client:{credentials[0]}", "token.refused", None, {})
        return _oauth_error(401, "invalid_client", "Unknown, revoked or wrong secret")
    access_token, expires_in = await asyncio.to_thread(
        issue_access_token,
        client_id=client.client_id,
        tenant_id=str(client.tenant_id) if client.tenant_id else None,
        services=list(client.services),
        can_write=client.can_write,
    )
    await record(
        f"client:{client.client_id}", "token.issued", client.tenant_id, {"expiresIn": expires_in}
    )
    body = {
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": expires_in,
        "scope": "read write" if client.can_write else "read",
    }
    return Response(body, headers=NO_STORE)


@get(
    ["/oauth/jwks", "/.well-known/jwks.json"],
    opt=PUBLIC,
    tags=["oauth"],
    summary="Keys that verify Vesta's access tokens",
)
async def jwks() -> dict[str, Any]:
    return KEYS.jwks()
