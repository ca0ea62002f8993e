"""``vesta settle``: what the passage of time decided is settled in bulk, once.

An approver's initial notice given on Tue 23 Dec 2025 could be rejected up to Wed 31 Dec
2025 (five working days beginning with the day it was given; 25 and 26 Dec are bank
holidays); settled as of 5 Jan 2026 it is accepted. A notice given on Mon 29 Dec 2025 still has
until Tue 6 Jan 2026, so it stays open. Running the command again changes nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

from conftest import vesta
from service_fixtures import ALL_SERVICES
from sqlalchemy import select

from services.core.cases.models import Case
from services.core.cases.store import NewCase
from services.core.cases.timing import register_case
from services.core.store import read_settings
from services.registry import registry
from tenancy.binding import tenant_session, tenant_session_sync
from tenancy.db import dispose_engines


async def _notices(tenant: Any) -> None:
    workflow = registry.get("building_control").workflow_for("initial_notice")
    try:
        async with tenant_session(tenant.schema_name) as session:
            settings = await read_settings(session)
            for given, description in (
                (dt.date(2025, 12, 23), "Kitchen extension, 3 Brook Street"),
                (dt.date(2025, 12, 29), "Garage conversion, 5 Brook Street"),
            ):
                new = NewCase("building_control", "initial_notice", given, description)
                await register_case(session, new, workflow=workflow, settings=settings, actor="t")
            await session.commit()
    finally:
        await dispose_engines()


def _statuses(tenant: Any) -> dict[str, str]:
    with tenant_session_sync(tenant.schema_name) as session:
        rows = session.execute(select(Case.description, Case.status)).all()
        return {description.split(",")[0]: status for description, status in rows}


def settled(tenant: Any, on: str) -> dict[str, int]:
    result = vesta("settle", "--tenant", tenant.slug, "--on", on, "--json")
    assert result.returncode == 0, result.stderr
    changes: dict[str, int] = json.loads(result.stdout)["tenants"][0]["changed"]
    return changes


def test_settle_accepts_notices_whose_time_ran_out_once(make_tenant: Any) -> None:
    tenant = make_tenant("settle", services=ALL_SERVICES)
    asyncio.run(_notices(tenant))
    first = vesta("settle", "--tenant", tenant.slug, "--on", "2026-01-05", "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["tenants"] == [
        {
            "tenant": tenant.slug,
            "changed": {"building_control": 1, "licensing": 0},
            "webhooksWoken": False,
        }
    ]
    assert _statuses(tenant) == {"Kitchen extension": "accepted", "Garage conversion": "received"}
    again = json.loads(
        vesta("settle", "--tenant", tenant.slug, "--on", "2026-01-05", "--json").stdout
    )
    assert again["tenants"][0]["changed"] == {"building_control": 0, "licensing": 0}
    later = json.loads(
        vesta("settle", "--tenant", tenant.slug, "--on", "2026-01-07", "--json").stdout
    )
    assert later["tenants"][0]["changed"]["building_control"] == 1
    assert set(_statuses(tenant).values()) == {"accepted"}


def test_settle_names_an_unknown_council() -> None:
    result = vesta("settle", "--tenant", "no-such-council")
    assert result.returncode != 0
    assert "no-such-council" in result.stderr
