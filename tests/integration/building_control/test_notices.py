"""Initial notices from registered building control approvers and commencement notices,
through the API: the five working days to reject (counted over Christmas), rejection only on a
prescribed ground, acceptance by the passage of time persisted on read, and 409s after it."""

from __future__ import annotations

import datetime as dt

from bc_helpers import INITIAL_NOTICE, problem_pointer, register, with_scheme

from services.building_control import store
from services.core.calendar import add_years, london_today
from tenancy.binding import tenant_session


async def give(bc, bc_base, given: str, **extra):
    response = await bc.post(
        f"{bc_base}/initial-notices", json={**INITIAL_NOTICE, "givenDate": given, **extra}
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_notice_given_over_christmas_is_treated_as_accepted_after_five_working_days(
    bc, bc_base
):
    # Given Tuesday 23 December 2025. Day 1 is the 23rd, then Wednesday 24th; Thursday 25th and
    # Friday 26th are bank holidays, the 27th and 28th a weekend; days 3-5 are Monday 29th,
    # Tuesday 30th and Wednesday 31st. Nothing was rejected, so it is accepted by now.
    notice = await give(bc, bc_base, "2025-12-23")
    assert notice["reference"] == "25/00001/IN"
    assert notice["lastDayToReject"] == "2025-12-31"
    assert notice["status"] == "accepted"
    assert notice["outcome"] == "treated_as_accepted"
    assert notice["outcomeDate"] == "2025-12-31"
    again = (await bc.get(f"{bc_base}/initial-notices/{notice['id']}")).json()
    assert again["version"] == notice["version"]  # persisted once, not on every read
    late = await bc.post(
        f"{bc_base}/initial-notices/{notice['id']}/rejection",
        json={"grounds": ["form"], "detail": "Wrong form", "rejectedDate": "2025-12-30"},
    )
    assert late.status_code == 409, late.text
    assert "Wednesday 31 December 2025" in late.json()["detail"]


async def test_rejection_only_on_a_prescribed_ground_within_the_period(bc, bc_base):
    today = london_today()
    notice = await give(bc, bc_base, today.isoformat())
    assert notice["status"] == "received"
    assert notice["allowedActions"] == ["accept", "reject", "refer_to_bsr"]
    assert dt.date.fromisoformat(notice["lastDayToReject"]) >= today
    url = f"{bc_base}/initial-notices/{notice['id']}/rejection"
    unlisted = await bc.post(url, json={"grounds": ["form", "ugly_design"], "detail": "No"})
    assert unlisted.status_code == 422
    assert problem_pointer(unlisted) == "/grounds/1"
    unchanged = (await bc.get(f"{bc_base}/initial-notices/{notice['id']}")).json()
    assert unchanged["status"] == "received"
    assert unchanged["version"] == notice["version"]
    rejected = await bc.post(
        url, json={"grounds": ["information_missing"], "detail": "No commencement statement"}
    )
    assert rejected.status_code == 200, rejected.text
    body = rejected.json()
    assert body["status"] == "rejected"
    assert body["rejection"]["grounds"][0]["citation"].endswith("Sch. 2, para. 6")
    grounds = (await bc.get(f"{bc_base}/rejection-grounds")).json()
    assert "information_missing" in [g["code"] for g in grounds]


async def test_list_settles_notices_whose_period_has_passed(bc, bc_base):
    await give(bc, bc_base, "2026-11-02")  # last day to reject Friday 6 November 2026
    listing = (await bc.get(f"{bc_base}/initial-notices", params={"status": "accepted"})).json()
    assert [n["lastDayToReject"] for n in listing["data"]] == ["2026-11-06"]


async def test_commencement_notice_sets_the_earliest_start(bc, bc_base):
    await with_scheme(bc, bc_base)
    app = await register(bc, bc_base)
    # Given Monday 9 November 2026: Tuesday 10 and Wednesday 11 elapse; start Thursday 12th.
    response = await bc.post(
        f"{bc_base}/commencement-notices",
        json={"kind": "commencement_notice", "application": app["reference"],
              "givenDate": "2026-11-09"},
    )  # fmt: skip
    assert response.status_code == 201, response.text
    notice = response.json()
    assert notice["reference"] == "26/00002/CMN"
    assert notice["earliestStartDate"] == "2026-11-12"
    read = (await bc.get(f"{bc_base}/commencement-notices/{notice['id']}")).json()
    assert read["applicationReference"] == app["reference"]
    body = (await bc.get(f"{bc_base}/applications/{app['id']}")).json()
    assert body["commencement"]["earliestStartDate"] == "2026-11-12"
    assert body["commencement"]["commencementNoticeReference"] == "26/00002/CMN"


async def test_regarded_as_commenced_after_the_lapse_date_is_409(bc, bc_base):
    await with_scheme(bc, bc_base)
    # Deposited Tuesday 14 November 2023: work had to commence by Saturday 14 November 2026.
    app = await register(bc, bc_base, receivedDate="2023-11-14")
    assert app["dates"]["lapseDate"] == "2026-11-14"
    assert app["status"] == "lapsed"
    assert app["dates"]["lapsedOn"] == "2026-11-15"
    late = await bc.post(
        f"{bc_base}/commencement-notices",
        json={"kind": "regarded_as_commenced", "application": app["id"],
              "givenDate": "2026-11-20", "commencedDate": "2026-11-16"},
    )  # fmt: skip
    assert late.status_code == 409, late.text
    assert "14 November 2026" in late.json()["detail"]
    inspect = await bc.post(
        f"{bc_base}/applications/{app['id']}/inspections",
        json={"stage": "foundations", "bookedFor": "2026-11-20"},
    )
    assert inspect.status_code == 409


async def test_regarded_as_commenced_stops_the_lapse(bc, bc_base, bc_council):
    await with_scheme(bc, bc_base)
    today = london_today()
    deposited = add_years(today, -3) + dt.timedelta(days=10)
    started = await register(bc, bc_base, receivedDate=deposited.isoformat())
    idle = await register(bc, bc_base, receivedDate=deposited.isoformat())
    lapse = add_years(deposited, 3)
    assert started["dates"]["lapseDate"] == lapse.isoformat()
    commenced = deposited + dt.timedelta(days=30)
    response = await bc.post(
        f"{bc_base}/commencement-notices",
        json={"kind": "regarded_as_commenced", "application": started["reference"],
              "givenDate": commenced.isoformat(), "commencedDate": commenced.isoformat()},
    )  # fmt: skip
    assert response.status_code == 201, response.text
    # The sweep a scheduled job runs, on the day after the lapse date.
    async with tenant_session(bc_council.schema_name) as session:
        assert await store.sweep(session, on=lapse + dt.timedelta(days=1)) == 1
        await session.commit()
    body = (await bc.get(f"{bc_base}/applications/{started['id']}")).json()
    assert body["commencement"]["commencedDate"] == commenced.isoformat()
    assert body["status"] == "received"
    lapsed = (await bc.get(f"{bc_base}/applications/{idle['id']}")).json()
    assert lapsed["status"] == "lapsed"
    assert lapsed["dates"]["lapsedOn"] == (lapse + dt.timedelta(days=1)).isoformat()


async def test_commencement_notice_needs_a_lapsing_application(bc, bc_base):
    await with_scheme(bc, bc_base)
    app = await register(bc, bc_base, applicationType="regularisation")
    response = await bc.post(
        f"{bc_base}/commencement-notices",
        json={"kind": "commencement_notice", "application": app["id"]},
    )
    assert response.status_code == 404
    missing = await bc.post(
        f"{bc_base}/commencement-notices",
        json={"kind": "regarded_as_commenced", "application": app["id"]},
    )
    assert missing.status_code == 422
    assert problem_pointer(missing) == "/commencedDate"
