"""Progress of a run: what the CLI's progress bar shows and the API reports, read from the
checkpoints (so any process can read it while another runs the copy)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from tenancy.reorg.models import Checkpoint, Transfer


@dataclass(frozen=True, slots=True)
class Progress:
    table: str
    source: str
    rows_copied: int
    rows_total: int
    copied: int  # over the whole run
    total: int


ProgressCallback = Callable[[Progress], None]


def progress_of(session: Session, reorg_id: UUID) -> dict[str, Any]:
    """Rows copied so far and in all, overall and per table (for the API and ``show``)."""
    rows = session.execute(
        select(
            Checkpoint.table_name, Checkpoint.rows_copied, Checkpoint.rows_total, Checkpoint.done
        )
        .join(Transfer, Transfer.id == Checkpoint.transfer_id)
        .where(Transfer.reorganisation_id == reorg_id, Checkpoint.position >= 0)
    ).all()
    tables: dict[str, dict[str, Any]] = {}
    for name, copied, total, done in rows:
        entry = tables.setdefault(name, {"rowsCopied": 0, "rowsTotal": 0, "done": True})
        entry["rowsCopied"] += copied
        entry["rowsTotal"] += total
        entry["done"] = entry["done"] and done
    return {
        "rowsCopied": sum(t["rowsCopied"] for t in tables.values()),
        "rowsTotal": sum(t["rowsTotal"] for t in tables.values()),
        "tablesDone": sum(1 for t in tables.values() if t["done"]),
        "tables": len(tables),
        "perTable": tables,
        "asOf": dt.datetime.now(dt.UTC).isoformat(),
    }
