"""Personal licences (Licensing Act 2003, Part 6): the police's 14 days for an objection
notice, a hearing when they object, the grant (no expiry since the Deregulation Act 2015), and
what is recorded on the licence afterwards: convictions, suspension or revocation by the
authority (s.132A), surrender."""

from __future__ import annotations

from typing import Any

import pytest
from test_premises_applications import POLICE, RESIDENT

pytestmark = pytest.mark.asyncio

MARY = {
    "applicationType": "personal_licence",
    "description": "Personal licence for Mary Okonjo",
    "applicant": {"name": "Mary Okonjo", "email": "mary@example.org"},
    "receivedDate": "2026-03-02",
}


async def personal(http: Any, base: str, **more: Any) -> dict[str, Any]:
    response = await http.post(f"{base}/applications", json={**MARY, **more})
    assert response.status_code == 201, response.text
    return response.json()


async def granted(http: Any, base: str) -> dict[str, Any]:
    app = await personal(http, base)
    response = await http.post(
        f"{base}/applications/{app['id']}/decision",
        json={"outcome": "granted", "decisionDate": "2026-03-16"},
    )
    assert response.status_code == 200, response.text
    return (await http.get(f"{base}/licences/{response.json()['licence']['id']}")).json()


async def test_granted_after_the_police_fourteen_days_and_never_expires(lic, lic_base):
    with_site = await lic.post(
        f"{lic_base}/applications", json={**MARY, "site": {"addressLine": "1 High St"}}
    )
    assert with_site.json()["errors"][0]["pointer"] == "/site"
    # Given (and the police told) Monday 2 March 2026: 14 days beginning that day end Sunday
    # 15 March, so it can be granted from Monday 16 March.
    app = await personal(lic, lic_base)
    assert app["dates"]["lastDayForRepresentations"] == "2026-03-15"
    assert app["allowedActions"] == ["refer_to_hearing", "decide", "withdraw"]
    url = f"{lic_base}/applications/{app['id']}/decision"
    early = await lic.post(url, json={"outcome": "granted", "decisionDate": "2026-03-15"})
    assert early.status_code == 409
    assert early.json()["errors"][0]["pointer"] == "/decisionDate"
    modified = await lic.post(
        url,
        json={"outcome": "granted_modified_conditions", "reasons": "x", "conditions": ["y"]},
    )
    assert modified.json()["errors"][0]["pointer"] == "/outcome"
    licence = await granted(lic, lic_base)
    assert licence["number"] == "PERS/2026/00001"
    assert (licence["kind"], licence["expiresOn"], licence["nextFeeDueOn"]) == (
        "personal_licence",
        None,
        None,
    )
    assert licence["holder"]["name"] == "Mary Okonjo"


async def test_a_police_objection_notice_leads_to_a_hearing(lic, lic_base):
    app = await personal(lic, lic_base)
    reps = f"{lic_base}/applications/{app['id']}/representations"
    neighbour = await lic.post(reps, json={**RESIDENT, "receivedDate": "2026-03-05"})
    assert neighbour.json()["errors"][0]["pointer"] == "/party"
    late = await lic.post(reps, json={**POLICE, "receivedDate": "2026-03-16"})
    assert late.json()["errors"][0]["pointer"] == "/receivedDate"
    objection = await lic.post(reps, json={**POLICE, "receivedDate": "2026-03-12"})
    assert objection.status_code == 201, objection.text
    app = (await lic.get(f"{lic_base}/applications/{app['id']}")).json()
    assert (app["status"], app["contested"]) == ("hearing", True)
    # 20 working days beginning Monday 16 March 2026, Good Friday and Easter Monday excluded.
    hearing = (await lic.get(f"{lic_base}/applications/{app['id']}/hearing")).json()
    assert (hearing["firstDay"], hearing["startBy"]) == ("2026-03-16", "2026-04-14")
    second = await lic.post(reps, json={**POLICE, "receivedDate": "2026-03-13"})
    assert second.status_code == 409


async def test_convictions_suspension_revocation_and_surrender(lic, lic_base):
    licence = await granted(lic, lic_base)
    url = f"{lic_base}/licences/{licence['id']}"
    conviction = {
        "convictedOn": "2026-06-10",
        "offence": "Sale of alcohol to a person under 18",
        "notifiedBy": "holder",
        "notifiedOn": "2026-06-15",
        "court": "Ashcombe Magistrates' Court",
    }
    recorded = await lic.post(f"{url}/convictions", json=conviction)
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["kind"] == "conviction_notified"
    backwards = await lic.post(
        f"{url}/convictions", json={**conviction, "notifiedOn": "2026-06-01"}
    )
    assert backwards.json()["errors"][0]["pointer"] == "/notifiedOn"

    sanction = {
        "action": "suspended",
        "reasons": "Relevant offence",
        "decidedOn": "2026-07-20",
        "takesEffectOn": "2026-08-10",
        "suspendedUntil": "2027-02-11",
    }
    too_long = await lic.post(f"{url}/sanctions", json=sanction)
    assert too_long.json()["errors"][0]["pointer"] == "/suspendedUntil"
    suspended = await lic.post(
        f"{url}/sanctions", json={**sanction, "suspendedUntil": "2027-02-10"}
    )
    assert suspended.status_code == 201, suspended.text
    now = (await lic.get(url)).json()
    assert (now["status"], now["suspended"], now["suspendedFrom"]) == (
        "suspended",
        True,
        "2026-08-10",
    )
    revoked = await lic.post(
        f"{url}/sanctions",
        json={"action": "revoked", "reasons": "Second offence", "decidedOn": "2026-09-01"},
    )
    assert revoked.status_code == 201, revoked.text
    ended = (await lic.get(url)).json()
    assert (ended["status"], ended["inForce"], ended["endedOn"]) == ("revoked", False, "2026-09-01")
    surrender = await lic.post(f"{url}/ending", json={"kind": "surrendered", "on": "2026-10-01"})
    assert surrender.status_code == 409
    lapse = await lic.post(f"{url}/ending", json={"kind": "lapsed", "on": "2026-10-01"})
    assert lapse.status_code == 422
    events = (await lic.get(f"{url}/events")).json()
    assert [e["kind"] for e in events] == ["granted", "conviction_notified", "suspended", "revoked"]
