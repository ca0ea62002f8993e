"""Tenant isolation for every licence application and licence register route: another
council's licensing manager gets 404 through their own council's path (the id, reference or
number is not theirs) and through this council's path (not a member), and nothing changes.

The routes are read from the app itself; each needs an entry in ``BODIES`` (a valid request),
so a new route fails here until it is covered.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
from conftest import sign_in
from litestar.routes import HTTPRoute
from test_premises_applications import POLICE, apply, close, granted_licence

PREFIX = "/api/v1/{tenant:str}/licensing"
APPLICATION = PREFIX + "/applications/{application:str}"
LICENCE = PREFIX + "/licences/{licence:str}"
_RECORD = re.compile(r"\{(\w+)_id:uuid\}")

#: Every route under an application or a licence, (method, path), with a valid body.
BODIES: dict[tuple[str, str], Any] = {
    ("GET", APPLICATION): None,
    ("PATCH", APPLICATION): {"description": "Taken over"},
    ("POST", APPLICATION + "/withdrawal"): {"reason": "Not wanted"},
    ("POST", APPLICATION + "/representation-period/close"): None,
    ("POST", APPLICATION + "/decision"): {"outcome": "granted"},
    ("GET", APPLICATION + "/representations"): None,
    ("POST", APPLICATION + "/representations"): {**POLICE, "receivedDate": "2026-03-11"},
    ("POST", APPLICATION + "/representations/{representation_id:uuid}/relevance"): {
        "relevant": True
    },
    ("POST", APPLICATION + "/representations/{representation_id:uuid}/withdrawal"): None,
    ("GET", APPLICATION + "/hearing"): None,
    ("PUT", APPLICATION + "/hearing"): {"scheduledAt": "2026-04-20T09:00:00Z"},
    ("POST", APPLICATION + "/hearing/dispensation"): {"reason": "All agree"},
    ("POST", APPLICATION + "/hearing/determination"): {
        "outcome": "refused",
        "reasons": "No",
        "heldOn": "2026-04-20",
    },
    ("GET", LICENCE): None,
    ("GET", LICENCE + "/events"): None,
    ("POST", LICENCE + "/ending"): {"kind": "surrendered", "on": "2026-05-01"},
    ("POST", LICENCE + "/convictions"): {
        "convictedOn": "2026-05-01",
        "offence": "x",
        "notifiedBy": "court",
    },
    ("POST", LICENCE + "/sanctions"): {"action": "revoked", "reasons": "x"},
    ("GET", LICENCE + "/fees"): None,
    ("POST", LICENCE + "/fees"): {"dueOn": "2027-04-01", "amount": "180.00"},
    ("POST", LICENCE + "/fees/{fee_id:uuid}/payment"): {"amount": "180.00"},
    ("POST", LICENCE + "/fees/{fee_id:uuid}/grace-claim"): {"ground": "dispute", "reason": "x"},
    ("POST", LICENCE + "/fees/{fee_id:uuid}/suspension-notice"): {"givenOn": "2026-04-02"},
}


@cache
def owned_routes() -> tuple[tuple[str, str], ...]:
    from app.main import create_app

    found = {
        (method, route.path)
        for route in create_app().routes
        if isinstance(route, HTTPRoute)
        and any(route.path == p or route.path.startswith(p + "/") for p in (APPLICATION, LICENCE))
        for handler in route.route_handlers
        for method in handler.http_methods - {"HEAD", "OPTIONS"}
    }
    return tuple(sorted(found, key=lambda r: (r[1], r[0])))


def test_every_route_has_a_body_and_every_body_a_route() -> None:
    routes = set(owned_routes())
    assert routes - BODIES.keys() == set(), "add these routes to BODIES"
    assert BODIES.keys() - routes == set(), "these BODIES are not routes of the app"


async def snapshot(http: Any, base: str, app: dict[str, Any], licence: dict[str, Any]) -> Any:
    """Everything the owner can read about the application and the licence."""
    paths = [
        f"{base}/applications/{app['id']}",
        f"{base}/applications/{app['id']}/representations",
        f"{base}/applications/{app['id']}/hearing",
        f"{base}/licences/{licence['id']}",
        f"{base}/licences/{licence['id']}/events",
        f"{base}/licences/{licence['id']}/fees",
        f"{base}/applications",
        f"{base}/licences",
    ]
    return [(await http.get(p)).json() for p in paths]


@pytest.mark.parametrize(
    ("method", "path"), owned_routes(), ids=[f"{m} {p}" for m, p in owned_routes()]
)
async def test_other_council_cannot_reach_an_application_or_licence(
    lic, lic_base, lic_officer, outsider_with, method, path
):
    licence = await granted_licence(lic, lic_base, "2025-03-03", "2025-04-01")
    fee = await lic.post(
        f"{lic_base}/licences/{licence['id']}/fees", json={"dueOn": "2026-04-01", "amount": "180"}
    )
    app = await apply(lic, lic_base, "2026-02-26")
    reps = f"{lic_base}/applications/{app['id']}/representations"
    representation = await lic.post(reps, json={**POLICE, "receivedDate": "2026-03-10"})
    app = await close(lic, lic_base, app)
    ids = {"fee": fee.json()["id"], "representation": representation.json()["id"]}
    before = await snapshot(lic, lic_base, app, licence)
    other, user = outsider_with("licensing_manager")
    await sign_in(lic, user)
    body = BODIES[method, path]
    headers = {"If-Match": f'"{app["id"]}.{app["version"]}"'}
    keys = (
        (app["id"], app["reference"].replace("/", "-"))
        if path.startswith(APPLICATION)
        else (licence["id"], licence["number"].replace("/", "-"))
    )
    for key in keys:
        concrete = _RECORD.sub(lambda m: ids[m[1]], path)
        concrete = concrete.replace("{application:str}", key).replace("{licence:str}", key)
        for slug in (other.slug, lic_base.split("/")[3]):
            url = concrete.replace("{tenant:str}", slug)
            response = await lic.request(method, url, json=body, headers=headers)
            assert response.status_code == 404, (url, response.text)
    await sign_in(lic, lic_officer)
    assert await snapshot(lic, lic_base, app, licence) == before


async def test_lists_show_only_the_councils_own(lic, lic_base, outsider_with):
    await granted_licence(lic, lic_base, "2025-03-03", "2025-04-01")
    other, user = outsider_with("licensing_manager")
    await sign_in(lic, user)
    own = f"/api/v1/{other.slug}/licensing"
    assert (await lic.get(f"{own}/applications")).json()["data"] == []
    assert (await lic.get(f"{own}/licences")).json()["data"] == []
    for suffix in ("/applications", "/licences"):
        assert (await lic.get(lic_base + suffix)).status_code == 404
    created = await lic.post(f"{lic_base}/applications", json={"applicationType": "x"})
    assert created.status_code == 404
