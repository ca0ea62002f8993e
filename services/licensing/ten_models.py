"""The temporary event notice register (Licensing Act 2003, Part 5).

A notice is a case (``temporary_event_notice_standard`` or ``_late``); this table holds what the
notice says and what the limits are counted on: the premises (by UPRN or normalised address),
the premises user (by normalised name and birth date), the event period and whether the notice
still counts (a notice withdrawn or met by a counter notice no longer does). Objections are
``Representation`` rows (kind ``objection``) and hearings ``Hearing`` rows on the case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from uuid_utils.compat import uuid7

from services.core.cases.models import CASCADE
from tenancy.models import TenantBase, utcnow

JSON_LIST = TenantBase.type_annotation_map[dict[str, Any]]


class TemporaryEventNotice(TenantBase):
    """One temporary event notice.

    ``first_day`` and ``last_day`` are the London calendar days the event period uses;
    ``counts`` is false once the notice is withdrawn or met by a counter notice. A counter
    notice records the section it was given under (``104A``, ``105`` or ``107``), the ground
    (for s.107 the limit exceeded) and its text.
    """

    __tablename__ = "temporary_event_notices"
    __table_args__ = (
        Index("ix_temporary_event_notices_premises_days", "premises_key", "first_day"),
        Index("ix_temporary_event_notices_user_days", "premises_user_key", "first_day"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    case_id: Mapped[UUID] = mapped_column(
        ForeignKey("cases.id", ondelete=CASCADE), unique=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    given_on: Mapped[dt.date] = mapped_column(Date)
    premises_key: Mapped[str] = mapped_column(String(400))
    premises_name: Mapped[str | None] = mapped_column(String(300))
    premises_address: Mapped[str] = mapped_column(Text)
    uprn: Mapped[str | None] = mapped_column(String(12))
    premises_user_key: Mapped[str] = mapped_column(String(400))
    premises_user_name: Mapped[str] = mapped_column(String(300))
    premises_user_born_on: Mapped[dt.date] = mapped_column(Date)
    personal_licence_number: Mapped[str | None] = mapped_column(String(60))
    personal_licence_authority: Mapped[str | None] = mapped_column(String(300))
    event_starts_at: Mapped[dt.datetime] = mapped_column()
    event_ends_at: Mapped[dt.datetime] = mapped_column()
    first_day: Mapped[dt.date] = mapped_column(Date)
    last_day: Mapped[dt.date] = mapped_column(Date)
    max_attendance: Mapped[int] = mapped_column(Integer)
    activities: Mapped[list[str]] = mapped_column(type_=JSON_LIST, default=list)
    alcohol_supply: Mapped[str | None] = mapped_column(String(10))
    premises_licence_number: Mapped[str | None] = mapped_column(String(60))
    counts: Mapped[bool] = mapped_column(Boolean, default=True)
    counter_notice_section: Mapped[str | None] = mapped_column(String(10))
    counter_notice_ground: Mapped[str | None] = mapped_column(String(40))
    counter_notice_detail: Mapped[str | None] = mapped_column(Text)
    counter_notice_on: Mapped[dt.date | None] = mapped_column(Date)
    imposed_conditions: Mapped[list[str]] = mapped_column(type_=JSON_LIST, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


__all__ = ["TemporaryEventNotice"]
