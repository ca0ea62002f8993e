"""Temporary event notices through the API: standard or late by the dates (worked around the
late-May bank holiday 2026), out-of-time and malformed notices refused with nothing stored,
objections and their period, hearing, decision, acknowledgement and withdrawal."""

from __future__ import annotations

from typing import Any

from litestar.testing import AsyncTestClient

Http = AsyncTestClient[Any]


def body(**overrides: Any) -> dict[str, Any]:
    """A notice for a fete on Fri 5 Jun 2026, 18:00-23:30, given Wed 20 May 2026."""
    notice: dict[str, Any] = {
        "givenDate": "2026-05-20",
        "premises": {"addressLine": "Village Hall, Church Road, Ashcombe", "uprn": "100012345678"},
        "premisesUser": {"name": "Jo Baker", "dateOfBirth": "1980-04-12"},
        "eventStartsAt": "2026-06-05T18:00:00+01:00",
        "eventEndsAt": "2026-06-05T23:30:00+01:00",
        "maxAttendance": 250,
        "activities": ["sale_of_alcohol", "regulated_entertainment"],
        "description": "Summer fete with a bar and a live band",
    }
    notice.update(overrides)
    return notice


async def give(http: Http, base: str, status: int = 201, **overrides: Any) -> dict[str, Any]:
    response = await http.post(f"{base}/temporary-event-notices", json=body(**overrides))
    assert response.status_code == status, response.text
    return response.json()


async def count(http: Http, base: str) -> int:
    listed = await http.get(f"{base}/temporary-event-notices")
    return int(listed.json()["pagination"]["totalResults"])


async def test_given_on_the_last_day_for_a_standard_notice_around_the_bank_holiday(
    lic: Http, lic_base: str
) -> None:
    # Event Fri 5 Jun 2026. Ten clear working days back (Mon 25 May is a bank holiday):
    # 4,3,2,1 Jun, 29,28,27,26 May, 22,21 May -> the last day to give a standard notice is
    # Wed 20 May; five clear working days (4,3,2,1 Jun, 29 May) -> a late one by Thu 28 May.
    notice = await give(lic, lic_base)

    assert notice["noticeType"] == "temporary_event_notice_standard"
    assert notice["reference"].endswith("/TEN")
    assert notice["lastStandardNoticeDate"] == "2026-05-20"
    assert notice["lastLateNoticeDate"] == "2026-05-28"
    # Objection period: 3 working days beginning Thu 21 May: 21, 22 and (after the bank
    # holiday) Tue 26 May.
    assert notice["objectionPeriodEndsDate"] == "2026-05-26"
    assert notice["status"] == "received"
    assert notice["eventDays"] == ["2026-06-05"]
    assert notice["countsTowardsLimits"] is True


async def test_a_day_later_it_is_late_and_after_the_late_deadline_it_is_refused(
    lic: Http, lic_base: str
) -> None:
    late = await give(lic, lic_base, givenDate="2026-05-21")
    assert late["noticeType"] == "temporary_event_notice_late"
    assert late["reference"].endswith("/LTEN")
    assert late["objectionPeriodEndsDate"] == "2026-05-27"  # Fri 22, Tue 26, Wed 27 May

    on_time = await give(lic, lic_base, givenDate="2026-05-28", premises={"addressLine": "Barn"})
    assert on_time["noticeType"] == "temporary_event_notice_late"

    before = await count(lic, lic_base)
    refused = await give(lic, lic_base, 422, givenDate="2026-05-29")
    assert refused["errors"][0]["pointer"] == "/givenDate"
    assert "Thu 28 May 2026" in refused["errors"][0]["detail"]
    assert await count(lic, lic_base) == before


