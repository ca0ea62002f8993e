"""Tenant isolation for every planning route: another council's officer cannot reach this
council's applications, whether through their own council's path (404: the id or reference is
not theirs) or through this council's path (404: not a member).

The routes under an application are read from the app itself; each needs an entry in
``SUB_ROUTES`` (a valid request for it), so a new route fails here until it is covered. For a
route about one record (a consultation, comment, condition, obligation, milestone, document or
validation request) the owner makes the record through the API first, and the outsider asks
for it by its id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from conftest import sign_in
from litestar.routes import HTTPRoute

from tenancy.storage import document_store_from_env

APPLICATION = "/api/v1/{tenant:str}/planning/applications/{application:str}"
UPLOAD = {"file": ("elevations.pdf", b"%PDF-1.4 elevations", "application/pdf")}
UPLOAD_FORM = {"types": "elevations.proposed"}
_RECORD = re.compile(r"\{(\w+)_id:uuid\}")  # a record's id in a route's path

#: Every route under an application, (method, path after the application) as the app declares
#: it, with a body that would be valid for it (``UPLOAD``: a multipart document upload).
SUB_ROUTES: dict[tuple[str, str], Any] = {
    ("GET", ""): None,
    ("PATCH", ""): {"description": "Taken over"},
    ("GET", "/odp"): None,
    ("GET", "/audit"): None,
    ("POST", "/validation"): {"outcome": "valid"},
    ("GET", "/validation-requests"): None,
    ("POST", "/validation-requests"): {"kind": "fee", "detail": "Pay the fee"},
    ("POST", "/validation-requests/{request_id:uuid}/cancel"): None,
    ("POST", "/validation-requests/{request_id:uuid}/response"): {"response": "Paid by card"},
    ("POST", "/withdrawal"): {"reason": "Withdrawn by someone else"},
    ("POST", "/assessment"): {"action": "start_assessment"},
    ("PUT", "/recommendation"): {"recommendation": "granted", "report": "Fine"},
    ("POST", "/decision"): {"outcome": "granted"},
    ("GET", "/decision/notice.html"): None,
    ("GET", "/decision/notice.pdf"): None,
    ("GET", "/extensions-of-time"): None,
    ("POST", "/extensions-of-time"): {"agreedDate": "2026-04-01", "newTargetDate": "2026-06-01"},
    ("GET", "/appeal"): None,
    ("GET", "/appeal-deadline"): None,
    ("POST", "/appeal"): {"kind": "refusal", "lodgedDate": "2026-05-01", "reason": "x"},
    ("PATCH", "/appeal"): {"validatedDate": "2026-05-02"},
    # Consultations
    ("GET", "/consultations"): None,
    ("POST", "/consultations"): {"kind": "site_notice"},
    ("POST", "/consultations/{consultation_id:uuid}/response"): {
        "position": "no_objection",
        "response": "No highway safety concerns",
    },
    # Public comments
    ("GET", "/comments"): None,
    ("POST", "/comments"): {"sentiment": "support", "text": "Lovely", "topics": ["design"]},
    ("POST", "/comments/{comment_id:uuid}/redaction"): {"redactedText": "It will [redacted]"},
    ("POST", "/comments/{comment_id:uuid}/publication"): None,
    # Conditions
    ("GET", "/conditions"): None,
    ("POST", "/conditions"): {"kind": "informative", "text": "The Party Wall Act may apply"},
    ("PUT", "/conditions/{condition_id:uuid}"): {"text": "Build in brick", "reason": "Looks"},
    ("DELETE", "/conditions/{condition_id:uuid}"): None,
    ("POST", "/conditions/{condition_id:uuid}/discharge"): {
        "dischargedDate": "2026-05-01",
        "dischargeReference": "26/00099/DOC",
    },
    # Planning obligations
    ("GET", "/obligations"): None,
    ("POST", "/obligations"): {
        "kind": "cil",
        "description": "CIL liability",
        "triggerEvent": "commencement",
    },
    ("POST", "/obligations/{obligation_id:uuid}/milestones"): {
        "description": "Second instalment",
        "daysAfterTrigger": 60,
    },
    ("POST", "/obligations/{obligation_id:uuid}/trigger"): {"triggeredDate": "2026-05-01"},
    ("POST", "/obligations/{obligation_id:uuid}/milestones/{milestone_id:uuid}/payment"): {
        "paidDate": "2026-05-01",
        "paidAmount": "5000.00",
    },
    # Documents
    ("GET", "/documents"): None,
    ("POST", "/documents"): UPLOAD,
    ("GET", "/documents/{document_id:uuid}"): None,
    ("GET", "/documents/{document_id:uuid}/content"): None,
    ("POST", "/documents/{document_id:uuid}/publication"): None,
}


#: How the owner makes each record a route can be about (``{name}_id`` in its path).
RECORDS: dict[str, Any] = {
    "request": {"kind": "missing_document", "detail": "Send the floor plans"},
    "consultation": {"kind": "consultee", "consultee": "Highways Authority"},
    "comment": {"sentiment": "object", "text": "It will block my light", "topics": ["light"]},
    "condition": {"kind": "condition", "text": "Use matching bricks", "reason": "Looks"},
    "obligation": {
        "kind": "s106",
        "description": "Affordable housing",
        "amount": 5000,
        "triggerEvent": "commencement",
    },
    "milestone": {"description": "First instalment", "amount": "5000", "daysAfterTrigger": 30},
    "document": UPLOAD,
}


@cache
def application_routes() -> tuple[tuple[str, str], ...]:
    """(method, path after the application) of every route the app has under an application."""
    from app.main import create_app

    found = {
        (method, route.path.removeprefix(APPLICATION))
        for route in create_app().routes
        if isinstance(route, HTTPRoute)
        and (route.path == APPLICATION or route.path.startswith(APPLICATION + "/"))
        for handler in route.route_handlers
        for method in handler.http_methods - {"HEAD", "OPTIONS"}
    }
    return tuple(sorted(found, key=lambda r: (r[1], r[0])))


def test_every_application_route_has_an_entry_and_every_entry_a_route() -> None:
    routes = set(application_routes())
    assert routes - SUB_ROUTES.keys() == set(), "add these routes to SUB_ROUTES"
    assert SUB_ROUTES.keys() - routes == set(), "these SUB_ROUTES are not routes of the app"
    assert len(routes) >= 43  # consultations, comments, conditions, obligations, documents …


@pytest.fixture(autouse=True)
def document_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A local document store of the test's own, for the documents the owner uploads."""
    monkeypatch.setenv("VESTA_DOCUMENT_STORE", "local")
    monkeypatch.setenv("VESTA_DATA_DIR", str(tmp_path))
    document_store_from_env.cache_clear()
    yield
    document_store_from_env.cache_clear()


