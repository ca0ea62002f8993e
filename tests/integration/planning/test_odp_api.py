"""ODP submissions through the HTTP API: every example and a payload of every application type
of both shapes is accepted, mapped and kept; ``GET …/odp`` returns a post-submission document
valid against its schema at each stage; bad payloads are 422 with pointers and store nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from odp_payloads import all_codes, minimal_payload

from services.planning.odp.export import check as check_post_submission

pytestmark = pytest.mark.asyncio

EXAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "odp"
SUBMISSIONS = sorted(
    p.relative_to(EXAMPLES).as_posix()
    for shape in ("application", "prototypeApplication")
    for p in (EXAMPLES / shape).rglob("*.json")
)


def load(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text())


async def submit(planner: Any, base: str, payload: dict[str, Any]) -> dict[str, Any]:
    response = await planner.post(base, json=payload)
    assert response.status_code == 201, response.text[:2000]
    return response.json()


async def odp_of(planner: Any, base: str, app: dict[str, Any]) -> dict[str, Any]:
    response = await planner.get(f"{base}/{app['id']}/odp")
    assert response.status_code == 200, response.text[:2000]
    document = response.json()
    report = check_post_submission(document)
    assert not report.errors, report.errors[:3]
    return document


@pytest.mark.parametrize("name", SUBMISSIONS)
async def test_every_example_round_trips(planner, base, name):
    payload = load(name)
    app = await submit(planner, base, payload)
    document = await odp_of(planner, base, app)
    assert document["data"]["application"]["reference"] == app["reference"]
    assert document["data"]["application"]["stage"] == "submission"
    if "applicationType" in payload:
        assert document["submission"] == payload
        assert document["applicationType"] == payload["applicationType"]
    assert app["odpApplicationType"] in (
        payload.get("applicationType"),
        payload.get("data", {}).get("application", {}).get("type", {}).get("value"),
    )


@pytest.mark.parametrize("shape", ["application", "prototypeApplication"])
async def test_every_application_type_of_each_shape_round_trips(planner, base, shape):
    unconvertible = {"advertConsent", "hedgerowRemovalNotice"} if shape == "application" else set()
    for code in all_codes(shape):
        payload = minimal_payload(shape, code)
        if code in unconvertible:
            refused = await planner.post(base, json=payload)
            assert refused.status_code == 422, (code, refused.text)
            continue
        app = await submit(planner, base, payload)
        document = await odp_of(planner, base, app)
        assert document["data"]["application"]["status"] == "undetermined", code


async def test_received_date_comes_from_the_submission(planner, base):
    payload = load("prototypeApplication/planningPermission/fullHouseholder.json")
    app = await submit(planner, base, payload)
    submitted = payload["metadata"]["submittedAt"][:10]
    assert app["dates"]["receivedDate"] == submitted
    assert app["submittedAt"].startswith(submitted)
    assert app["applicationType"] == "householder"
    assert app["applicant"]["name"]
    assert app["site"]["uprn"] == payload["data"]["property"]["address"]["uprn"]


async def test_householder_from_odp_payload_to_granted_decision_notice(planner, base):
    payload = load("prototypeApplication/planningPermission/fullHouseholder.json")
    app = await submit(planner, base, payload)
    url = f"{base}/{app['id']}"
    assert (await planner.post(f"{url}/validation", json={"outcome": "valid"})).status_code == 200
    assert (await odp_of(planner, base, app))["data"]["application"]["stage"] == "consultation"
    moved = await planner.post(f"{url}/assessment", json={"action": "start_assessment"})
    assert moved.status_code == 200
    condition = await planner.post(
        f"{url}/conditions",
        json={
            "kind": "condition",
            "text": "The development shall begin within three years of this permission.",
            "reason": "Section 91 of the Town and Country Planning Act 1990.",
        },
    )
    assert condition.status_code == 201, condition.text
    report = await planner.put(
        f"{url}/recommendation", json={"recommendation": "granted", "report": "Acceptable."}
    )
    assert report.status_code == 200, report.text
    decided = await planner.post(f"{url}/decision", json={"outcome": "granted"})
    assert decided.status_code == 200, decided.text
    assert decided.json()["decision"]["outcome"] == "granted"
    document = await odp_of(planner, base, app)
    assert document["data"]["application"]["status"] == "determined"
    assert document["data"]["assessment"]["planningOfficerDecision"] == "granted"
    html = await planner.get(f"{url}/decision/notice.html")
    assert html.status_code == 200
    assert "within three years" in html.text
    assert (await planner.get(f"{url}/decision/notice.pdf")).content.startswith(b"%PDF-")


async def test_bad_payloads_are_422_with_pointers_and_store_nothing(planner, base):
    payload = load("prototypeApplication/planningPermission/fullHouseholder.json")
    broken = json.loads(json.dumps(payload))
    broken["data"]["applicant"]["email"] = 42
    response = await planner.post(base, json=broken)
    assert response.status_code == 422
    problem = response.json()
    assert problem["errors"][0]["pointer"].startswith("/data/applicant")
    unknown = json.loads(json.dumps(payload))
    unknown["applicationType"] = "pp.full.nonsense"
    response = await planner.post(base, json=unknown)
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/applicationType"
    assert "pp.full.nonsense" in response.json()["detail"]
    assert (await planner.get(base)).json()["pagination"]["totalResults"] == 0


async def test_officer_entered_application_has_no_odp_document(planner, base, new_application):
    app = await new_application()
    response = await planner.get(f"{base}/{app['id']}/odp")
    assert response.status_code == 409
