"""Per-tenant core tables: council settings and the append-only audit log of every write."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column
from uuid_utils.compat import uuid7

from tenancy.models import TenantBase, utcnow


class Setting(TenantBase):
    """One council setting (reference format, weekend-receipt rule, contact details …)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(type_=TenantBase.type_annotation_map[dict[str, Any]])
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))


class AuditEntry(TenantBase):
    """Append-only: who changed what, when, with the record before and after the change.

    A trigger installed by the tenant migrations rejects UPDATE and DELETE on this table.
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_entity_entity_id", "entity", "entity_id"),
        Index("ix_audit_log_case_id_at", "case_id", "at"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(100))
    entity_id: Mapped[str] = mapped_column(String(100))
    #: The case the change belongs to (the case itself or one of its records), if any.
    case_id: Mapped[UUID | None] = mapped_column()
    before: Mapped[dict[str, Any] | None] = mapped_column()
    after: Mapped[dict[str, Any] | None] = mapped_column()
