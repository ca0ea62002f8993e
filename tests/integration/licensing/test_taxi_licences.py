"""Taxi and private hire licensing through the API: checks before grant (409 naming what is
missing), terms by kind (leap-day grant), shorter terms only with reasons, renewals that follow
on or lapse, suspension and revocation with reasons."""

from __future__ import annotations

from typing import Any

from litestar.testing import AsyncTestClient

Http = AsyncTestClient[Any]
DRIVER_CHECKS = ("dbs_enhanced", "medical", "right_to_work", "knowledge_test", "dvla")


async def apply(http: Http, base: str, kind: str = "private_hire_driver", **extra: Any) -> Any:
    body = {
        "licenceType": kind,
        "applicant": {"name": "Sam Patel", "dateOfBirth": "1985-07-19"},
        "receivedDate": "2028-02-01",
        **extra,
    }
    response = await http.post(f"{base}/taxi-applications", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def check(http: Http, url: str, *names: str, outcome: str = "passed") -> Any:
    for name in names:
        response = await http.post(
            f"{url}/checks", json={"check": name, "outcome": outcome, "checkedDate": "2026-02-10"}
        )
        assert response.status_code == 200, response.text
    return response.json()


async def granted(http: Http, base: str, decided: str, kind: str = "private_hire_driver") -> Any:
    application = await apply(http, base, kind, receivedDate=min("2026-01-05", decided))
    url = f"{base}/taxi-applications/{application['id']}"
    await check(http, url, *DRIVER_CHECKS)
    response = await http.post(
        f"{url}/decision", json={"outcome": "granted", "decidedDate": decided}
    )
    assert response.status_code == 200, response.text
    number = response.json()["licenceNumber"]
    return (await http.get(f"{base}/taxi-licences/{number.replace('/', '-')}")).json()


async def test_grant_needs_every_check_and_a_leap_day_grant_runs_to_28_february(
    lic: Http, lic_base: str
) -> None:
    application = await apply(lic, lic_base)
    url = f"{lic_base}/taxi-applications/{application['reference'].replace('/', '-')}"
    await check(lic, url, "dbs_enhanced", "right_to_work", "knowledge_test")
    await check(lic, url, "medical", outcome="failed")
    refused = await lic.post(
        f"{url}/decision", json={"outcome": "granted", "decidedDate": "2028-02-29"}
    )
    assert refused.status_code == 409
    pointers = {e["pointer"]: e["detail"] for e in refused.json()["errors"]}
    assert pointers == {"/checks/dvla": "not recorded", "/checks/medical": "failed"}
    assert (await lic.get(f"{lic_base}/taxi-licences")).json()["data"] == []

    await check(lic, url, "medical", "dvla")
    done = await lic.post(
        f"{url}/decision", json={"outcome": "granted", "decidedDate": "2028-02-29"}
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "granted"
    licence = (
        await lic.get(f"{lic_base}/taxi-licences/{done.json()['licenceNumber'].replace('/', '-')}")
    ).json()
    # Granted Tue 29 Feb 2028 for 3 years "from" the grant: no 29 Feb 2031, so Fri 28 Feb 2031.
    assert licence["expiresDate"] == "2031-02-28"
    assert licence["number"].startswith("PHD/2028/")
    assert licence["details"]["badge_number"] == licence["number"]
    assert [e["kind"] for e in licence["events"]] == ["granted"]


async def test_terms_by_kind_and_shorter_only_with_reasons(lic: Http, lic_base: str) -> None:
    vehicle = await apply(
        lic,
        lic_base,
        "private_hire_vehicle",
        receivedDate="2026-01-05",
        vehicle={"registration": "AB12 CDE", "make": "Toyota", "model": "Corolla"},
    )
    url = f"{lic_base}/taxi-applications/{vehicle['id']}"
    await check(lic, url, "vehicle_inspection", "insurance", "registration_document")
    too_long = await lic.post(f"{url}/decision", json={"outcome": "granted", "termMonths": 13})
    assert too_long.json()["errors"][0]["pointer"] == "/termMonths"
    shorter = await lic.post(f"{url}/decision", json={"outcome": "granted", "termMonths": 6})
    assert shorter.json()["errors"][0]["pointer"] == "/shorterTermReason"
    assert (await lic.get(url)).json()["status"] == "received"
    no_vehicle = await lic.post(
        f"{lic_base}/taxi-applications",
        json={
            "licenceType": "hackney_carriage_vehicle",
            "applicant": {"name": "A"},
            "receivedDate": "2026-01-05",
        },
    )
    assert no_vehicle.json()["errors"][0]["pointer"] == "/vehicle"

    operator = await apply(lic, lic_base, "private_hire_operator", receivedDate="2026-01-05")
    url = f"{lic_base}/taxi-applications/{operator['id']}"
    await check(lic, url, "dbs_basic", "right_to_work")
    done = await lic.post(
        f"{url}/decision", json={"outcome": "granted", "decidedDate": "2026-03-02"}
    )
    licence = (
        await lic.get(f"{lic_base}/taxi-licences/{done.json()['licenceNumber'].replace('/', '-')}")
    ).json()
    assert licence["expiresDate"] == "2031-03-02"  # 5 years from Mon 2 Mar 2026


async def test_renewal_before_expiry_follows_on_and_after_expiry_lapses(
    lic: Http, lic_base: str
) -> None:
    licence = await granted(lic, lic_base, "2028-02-29")  # expires 28 Feb 2031
    renewal = await lic.post(
        f"{lic_base}/taxi-licences/{licence['id']}/renewals", json={"receivedDate": "2031-01-10"}
    )
    assert renewal.status_code == 201, renewal.text
    again = await lic.post(
        f"{lic_base}/taxi-licences/{licence['id']}/renewals", json={"receivedDate": "2031-01-11"}
    )
    assert again.status_code == 409
    url = f"{lic_base}/taxi-applications/{renewal.json()['id']}"
    assert renewal.json()["checksOutstanding"] == [
        "dbs_enhanced",
        "medical",
        "right_to_work",
        "dvla",
    ]
    await check(lic, url, "dbs_enhanced", "medical", "right_to_work", "dvla")
    done = await lic.post(
        f"{url}/decision", json={"outcome": "granted", "decidedDate": "2031-02-20"}
    )
    assert done.status_code == 200, done.text
    renewed = (await lic.get(f"{lic_base}/taxi-licences/{licence['id']}")).json()
    assert (renewed["startsDate"], renewed["expiresDate"]) == ("2031-03-01", "2034-02-28")
    assert [e["kind"] for e in renewed["events"]] == ["granted", "renewed"]

    second = await lic.post(
        f"{lic_base}/taxi-licences/{licence['id']}/renewals", json={"receivedDate": "2034-02-01"}
    )
    url = f"{lic_base}/taxi-applications/{second.json()['id']}"
    await check(lic, url, "dbs_enhanced", "medical", "right_to_work", "dvla")
    await lic.post(f"{url}/decision", json={"outcome": "granted", "decidedDate": "2034-03-06"})
    lapsed = (await lic.get(f"{lic_base}/taxi-licences/{licence['id']}")).json()
    # Renewed after it expired on Tue 28 Feb 2034: lapsed from Wed 1 Mar; new term from grant.
    assert (lapsed["startsDate"], lapsed["expiresDate"]) == ("2034-03-06", "2037-03-06")
    assert [(e["kind"], e["date"]) for e in lapsed["events"]][-2:] == [
        ("lapsed", "2034-03-01"),
        ("renewed", "2034-03-06"),
    ]
    listed = (await lic.get(f"{lic_base}/taxi-licences/{licence['id']}/renewals")).json()
    assert len(listed) == 2


async def test_suspension_and_revocation_with_reasons(lic: Http, lic_base: str) -> None:
    licence = await granted(lic, lic_base, "2026-03-02")
    url = f"{lic_base}/taxi-licences/{licence['id']}"
    no_reason = await lic.post(f"{url}/suspension", json={"noticeDate": "2026-06-01"})
    assert no_reason.status_code == 422
    suspended = await lic.post(
        f"{url}/suspension", json={"reason": "Awaiting medical review", "noticeDate": "2026-06-01"}
    )
    body = suspended.json()
    assert body["status"] == "suspended"
    assert body["suspendedFromDate"] == "2026-06-22"  # 21 days after notice
    assert body["events"][-1]["detail"]["section"] == "s.61"
    assert (await lic.post(f"{url}/reinstatement", json={"reason": "Fit"})).json()[
        "status"
    ] == "active"
    revoked = await lic.post(
        f"{url}/revocation",
        json={"reason": "Conviction for assault", "noticeDate": "2026-07-01", "immediate": True},
    )
    assert revoked.json()["endedDate"] == "2026-07-01"
    assert revoked.json()["inForce"] is False
    renew = await lic.post(f"{url}/renewals", json={"receivedDate": "2026-07-02"})
    assert renew.status_code == 409
