"""Tenant isolation for every building control route, read from the app itself: another
council's officer gets 404 through this council's path (not a member) and, for a route about
one case, through their own council's path too (the id or reference is not theirs); nothing is
written. A new route fails here until it has an entry in ``BODIES``."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from bc_helpers import INITIAL_NOTICE, SCHEME, register, with_scheme
from conftest import sign_in
from litestar.routes import HTTPRoute

PREFIX = "/api/v1/{tenant:str}/building-control"

#: Every route under the prefix (method, path after it) with a body valid for it.
BODIES: dict[tuple[str, str], Any] = {
    ("GET", "/applications"): None,
    ("POST", "/applications"): {"applicationType": "full_plans"},
    ("GET", "/applications/{application:str}"): None,
    ("PATCH", "/applications/{application:str}"): {"description": "Taken over"},
    ("GET", "/applications/{application:str}/audit"): None,
    ("GET", "/applications/{application:str}/extensions-of-time"): None,
    ("POST", "/applications/{application:str}/extensions-of-time"): {
        "agreedDate": "2026-03-30",
        "newTargetDate": "2026-04-24",
    },
    ("POST", "/applications/{application:str}/decision"): {"outcome": "approved"},
    ("GET", "/applications/{application:str}/decision/notice.html"): None,
    ("GET", "/applications/{application:str}/decision/notice.pdf"): None,
    ("POST", "/applications/{application:str}/withdrawal"): {"reason": "Not theirs"},
    ("GET", "/applications/{application:str}/inspections"): None,
    ("POST", "/applications/{application:str}/inspections"): {
        "stage": "foundations",
        "bookedFor": "2026-04-20",
    },
    ("POST", "/applications/{application:str}/inspections/{inspection_id:uuid}/outcome"): {
        "outcome": "satisfactory"
    },
    ("POST", "/applications/{application:str}/completion-certificate"): {},
    ("GET", "/applications/{application:str}/completion-certificate"): None,
    ("GET", "/applications/{application:str}/completion-certificate.html"): None,
    ("GET", "/applications/{application:str}/completion-certificate.pdf"): None,
    ("GET", "/initial-notices"): None,
    ("POST", "/initial-notices"): INITIAL_NOTICE,
    ("GET", "/initial-notices/{notice:str}"): None,
    ("POST", "/initial-notices/{notice:str}/rejection"): {"grounds": ["form"], "detail": "x"},
    ("GET", "/rejection-grounds"): None,
    ("POST", "/commencement-notices"): {"kind": "commencement_notice", "application": "x"},
    ("GET", "/commencement-notices/{notice:str}"): None,
    ("GET", "/charging-scheme"): None,
    ("PUT", "/charging-scheme"): SCHEME,
}


@cache
def bc_routes() -> tuple[tuple[str, str], ...]:
    from app.main import create_app

    found = {
        (method, route.path.removeprefix(PREFIX))
        for route in create_app().routes
        if isinstance(route, HTTPRoute) and route.path.startswith(PREFIX + "/")
        for handler in route.route_handlers
        for method in handler.http_methods - {"HEAD", "OPTIONS"}
    }
    return tuple(sorted(found, key=lambda r: (r[1], r[0])))


def test_every_route_has_an_entry_and_every_entry_a_route() -> None:
    routes = set(bc_routes())
    assert routes - BODIES.keys() == set(), "add these routes to BODIES"
    assert BODIES.keys() - routes == set(), "these BODIES are not routes of the app"


async def owner_cases(bc: Any, bc_base: str) -> dict[str, Any]:
    """An application with an inspection, an initial notice given today and a commencement
    notice, made by the owner."""
    await with_scheme(bc, bc_base)
    app = await register(bc, bc_base)
    url = f"{bc_base}/applications/{app['id']}"
    inspection = (
        await bc.post(f"{url}/inspections", json={"stage": "completion", "bookedFor": "2026-04-20"})
    ).json()
    notice = (await bc.post(f"{bc_base}/initial-notices", json=INITIAL_NOTICE)).json()
    start = await bc.post(
        f"{bc_base}/commencement-notices",
        json={"kind": "commencement_notice", "application": app["id"]},
    )
    assert start.status_code == 201, start.text
    return {"app": app, "inspection": inspection, "notice": notice, "start": start.json()}


async def fingerprint(bc: Any, bc_base: str, made: dict[str, Any]) -> tuple[Any, ...]:
    app_url = f"{bc_base}/applications/{made['app']['id']}"
    audit = (await bc.get(f"{app_url}/audit")).json()["pagination"]["totalResults"]
    notice = (await bc.get(f"{bc_base}/initial-notices/{made['notice']['id']}")).json()
    apps = (await bc.get(f"{bc_base}/applications")).json()["pagination"]["totalResults"]
    scheme = (await bc.get(f"{bc_base}/charging-scheme")).json()
    return audit, notice["version"], notice["status"], apps, len(scheme["charges"])


@pytest.mark.parametrize(
    ("method", "suffix"), bc_routes(), ids=[f"{m} {s}" for m, s in bc_routes()]
)
async def test_other_council_cannot_reach_building_control(
    bc, bc_officer, bc_base, outsider_with, method, suffix
):
    made = await owner_cases(bc, bc_base)
    before = await fingerprint(bc, bc_base, made)
    case_key = (
        made["start"]["id"]
        if suffix.startswith("/commencement-notices/")
        else made["notice"]["id"]
        if "{notice:str}" in suffix
        else made["app"]["id"]
    )
    path = (
        suffix.replace("{application:str}", case_key)
        .replace("{notice:str}", case_key)
        .replace("{inspection_id:uuid}", made["inspection"]["id"])
    )
    other, user = outsider_with("building_control_manager")
    await sign_in(bc, user)
    body = BODIES[method, suffix]
    response = await bc.request(method, f"{bc_base}{path}", json=body)
    assert response.status_code == 404, (path, response.text)
    if case_key in path:
        own = f"/api/v1/{other.slug}/building-control{path}"
        response = await bc.request(method, own, json=body)
        assert response.status_code == 404, (own, response.text)
    await sign_in(bc, bc_officer)
    assert await fingerprint(bc, bc_base, made) == before
