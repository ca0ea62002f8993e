"""Tenant isolation for every temporary event notice and taxi route, read from the app's own
route list: another council's licensing manager gets 404 for this council's notices,
applications and licences through either council's path, sees none of them in lists, and
nothing changes."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import pytest
from conftest import sign_in
from litestar.routes import HTTPRoute

from services.core.calendar import LONDON, london_today

LIC = "/api/v1/{tenant:str}/licensing"
SCOPE = (LIC + "/temporary-event", LIC + "/taxi-")
CHECKS = ("dbs_enhanced", "medical", "right_to_work", "knowledge_test", "dvla")
REASON = {"reason": "Assault", "noticeDate": "2026-06-01"}

#: A valid body for every route (``None``: no body).
BODIES: dict[tuple[str, str], Any] = {
    ("POST", "/temporary-event-notices/{notice:str}/objections"): {
        "authority": "police",
        "name": "PC Reid",
        "receivedDate": (london_today() - dt.timedelta(days=10)).isoformat(),
        "grounds": "Noise",
    },
    ("POST", "/temporary-event-notices/{notice:str}/hearing"): {"dispensedReason": "Agreed"},
    ("POST", "/temporary-event-notices/{notice:str}/decision"): {
        "outcome": "acknowledged",
        "reasons": "Fine",
    },
    ("POST", "/temporary-event-notices/{notice:str}/withdrawal"): {"reason": "Cancelled"},
    ("POST", "/taxi-applications/{application:str}/checks"): {
        "check": "dvla",
        "outcome": "passed",
        "checkedDate": "2026-01-05",
    },
    ("POST", "/taxi-applications/{application:str}/decision"): {
        "outcome": "refused",
        "reasons": "x",
    },
    ("POST", "/taxi-applications/{application:str}/withdrawal"): {"reason": "Moved"},
    ("POST", "/taxi-licences/{licence:str}/renewals"): {"receivedDate": "2026-01-05"},
    ("POST", "/taxi-licences/{licence:str}/suspension"): REASON,
    ("POST", "/taxi-licences/{licence:str}/revocation"): REASON,
    ("POST", "/taxi-licences/{licence:str}/reinstatement"): {"reason": "Fit"},
}


@cache
def routes() -> tuple[tuple[str, str], ...]:
    from app.main import create_app

    found = {
        (method, route.path.removeprefix(LIC))
        for route in create_app().routes
        if isinstance(route, HTTPRoute) and route.path.startswith(SCOPE)
        for handler in route.route_handlers
        for method in handler.http_methods - {"HEAD", "OPTIONS"}
    }
    return tuple(sorted(found, key=lambda r: (r[1], r[0])))


def test_the_routes_are_all_here() -> None:
    assert len(routes()) == 23
    assert set(BODIES) <= set(routes())


async def made(http: Any, base: str) -> dict[str, str]:
    """As the owner: a notice, an application and a granted licence; their ids."""
    starts = dt.datetime.combine(london_today() + dt.timedelta(days=30), dt.time(18), LONDON)
    notice = await http.post(
        f"{base}/temporary-event-notices",
        json={
            "givenDate": (london_today() - dt.timedelta(days=10)).isoformat(),
            "premises": {"addressLine": "Village Hall, Ashcombe"},
            "premisesUser": {"name": "Jo Baker", "dateOfBirth": "1980-04-12"},
            "eventStartsAt": starts.isoformat(),
            "eventEndsAt": (starts + dt.timedelta(hours=4)).isoformat(),
            "maxAttendance": 100,
            "activities": ["sale_of_alcohol"],
            "description": "Fete",
        },
    )
    assert notice.status_code == 201, notice.text
    ids = {"notice": notice.json()["id"]}
    for key in ("application", "licence"):
        applied = await http.post(
            f"{base}/taxi-applications",
            json={
                "licenceType": "private_hire_driver",
                "applicant": {"name": "Sam Patel"},
                "receivedDate": "2026-01-05",
            },
        )
        ids[key] = applied.json()["id"]
    url = f"{base}/taxi-applications/{ids['licence']}"
    for check in CHECKS:
        body = {"check": check, "outcome": "passed", "checkedDate": "2026-01-05"}
        assert (await http.post(f"{url}/checks", json=body)).status_code == 200
    granted = await http.post(f"{url}/decision", json={"outcome": "granted"})
    ids["licence"] = granted.json()["licenceNumber"].replace("/", "-")
    return ids


async def snapshot(http: Any, base: str, ids: dict[str, str]) -> list[Any]:
    paths = (
        f"/temporary-event-notices/{ids['notice']}",
        f"/taxi-applications/{ids['application']}",
        f"/taxi-licences/{ids['licence']}",
    )
    return [(await http.get(base + p)).json() for p in paths]


@pytest.mark.parametrize(("method", "suffix"), routes(), ids=[f"{m} {s}" for m, s in routes()])
async def test_another_council_cannot_reach_or_change_anything(
    lic, lic_base, lic_officer, outsider_with, method, suffix
):
    ids = await made(lic, lic_base)
    before = await snapshot(lic, lic_base, ids)
    other, user = outsider_with("licensing_manager")
    await sign_in(lic, user)
    path = suffix.replace(":str", "")
    for key in ("notice", "application", "licence"):
        path = path.replace("{" + key + "}", ids[key])
    body = BODIES.get((method, suffix))
    own = f"/api/v1/{other.slug}/licensing{path}"
    theirs = f"{lic_base}{path}"
    params = {"year": 2026, "premisesAddress": "Village Hall, Ashcombe"}
    response = await lic.request(method, theirs, json=body, params=params)
    assert response.status_code == 404, (theirs, response.text)
    response = await lic.request(method, own, json=body, params=params)
    if "{" in suffix:
        assert response.status_code == 404, (own, response.text)
    elif method == "GET":  # a list or the limits: the other council has nothing of theirs
        found = response.json()
        assert found.get("data", []) == [], found
        assert (found.get("premises") or {}).get("notices", 0) == 0, found
    await sign_in(lic, lic_officer)
    assert await snapshot(lic, lic_base, ids) == before