async def test_a_claimed_type_the_dates_do_not_support_is_refused(lic: Http, lic_base: str) -> None:
    refused = await give(
        lic, lic_base, 422, givenDate="2026-05-21", noticeType="temporary_event_notice_standard"
    )
    assert refused["errors"][0]["pointer"] == "/noticeType"
    assert "Wed 20 May 2026" in refused["errors"][0]["detail"]
    assert await count(lic, lic_base) == 0


async def test_event_length_attendance_and_age_limits(lic: Http, lic_base: str) -> None:
    too_long = await give(lic, lic_base, 422, eventEndsAt="2026-06-12T18:00:01+01:00")
    assert too_long["errors"][0]["pointer"] == "/eventEndsAt"  # 168 hours and a second
    crowd = await give(lic, lic_base, 422, maxAttendance=500)
    assert crowd["errors"][0]["pointer"] == "/maxAttendance"
    young = await give(
        lic, lic_base, 422, premisesUser={"name": "Kit Young", "dateOfBirth": "2008-05-21"}
    )
    assert young["errors"][0]["pointer"] == "/premisesUser/dateOfBirth"
    assert await count(lic, lic_base) == 0
    exactly_a_week = await give(lic, lic_base, eventEndsAt="2026-06-12T18:00:00+01:00")
    assert len(exactly_a_week["eventDays"]) == 8  # Fri 5 to Fri 12 Jun: 8 calendar days


async def test_events_by_one_user_at_one_place_need_24_hours_between_them(
    lic: Http, lic_base: str
) -> None:
    first = await give(lic, lic_base)
    close = await give(
        lic,
        lic_base,
        409,
        eventStartsAt="2026-06-06T18:00:00+01:00",  # 18.5 hours after the first ends
        eventEndsAt="2026-06-06T23:00:00+01:00",
    )
    assert close["errors"][0]["pointer"] == "/eventStartsAt"
    assert first["reference"] in close["errors"][0]["detail"]
    await give(
        lic,
        lic_base,
        eventStartsAt="2026-06-06T23:30:00+01:00",  # exactly 24 hours later
        eventEndsAt="2026-06-07T01:00:00+01:00",
    )


async def test_an_objection_to_a_standard_notice_leads_to_a_hearing_and_conditions(
    lic: Http, lic_base: str
) -> None:
    notice = await give(
        lic, lic_base, premises={**body()["premises"], "premisesLicenceNumber": "PL1"}
    )
    url = f"{lic_base}/temporary-event-notices/{notice['reference'].replace('/', '-')}"
    late_objection = {
        "authority": "police",
        "name": "PC Sam Reid",
        "receivedDate": "2026-05-27",  # the day after the period ended
        "grounds": "Disorder at the last event",
    }
    refused = await lic.post(f"{url}/objections", json=late_objection)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["pointer"] == "/receivedDate"
    assert (await lic.get(f"{url}/objections")).json() == []
    other = await lic.post(f"{url}/objections", json={**late_objection, "authority": "fire"})
    assert other.status_code == 422  # only the police and environmental health may object

    objection = {**late_objection, "receivedDate": "2026-05-26"}
    assert (await lic.post(f"{url}/objections", json=objection)).status_code == 201
    assert (await lic.get(url)).json()["status"] == "objected"
    early_ack = await lic.post(f"{url}/acknowledgement")
    assert early_ack.status_code == 409

    # Hearing within 7 working days after Tue 26 May (Wed 27 May - Thu 4 Jun), and at least
    # 24 hours before the event starts on Fri 5 Jun at 18:00.
    outside = await lic.post(f"{url}/hearing", json={"scheduledAt": "2026-06-05T10:00:00+01:00"})
    assert outside.status_code == 422
    hearing = await lic.post(f"{url}/hearing", json={"scheduledAt": "2026-05-28T10:00:00+01:00"})
    assert hearing.status_code == 201, hearing.text
    assert hearing.json()["earliestDate"] == "2026-05-27"
    assert hearing.json()["startByDate"] == "2026-06-04"

    too_late = await lic.post(
        f"{url}/decision",
        json={
            "outcome": "counter_notice",
            "reasons": "Risk of disorder",
            "decidedAt": "2026-06-04T18:00:01+01:00",
        },
    )
    assert too_late.status_code == 409
    decided = await lic.post(
        f"{url}/decision",
        json={
            "outcome": "conditions_imposed",
            "reasons": "Conditions meet the police's concerns",
            "conditions": ["Two SIA door staff from 21:00"],
            "decidedAt": "2026-05-28T12:00:00+01:00",
        },
    )
    assert decided.status_code == 200, decided.text
    result = decided.json()
    assert result["status"] == "conditions_imposed"
    assert result["imposedConditions"] == ["Two SIA door staff from 21:00"]
    assert result["countsTowardsLimits"] is True


