"""A planning application through the HTTP API against real Postgres: registration, statutory
dates, validation (invalid then valid), extensions of time, decision, notice and appeal
deadline, with the 409s and 422s the rules call for."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import grant_roles

pytestmark = pytest.mark.asyncio


async def to_assessment(planner: Any, base: str, app: dict[str, Any]) -> None:
    response = await planner.post(f"{base}/{app['id']}/validation", json={"outcome": "valid"})
    assert response.status_code == 200, response.text
    response = await planner.post(
        f"{base}/{app['id']}/assessment", json={"action": "start_assessment"}
    )
    assert response.status_code == 200, response.text


async def test_registered_application_gets_reference_and_statutory_dates(new_application):
    app = await new_application()
    assert app["reference"] == "26/00001/HOUSE"
    assert app["status"] == "received"
    # 8 weeks beginning the day after receipt on Monday 2 March 2026.
    assert app["dates"]["statutoryDate"] == "2026-04-27"
    assert app["dates"]["targetDate"] == "2026-04-27"
    assert app["allowedActions"] == ["invalidate", "validate", "return", "withdraw"]
    second = await new_application()
    assert second["reference"] == "26/00002/HOUSE"


async def test_get_by_id_reference_and_dashed_reference(planner, base, new_application):
    app = await new_application()
    for key in (app["id"], app["reference"].replace("/", "-")):
        response = await planner.get(f"{base}/{key}")
        assert response.status_code == 200, response.text
        assert response.json()["id"] == app["id"]
        assert response.headers["etag"] == f'"{app["id"]}.{app["version"]}"'
    missing = await planner.get(f"{base}/26-99999-HOUSE")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


async def test_invalid_then_valid_counts_from_the_last_item(planner, base, new_application):
    app = await new_application()
    created = await planner.post(
        f"{base}/{app['id']}/validation-requests",
        json={"kind": "missing_document", "detail": "Please send the floor plans"},
    )
    assert created.status_code == 201, created.text
    assert (await planner.get(f"{base}/{app['id']}")).json()["status"] == "invalid"
    blocked = await planner.post(f"{base}/{app['id']}/validation", json={"outcome": "valid"})
    assert blocked.status_code == 409
    answered = await planner.post(
        f"{base}/{app['id']}/validation-requests/{created.json()['id']}/response",
        json={"response": "Plans attached", "receivedDate": "2026-03-10"},
    )
    assert answered.status_code == 200, answered.text
    valid = await planner.post(f"{base}/{app['id']}/validation", json={"outcome": "valid"})
    assert valid.status_code == 200, valid.text
    body = valid.json()
    assert body["status"] == "consultation"
    assert body["dates"]["validFromDate"] == "2026-03-10"
    # 8 weeks from the day after 10 March: Tuesday 5 May (Monday 4 May is a bank holiday,
    # which does not matter: the period ends on its own day).
    assert body["dates"]["statutoryDate"] == "2026-05-05"


async def test_weekend_receipt_setting_moves_the_clock(planner, council, officer, new_application):
    saturday = await new_application(receivedDate="2026-03-07")
    assert saturday["dates"]["statutoryDate"] == "2026-05-02"  # a Saturday, not moved
    assert saturday["dates"]["statutoryDateNonWorkingDay"] == "Saturday"
    grant_roles(officer, council.id, "council_administrator")
    changed = await planner.patch(
        f"/api/v1/{council.slug}/settings", json={"weekendReceiptNextWorkingDay": True}
    )
    assert changed.status_code == 200, changed.text
    moved = await new_application(receivedDate="2026-03-07")
    # Received Saturday 7 March, treated as Monday 9 March: 8 weeks end Monday 4 May, the
    # Early May bank holiday (flagged, not moved).
    assert moved["dates"]["statutoryDate"] == "2026-05-04"
    assert "May" in moved["dates"]["statutoryDateNonWorkingDay"]


async def test_christmas_day_target_is_flagged_not_moved(new_application):
    app = await new_application(applicationType="non_material_amendment", receivedDate="2026-11-27")
    assert app["dates"]["statutoryDate"] == "2026-12-25"
    assert app["dates"]["statutoryDateNonWorkingDay"] == "Christmas Day"


async def test_illegal_transition_is_409_naming_allowed_actions(planner, base, new_application):
    app = await new_application()
    response = await planner.post(
        f"{base}/{app['id']}/decision", json={"outcome": "granted", "decisionDate": "2026-04-01"}
    )
    assert response.status_code == 409
    problem = response.json()
    assert problem["allowedActions"] == ["invalidate", "validate", "return", "withdraw"]
    assert "received" in problem["detail"]
    audit = (await planner.get(f"{base}/{app['id']}/audit")).json()
    assert not any(e["action"] == "case.determine" for e in audit["data"])


async def test_bad_body_is_422_with_pointer_and_stores_nothing(planner, base):
    response = await planner.post(
        base,
        json={
            "applicationType": "householder",
            "description": "x",
            "site": {"addressLine": "1 High St", "uprn": "not-a-uprn"},
            "applicant": {"name": "A"},
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/site/uprn"
    unknown = await planner.post(
        base,
        json={
            "applicationType": "nonsense",
            "description": "x",
            "site": {"addressLine": "1 High St"},
            "applicant": {"name": "A"},
        },
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["pointer"] == "/applicationType"
    listing = (await planner.get(base)).json()
    assert listing["pagination"]["totalResults"] == 0


async def test_patch_needs_matching_if_match(planner, base, new_application):
    app = await new_application()
    url = f"{base}/{app['id']}"
    missing = await planner.patch(url, json={"description": "Two-storey rear extension"})
    assert missing.status_code == 428
    stale = await planner.patch(
        url, json={"description": "Changed"}, headers={"If-Match": f'"{app["id"]}.999"'}
    )
    assert stale.status_code == 412
    ok = await planner.patch(
        url,
        json={"description": "Two-storey rear extension"},
        headers={"If-Match": f'"{app["id"]}.{app["version"]}"'},
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["description"] == "Two-storey rear extension"
    assert ok.json()["version"] == app["version"] + 1
    again = await planner.patch(
        url,
        json={"description": "Lost update"},
        headers={"If-Match": f'"{app["id"]}.{app["version"]}"'},
    )
    assert again.status_code == 412


async def test_extension_of_time_moves_target_and_is_refused_after_appeal(
    planner, base, new_application
):
    app = await new_application()
    await to_assessment(planner, base, app)
    url = f"{base}/{app['id']}"
    eot = await planner.post(
        f"{url}/extensions-of-time",
        json={"agreedDate": "2026-04-20", "newTargetDate": "2026-05-15", "reason": "Amended plans"},
    )
    assert eot.status_code == 201, eot.text
    assert eot.json()["previousTargetDate"] == "2026-04-27"
    body = (await planner.get(url)).json()
    assert body["dates"]["targetDate"] == "2026-05-15"
    assert body["dates"]["statutoryDate"] == "2026-04-27"
    earlier = await planner.post(
        f"{url}/extensions-of-time",
        json={"agreedDate": "2026-04-21", "newTargetDate": "2026-05-01"},
    )
    assert earlier.status_code == 409
    appeal = await planner.post(
        f"{url}/appeal",
        json={"kind": "non_determination", "lodgedDate": "2026-05-20", "reason": "No decision"},
    )
    assert appeal.status_code == 201, appeal.text
    late = await planner.post(
        f"{url}/extensions-of-time",
        json={"agreedDate": "2026-05-21", "newTargetDate": "2026-06-30"},
    )
    assert late.status_code == 409
    assert "non-determination appeal" in late.json()["detail"]


async def test_extension_recorded_after_decision_does_not_count(planner, base, new_application):
    app = await new_application()
    await to_assessment(planner, base, app)
    url = f"{base}/{app['id']}"
    decided = await planner.post(
        f"{url}/decision", json={"outcome": "granted", "decisionDate": "2026-05-01"}
    )
    assert decided.status_code == 200, decided.text
    eot = await planner.post(
        f"{url}/extensions-of-time",
        json={"agreedDate": "2026-05-01", "newTargetDate": "2026-05-08"},
    )
    assert eot.status_code == 201, eot.text
    assert eot.json()["counts"] is False
    assert (await planner.get(url)).json()["dates"]["targetDate"] == "2026-04-27"


@pytest.mark.parametrize(
    ("application_type", "deadline"),
    [("householder", "2026-07-13"), ("full_minor", "2026-10-20")],
)
async def test_refusal_and_appeal_deadline(
    planner, base, new_application, application_type, deadline
):
    app = await new_application(applicationType=application_type)
    await to_assessment(planner, base, app)
    url = f"{base}/{app['id']}"
    no_reasons = await planner.post(
        f"{url}/decision", json={"outcome": "refused", "decisionDate": "2026-04-20"}
    )
    assert no_reasons.status_code == 409
    reason = await planner.post(
        f"{url}/conditions",
        json={"kind": "refusal_reason", "text": "Overbearing on 14 Mill Lane"},
    )
    assert reason.status_code == 201, reason.text
    refused = await planner.post(
        f"{url}/decision", json={"outcome": "refused", "decisionDate": "2026-04-20"}
    )
    assert refused.status_code == 200, refused.text
    assert refused.json()["status"] == "determined"
    body = (await planner.get(f"{url}/appeal-deadline")).json()
    assert body["appealDeadlineDate"] == deadline
    html = await planner.get(f"{url}/decision/notice.html")
    assert html.status_code == 200
    assert "Overbearing on 14 Mill Lane" in html.text
    assert app["reference"] in html.text
    pdf = await planner.get(f"{url}/decision/notice.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")


async def test_worklist_shows_overdue_cases_for_an_officer(
    planner, council, officer, new_application
):
    mine = await new_application(officerId=str(officer.id), officerName="Pat Planner")
    await new_application()
    response = await planner.get(f"/api/v1/{council.slug}/cases", params={"officer": "me"})
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert [c["id"] for c in data] == [mine["id"]]
    assert data[0]["overdue"] is True  # target 27 April 2026 has passed
    overdue = await planner.get(f"/api/v1/{council.slug}/cases", params={"overdue": "true"})
    assert overdue.json()["pagination"]["totalResults"] == 2


async def test_geojson_feed_filters_by_status(planner, base, new_application):
    first = await new_application()
    await new_application(site={"addressLine": "No location"})
    await planner.post(f"{base}/{first['id']}/validation", json={"outcome": "valid"})
    response = await planner.get(f"{base}.geojson")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 1
    assert collection["metadata"]["withoutLocation"] == 1
    assert collection["features"][0]["geometry"] == {"type": "Point", "coordinates": [-1.1, 51.2]}
    consulting = (await planner.get(f"{base}.geojson", params={"status": "consultation"})).json()
    assert [f["id"] for f in consulting["features"]] == [first["id"]]
    received = (await planner.get(f"{base}.geojson", params={"status": "received"})).json()
    assert received["features"] == []


async def test_a_fee_paid_later_is_the_receipt_the_clock_counts_from(
    planner, base, new_application
):
    app = await new_application(receivedDate="2026-03-02", feePaidDate="2026-03-09")
    assert app["dates"]["applicationReceivedDate"] == "2026-03-02"
    assert app["dates"]["feePaidDate"] == "2026-03-09"
    assert app["dates"]["receivedDate"] == "2026-03-09"
    assert app["dates"]["statutoryDate"] == "2026-05-04"  # 8 weeks from 10 March
    early = await planner.post(
        base,
        json={
            "applicationType": "householder",
            "description": "x",
            "receivedDate": "2026-03-02",
            "feePaidDate": "2026-03-01",
            "site": {"addressLine": "1 High St"},
            "applicant": {"name": "A"},
        },
    )
    assert early.status_code == 422
    assert early.json()["errors"][0]["pointer"] == "/feePaidDate"
    unpaid = await new_application(receivedDate="2026-03-02")
    paid = await planner.patch(
        f"{base}/{unpaid['id']}",
        json={"feePaidDate": "2026-03-16"},
        headers={"If-Match": f'"{unpaid["id"]}.{unpaid["version"]}"'},
    )
    assert paid.status_code == 200, paid.text
    assert paid.json()["dates"]["receivedDate"] == "2026-03-16"
    assert paid.json()["dates"]["statutoryDate"] == "2026-05-11"
