"""Platform tables of the reorganisation engine: a reorganisation (the plan and its lifecycle),
its transfers, and the per-transfer, per-table checkpoints of a run.

Checkpoints live in the platform schema of the same database as the tenant schemas, so a batch
of copied rows and the checkpoint that records it commit in one transaction.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import Insert, insert
from sqlalchemy.orm import Mapped, mapped_column
from uuid_utils.compat import uuid7

from tenancy.models import PlatformBase, utcnow


class ReorgStatus(enum.StrEnum):
    """``planned → running → copied → verified → cut_over``; ``rolled_back`` and ``cut_over``
    are final; ``failed`` (an error stopped the run) may be run again or rolled back. A dress
    rehearsal ends ``rehearsed`` (final: its scratch target discarded, its report stored)."""

    PLANNED = "planned"
    RUNNING = "running"
    COPIED = "copied"
    VERIFIED = "verified"
    CUT_OVER = "cut_over"
    ROLLED_BACK = "rolled_back"
    FAILED = "failed"
    REHEARSED = "rehearsed"


#: A reorganisation in one of these holds its source councils: no other plan may take them.
OPEN_STATUSES = frozenset(
    {
        ReorgStatus.PLANNED,
        ReorgStatus.RUNNING,
        ReorgStatus.COPIED,
        ReorgStatus.VERIFIED,
        ReorgStatus.FAILED,
    }
)


class Reorganisation(PlatformBase):
    """One reorganisation: its name, vesting date, status, who did each step and when, and the
    last dry-run and verification reports."""

    __tablename__ = "reorganisations"

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    vesting_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[ReorgStatus] = mapped_column(
        Enum(ReorgStatus, name="reorg_status", values_callable=lambda e: [m.value for m in e]),
        default=ReorgStatus.PLANNED,
    )
    rehearsal: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Whether the plan created its target tenant (a rollback then empties it for reuse).
    created_target: Mapped[bool] = mapped_column(Boolean, default=False)
    planned_by: Mapped[str] = mapped_column(String(200))
    planned_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    run_by: Mapped[str | None] = mapped_column(String(200))
    run_started_at: Mapped[dt.datetime | None] = mapped_column()
    copied_at: Mapped[dt.datetime | None] = mapped_column()
    verified_by: Mapped[str | None] = mapped_column(String(200))
    verified_at: Mapped[dt.datetime | None] = mapped_column()
    cut_over_by: Mapped[str | None] = mapped_column(String(200))
    cut_over_at: Mapped[dt.datetime | None] = mapped_column()
    rolled_back_by: Mapped[str | None] = mapped_column(String(200))
    rolled_back_at: Mapped[dt.datetime | None] = mapped_column()
    error: Mapped[str | None] = mapped_column(Text)
    #: Fingerprints (per table) of every source taken when the run froze it.
    source_fingerprints: Mapped[dict[str, Any] | None] = mapped_column()
    dry_run_report: Mapped[dict[str, Any] | None] = mapped_column()
    dry_run_at: Mapped[dt.datetime | None] = mapped_column()
    verification_report: Mapped[dict[str, Any] | None] = mapped_column()
    #: A dress rehearsal's timings and verification (see :mod:`tenancy.reorg.rehearsal`).
    rehearsal_report: Mapped[dict[str, Any] | None] = mapped_column()


class Transfer(PlatformBase):
    """What moves where: records of ``source`` chosen by ``selector`` go to ``target``.

    ``selector`` is ``{"kind": "all"}`` for a merge, ``{"kind": "services", "services": [...]}``
    for a service transfer, ``{"kind": "area", "wards": [...], "parishes": [...]}`` or
    ``{"kind": "boundary", "features": ...}`` for a split (see :mod:`tenancy.reorg.plan_split`
    for the operator's keys and :mod:`tenancy.reorg.allocation` for ``resolved``).
    ``reference_prefix`` is put before this source's references that collide with another
    source's (``ASH-26/00001/HOUSE``).
    """

    __tablename__ = "reorg_transfers"
    __table_args__ = (
        UniqueConstraint("reorganisation_id", "position", name="uq_reorg_transfers_position"),
    )

    id: Mapped[UUID] = mapped_column(primary_key=True, default=uuid7)
    reorganisation_id: Mapped[UUID] = mapped_column(ForeignKey("reorganisations.id"))
    position: Mapped[int] = mapped_column(Integer)
    source_tenant_id: Mapped[UUID] = mapped_column(ForeignKey("tenants.id"))
    target_tenant_id: Mapped[UUID] = mapped_column(ForeignKey("tenants.id"))
    selector: Mapped[dict[str, Any]] = mapped_column()
    reference_prefix: Mapped[str] = mapped_column(String(10))
    #: Whether the run found the source active (so a rollback reopens it).
    source_was_active: Mapped[bool | None] = mapped_column(Boolean)


class Checkpoint(PlatformBase):
    """How far the copy of one table of one transfer has got: the last id copied, rows copied,
    rows the source held when the run began, and whether it is done."""

    __tablename__ = "reorg_checkpoints"

    transfer_id: Mapped[UUID] = mapped_column(ForeignKey("reorg_transfers.id"), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(100), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    last_id: Mapped[str | None] = mapped_column(String(100))
    rows_copied: Mapped[int] = mapped_column(BigInteger, default=0)
    rows_total: Mapped[int] = mapped_column(BigInteger, default=0)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def open_checkpoint(transfer_id: UUID, table_name: str, position: int, total: int) -> Insert:
    """The statement starting a checkpoint at nothing copied of ``total`` (a no-op if it was
    started before, so a resumed run keeps its place)."""
    return (
        insert(Checkpoint)
        .values(
            transfer_id=transfer_id,
            table_name=table_name,
            position=position,
            rows_total=total,
            rows_copied=0,
            done=False,
            updated_at=utcnow(),
        )
        .on_conflict_do_nothing()
    )


__all__ = [
    "OPEN_STATUSES",
    "Checkpoint",
    "ReorgStatus",
    "Reorganisation",
    "Transfer",
    "open_checkpoint",
]
