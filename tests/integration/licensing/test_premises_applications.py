"""Premises licence applications through the HTTP API against real Postgres: the 28-day
representation period beginning the day after the application is given, representations (late
ones refused), closing the period, the hearing window around Easter 2026, the determination and
the licence it issues, with the 409s and 422s the rules call for.

The helpers here (``apply``, ``close``, ``granted_licence``) are shared by the other licensing
test modules.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.asyncio

CROWN = {
    "applicationType": "premises_licence_new",
    "description": "Public house with live music",
    "premisesName": "The Crown and Anchor",
    "site": {"addressLine": "14 High Street, Ashcombe, AS1 1AA", "uprn": "100012345001"},
    "applicant": {"name": "Crown Inns Ltd", "email": "licensing@crowninns.example"},
    "activities": ["sale_of_alcohol", "live_music", "late_night_refreshment"],
    "hours": "Mon-Sat 10:00-23:30",
    "designatedPremisesSupervisor": {"name": "Mary Okonjo"},
}
POLICE = {
    "party": "responsible_authority",
    "authority": "police",
    "name": "PC Dev Patel",
    "objectives": ["prevention_of_crime_and_disorder"],
    "grounds": "Late opening near a night-time economy hotspot",
}
RESIDENT = {
    "party": "other_person",
    "name": "Jo Resident",
    "objectives": ["prevention_of_public_nuisance"],
    "grounds": "Live music until late will keep us awake",
}


async def apply(http: Any, base: str, given: str, **overrides: Any) -> dict[str, Any]:
    response = await http.post(
        f"{base}/applications", json={**CROWN, "receivedDate": given, **overrides}
    )
    assert response.status_code == 201, response.text
    return response.json()


async def close(http: Any, base: str, app: dict[str, Any]) -> dict[str, Any]:
    url = f"{base}/applications/{app['id']}/representation-period/close"
    response = await http.post(url)
    assert response.status_code == 200, response.text
    return response.json()


async def granted_licence(
    http: Any, base: str, given: str, decided: str, **overrides: Any
) -> dict[str, Any]:
    """An uncontested application given on ``given``, granted on ``decided``: its licence."""
    app = await close(http, base, await apply(http, base, given, **overrides))
    url = f"{base}/applications/{app['id']}/decision"
    response = await http.post(url, json={"outcome": "granted", "decisionDate": decided})
    assert response.status_code == 200, response.text
    number = response.json()["licence"]["number"]
    licence = await http.get(f"{base}/licences/{number.replace('/', '-')}")
    assert licence.status_code == 200, licence.text
    return licence.json()


async def test_period_begins_the_day_after_and_uncontested_must_be_granted(lic, lic_base):
    # Given Monday 2 March 2026: 28 days beginning Tuesday 3 March end Monday 30 March.
    app = await apply(lic, lic_base, "2026-03-02")
    assert app["reference"].endswith("/PREM")
    assert app["status"] == "received"
    assert app["dates"]["lastDayForRepresentations"] == "2026-03-30"
    assert app["allowedActions"] == ["close_representations", "withdraw"]
    assert app["proposal"]["activities"] == CROWN["activities"]

    app = await close(lic, lic_base, app)
    assert (app["status"], app["contested"]) == ("awaiting_decision", False)
    assert (await lic.get(f"{lic_base}/applications/{app['id']}/hearing")).status_code == 404

    url = f"{lic_base}/applications/{app['id']}/decision"
    refused = await lic.post(url, json={"outcome": "refused", "reasons": "Too late at night"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["pointer"] == "/outcome"
    assert (await lic.get(f"{lic_base}/applications/{app['id']}")).json()["status"] == (
        "awaiting_decision"
    )
    licences = await lic.get(f"{lic_base}/licences")
    assert licences.json()["data"] == []

    decided = await lic.post(url, json={"outcome": "granted", "decisionDate": "2026-03-31"})
    assert decided.status_code == 200, decided.text
    body = decided.json()
    assert (body["status"], body["decision"]["outcome"]) == ("decided", "granted")
    assert body["licence"]["number"] == "PL/2026/00001"

    licence = (await lic.get(f"{lic_base}/licences/{body['licence']['id']}")).json()
    assert licence["kind"] == "premises_licence"
    assert (licence["status"], licence["inForce"], licence["expiresOn"]) == ("active", True, None)
    assert licence["holder"]["name"] == "Crown Inns Ltd"
    assert licence["premisesName"] == "The Crown and Anchor"
    assert licence["grantedOn"] == "2026-03-31"
    # The first annual fee falls due on the first anniversary of the grant.
    assert licence["nextFeeDueOn"] == "2027-03-31"
    assert licence["details"]["designatedPremisesSupervisor"] == {"name": "Mary Okonjo"}
    events = (await lic.get(f"{lic_base}/licences/PL-2026-00001/events")).json()
    assert [(e["kind"], e["on"], e["caseId"]) for e in events] == [
        ("granted", "2026-03-31", app["id"])
    ]

    again = await lic.post(f"{lic_base}/applications/{app['id']}/withdrawal", json={"reason": "x"})
    assert again.status_code == 409
    assert again.json()["allowedActions"] == []


async def test_representations_hearing_window_over_easter_and_determination(lic, lic_base):
    # Given Thursday 26 February 2026: the last day for representations is Thursday 26 March.
    app = await apply(lic, lic_base, "2026-02-26")
    assert app["dates"]["lastDayForRepresentations"] == "2026-03-26"
    reps = f"{lic_base}/applications/{app['id']}/representations"
    police = await lic.post(reps, json={**POLICE, "receivedDate": "2026-03-10"})
    assert police.status_code == 201, police.text
    assert police.json()["status"] == "relevant"
    resident = await lic.post(reps, json={**RESIDENT, "receivedDate": "2026-03-26"})
    assert resident.json()["status"] == "awaiting_judgement"

    late = await lic.post(reps, json={**RESIDENT, "receivedDate": "2026-03-27"})
    assert late.status_code == 422
    assert late.json()["errors"][0]["pointer"] == "/receivedDate"
    assert "Thursday 26 March 2026" in late.json()["errors"][0]["detail"]
    no_authority = await lic.post(reps, json={**POLICE, "authority": None})
    assert no_authority.json()["errors"][0]["pointer"] == "/authority"
    assert len((await lic.get(reps)).json()) == 2

    unjudged = await lic.post(f"{lic_base}/applications/{app['id']}/representation-period/close")
    assert unjudged.status_code == 409
    judge = f"{reps}/{resident.json()['id']}/relevance"
    bare = await lic.post(judge, json={"relevant": False, "rejection": "vexatious"})
    assert bare.json()["errors"][0]["pointer"] == "/reason"
    judged = await lic.post(
        judge, json={"relevant": False, "rejection": "vexatious", "reason": "A rival trader"}
    )
    assert judged.json()["status"] == "rejected"
    assert judged.json()["relevanceReason"] == "vexatious: A rival trader"

    app = await close(lic, lic_base, app)
    assert (app["status"], app["contested"]) == ("hearing", True)
    hearing_url = f"{lic_base}/applications/{app['id']}/hearing"
    hearing = (await lic.get(hearing_url)).json()
    # 20 working days beginning Friday 27 March; Good Friday 3 April and Easter Monday 6 April
    # do not count, so the hearing must commence by Monday 27 April 2026.
    assert (hearing["status"], hearing["firstDay"], hearing["startBy"]) == (
        "to_list",
        "2026-03-27",
        "2026-04-27",
    )
    # The worklist now counts down to the hearing's last day, not the closed period.
    listed = await lic.get(
        lic_base.replace("/licensing", "/cases"), params={"query": app["reference"]}
    )
    assert [row["targetDate"] for row in listed.json()["data"]] == ["2026-04-27"]
    for when in ("2026-04-28T09:00:00Z", "2026-04-03T09:00:00Z", "2026-03-26T09:00:00Z"):
        outside = await lic.put(hearing_url, json={"scheduledAt": when})
        assert outside.status_code == 422, when
        assert outside.json()["errors"][0]["pointer"] == "/scheduledAt"
    # Notice is due 10 working days before: for Monday 27 April, by Monday 13 April.
    short = {"scheduledAt": "2026-04-27T09:00:00Z", "noticeGivenOn": "2026-04-14"}
    assert (await lic.put(hearing_url, json=short)).json()["errors"][0]["pointer"] == (
        "/noticeGivenOn"
    )
    assert (await lic.get(hearing_url)).json()["status"] == "to_list"
    listed = await lic.put(hearing_url, json={**short, "noticeGivenOn": "2026-04-13"})
    assert listed.status_code == 200, listed.text
    assert listed.json()["status"] == "listed"

    decision = await lic.post(
        f"{lic_base}/applications/{app['id']}/decision", json={"outcome": "granted"}
    )
    assert decision.status_code == 409
    determine = f"{hearing_url}/determination"
    outcome = {
        "outcome": "granted_modified_conditions",
        "decisionDate": "2026-04-27",
        "reasons": "Live music to end at 23:00 to prevent nuisance",
        "conditions": ["Live music ends at 23:00"],
    }
    assert (await lic.post(determine, json=outcome)).json()["errors"][0]["pointer"] == "/heldOn"
    no_conditions = {**outcome, "heldOn": "2026-04-27", "conditions": []}
    assert (await lic.post(determine, json=no_conditions)).json()["errors"][0]["pointer"] == (
        "/conditions"
    )
    decided = await lic.post(determine, json={**outcome, "heldOn": "2026-04-27"})
    assert decided.status_code == 200, decided.text
    body = decided.json()
    assert body["decision"]["heldOn"] == "2026-04-27"
    assert body["decision"]["conditions"] == ["Live music ends at 23:00"]
    held = (await lic.get(hearing_url)).json()
    assert (held["status"], held["heldOn"], held["outcome"]) == (
        "held",
        "2026-04-27",
        "granted_modified_conditions",
    )
    licence = (await lic.get(f"{lic_base}/licences/{body['licence']['id']}")).json()
    assert licence["details"]["conditions"] == ["Live music ends at 23:00"]


async def test_withdrawn_representations_cancel_the_hearing(lic, lic_base):
    app = await apply(lic, lic_base, "2026-02-26")
    reps = f"{lic_base}/applications/{app['id']}/representations"
    police = (await lic.post(reps, json={**POLICE, "receivedDate": "2026-03-10"})).json()
    app = await close(lic, lic_base, app)
    assert app["status"] == "hearing"
    withdrawn = await lic.post(f"{reps}/{police['id']}/withdrawal")
    assert withdrawn.json()["status"] == "withdrawn"
    after = (await lic.get(f"{lic_base}/applications/{app['id']}")).json()
    assert (after["status"], after["contested"]) == ("awaiting_decision", False)
    hearing = (await lic.get(f"{lic_base}/applications/{app['id']}/hearing")).json()
    assert hearing["status"] == "cancelled"
    assert (await lic.post(f"{reps}/{police['id']}/withdrawal")).status_code == 409


async def test_dispensed_hearing_allows_a_decision_with_conditions(lic, lic_base):
    app = await apply(lic, lic_base, "2026-02-26")
    reps = f"{lic_base}/applications/{app['id']}/representations"
    await lic.post(reps, json={**POLICE, "receivedDate": "2026-03-10"})
    app = await close(lic, lic_base, app)
    hearing_url = f"{lic_base}/applications/{app['id']}/hearing"
    reason = {"reason": "The applicant accepted the police's conditions"}
    dispensed = await lic.post(f"{hearing_url}/dispensation", json=reason)
    assert dispensed.json()["status"] == "dispensed"
    assert (await lic.post(f"{hearing_url}/dispensation", json=reason)).status_code == 409
    decision = await lic.post(
        f"{lic_base}/applications/{app['id']}/decision",
        json={
            "outcome": "granted_modified_conditions",
            "decisionDate": "2026-04-01",
            "reasons": "Conditions agreed with the police",
            "conditions": ["CCTV at the entrance"],
        },
    )
    assert decision.status_code == 200, decision.text
    assert decision.json()["decision"]["outcome"] == "granted_modified_conditions"


async def test_closing_early_and_bad_input_change_nothing(lic, lic_base):
    app = await apply(lic, lic_base, "2026-11-20")
    early = await lic.post(f"{lic_base}/applications/{app['id']}/representation-period/close")
    assert early.status_code == 409
    assert "Friday 18 December 2026" in early.json()["detail"]
    future = await lic.post(
        f"{lic_base}/applications", json={**CROWN, "receivedDate": "2099-01-01"}
    )
    assert future.json()["errors"][0]["pointer"] == "/receivedDate"
    no_site = {k: v for k, v in CROWN.items() if k != "site"}
    assert (await lic.post(f"{lic_base}/applications", json=no_site)).json()["errors"][0][
        "pointer"
    ] == "/site"
    wrong = await lic.post(f"{lic_base}/applications", json={**CROWN, "applicationType": "x"})
    assert wrong.json()["errors"][0]["pointer"] == "/applicationType"
    listed = (await lic.get(f"{lic_base}/applications")).json()
    assert [a["id"] for a in listed["data"]] == [app["id"]]


async def test_read_by_reference_patch_with_if_match_and_filters(lic, lic_base):
    app = await apply(lic, lic_base, "2026-03-02")
    dashed = app["reference"].replace("/", "-")
    read = await lic.get(f"{lic_base}/applications/{dashed}")
    assert read.json()["id"] == app["id"]
    url = f"{lic_base}/applications/{app['id']}"
    assert (await lic.patch(url, json={"premisesName": "The Anchor"})).status_code == 428
    stale = await lic.patch(
        url, json={"premisesName": "The Anchor"}, headers={"If-Match": f'"{app["id"]}.99"'}
    )
    assert stale.status_code == 412
    changed = await lic.patch(
        url, json={"premisesName": "The Anchor"}, headers={"If-Match": read.headers["etag"]}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["premisesName"] == "The Anchor"
    hits = await lic.get(f"{lic_base}/applications", params={"status": "received,hearing"})
    assert [a["id"] for a in hits.json()["data"]] == [app["id"]]
    none = await lic.get(f"{lic_base}/applications", params={"applicationType": "personal_licence"})
    assert none.json()["data"] == []
