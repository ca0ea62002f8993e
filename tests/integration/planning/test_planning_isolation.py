"""Tenant isolation for every planning route: another council's officer cannot reach this
council's applications, whether through their own council's path (404: the id or reference is
not theirs) or through this council's path (404: not a member)."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import make_user, sign_in

pytestmark = pytest.mark.asyncio

# Every route under an application, with a body that would be valid for it.
SUB_ROUTES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "", None),
    ("PATCH", "", {"description": "Taken over"}),
    ("GET", "/odp", None),
    ("GET", "/audit", None),
    ("POST", "/validation", {"outcome": "valid"}),
    ("GET", "/validation-requests", None),
    ("POST", "/validation-requests", {"kind": "fee", "detail": "Pay the fee"}),
    ("POST", "/withdrawal", {"reason": "Withdrawn by someone else"}),
    ("POST", "/assessment", {"action": "start_assessment"}),
    ("PUT", "/recommendation", {"recommendation": "granted", "report": "Fine"}),
    ("POST", "/decision", {"outcome": "granted"}),
    ("GET", "/decision/notice.html", None),
    ("GET", "/decision/notice.pdf", None),
    ("GET", "/extensions-of-time", None),
    ("POST", "/extensions-of-time", {"agreedDate": "2026-04-01", "newTargetDate": "2026-06-01"}),
    ("GET", "/appeal", None),
    ("GET", "/appeal-deadline", None),
    ("POST", "/appeal", {"kind": "refusal", "lodgedDate": "2026-05-01", "reason": "x"}),
    ("PATCH", "/appeal", {"validatedDate": "2026-05-02"}),
]


@pytest.fixture
def intruder(make_tenant: Any) -> Any:
    """Another council, and a planning manager of that council only."""
    other = make_tenant("other")
    return other, make_user({other.id: ["planning_manager"]}, name="Other Council Officer")


@pytest.mark.parametrize(("method", "suffix", "body"), SUB_ROUTES)
async def test_other_council_cannot_reach_an_application(
    planner, officer, base, new_application, intruder, method, suffix, body
):
    app = await new_application()
    before = (await planner.get(f"{base}/{app['id']}/audit")).json()["pagination"]["totalResults"]
    other, user = intruder
    http = planner
    await sign_in(http, user)
    headers = {"If-Match": f'"{app["id"]}.{app["version"]}"'}
    for key in (app["id"], app["reference"].replace("/", "-")):
        own_path = f"/api/v1/{other.slug}/planning/applications/{key}{suffix}"
        response = await http.request(method, own_path, json=body, headers=headers)
        assert response.status_code == 404, (own_path, response.text)
        their_path = f"{base}/{key}{suffix}"
        response = await http.request(method, their_path, json=body, headers=headers)
        assert response.status_code == 404, (their_path, response.text)
    await sign_in(http, officer)
    after = (await planner.get(f"{base}/{app['id']}/audit")).json()["pagination"]["totalResults"]
    assert after == before


async def test_lists_feeds_and_worklist_show_only_the_councils_own(
    planner, base, new_application, intruder
):
    await new_application()
    other, user = intruder
    http = planner
    await sign_in(http, user)
    own = f"/api/v1/{other.slug}"
    assert (await http.get(f"{own}/planning/applications")).json()["data"] == []
    assert (await http.get(f"{own}/planning/applications.geojson")).json()["features"] == []
    assert (await http.get(f"{own}/cases")).json()["data"] == []
    for path in ("/planning/applications", "/planning/applications.geojson", "/cases"):
        response = await http.get(base.split("/planning")[0] + path)
        assert response.status_code == 404, path
    create = await http.post(base, json={"applicationType": "householder"})
    assert create.status_code == 404
