"""The licensing tables both licence casework and temporary event notices build on.

- :class:`Licence`: the register of licences, certificates and permits in force (premises
  licences, club premises certificates, personal licences, taxi and private hire licences …).
  A licence outlives the applications that grant, vary, transfer or review it; each of those is
  a case (``services.core.cases``) and :class:`LicenceEvent` links them to the licence.
- :class:`LicenceFee`: the annual fees a premises licence or club certificate owes, and whether
  non-payment has led to suspension (Licensing Act 2003, s.55A).
- :class:`Representation`: a representation on an application or review, or an objection to a
  temporary event notice, from a responsible authority or another person.
- :class:`Hearing`: a licensing sub-committee hearing on a case, with the window it must start
  in (Licensing Act 2003 (Hearings) Regulations 2005, Sch. 1).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from uuid_utils.compat import uuid7

from services.core.cases.models import CASCADE
from tenancy.models import TenantBase, utcnow
from tenancy.provenance import former_references, former_references_index

JSON_LIST = TenantBase.type_annotation_map[dict[str, Any]]


class Licence(TenantBase):
    """A licence, certificate or permit on the council's register.

    ``kind`` is the case type that grants it (``premises_licence_new`` grants a premises
    licence, so its kind is ``premises_licence``). ``expires_on`` is empty for licences of
    indefinite duration (premises licences, club certificates and, since 2015, personal
    licences). ``next_fee_due_on`` is the next anniversary on which an annual fee falls due.
    ``details`` holds what the kind needs: licensable activities and hours, the designated
    premises supervisor, a vehicle's registration, a driver's badge number …
    """

    __tablename__ = "licences"
    __table_args__ = (
        Index("ix_licences_kind_status", "kind", "status"),
        Index("ix_licences_next_fee_due_on", "next_fee_due_on"),
        Index("ix_licences_expires_on", "expires_on"),
        former_references_index("licences"),
        {"info": {"service": "licensing"}},
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(30), default="active")
    holder_name: Mapped[str] = mapped_column(String(300))
    holder_organisation: Mapped[str | None] = mapped_column(String(300))
    holder_email: Mapped[str | None] = mapped_column(String(320))
    holder_address: Mapped[dict[str, Any] | None] = mapped_column()
    premises_name: Mapped[str | None] = mapped_column(String(300))
    address_line: Mapped[str | None] = mapped_column(Text)
    uprn: Mapped[str | None] = mapped_column(String(12), index=True)
    granted_on: Mapped[dt.date] = mapped_column(Date)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    next_fee_due_on: Mapped[dt.date | None] = mapped_column(Date)
    suspended_from: Mapped[dt.date | None] = mapped_column(Date)
    suspension_reason: Mapped[str | None] = mapped_column(Text)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    origin_authority: Mapped[str | None] = mapped_column(String(9))
    legacy_reference: Mapped[str | None] = mapped_column(String(60))
    former_references: Mapped[list[str]] = former_references()
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}


class LicenceEvent(TenantBase):
    """Something that happened to a licence (granted, varied, transferred, suspended,
    renewed …), with the case that did it where there is one: the licence's history."""

    __tablename__ = "licence_events"
    __table_args__ = (
        Index("ix_licence_events_licence_id_on", "licence_id", "on"),
        {"info": {"service": "licensing"}},
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    licence_id: Mapped[UUID] = mapped_column(ForeignKey("licences.id", ondelete=CASCADE))
    case_id: Mapped[UUID | None] = mapped_column(
        ForeignKey("cases.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    on: Mapped[dt.date] = mapped_column(Date)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(200))


class LicenceFee(TenantBase):
    """One annual fee period of a licence: due on ``due_on``, paid on ``paid_on``."""

    __tablename__ = "licence_fees"
    __table_args__ = (
        Index("uq_licence_fees_licence_id_due_on", "licence_id", "due_on", unique=True),
        {"info": {"service": "licensing"}},
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    licence_id: Mapped[UUID] = mapped_column(ForeignKey("licences.id", ondelete=CASCADE))
    due_on: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    paid_on: Mapped[dt.date | None] = mapped_column(Date)
    #: A dispute or administrative error claimed when the fee fell due (s.55A(3)): the
    #: licence may not be suspended for 21 days from the due date.
    grace_claimed: Mapped[bool] = mapped_column(Boolean, default=False)
    suspension_notice_on: Mapped[dt.date | None] = mapped_column(Date)
    suspended_from: Mapped[dt.date | None] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(200))


class Representation(TenantBase):
    """A representation on a case (``kind`` ``representation``) or an objection to a temporary
    event notice (``objection``).

    ``party`` is ``responsible_authority`` (then ``authority`` names which: police,
    environmental health, fire, planning, child protection …) or ``other_person``.
    ``objectives`` are the licensing objectives it engages; ``relevant`` is the authority's
    judgement (``None`` until made), with ``relevance_reason`` when it is rejected as not
    relevant, frivolous or vexatious.
    """

    __tablename__ = "representations"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete=CASCADE), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="representation")
    party: Mapped[str] = mapped_column(String(30))
    authority: Mapped[str | None] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    organisation: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(320))
    address: Mapped[dict[str, Any] | None] = mapped_column()
    received_date: Mapped[dt.date] = mapped_column(Date)
    objectives: Mapped[list[str]] = mapped_column(type_=JSON_LIST, default=list)
    grounds: Mapped[str] = mapped_column(Text)
    relevant: Mapped[bool | None] = mapped_column(Boolean)
    relevance_reason: Mapped[str | None] = mapped_column(Text)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column()
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(200))


class Hearing(TenantBase):
    """A hearing on a case: the window it must start in, when it is listed, what was decided.

    ``start_by`` is the last day the hearing may begin (e.g. 20 working days after the
    representation period ends, or for a temporary event notice the last day that still
    leaves the counter notice time); ``outcome`` and ``reasons`` are the sub-committee's.
    """

    __tablename__ = "hearings"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete=CASCADE), index=True)
    earliest_on: Mapped[dt.date] = mapped_column(Date)
    start_by: Mapped[dt.date] = mapped_column(Date)
    scheduled_at: Mapped[dt.datetime | None] = mapped_column()
    venue: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default="to_list")
    dispensed_reason: Mapped[str | None] = mapped_column(Text)
    held_on: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(String(60))
    reasons: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(200))


__all__ = ["Hearing", "Licence", "LicenceEvent", "LicenceFee", "Representation"]
