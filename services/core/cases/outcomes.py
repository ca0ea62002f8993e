"""How a case ends and what follows: conditions and informatives, extensions of time, appeals,
and planning obligations (s.106 and CIL) with their trigger events and payment milestones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from uuid import UUID

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from uuid_utils.compat import uuid7

from services.core.cases.models import CASCADE
from tenancy.models import TenantBase, utcnow


class Condition(TenantBase):
    """A condition (with its reason), an informative, or a reason for refusal, in the order
    they appear on the decision notice; conditions can later be discharged."""

    __tablename__ = "conditions"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete=CASCADE), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    requires_discharge: Mapped[bool] = mapped_column(default=False)
    discharge_status: Mapped[str | None] = mapped_column(String(20))
    discharged_date: Mapped[dt.date | None] = mapped_column(Date)
    discharge_reference: Mapped[str | None] = mapped_column(String(60))
    created_by: Mapped[str] = mapped_column(String(200))


class ExtensionOfTime(TenantBase):
    """An extension of time agreed in writing with the applicant."""

    __tablename__ = "extensions_of_time"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete=CASCADE), index=True)
    agreed_date: Mapped[dt.date] = mapped_column(Date)
    previous_target_date: Mapped[dt.date] = mapped_column(Date)
    new_target_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(200))


class Appeal(TenantBase):
    """An appeal to the Planning Inspectorate (or the magistrates, for licensing)."""

    __tablename__ = "appeals"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete=CASCADE), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    procedure: Mapped[str | None] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20))
    lodged_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    appellant_reference: Mapped[str | None] = mapped_column(String(60))
    validated_date: Mapped[dt.date | None] = mapped_column(Date)
    started_date: Mapped[dt.date | None] = mapped_column(Date)
    decision: Mapped[str | None] = mapped_column(String(20))
    decision_date: Mapped[dt.date | None] = mapped_column(Date)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column()
    created_by: Mapped[str] = mapped_column(String(200))


class Obligation(TenantBase):
    """A planning obligation (s.106) or CIL liability, triggered by an event on the site."""

    __tablename__ = "obligations"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(ForeignKey("cases.id", ondelete=CASCADE), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text)
    trigger_event: Mapped[str] = mapped_column(String(40))
    triggered_date: Mapped[dt.date | None] = mapped_column(Date)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class ObligationMilestone(TenantBase):
    """A payment or delivery milestone of an obligation: due a number of days after the
    trigger event (or on a fixed date), then paid or delivered."""

    __tablename__ = "obligation_milestones"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    obligation_id: Mapped[UUID] = mapped_column(
        ForeignKey("obligations.id", ondelete=CASCADE), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    days_after_trigger: Mapped[int | None] = mapped_column(Integer)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    paid_date: Mapped[dt.date | None] = mapped_column(Date)
    paid_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
