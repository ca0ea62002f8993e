"""OpenID Connect sign-in for officers, through their council's own identity provider.

Authorization code flow with PKCE (S256), ``state`` and ``nonce``, via Authlib's OAuth 2.0
client; the ID token is verified with the provider's published keys (joserfc): signature,
issuer, audience, expiry and nonce. A person is matched on (issuer, subject); an invited person
is matched once on their email address. The email domain must be one the council allows, and
the person must hold a role in that council (or on the platform) — otherwise the sign-in fails
and is audited.
"""

from __future__ import annotations

import os
import secrets
import time
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

import httpx
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from litestar import Request, get
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect
from sqlalchemy import func, select

from app.auth.policy import get_policy
from app.auth.sessions import failed_sign_in, start_session
from app.guards import PUBLIC
from app.problems import Problem
from app.tenant_context import lookup_tenant
from tenancy.binding import platform_session
from tenancy.principals import IdentityProvider, Membership, User

_DISCOVERY_TTL = 3600
_discovery: dict[str, tuple[float, dict[str, Any]]] = {}


async def discover(issuer: str) -> dict[str, Any]:
    cached = _discovery.get(issuer)
    if cached and time.monotonic() - cached[0] < _DISCOVERY_TTL:
        return cached[1]
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(issuer.rstrip("/") + "/.well-known/openid-configuration")
        response.raise_for_status()
        metadata = response.json()
        jwks = (await client.get(metadata["jwks_uri"])).json()
    metadata["_jwks"] = jwks
    _discovery[issuer] = (time.monotonic(), metadata)
    return metadata


def client_secret(reference: str) -> str:
    """Secrets are referenced, never stored: ``env:NAME`` reads the environment variable."""
    kind, _, name = reference.partition(":")
    if kind != "env" or name not in os.environ:
        raise Problem(500, "Sign-in misconfigured", "The identity provider's secret is missing")
    return os.environ[name]


def redirect_uri(request: Request[Any, Any, Any]) -> str:
    base = os.environ.get("VESTA_PUBLIC_URL") or str(request.base_url).rstrip("/")
    return f"{base}/auth/callback"


async def _provider(tenant_id: Any) -> IdentityProvider:
    async with platform_session() as session:
        provider = await session.get(IdentityProvider, tenant_id)
    if provider is None:
        raise Problem(404, "No sign-in configured", "This council has no identity provider set")
    return provider


@get("/auth/{tenant:str}/sign-in", opt=PUBLIC, tags=["auth"], summary="Sign in with the council")
async def sign_in(request: Request[Any, Any, Any], tenant: FromPath[str]) -> Redirect:
    ref = await lookup_tenant(tenant)
    provider = await _provider(ref.id)
    metadata = await discover(provider.issuer)
    state, nonce, verifier = (secrets.token_urlsafe(24) for _ in range(3))
    request.set_session(
        {
            **(request.session or {}),
            "oidc": {
                "tenant": ref.slug,
                "state": state,
                "nonce": nonce,
                "verifier": verifier,
                "started": time.time(),
            },
        }
    )
    query = urlencode(
        {
            "response_type": "code",
            "client_id": provider.client_id,
            "redirect_uri": redirect_uri(request),
            "scope": "openid email profile",
            "state": state,
            "nonce": nonce,
            "code_challenge_method": "S256",
            "code_challenge": create_s256_code_challenge(verifier),
        }
    )
    return Redirect(f"{metadata['authorization_endpoint']}?{query}")


@get("/auth/callback", opt=PUBLIC, tags=["auth"], summary="Where the identity provider returns")
async def callback(
    request: Request[Any, Any, Any],
    code: FromQuery[str | None] = None,
    oidc_state: Annotated[str | None, QueryParameter(name="state")] = None,
    error: FromQuery[str | None] = None,
) -> Redirect:
    session = dict(request.session or {})
    pending = session.get("oidc")
    if not pending or not oidc_state or not secrets.compare_digest(oidc_state, pending["state"]):
        await failed_sign_in(None, "state mismatch", {})
        raise Problem(400, "Sign-in failed", "The sign-in request expired or was not started here")
    session.pop("oidc")  # each sign-in attempt can be completed once
    request.set_session(session)
    tenant = await lookup_tenant(pending["tenant"])
    if error or not code:
        await failed_sign_in(tenant.id, "provider refused", {"error": error})
        raise Problem(401, "Sign-in failed", f"The identity provider said: {error or 'no code'}")
    provider = await _provider(tenant.id)
    metadata = await discover(provider.issuer)
    token = await _exchange_code(request, provider, metadata, code, pending["verifier"], tenant.id)
    claims = _verify_id_token(token.get("id_token", ""), metadata, provider, pending["nonce"])
    user, refusal = await _match_user(provider, claims, tenant.id)
    if user is None or not get_policy().roles_in(user.id, tenant.id):
        await failed_sign_in(tenant.id, refusal or "no role", {"email": claims.get("email")})
        raise Problem(403, "No access", f"You have no role at {tenant.slug}; ask its administrator")
    await _bind(user, provider, claims)
    await start_session(request, user, tenant.id, "oidc")
    return Redirect("/")


