"""Per-tenant webhook tables: a council's subscriptions and the deliveries owed to them.

``webhook_deliveries`` is the outbox: a row is inserted in the same transaction as the write it
announces, so an event is delivered if and only if its write committed. Both tables are copied by
a reorganisation like any other (deliveries follow their subscription by its foreign key); a
subscription arrives at its new council paused (the table's ``on_move`` info), for that council
to confirm before anything is sent on its behalf.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column
from uuid_utils.compat import uuid7

from tenancy.models import TenantBase, utcnow

PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"
ABANDONED = "abandoned"
STATUSES = (PENDING, DELIVERED, FAILED, ABANDONED)

MOVED_REASON = (
    "Moved by a reorganisation: confirm it with the council before it is switched back on"
)


class WebhookSubscription(TenantBase):
    """An integrator's URL, the events it wants (or ``*``), optionally only some services'.

    ``secret_encrypted`` is the signing secret, encrypted with a key held outside the database
    (:mod:`services.core.webhooks.secrets`); the secret itself is shown once, at creation.
    ``version`` is the optimistic lock behind the ETag.
    """

    __tablename__ = "webhook_subscriptions"
    __table_args__ = (
        Index("ix_webhook_subscriptions_active", "active"),
        {"info": {"on_move": {"active": False, "paused_reason": MOVED_REASON}}},
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str | None] = mapped_column(String(300))
    events: Mapped[list[str]] = mapped_column(ARRAY(Text))
    #: Only events of these services (``None``: every service, and events of none).
    services: Mapped[list[str] | None] = mapped_column(ARRAY(Text))
    secret_encrypted: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    paused_reason: Mapped[str | None] = mapped_column(Text)
    origin_authority: Mapped[str | None] = mapped_column(String(9))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class WebhookDelivery(TenantBase):
    """One event owed to one subscription: ``pending`` until first tried; ``failed`` when a try
    did not get a 2xx and another is due at ``next_attempt_at``; ``delivered`` once a receiver
    answered 2xx (never sent again); ``abandoned`` after the last allowed try failed."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'delivered', 'failed', 'abandoned')", name="status"),
        Index("ix_webhook_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_subscription_id_created_at", "subscription_id", "created_at"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    subscription_id: Mapped[UUID] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="CASCADE")
    )
    event: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(default=utcnow)
    delivered_at: Mapped[dt.datetime | None] = mapped_column()
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
