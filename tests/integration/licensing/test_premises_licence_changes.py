"""Applications on an existing premises licence: variations (full and minor), transfers,
changes of DPS and reviews, each naming the licence (422 if unknown, 409 if not in force),
with their periods in worked dates and what each does to the register."""

from __future__ import annotations

from typing import Any

import pytest
from test_premises_applications import POLICE, RESIDENT, close, granted_licence

pytestmark = pytest.mark.asyncio


async def on_licence(http: Any, base: str, kind: str, licence: str, given: str, **more: Any):
    body = {
        "applicationType": kind,
        "description": f"{kind} of {licence}",
        "applicant": {"name": "Harbour Taverns Ltd"},
        "licence": licence,
        "receivedDate": given,
        **more,
    }
    return await http.post(f"{base}/applications", json=body)


async def test_the_licence_named_must_exist_be_of_the_kind_and_in_force(lic, lic_base):
    licence = await granted_licence(lic, lic_base, "2025-03-03", "2025-04-01")
    unknown = await on_licence(
        lic, lic_base, "premises_licence_variation", "PL/2025/09999", "2026-03-02"
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["pointer"] == "/licence"
    missing = await on_licence(lic, lic_base, "premises_licence_variation", None, "2026-03-02")  # type: ignore[arg-type]
    assert missing.json()["errors"][0]["pointer"] == "/licence"
    club = await on_licence(
        lic, lic_base, "club_premises_certificate_variation", licence["number"], "2026-03-02"
    )
    assert club.status_code == 422
    assert "is a premises licence" in club.json()["errors"][0]["detail"]

    ended = await lic.post(
        f"{lic_base}/licences/{licence['id']}/ending",
        json={"kind": "surrendered", "on": "2026-01-31", "reason": "Closed"},
    )
    assert ended.status_code == 201, ended.text
    refused = await on_licence(
        lic, lic_base, "premises_licence_variation", licence["number"], "2026-03-02"
    )
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["pointer"] == "/licence"
    listed = (await lic.get(f"{lic_base}/applications")).json()["data"]
    assert [a["applicationType"] for a in listed] == ["premises_licence_new"]


async def test_variation_updates_the_licence_and_its_history(lic, lic_base):
    licence = await granted_licence(lic, lic_base, "2025-03-03", "2025-04-01")
    made = await on_licence(
        lic,
        lic_base,
        "premises_licence_variation",
        licence["number"].replace("/", "-"),
        "2026-03-02",
        activities=["sale_of_alcohol", "recorded_music"],
        hours="Mon-Sun 10:00-00:30",
    )
    assert made.status_code == 201, made.text
    app = made.json()
    assert app["licence"]["number"] == licence["number"]
    assert app["site"]["addressLine"] == "14 High Street, Ashcombe, AS1 1AA"
    assert app["dates"]["lastDayForRepresentations"] == "2026-03-30"
    app = await close(lic, lic_base, app)
    decided = await lic.post(
        f"{lic_base}/applications/{app['id']}/decision",
        json={"outcome": "granted", "decisionDate": "2026-04-01"},
    )
    assert decided.status_code == 200, decided.text
    after = (await lic.get(f"{lic_base}/licences/{licence['id']}")).json()
    assert after["details"]["hours"] == "Mon-Sun 10:00-00:30"
    assert after["details"]["activities"] == ["sale_of_alcohol", "recorded_music"]
    events = (await lic.get(f"{lic_base}/licences/{licence['id']}/events")).json()
    assert [(e["kind"], e["on"]) for e in events] == [
        ("granted", "2025-04-01"),
        ("varied", "2026-04-01"),
    ]


async def test_minor_variation_fifteen_working_days_then_deemed_refusal(lic, lic_base):
    licence = await granted_licence(lic, lic_base, "2025-03-03", "2025-04-01")
    kind = "premises_licence_minor_variation"
    # Given Monday 2 March 2026: representations for 10 working days (to Monday 16 March);
    # a decision within 15 working days beginning Tuesday 3 March, i.e. by Monday 23 March.
    app = (await on_licence(lic, lic_base, kind, licence["number"], "2026-03-02")).json()
    assert app["dates"]["lastDayForRepresentations"] == "2026-03-16"
    assert app["dates"]["decisionDueDate"] == "2026-03-23"
    assert app["allowedActions"] == ["decide", "withdraw"]
    url = f"{lic_base}/applications/{app['id']}/decision"
    early = await lic.post(url, json={"outcome": "granted", "decisionDate": "2026-03-16"})
    assert early.status_code == 409
    not_yet = await lic.post(url, json={"outcome": "deemed_refused", "decisionDate": "2026-03-23"})
    assert not_yet.json()["errors"][0]["pointer"] == "/outcome"
    late = await lic.post(url, json={"outcome": "granted", "decisionDate": "2026-03-24"})
    assert late.status_code == 409
    assert "Monday 23 March 2026" in late.json()["detail"]
    deemed = await lic.post(url, json={"outcome": "deemed_refused", "decisionDate": "2026-03-24"})
    assert deemed.status_code == 200, deemed.text
    events = (await lic.get(f"{lic_base}/licences/{licence['id']}/events")).json()
    assert [e["kind"] for e in events] == ["granted"]

    second = (await on_licence(lic, lic_base, kind, licence["number"], "2026-03-02")).json()
    url = f"{lic_base}/applications/{second['id']}/decision"
    hearing = await lic.post(close_url := url.replace("/decision", "/representation-period/close"))
    assert hearing.status_code == 409, close_url
    granted = await lic.post(url, json={"outcome": "granted", "decisionDate": "2026-03-20"})
    assert granted.status_code == 200, granted.text
    events = (await lic.get(f"{lic_base}/licences/{licence['id']}/events")).json()
    assert [(e["kind"], e["detail"]["minor"]) for e in events[1:]] == [("varied", True)]


async def test_transfer_only_police_may_object_within_fourteen_days(lic, lic_base):
    licence = await granted_licence(lic, lic_base, "2025-03-03", "2025-04-01")
    # Given Monday 2 March 2026: 14 days beginning with that day end Sunday 15 March.
    made = await on_licence(
        lic, lic_base, "premises_licence_transfer", licence["number"], "2026-03-02"
    )
    app = made.json()
    assert app["dates"]["lastDayForRepresentations"] == "2026-03-15"
    reps = f"{lic_base}/applications/{app['id']}/representations"
    neighbour = await lic.post(reps, json={**RESIDENT, "receivedDate": "2026-03-05"})
    assert neighbour.status_code == 422
    assert neighbour.json()["errors"][0]["pointer"] == "/party"
    fire = await lic.post(reps, json={**POLICE, "authority": "fire", "receivedDate": "2026-03-05"})
    assert fire.json()["errors"][0]["pointer"] == "/authority"
    assert (await lic.get(reps)).json() == []
    app = await close(lic, lic_base, app)
    decided = await lic.post(
        f"{lic_base}/applications/{app['id']}/decision",
        json={"outcome": "granted", "decisionDate": "2026-03-16"},
    )
    assert decided.status_code == 200, decided.text
    after = (await lic.get(f"{lic_base}/licences/{licence['id']}")).json()
    assert after["holder"]["name"] == "Harbour Taverns Ltd"
    [_, transferred] = (await lic.get(f"{lic_base}/licences/{licence['id']}/events")).json()
    assert transferred["kind"] == "transferred"
    assert (transferred["detail"]["from"], transferred["detail"]["to"]) == (
        "Crown Inns Ltd",
        "Harbour Taverns Ltd",
    )


async def test_dps_change_records_the_new_supervisor(lic, lic_base):
    licence = await granted_licence(lic, lic_base, "2025-03-03", "2025-04-01")
    kind = "premises_licence_dps_variation"
    without = await on_licence(lic, lic_base, kind, licence["number"], "2026-03-02")
    assert without.json()["errors"][0]["pointer"] == "/designatedPremisesSupervisor"
    dps = {"name": "Sam Steward", "personalLicenceNumber": "PERS/2020/00042"}
    app = (
        await on_licence(
            lic, lic_base, kind, licence["number"], "2026-03-02", designatedPremisesSupervisor=dps
        )
    ).json()
    app = await close(lic, lic_base, app)
    url = f"{lic_base}/applications/{app['id']}/decision"
    assert (
        await lic.post(url, json={"outcome": "granted", "decisionDate": "2026-03-16"})
    ).is_success
    after = (await lic.get(f"{lic_base}/licences/{licence['id']}")).json()
    assert after["details"]["designatedPremisesSupervisor"] == dps
    events = (await lic.get(f"{lic_base}/licences/{licence['id']}/events")).json()
    assert events[-1]["kind"] == "dps_changed"


async def test_review_always_goes_to_a_hearing_and_suspension_waits_for_the_appeal_period(
    lic, lic_base
):
    licence = await granted_licence(lic, lic_base, "2025-03-03", "2025-04-01")
    kind = "premises_licence_review"
    review = {"grounds": "Repeated disorder at closing time"}
    no_objectives = await on_licence(lic, lic_base, kind, licence["number"], "2026-02-26", **review)
    assert no_objectives.json()["errors"][0]["pointer"] == "/objectives"
    app = (
        await on_licence(
            lic,
            lic_base,
            kind,
            licence["number"],
            "2026-02-26",
            objectives=["prevention_of_crime_and_disorder"],
            **review,
        )
    ).json()
    assert app["dates"]["lastDayForRepresentations"] == "2026-03-26"
    app = await close(lic, lic_base, app)
    assert (app["status"], app["contested"]) == ("hearing", True)
    hearing_url = f"{lic_base}/applications/{app['id']}/hearing"
    listed = await lic.put(hearing_url, json={"scheduledAt": "2026-04-20T09:00:00Z"})
    assert listed.status_code == 200, listed.text
    # The step takes effect after the 21 days for an appeal: decided Monday 20 April 2026, a
    # suspension runs from Monday 11 May 2026, for at most three months (to 11 August).
    outcome = {
        "outcome": "suspended",
        "decisionDate": "2026-04-20",
        "heldOn": "2026-04-20",
        "reasons": "Disorder linked to the premises",
        "suspendedUntil": "2026-08-12",
    }
    determine = f"{hearing_url}/determination"
    too_long = await lic.post(determine, json=outcome)
    assert too_long.json()["errors"][0]["pointer"] == "/suspendedUntil"
    granted = await lic.post(determine, json={**outcome, "outcome": "granted"})
    assert granted.json()["errors"][0]["pointer"] == "/outcome"
    decided = await lic.post(determine, json={**outcome, "suspendedUntil": "2026-08-11"})
    assert decided.status_code == 200, decided.text
    after = (await lic.get(f"{lic_base}/licences/{licence['id']}")).json()
    assert (after["status"], after["suspendedFrom"]) == ("suspended", "2026-05-11")
    assert after["details"]["suspendedUntil"] == "2026-08-11"
    reviewed = (await lic.get(f"{lic_base}/licences/{licence['id']}/events")).json()[-1]
    assert (reviewed["kind"], reviewed["on"], reviewed["detail"]["takesEffectOn"]) == (
        "reviewed",
        "2026-04-20",
        "2026-05-11",
    )
