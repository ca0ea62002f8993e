"""Tenant isolation for every land charges route, read from the app itself: another council's
land charges manager gets 404 for this council's charges and searches through either council's
path, nothing is written, and their own lists never show this council's entries."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
from conftest import sign_in
from litestar.routes import HTTPRoute
from llc_support import charge, con29, created, llc1
from sqlalchemy import func, select

from services.core.models import AuditEntry
from tenancy.binding import tenant_session_sync

PREFIX = "/api/v1/{tenant:str}/land-charges"
_ID = re.compile(r"\{(charge|search):str\}")

#: A valid body for each write route (path after the prefix).
BODIES: dict[tuple[str, str], Any] = {
    ("POST", "/charges"): charge(),
    ("PATCH", "/charges/{charge:str}"): {"reason": "Taken over", "description": "Mine now"},
    ("POST", "/charges/{charge:str}/cancellation"): {"reason": "Revoked"},
    ("PUT", "/register/migration"): {"status": "migrated", "migrationDate": "2026-05-18"},
    ("POST", "/searches"): llc1(),
    ("POST", "/searches/{search:str}/answers"): {"answers": [{"question": "5", "answer": "No"}]},
    ("POST", "/searches/{search:str}/issue"): None,
}


@cache
def land_charges_routes() -> tuple[tuple[str, str], ...]:
    from app.main import create_app

    found = {
        (method, route.path.removeprefix(PREFIX))
        for route in create_app().routes
        if isinstance(route, HTTPRoute) and route.path.startswith(PREFIX + "/")
        for handler in route.route_handlers
        for method in handler.http_methods - {"HEAD", "OPTIONS"}
    }
    return tuple(sorted(found, key=lambda r: (r[1], r[0])))


def test_every_route_is_covered() -> None:
    routes = land_charges_routes()
    writes = {r for r in routes if r[0] != "GET"}
    assert writes == set(BODIES), writes ^ set(BODIES)
    assert len(routes) == 17


def audit_rows(tenant: Any) -> int:
    with tenant_session_sync(tenant.schema_name) as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


@pytest.mark.parametrize(
    ("method", "suffix"),
    land_charges_routes(),
    ids=[f"{m} {s}" for m, s in land_charges_routes()],
)
async def test_another_council_cannot_reach_this_councils_register_or_searches(
    llc: Any,
    llc_base: str,
    llc_council: Any,
    llc_officer: Any,
    outsider_with: Any,
    method: str,
    suffix: str,
) -> None:
    made = await created(llc, f"{llc_base}/charges", charge())
    search = await created(
        llc, f"{llc_base}/searches", con29(searchType="con29o_enquiries", questions=["5"])
    )
    ids = {
        "charge": made["chargeNumber"].replace("/", "-"),
        "search": search["reference"].replace("/", "-"),
    }
    before = audit_rows(llc_council)
    other, user = outsider_with("land_charges_manager")
    await sign_in(llc, user)
    path = _ID.sub(lambda m: ids[m[1]], suffix)
    headers = {"If-Match": f'"{made["id"]}.1"'}
    body = BODIES.get((method, suffix))

    theirs = await llc.request(method, f"{llc_base}{path}", json=body, headers=headers)
    assert theirs.status_code == 404, theirs.text
    if _ID.search(suffix):
        own = f"/api/v1/{other.slug}/land-charges{path}"
        response = await llc.request(method, own, json=body, headers=headers)
        assert response.status_code == 404, (own, response.text)

    assert audit_rows(llc_council) == before
    await sign_in(llc, llc_officer)
    assert (await llc.get(f"{llc_base}/charges/{made['id']}")).json()["version"] == 1


async def test_lists_and_export_show_only_the_councils_own(
    llc: Any, llc_base: str, outsider_with: Any
) -> None:
    await created(llc, f"{llc_base}/charges", charge())
    await created(llc, f"{llc_base}/searches", llc1())
    other, user = outsider_with("land_charges_manager")
    await sign_in(llc, user)
    own = f"/api/v1/{other.slug}/land-charges"

    assert (await llc.get(f"{own}/charges")).json()["data"] == []
    assert (await llc.get(f"{own}/searches")).json()["data"] == []
    assert (await llc.get(f"{own}/register/export")).json()["total"] == 0
