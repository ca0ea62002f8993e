"""API access tokens: short-lived JWTs signed with a rotating key, verified on every request.

The newest unretired key in ``platform.signing_keys`` signs (RS256); every key that may still
have live tokens is published as a JWKS at ``/oauth/jwks``. ``rotate_signing_key`` adds a new
key and retires the old ones after the longest token lifetime, so tokens already issued keep
working until they expire. Verification accepts exactly RS256 with a known ``kid`` — ``alg:
none``, HMAC tricks and unknown keys are refused.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey
from sqlalchemy import or_, select

from tenancy.binding import platform_session_sync
from tenancy.principals import SigningKey

ALGORITHM = "RS256"
AUDIENCE = "vesta-api"
TOKEN_LIFETIME = dt.timedelta(minutes=10)


class InvalidToken(Exception):
    """The bearer token is malformed, forged, expired or otherwise unacceptable."""


@dataclass(frozen=True, slots=True)
class AccessClaims:
    client_id: str
    tenant_id: str | None
    services: tuple[str, ...]
    can_write: bool
    jti: str
    expires_at: int


def issuer() -> str:
    import os

    return os.environ.get("VESTA_ISSUER", "http://127.0.0.1:8000")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def rotate_signing_key() -> str:
    """Create a new signing key; older keys retire once their last tokens have expired."""
    key = RSAKey.generate_key(2048, parameters={"use": "sig", "alg": ALGORITHM})
    kid = key.thumbprint()
    pem = key.as_pem(private=True).decode()
    with platform_session_sync() as session:
        for old in session.scalars(select(SigningKey).where(SigningKey.retired_at.is_(None))):
            old.retired_at = _now() + TOKEN_LIFETIME
        session.add(SigningKey(kid=kid, private_pem=pem))
    KEYS.invalidate()
    return kid


class KeyCache:
    """The current signing key and the published verification keys, re-read on an unknown kid
    or every minute, whichever comes first."""

    REFRESH_SECONDS = 60

    def __init__(self) -> None:
        # Re-entrant: loading with no key yet creates one, which invalidates this cache.
        self._lock = threading.RLock()
        self._loaded_at = 0.0
        self._signing: RSAKey | None = None
        self._verifying: dict[str, RSAKey] = {}

    def invalidate(self) -> None:
        with self._lock:
            self._loaded_at = 0.0

    def _load(self) -> None:
        with platform_session_sync() as session:
            rows = session.scalars(
                select(SigningKey)
                .where(or_(SigningKey.retired_at.is_(None), SigningKey.retired_at > _now()))
                .order_by(SigningKey.created_at)
            ).all()
        if not rows:
            rotate_signing_key()
            return self._load()
        keys = {row.kid: self._key(row) for row in rows}
        current = [row for row in rows if row.retired_at is None] or rows
        self._signing, self._verifying = keys[current[-1].kid], keys
        self._loaded_at = time.monotonic()
        return None

    @staticmethod
    def _key(row: SigningKey) -> RSAKey:
        return RSAKey.import_key(
            row.private_pem, parameters={"kid": row.kid, "use": "sig", "alg": ALGORITHM}
        )

    def _fresh(self, kid: str | None = None) -> None:
        stale = time.monotonic() - self._loaded_at > self.REFRESH_SECONDS
        if stale or (kid is not None and kid not in self._verifying):
            with self._lock:
                self._load()

    def signing_key(self) -> RSAKey:
        self._fresh()
        assert self._signing is not None
        return self._signing

    def verifying_key(self, kid: str) -> RSAKey | None:
        self._fresh(kid)
        return self._verifying.get(kid)

    def jwks(self) -> dict[str, Any]:
        self._fresh()
        return KeySet(list(self._verifying.values())).as_dict(private=False)


KEYS = KeyCache()


def issue_access_token(
    *, client_id: str, tenant_id: str | None, services: list[str], can_write: bool
) -> tuple[str, int]:
    key = KEYS.signing_key()
    now = int(time.time())
    lifetime = int(TOKEN_LIFETIME.total_seconds())
    claims = {
        "iss": issuer(),
        "aud": AUDIENCE,
        "sub": client_id,
        "iat": now,
        "nbf": now,
        "exp": now + lifetime,
        "jti": secrets.token_urlsafe(16),
        "tenant": tenant_id,
        "services": services,
        "scope": "read write" if can_write else "read",
    }
    token = jwt.encode({"alg": ALGORITHM, "kid": key.kid, "typ": "at+jwt"}, claims, key)
    return token, lifetime


def verify_access_token(token: str) -> AccessClaims:
    try:
        header = jws.extract_compact(token.encode()).headers()
    except (JoseError, ValueError) as exc:
        raise InvalidToken("malformed token") from exc
    if header.get("alg") != ALGORITHM:
        raise InvalidToken(f"tokens must be signed with {ALGORITHM}")
    key = KEYS.verifying_key(str(header.get("kid", "")))
    if key is None:
        raise InvalidToken("token signed by an unknown key")
    try:
        decoded = jwt.decode(token, key, algorithms=[ALGORITHM])
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": issuer()},
            aud={"essential": True, "value": AUDIENCE},
            exp={"essential": True},
            sub={"essential": True},
            jti={"essential": True},
        ).validate(decoded.claims)
    except JoseError as exc:
        raise InvalidToken(f"token rejected: {exc.description or exc.error}") from exc
    claims = decoded.claims
    return AccessClaims(
        client_id=str(claims["sub"]),
        tenant_id=claims.get("tenant"),
        services=tuple(claims.get("services") or ()),
        can_write="write" in str(claims.get("scope", "")).split(),
        jti=str(claims["jti"]),
        expires_at=int(claims["exp"]),
    )
