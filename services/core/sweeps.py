"""Outcomes that the passage of time decides, settled in bulk: an approver's initial notice
not rejected in time is accepted, an approval with no start lapses, a temporary event notice
no one objected to is acknowledged …

Each service declares its sweeps on its descriptor (``ServiceDescriptor.sweeps``); each sweep
settles what is due on ``today`` and returns how many cases it changed. Sweeps are idempotent
(a second run the same day changes nothing), so ``vesta settle`` can run as often as wanted:
daily from a scheduler, and once at start-up in ``vesta dev``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from services.registry import registry


class Sweep(Protocol):
    """Settle what time has decided by ``today``; the number of cases changed."""

    async def __call__(self, session: AsyncSession, *, today: dt.date, actor: str) -> int: ...


async def run_sweeps(
    session: AsyncSession, *, today: dt.date, actor: str, services: Sequence[str]
) -> dict[str, int]:
    """Run every sweep of ``services`` (in the caller's transaction); changes per service."""
    changed: dict[str, int] = {}
    for code in services:
        if code not in registry:
            continue
        for sweep in registry.get(code).sweeps:
            changed[code] = changed.get(code, 0) + await sweep(session, today=today, actor=actor)
    return changed


__all__ = ["Sweep", "run_sweeps"]
