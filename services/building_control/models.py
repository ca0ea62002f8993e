"""Building control's own tables, beside the case core:

- :class:`Inspection`: a site inspection booked on an application at a stage of the work, and
  its outcome once recorded.
- :class:`Charge`: one line of the council's charging scheme (Building (Local Authority
  Charges) Regulations 2010): a charge type for a work category, its amount before VAT and its
  VAT treatment.
- :class:`Certificate`: a numbered completion or regularisation certificate issued on a case.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from uuid import UUID

from sqlalchemy import Date, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from uuid_utils.compat import uuid7

from services.core.cases.models import CASCADE
from tenancy.models import TenantBase, utcnow
from tenancy.provenance import former_references, former_references_index


class Inspection(TenantBase):
    """A site inspection: booked for a day at a stage, then its outcome (``satisfactory``,
    ``defects`` with notes, ``not_ready`` or ``cancelled``) and the day it happened."""

    __tablename__ = "bc_inspections"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete=CASCADE), index=True)
    stage: Mapped[str] = mapped_column(String(30))
    booked_for: Mapped[dt.date] = mapped_column(Date)
    inspector_id: Mapped[UUID | None] = mapped_column()
    inspector_name: Mapped[str | None] = mapped_column(String(200))
    booked_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    booked_by: Mapped[str] = mapped_column(String(200))
    outcome: Mapped[str | None] = mapped_column(String(20))
    inspected_date: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime | None] = mapped_column()
    recorded_by: Mapped[str | None] = mapped_column(String(200))


class Charge(TenantBase):
    """One charge of the council's scheme: ``charge_type`` (plan, inspection, building notice,
    regularisation) for a work ``category``, ``net_amount`` before VAT and ``vat_treatment``."""

    __tablename__ = "bc_charges"
    __table_args__ = (
        UniqueConstraint("charge_type", "category"),
        {"info": {"service": "building_control"}},
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    charge_type: Mapped[str] = mapped_column(String(30))
    category: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text)
    net_amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    vat_treatment: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class Certificate(TenantBase):
    """A completion certificate (Building Regulations 2010, reg. 17) or a regularisation
    certificate (reg. 18), numbered from the council's own sequence; one per case."""

    __tablename__ = "bc_certificates"
    __table_args__ = (former_references_index("bc_certificates"),)

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete=CASCADE), unique=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    former_references: Mapped[list[str]] = former_references()
    kind: Mapped[str] = mapped_column(String(30))
    issued_date: Mapped[dt.date] = mapped_column(Date)
    issued_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


__all__ = ["Certificate", "Charge", "Inspection"]
