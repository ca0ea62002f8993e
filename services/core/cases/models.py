"""The case and what identifies it: the case row, its site, its parties and the original
submission it came from.

Every table lives in the tenant's own schema (``TenantBase``); ids are UUIDv7 so they sort by
creation time and survive a reorganisation unchanged. ``origin_authority`` and
``legacy_reference`` record provenance when a case moves between councils;
``former_references`` the references a reorganisation replaced (:mod:`tenancy.provenance`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from uuid_utils.compat import uuid7

from tenancy.models import TenantBase, utcnow
from tenancy.provenance import former_references, former_references_index

CASCADE = "CASCADE"


class Case(TenantBase):
    """One case of any service: an application, a notice, a licence, a search …

    ``received_date`` is the day the application or, if later, its fee arrived; ``valid_from_date``
    the day the case became valid (the receipt date, or the day the last outstanding
    validation item arrived). ``statutory_date`` is the end of the statutory period and
    ``target_date`` the date in force after extensions of time. ``version`` is bumped on every
    update and is the ETag.
    """

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_service_received_date_id", "service", "received_date", "id"),
        Index("ix_cases_service_status", "service", "status"),
        Index("ix_cases_officer_id_target_date", "officer_id", "target_date"),
        Index("ix_cases_target_date", "target_date"),
        Index("ix_cases_legacy_reference", "legacy_reference"),
        former_references_index("cases"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    service: Mapped[str] = mapped_column(String(50))
    case_type: Mapped[str] = mapped_column(String(80))
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    #: The reference with ``/`` written as ``-``, so it can sit in a URL path segment.
    reference_key: Mapped[str] = mapped_column(String(60), index=True)
    status: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[dt.datetime | None] = mapped_column()
    received_date: Mapped[dt.date] = mapped_column(Date)
    #: The day the application itself arrived, and the day its fee was paid (if later, the
    #: fee's day is the receipt the clock counts from: ``received_date`` is the later of the two).
    arrived_date: Mapped[dt.date] = mapped_column(Date)
    fee_paid_date: Mapped[dt.date | None] = mapped_column(Date)
    valid_from_date: Mapped[dt.date | None] = mapped_column(Date)
    validated_at: Mapped[dt.datetime | None] = mapped_column()
    statutory_date: Mapped[dt.date | None] = mapped_column(Date)
    target_date: Mapped[dt.date | None] = mapped_column(Date)
    consultation_start_date: Mapped[dt.date | None] = mapped_column(Date)
    consultation_end_date: Mapped[dt.date | None] = mapped_column(Date)
    published_at: Mapped[dt.datetime | None] = mapped_column()
    officer_id: Mapped[UUID | None] = mapped_column()
    officer_name: Mapped[str | None] = mapped_column(String(200))
    report: Mapped[str | None] = mapped_column(Text)
    recommendation: Mapped[str | None] = mapped_column(String(60))
    decision_level: Mapped[str | None] = mapped_column(String(20))
    committee_date: Mapped[dt.date | None] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(String(60))
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column()
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    odp_type: Mapped[str | None] = mapped_column(String(80))
    fee_payable: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    origin_authority: Mapped[str | None] = mapped_column(String(9))
    legacy_reference: Mapped[str | None] = mapped_column(String(60))
    former_references: Mapped[list[str]] = former_references()
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    site: Mapped[Site | None] = relationship(back_populates="case", lazy="raise", uselist=False)
    parties: Mapped[list[Party]] = relationship(
        back_populates="case", lazy="raise", order_by="Party.position"
    )


class Site(TenantBase):
    """Where the case is: an address (with UPRN where known), ward and parish codes, a point
    (WGS84 and British National Grid) and the red-line boundary as a GeoJSON geometry."""

    __tablename__ = "sites"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete=CASCADE), unique=True)
    address_line: Mapped[str | None] = mapped_column(Text)
    address: Mapped[dict[str, Any]] = mapped_column(default=dict)
    uprn: Mapped[str | None] = mapped_column(String(12), index=True)
    usrn: Mapped[str | None] = mapped_column(String(12))
    postcode: Mapped[str | None] = mapped_column(String(10))
    ward_code: Mapped[str | None] = mapped_column(String(9))
    ward_name: Mapped[str | None] = mapped_column(String(200))
    parish_code: Mapped[str | None] = mapped_column(String(9))
    latitude: Mapped[float | None] = mapped_column()
    longitude: Mapped[float | None] = mapped_column()
    easting: Mapped[float | None] = mapped_column()
    northing: Mapped[float | None] = mapped_column()
    boundary: Mapped[dict[str, Any] | None] = mapped_column()

    case: Mapped[Case] = relationship(back_populates="site", lazy="raise")


class Party(TenantBase):
    """A person or organisation on a case: applicant, agent, owner or other contact."""

    __tablename__ = "parties"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete=CASCADE), index=True)
    role: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))
    address: Mapped[dict[str, Any] | None] = mapped_column()
    position: Mapped[int] = mapped_column(Integer, default=0)

    case: Mapped[Case] = relationship(back_populates="parties", lazy="raise")


class Submission(TenantBase):
    """The original payload a case was created from (an ODP submission), kept unchanged, and
    the same submission in the ODP prototype shape used by the post-submission format."""

    __tablename__ = "submissions"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete=CASCADE), unique=True)
    shape: Mapped[str] = mapped_column(String(40))
    odp_type: Mapped[str] = mapped_column(String(80))
    schema_version: Mapped[str] = mapped_column(String(20))
    payload: Mapped[dict[str, Any]] = mapped_column()
    prototype: Mapped[dict[str, Any]] = mapped_column()
    submitted_at: Mapped[dt.datetime] = mapped_column()
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