async def _exchange_code(
    request: Request[Any, Any, Any],
    provider: IdentityProvider,
    metadata: dict[str, Any],
    code: str,
    verifier: str,
    tenant_id: UUID,
) -> dict[str, Any]:
    # Imported here: Authlib warns about its httpx integration at import time.
    from authlib.integrations.base_client.errors import OAuthError
    from authlib.integrations.httpx_client import AsyncOAuth2Client

    try:
        async with AsyncOAuth2Client(
            provider.client_id,
            client_secret(provider.client_secret_ref),
            token_endpoint_auth_method="client_secret_basic",  # noqa: S106
        ) as oauth:
            return dict(
                await oauth.fetch_token(
                    metadata["token_endpoint"],
                    code=code,
                    code_verifier=verifier,
                    redirect_uri=redirect_uri(request),
                    grant_type="authorization_code",
                )
            )
    except (OAuthError, httpx.HTTPError) as exc:
        await failed_sign_in(tenant_id, "token exchange failed", {"error": str(exc)[:200]})
        raise Problem(
            401, "Sign-in failed", "The identity provider did not accept the sign-in"
        ) from exc


def _verify_id_token(
    token: str, metadata: dict[str, Any], provider: IdentityProvider, nonce: str
) -> dict[str, Any]:
    try:
        keys = KeySet.import_key_set(metadata["_jwks"])
        decoded = jwt.decode(token, keys, algorithms=["RS256", "ES256", "PS256", "EdDSA"])
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": provider.issuer},
            aud={"essential": True, "value": provider.client_id},
            nonce={"essential": True, "value": nonce},
            sub={"essential": True},
            exp={"essential": True},
        ).validate(decoded.claims)
    except (JoseError, ValueError, KeyError) as exc:
        raise Problem(401, "Sign-in failed", "The identity token could not be verified") from exc
    return dict(decoded.claims)


async def _match_user(
    provider: IdentityProvider, claims: dict[str, Any], tenant_id: UUID
) -> tuple[User | None, str | None]:
    """The person these claims identify, or (None, why not).

    A person already bound to this issuer and subject is theirs. Otherwise an invitation — a
    person with no subject yet — may be claimed, but only one holding a role in *this* council,
    only with a verified email in a domain the council allows; the binding itself happens after
    every check has passed (:func:`_bind`).
    """
    email = str(claims.get("email") or "").lower()
    allowed = [d.lower() for d in provider.allowed_email_domains]
    if allowed and email.rpartition("@")[2] not in allowed:
        return None, "email domain not allowed"
    async with platform_session() as session:
        user = (
            await session.scalars(
                select(User).where(User.issuer == provider.issuer, User.subject == claims["sub"])
            )
        ).one_or_none()
        if user is None:
            if not email or claims.get("email_verified") is not True:
                return None, "email not verified"
            user = (
                await session.scalars(
                    select(User)
                    .join(Membership, Membership.user_id == User.id)
                    .where(
                        func.lower(User.email) == email,
                        User.subject.is_(None),
                        Membership.tenant_id == tenant_id,
                    )
                    .limit(1)
                )
            ).first()
    if user is None:
        return None, "not invited"
    if user.disabled:
        return None, "disabled"
    return user, None


async def _bind(user: User, provider: IdentityProvider, claims: dict[str, Any]) -> None:
    async with platform_session() as session:
        stored = await session.get(User, user.id)
        if stored is None:
            return
        if stored.subject is None:
            stored.issuer, stored.subject = provider.issuer, str(claims["sub"])
        if claims.get("name"):
            stored.display_name = str(claims["name"])
