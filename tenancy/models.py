"""Table declarations: the platform schema (tenant registry, platform audit log) and the base
class every per-tenant table is declared on.

Per-tenant tables use the placeholder schema :data:`TENANT_SCHEMA`; a tenant-bound session maps it
to the tenant's real schema with ``schema_translate_map`` (see :mod:`tenancy.binding`). A session
that is not bound fails, because no schema of that name exists.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ARRAY,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from uuid_utils.compat import uuid7

PLATFORM_SCHEMA = "platform"
TENANT_SCHEMA = "tenant"

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class PlatformBase(DeclarativeBase):
    metadata = MetaData(schema=PLATFORM_SCHEMA, naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        UUID: Uuid(),
        dt.datetime: DateTime(timezone=True),
        dict[str, Any]: JSONB(),
    }


class TenantBase(DeclarativeBase):
    """Base for every per-tenant table (the case core and each service's own tables)."""

    metadata = MetaData(schema=TENANT_SCHEMA, naming_convention=NAMING_CONVENTION)
    type_annotation_map = {
        UUID: Uuid(),
        dt.datetime: DateTime(timezone=True),
        dict[str, Any]: JSONB(),
    }


class TenantKind(enum.StrEnum):
    DISTRICT = "district"
    COUNTY = "county"
    UNITARY = "unitary"
    METROPOLITAN = "metropolitan"
    LONDON_BOROUGH = "london_borough"


class TenantStatus(enum.StrEnum):
    PROVISIONING = "provisioning"
    ACTIVE = "active"
    READ_ONLY = "read_only"
    RETIRED = "retired"


class Tenant(PlatformBase):
    """One council: its public slug, identity, lifecycle status and the schema holding its data."""

    __tablename__ = "tenants"
    __table_args__ = (
        CheckConstraint("schema_name ~ '^t_[0-9a-f]{12}$'", name="schema_name_format"),
        CheckConstraint("slug ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$'", name="slug_format"),
        CheckConstraint("gss_code ~ '^[EWSN][0-9]{8}$'", name="gss_code_format"),
        Index("ix_tenants_predecessor_of", "successor_id"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    gss_code: Mapped[str] = mapped_column(String(9), unique=True)
    kind: Mapped[TenantKind] = mapped_column(
        Enum(TenantKind, name="tenant_kind", values_callable=lambda e: [m.value for m in e])
    )
    status: Mapped[TenantStatus] = mapped_column(
        Enum(TenantStatus, name="tenant_status", values_callable=lambda e: [m.value for m in e]),
        default=TenantStatus.PROVISIONING,
    )
    schema_name: Mapped[str] = mapped_column(String(14), unique=True)
    enabled_services: Mapped[list[str]] = mapped_column(ARRAY(Text), default=list)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    vesting_date: Mapped[dt.date | None] = mapped_column(Date)
    retirement_date: Mapped[dt.date | None] = mapped_column(Date)
    successor_id: Mapped[UUID | None] = mapped_column(ForeignKey("tenants.id"))
    predecessor_ids: Mapped[list[UUID]] = mapped_column(ARRAY(Uuid()), default=list)


class PlatformAuditEntry(PlatformBase):
    """Append-only record of platform actions: who did what, when, to which tenant."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_tenant_id_at", "tenant_id", "at"),)

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    tenant_id: Mapped[UUID | None] = mapped_column(ForeignKey("tenants.id"))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
