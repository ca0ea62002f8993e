"""Recipes for the dress-rehearsal routes (``app/api/platform_reorg_rehearsal.py``): each builds
a rehearsal merge of two new, empty councils into a scratch council, in the state it needs."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from authz_support import Outcome, Recipe
from conftest import unique_gss

REORGS = "/api/v1/platform/reorganisations"


def _rehearsal(*, rehearsed: bool) -> str:
    from authz_support import new_tenant

    from tenancy.reorg.plan import plan_merge
    from tenancy.reorg.rehearsal import rehearse

    reorg = plan_merge(
        name=f"matrix rehearsal {uuid.uuid4().hex[:8]}",
        vesting_date=dt.date(2027, 4, 1),
        sources=[new_tenant("reorg-src", services=("planning",)).slug for _ in range(2)],
        into=f"reorg-scratch-{uuid.uuid4().hex[:6]}",
        successor_name="Matrix Scratch",
        gss_code=unique_gss("E06"),
        actor="test",
        rehearsal=True,
    )
    if rehearsed:
        rehearse(reorg.id, actor="test")
    return str(reorg.id)


def _status(key: str) -> str:
    from tenancy.binding import platform_session_sync
    from tenancy.reorg.plan import get_reorganisation

    with platform_session_sync() as session:
        return get_reorganisation(session, key).status.value


async def _rehearse(http: Any, _tenant: Any) -> Outcome:
    key = _rehearsal(rehearsed=False)
    response = await http.post(f"{REORGS}/{key}/rehearse")
    return Outcome(response, lambda: _status(key) == "rehearsed")


async def _report(http: Any, _tenant: Any) -> Outcome:
    return Outcome(await http.get(f"{REORGS}/{_rehearsal(rehearsed=True)}/rehearsal"))


REHEARSAL_RECIPES: dict[str, Recipe] = {
    "POST /api/v1/platform/reorganisations/{key:str}/rehearse": Recipe(
        202, _rehearse, lambda body: body["status"] == "planned" and body["report"]
    ),
    "GET /api/v1/platform/reorganisations/{key:str}/rehearsal": Recipe(
        200, _report, lambda body: body["ok"] is True and body["verification"]["ok"] is True
    ),
}