async def test_a_counter_notice_after_a_hearing_stops_the_notice_counting(
    lic: Http, lic_base: str
) -> None:
    notice = await give(lic, lic_base)
    url = f"{lic_base}/temporary-event-notices/{notice['id']}"
    objection = {
        "authority": "environmental_health",
        "name": "EH team",
        "receivedDate": "2026-05-21",
        "grounds": "Noise",
    }
    assert (await lic.post(f"{url}/objections", json=objection)).status_code == 201
    dispensed = {"dispensedReason": "All parties agree a hearing is unnecessary"}
    assert (await lic.post(f"{url}/hearing", json=dispensed)).status_code == 201
    no_conditions = await lic.post(
        f"{url}/decision",
        json={"outcome": "conditions_imposed", "reasons": "x", "decidedAt": "2026-05-28T12:00:00Z"},
    )
    assert no_conditions.status_code == 422
    decided = await lic.post(
        f"{url}/decision",
        json={"outcome": "counter_notice", "reasons": "Noise", "decidedAt": "2026-05-28T12:00:00Z"},
    )
    result = decided.json()
    assert result["status"] == "counter_notice"
    assert result["counterNotice"]["section"] == "105"
    assert result["countsTowardsLimits"] is False
    again = await lic.post(f"{url}/withdrawal", json={"givenAt": "2026-05-29T09:00:00Z"})
    assert again.status_code == 409
    assert again.json()["allowedActions"] == []


async def test_an_objection_to_a_late_notice_is_an_automatic_counter_notice(
    lic: Http, lic_base: str
) -> None:
    notice = await give(lic, lic_base, givenDate="2026-05-26")
    url = f"{lic_base}/temporary-event-notices/{notice['id']}"
    objection = {
        "authority": "police",
        "name": "PC Reid",
        "receivedDate": "2026-05-29",
        "grounds": "Disorder",
    }
    assert (await lic.post(f"{url}/objections", json=objection)).status_code == 201
    result = (await lic.get(url)).json()
    assert result["status"] == "counter_notice"
    assert result["counterNotice"]["section"] == "104A"
    hearing = await lic.post(f"{url}/hearing", json={"scheduledAt": "2026-06-01T10:00:00Z"})
    assert hearing.status_code == 409


async def test_unopposed_notice_is_acknowledged_and_may_be_withdrawn_until_a_day_before(
    lic: Http, lic_base: str
) -> None:
    notice = await give(lic, lic_base)
    url = f"{lic_base}/temporary-event-notices/{notice['id']}"
    acknowledged = await lic.post(f"{url}/acknowledgement")  # today is after 26 May 2026
    assert acknowledged.json()["status"] == "acknowledged"
    late = await lic.post(f"{url}/withdrawal", json={"givenAt": "2026-06-04T18:00:01+01:00"})
    assert late.status_code == 409
    assert late.json()["errors"][0]["pointer"] == "/givenAt"
    done = await lic.post(f"{url}/withdrawal", json={"givenAt": "2026-06-04T18:00:00+01:00"})
    assert done.json()["status"] == "withdrawn"
    assert done.json()["countsTowardsLimits"] is False
