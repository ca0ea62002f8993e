"""The land charges tables: the register, its history, search results and CON29 answers.

- :class:`LandCharge`: one entry in the local land charges register (Local Land Charges Act
  1975, s.3; Local Land Charges Rules 2018, r.3 for what an entry holds). Register entries are
  not cases: a charge outlives every search that reveals it. Geometry is GeoJSON in British
  National Grid (EPSG:27700, metres), the CRS HM Land Registry's register uses; its bounding box
  is kept in indexed columns so a search prefilters in SQL before the exact intersection.
- :class:`LandChargeEvent`: the charge's history: each registration, variation and
  cancellation with the values before and after, who recorded it and when (r.7 and r.9 of the
  2018 Rules: variations and cancellations are entered on the register, not overwritten).
- :class:`SearchResult`: what an issued official search certificate or CON29 reply said,
  snapshotted at issue so re-reading it later shows what was certified.
- :class:`EnquiryAnswer`: one CON29 question asked in a search, and its answer.
- :class:`RegisterMigration`: whether the council's register has moved to HM Land Registry
  (Infrastructure Act 2015, Sch. 5), when, and where searches now go.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import (
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column
from uuid_utils.compat import uuid7

from services.core.cases.models import CASCADE
from tenancy.models import TenantBase, utcnow
from tenancy.provenance import former_references, former_references_index


class LandCharge(TenantBase):
    """A charge on the register. ``charge_type`` is a code of
    :data:`services.land_charges.charge_types.CHARGE_TYPES`; the land is described by
    ``address_line`` (+ ``uprn``, ``postcode``) or by ``geographic_description``, never both.
    ``status`` is ``registered`` or ``cancelled``; ``version`` is the optimistic lock (ETag)."""

    __tablename__ = "land_charges"
    __table_args__ = (
        Index("ix_land_charges_status_type", "status", "charge_type"),
        former_references_index("land_charges"),
        {"info": {"service": "land_charges"}},
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    charge_number: Mapped[str] = mapped_column(String(40), unique=True)
    charge_type: Mapped[str] = mapped_column(String(40))
    sub_category: Mapped[str | None] = mapped_column(String(120))
    statutory_provision: Mapped[str] = mapped_column(Text)
    instrument: Mapped[str | None] = mapped_column(String(120))
    originating_authority: Mapped[str] = mapped_column(String(300))
    further_information_location: Mapped[str] = mapped_column(Text)
    further_information_reference: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    creation_date: Mapped[dt.date | None] = mapped_column(Date)
    registration_date: Mapped[dt.date] = mapped_column(Date)
    expiry_date: Mapped[dt.date | None] = mapped_column(Date)
    amount_originally_secured: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    rate_of_interest: Mapped[str | None] = mapped_column(String(70))
    geometry: Mapped[dict[str, Any] | None] = mapped_column()
    min_x: Mapped[float | None] = mapped_column(Float)
    min_y: Mapped[float | None] = mapped_column(Float)
    max_x: Mapped[float | None] = mapped_column(Float)
    max_y: Mapped[float | None] = mapped_column(Float)
    address_line: Mapped[str | None] = mapped_column(Text)
    postcode: Mapped[str | None] = mapped_column(String(10))
    uprn: Mapped[str | None] = mapped_column(String(12), index=True)
    geographic_description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="registered")
    cancelled_on: Mapped[dt.date | None] = mapped_column(Date)
    cancellation_reason: Mapped[str | None] = mapped_column(Text)
    origin_authority: Mapped[str | None] = mapped_column(String(9))
    legacy_reference: Mapped[str | None] = mapped_column(String(60), index=True)
    former_references: Mapped[list[str]] = former_references()
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}


def bounding_box(min_x: Any, min_y: Any, max_x: Any, max_y: Any) -> Any:
    """A Postgres ``box`` from corner coordinates (columns or values)."""
    return func.box(func.point(min_x, min_y), func.point(max_x, max_y))


#: The charge's bounding box as a Postgres ``box``, GiST-indexed: a search's prefilter is one
#: index probe (``&&``, boxes overlap) however large the register grows.
CHARGE_BOX = bounding_box(LandCharge.min_x, LandCharge.min_y, LandCharge.max_x, LandCharge.max_y)
Index("ix_land_charges_bbox", CHARGE_BOX, postgresql_using="gist")


class LandChargeEvent(TenantBase):
    """A registration, variation or cancellation of a charge: ``before`` and ``after`` hold
    the fields it changed (``before`` is empty for a registration)."""

    __tablename__ = "land_charge_events"
    __table_args__ = (
        Index("ix_land_charge_events_charge_id_at", "charge_id", "recorded_at"),
        {"info": {"service": "land_charges"}},
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    charge_id: Mapped[UUID] = mapped_column(ForeignKey("land_charges.id", ondelete=CASCADE))
    kind: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    before: Mapped[dict[str, Any]] = mapped_column(default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(default=dict)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(200))


class SearchResult(TenantBase):
    """The issued result of a search case: ``content`` is everything the certificate or reply
    prints (the charges revealed, or the answers given), frozen at ``issued_at``."""

    __tablename__ = "land_charge_search_results"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete=CASCADE), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    issued_on: Mapped[dt.date] = mapped_column(Date)
    issued_at: Mapped[dt.datetime] = mapped_column()
    issued_by: Mapped[str] = mapped_column(String(200))
    content: Mapped[dict[str, Any]] = mapped_column()


class EnquiryAnswer(TenantBase):
    """A CON29 question (``question`` is its 2016 form number, ``1.1(a)``) asked in a search;
    ``answer`` is empty until someone answers it."""

    __tablename__ = "land_charge_enquiry_answers"
    __table_args__ = (
        Index("uq_land_charge_enquiry_answers_case_question", "case_id", "question", unique=True),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete=CASCADE))
    question: Mapped[str] = mapped_column(String(12))
    position: Mapped[int] = mapped_column(Integer)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[dt.datetime | None] = mapped_column()
    answered_by: Mapped[str | None] = mapped_column(String(200))


class RegisterMigration(TenantBase):
    """The council's register and HM Land Registry: ``status`` is ``local`` (the council keeps
    it), ``scheduled`` (a migration date is agreed) or ``migrated`` (HM Land Registry keeps it
    from ``migration_date``; the council still answers CON29). One row per council."""

    __tablename__ = "land_charge_register_migration"
    __table_args__ = (
        CheckConstraint("id = 1", name="one_row"),
        {"info": {"service": "land_charges"}},
    )

    #: Always 1: the table holds one row (no sequence, so a cloned schema owns all it has).
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False, default=1)
    status: Mapped[str] = mapped_column(String(20), default="local")
    migration_date: Mapped[dt.date | None] = mapped_column(Date)
    hmlr_service_url: Mapped[str] = mapped_column(String(500))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))


__all__ = ["EnquiryAnswer", "LandCharge", "LandChargeEvent", "RegisterMigration", "SearchResult"]