async def send(http: Any, method: str, path: str, body: Any, **kw: Any) -> Any:
    if body is UPLOAD:
        return await http.request(method, path, files=UPLOAD, data=UPLOAD_FORM, **kw)
    return await http.request(method, path, json=body, **kw)


async def made(http: Any, method: str, path: str, body: Any, status: int = 201) -> Any:
    """The owner's request, which must succeed; its JSON body."""
    response = await send(http, method, path, body)
    assert response.status_code == status, (path, response.text)
    return response.json()


async def make_records(http: Any, url: str, names: set[str]) -> dict[str, str]:
    """As the owner, move the application to where ``names`` can be made, and make them."""
    ids: dict[str, str] = {}
    if names & {"consultation", "condition", "obligation", "milestone"}:
        validated = await made(http, "POST", f"{url}/validation", {"outcome": "valid"}, 200)
        assert validated["status"] == "consultation"
    if names & {"condition", "obligation", "milestone"}:
        await made(http, "POST", f"{url}/assessment", {"action": "start_assessment"}, 200)
    for name in sorted(names - {"milestone"}):  # a milestone is made on its obligation
        collection = {"request": "validation-requests"}.get(name, f"{name}s")
        ids[name] = (await made(http, "POST", f"{url}/{collection}", RECORDS[name]))["id"]
    if "milestone" in names:
        path = f"{url}/obligations/{ids['obligation']}/milestones"
        made_on = await made(http, "POST", path, RECORDS["milestone"])
        ids["milestone"] = made_on["milestones"][-1]["id"]
    return ids


async def audit_count(http: Any, base: str, application: dict[str, Any]) -> int:
    response = await http.get(f"{base}/{application['id']}/audit")
    assert response.status_code == 200, response.text
    return int(response.json()["pagination"]["totalResults"])


@pytest.mark.parametrize(
    ("method", "suffix"), application_routes(), ids=[f"{m} {s}" for m, s in application_routes()]
)
async def test_other_council_cannot_reach_an_application(
    planner, officer, base, new_application, outsider, method, suffix
):
    if (method, suffix) not in SUB_ROUTES:
        pytest.fail(f"{method} {APPLICATION}{suffix} has no entry in SUB_ROUTES: add one")
    body = SUB_ROUTES[method, suffix]
    app = await new_application()
    ids = await make_records(planner, f"{base}/{app['id']}", set(_RECORD.findall(suffix)))
    app = (await planner.get(f"{base}/{app['id']}")).json()  # its version now
    before = await audit_count(planner, base, app)
    path = _RECORD.sub(lambda m: ids[m[1]], suffix)
    other, user = outsider
    http = planner
    await sign_in(http, user)
    headers = {"If-Match": f'"{app["id"]}.{app["version"]}"'}
    for key in (app["id"], app["reference"].replace("/", "-")):
        own_path = f"/api/v1/{other.slug}/planning/applications/{key}{path}"
        response = await send(http, method, own_path, body, headers=headers)
        assert response.status_code == 404, (own_path, response.text)
        their_path = f"{base}/{key}{path}"
        response = await send(http, method, their_path, body, headers=headers)
        assert response.status_code == 404, (their_path, response.text)
    await sign_in(http, officer)
    assert await audit_count(planner, base, app) == before
    if method == "GET" and ids:  # the record's path was right: the owner finds it
        response = await http.get(f"{base}/{app['id']}{path}")
        assert response.status_code == 200, response.text


async def test_lists_feeds_and_worklist_show_only_the_councils_own(
    planner, base, new_application, outsider
):
    await new_application()
    other, user = outsider
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
