"""Webhook signing secrets: made here, shown once, kept encrypted, used to sign each delivery.

A receiver checks a delivery with the same secret, so unlike an API client's secret (kept only
as a scrypt hash, :mod:`app.auth.clients`) it cannot be hashed. It is encrypted instead, with
AES-256-GCM under a key held outside the database — ``VESTA_WEBHOOK_KEYS``, a comma-separated
list of ``<key id>:<32 bytes, URL-safe base64>``, the first encrypting and all decrypting, so a
key can be rotated. The subscription's id is the associated data, so a ciphertext copied onto
another subscription does not decrypt (a reorganisation keeps ids, so its copies still do). A
database dump alone therefore yields no secret. Outside production, with no key set, a fixed
development key (id ``dev``) is used; production refuses it.

Secrets and signatures follow the Standard Webhooks convention: the secret is ``whsec_`` and the
base64 of 32 random bytes; ``Webhook-Signature`` is ``v1,`` and the base64 HMAC-SHA256, under
those bytes, of ``<Webhook-Id>.<Webhook-Timestamp>.<body>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from uuid import UUID

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from tenancy.settings import get_settings

KEYS_ENV = "VESTA_WEBHOOK_KEYS"
PREFIX = "whsec_"
FORMAT = "v1"
DEV_KEY_ID = "dev"
_DEV_KEY = hashlib.sha256(b"vesta development webhook key - never for production").digest()


class SecretsUnavailable(Exception):
    """No key to encrypt or decrypt webhook secrets with (production without the key set)."""


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _keys() -> list[tuple[str, bytes]]:
    raw = os.environ.get(KEYS_ENV, "").strip()
    keys: list[tuple[str, bytes]] = []
    for item in filter(None, (part.strip() for part in raw.split(","))):
        kid, _, encoded = item.partition(":")
        key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        if not kid or len(key) != 32:
            raise SecretsUnavailable(f"{KEYS_ENV}: each key is <id>:<32 bytes, base64>")
        keys.append((kid, key))
    if not keys and not get_settings().is_production:
        keys.append((DEV_KEY_ID, _DEV_KEY))
    if not keys:
        raise SecretsUnavailable(f"set {KEYS_ENV} to keep webhook secrets")
    return keys


def encrypt(secret: str, subscription_id: UUID) -> str:
    kid, key = _keys()[0]
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(key).encrypt(nonce, secret.encode(), subscription_id.bytes)
    return f"{FORMAT}.{kid}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(stored: str, subscription_id: UUID) -> str:
    fmt, kid, sealed = stored.split(".", 2)
    key = dict(_keys()).get(kid)
    if fmt != FORMAT or key is None:
        raise SecretsUnavailable(f"no webhook key {kid!r} to decrypt this secret with")
    raw = base64.urlsafe_b64decode(sealed)
    return AESGCM(key).decrypt(raw[:12], raw[12:], subscription_id.bytes).decode()


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``Webhook-Signature`` header value for one delivery."""
    key = base64.b64decode(secret.removeprefix(PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


__all__ = ["SecretsUnavailable", "decrypt", "encrypt", "new_secret", "signature"]
