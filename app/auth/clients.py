"""API clients: create, list, rotate and revoke; authenticate a client's secret.

Secrets are shown once, at creation or rotation, and stored only as scrypt hashes. Every change
goes to the platform audit log, as does every token issued.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from tenancy.binding import platform_session_sync
from tenancy.errors import InvalidTenantInput, TenantNotFound
from tenancy.models import Tenant
from tenancy.principals import ApiClient
from tenancy.registry import get_tenant, record_platform_audit

_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def hash_secret(secret: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def secret_matches(secret: str, stored: str) -> bool:
    scheme, salt, digest = stored.split("$")
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(secret.encode(), salt=bytes.fromhex(salt), **_SCRYPT)
    return hmac.compare_digest(candidate.hex(), digest)


@dataclass(frozen=True, slots=True)
class IssuedCredentials:
    client: ApiClient
    client_secret: str


def create_client(
    *, name: str, tenant_slug: str | None, services: Sequence[str], can_write: bool, actor: str
) -> IssuedCredentials:
    if not name.strip():
        raise InvalidTenantInput("An API client needs a name", pointer="/name")
    secret = secrets.token_urlsafe(32)
    with platform_session_sync() as session:
        tenant = get_tenant(session, tenant_slug) if tenant_slug else None
        if tenant is not None:
            for index, code in enumerate(services):
                if code not in tenant.enabled_services:
                    raise InvalidTenantInput(
                        f"{tenant.slug} does not use the {code!r} service",
                        pointer=f"/services/{index}",
                    )
        client = ApiClient(
            client_id=f"vc_{secrets.token_hex(12)}",
            secret_hash=hash_secret(secret),
            name=name.strip(),
            tenant_id=tenant.id if tenant else None,
            services=sorted(set(services)),
            can_write=can_write,
            created_by=actor,
        )
        session.add(client)
        session.flush()
        record_platform_audit(
            session,
            actor,
            "client.created",
            client.tenant_id,
            {
                "clientId": client.client_id,
                "name": client.name,
                "services": client.services,
                "write": can_write,
                "platform": tenant is None,
            },
        )
    return IssuedCredentials(client, secret)


def _locked(session: Session, client_id: str) -> ApiClient:
    client = session.scalars(
        select(ApiClient).where(ApiClient.client_id == client_id).with_for_update()
    ).one_or_none()
    if client is None:
        raise TenantNotFound(f"No API client {client_id!r}")
    return client


def rotate_secret(client_id: str, *, actor: str) -> IssuedCredentials:
    secret = secrets.token_urlsafe(32)
    with platform_session_sync() as session:
        client = _locked(session, client_id)
        if client.revoked_at is not None:
            raise InvalidTenantInput(f"{client_id} is revoked", pointer="/clientId")
        client.secret_hash = hash_secret(secret)
        client.secret_rotated_at = dt.datetime.now(dt.UTC)
        record_platform_audit(
            session, actor, "client.secret_rotated", client.tenant_id, {"clientId": client_id}
        )
    return IssuedCredentials(client, secret)


def revoke_client(client_id: str, *, actor: str) -> ApiClient:
    with platform_session_sync() as session:
        client = _locked(session, client_id)
        if client.revoked_at is None:
            client.revoked_at = dt.datetime.now(dt.UTC)
            client.revoked_by = actor
            record_platform_audit(
                session, actor, "client.revoked", client.tenant_id, {"clientId": client_id}
            )
        return client


def list_clients(tenant_slug: str | None = None) -> list[tuple[ApiClient, str | None]]:
    with platform_session_sync() as session:
        query = select(ApiClient, Tenant.slug).outerjoin(Tenant, Tenant.id == ApiClient.tenant_id)
        if tenant_slug:
            query = query.where(Tenant.slug == tenant_slug)
        rows = session.execute(query.order_by(ApiClient.created_at)).tuples().all()
        return list(rows)


def authenticate(client_id: str, secret: str) -> ApiClient | None:
    """The active client with this id and secret, or None (same work either way)."""
    with platform_session_sync() as session:
        client = session.scalars(
            select(ApiClient).where(ApiClient.client_id == client_id)
        ).one_or_none()
    stored = client.secret_hash if client else hash_secret(secrets.token_urlsafe(8))
    if not secret_matches(secret, stored) or client is None or client.revoked_at is not None:
        return None
    return client
