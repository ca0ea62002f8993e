"""What accumulates on a case while it is worked: documents, validation requests,
consultations (consultees, neighbours, notices), public comments and tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from uuid_utils.compat import uuid7

from services.core.cases.models import CASCADE
from tenancy.models import TenantBase, utcnow


class Document(TenantBase):
    """A document's metadata. The file itself is in the document store under ``storage_key``;
    a document submitted by reference only (a PlanX file URL) has ``origin_url`` and no key
    until it is fetched."""

    __tablename__ = "documents"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete=CASCADE), index=True)
    name: Mapped[str] = mapped_column(String(500))
    types: Mapped[list[str]] = mapped_column(type_=TenantBase.type_annotation_map[dict[str, Any]])
    description: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(30))
    mime_type: Mapped[str | None] = mapped_column(String(200))
    size_bytes: Mapped[int | None] = mapped_column(BigInteger)
    sha256: Mapped[str | None] = mapped_column(String(64))
    storage_key: Mapped[str | None] = mapped_column(String(300))
    origin_url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[dt.datetime | None] = mapped_column()
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    uploaded_by: Mapped[str] = mapped_column(String(200))


class ValidationRequest(TenantBase):
    """Something the applicant must supply or correct before the case is valid.

    A ``required_item`` request answered on a later day moves the case's valid-from date to
    the day the answer arrived (the statutory clock starts the day after)."""

    __tablename__ = "validation_requests"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete=CASCADE), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)
    required_item: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    requested_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    requested_by: Mapped[str] = mapped_column(String(200))
    response: Mapped[str | None] = mapped_column(Text)
    responded_at: Mapped[dt.datetime | None] = mapped_column()
    received_date: Mapped[dt.date | None] = mapped_column(Date)


class Consultation(TenantBase):
    """A consultation or publicity step: a statutory consultee, a neighbour letter, a site
    notice or a newspaper notice, with its sent date, the end of its period and any reply."""

    __tablename__ = "consultations"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete=CASCADE), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    consultee: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(320))
    address: Mapped[dict[str, Any] | None] = mapped_column()
    reason: Mapped[str | None] = mapped_column(Text)
    sent_date: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date] = mapped_column(Date)
    position: Mapped[str | None] = mapped_column(String(30))
    response: Mapped[str | None] = mapped_column(Text)
    responded_at: Mapped[dt.datetime | None] = mapped_column()
    created_by: Mapped[str] = mapped_column(String(200))


class Comment(TenantBase):
    """A public comment (representation): support, object or neutral. Redacted text is what is
    published once an officer has removed personal or offensive content."""

    __tablename__ = "comments"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete=CASCADE), index=True)
    sentiment: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    topics: Mapped[list[str]] = mapped_column(type_=TenantBase.type_annotation_map[dict[str, Any]])
    author_name: Mapped[str | None] = mapped_column(String(300))
    author_address: Mapped[dict[str, Any] | None] = mapped_column()
    redacted: Mapped[bool] = mapped_column(Boolean, default=False)
    redacted_text: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    published_at: Mapped[dt.datetime | None] = mapped_column()
    created_by: Mapped[str] = mapped_column(String(200))


class Task(TenantBase):
    """An item on an officer's worklist, optionally tied to a case."""

    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_assignee_id_status_due_date", "assignee_id", "status", "due_date"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("cases.id", ondelete=CASCADE), index=True
    )
    service: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(300))
    assignee_id: Mapped[UUID | None] = mapped_column()
    assignee_name: Mapped[str | None] = mapped_column(String(200))
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    completed_at: Mapped[dt.datetime | None] = mapped_column()
