"""Hand-made access tokens for the tests: each like a real one but unacceptable in one way.

Built with the real current signing key (``app.auth.tokens.KEYS``) where a signature is needed,
so the only thing wrong with each token is the one thing its kind names.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

from joserfc import jwt
from joserfc.jwk import RSAKey

from app.auth.tokens import KEYS


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def parts(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    header, payload, _ = token.split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    return (
        json.loads(base64.urlsafe_b64decode(pad(header))),
        json.loads(base64.urlsafe_b64decode(pad(payload))),
    )


def forge(real: str, kind: str) -> str:
    """A token like ``real`` (same client, tenant, services) made unacceptable one way."""
    header, claims = parts(real)
    key = KEYS.signing_key()
    signed = lambda c, k=key: jwt.encode(header, c, k)  # noqa: E731
    t = int(time.time())
    if kind == "control":
        return signed(claims)
    if kind == "expired":
        return signed({**claims, "iat": t - 1200, "nbf": t - 1200, "exp": t - 600})
    if kind == "not-yet-valid":
        return signed({**claims, "nbf": t + 600, "exp": t + 1200})
    if kind == "wrong-audience":
        return signed({**claims, "aud": "someone-else"})
    if kind == "wrong-issuer":
        return signed({**claims, "iss": "https://issuer.evil.example"})
    if kind == "other-key-same-kid":
        impostor = RSAKey.generate_key(2048, parameters={"kid": key.kid, "alg": "RS256"})
        return signed(claims, impostor)
    if kind == "tampered-scope":
        _, _, signature = real.split(".")
        payload = b64(json.dumps({**claims, "scope": "read write"}).encode())
        return f"{real.split('.')[0]}.{payload}.{signature}"
    if kind == "alg-none":
        head = b64(json.dumps({"alg": "none", "typ": "at+jwt", "kid": key.kid}).encode())
        return f"{head}.{b64(json.dumps(claims).encode())}."
    if kind == "hs256-public-key-as-secret":
        head = b64(json.dumps({"alg": "HS256", "typ": "at+jwt", "kid": key.kid}).encode())
        signing_input = f"{head}.{b64(json.dumps(claims).encode())}"
        secret = key.as_pem(private=False)
        mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        return f"{signing_input}.{b64(mac)}"
    if kind == "garbage":
        return "not-a-token-at-all"
    raise AssertionError(kind)
