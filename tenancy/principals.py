"""Platform tables for who may act: people (users), their roles per council (memberships), each
council's identity provider, API clients, and the keys that sign API tokens.

They live in the platform schema beside the tenant registry so the reorganisation engine can
carry memberships and clients from predecessor councils to their successor.
"""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from sqlalchemy import ARRAY, Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from uuid_utils.compat import uuid7

from tenancy.models import PlatformBase, utcnow

PLATFORM_DOMAIN = "platform"


class User(PlatformBase):
    """One person. Matched on (issuer, subject) at sign-in; invited people have neither yet and
    are matched once, on their email address, at their first sign-in."""

    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("issuer", "subject", name="uq_users_issuer_subject"),
        Index("ix_users_email", "email"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    issuer: Mapped[str | None] = mapped_column(String(500))
    subject: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(320))
    display_name: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column()


class Membership(PlatformBase):
    """A role a user holds in one council (``tenant_id``) or on the platform (``NULL``)."""

    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "tenant_id", "role", name="uq_memberships_user_tenant_role"),
        Index("ix_memberships_tenant_id", "tenant_id"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    user_id: Mapped[UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    tenant_id: Mapped[UUID | None] = mapped_column(ForeignKey("tenants.id"))
    role: Mapped[str] = mapped_column(String(100))
    granted_by: Mapped[str] = mapped_column(String(200))
    granted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class IdentityProvider(PlatformBase):
    """A council's OpenID Connect provider. Several councils may point at the same issuer."""

    __tablename__ = "identity_providers"

    tenant_id: Mapped[UUID] = mapped_column(ForeignKey("tenants.id"), primary_key=True)
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(255))
    client_secret_ref: Mapped[str] = mapped_column(String(255))
    allowed_email_domains: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    display_name: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ApiClient(PlatformBase):
    """An integration's OAuth 2.0 client: one tenant (or the platform), some services, read or
    read-write. Only a hash of the secret is kept."""

    __tablename__ = "api_clients"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    tenant_id: Mapped[UUID | None] = mapped_column(ForeignKey("tenants.id"))
    services: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    can_write: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    secret_rotated_at: Mapped[dt.datetime | None] = mapped_column()
    revoked_at: Mapped[dt.datetime | None] = mapped_column()
    revoked_by: Mapped[str | None] = mapped_column(String(200))


class SigningKey(PlatformBase):
    """A key that signs API access tokens. The newest active key signs; older keys stay
    published (JWKS) until every token they signed has expired."""

    __tablename__ = "signing_keys"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    private_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[dt.datetime | None] = mapped_column()
