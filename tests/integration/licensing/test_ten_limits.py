"""The s.107 limits with real counts: the notice over a limit is recorded with an automatic
counter notice naming the limit, and does not itself count; the 2022 limits; per-person limits
for personal licence holders and others; an event over New Year counts in both years."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar.testing import AsyncTestClient

from services.core.calendar import LONDON

Http = AsyncTestClient[Any]
HALL = {"addressLine": "Village Hall, Church Road, Ashcombe", "uprn": "100012345678"}


async def give(
    http: Http,
    base: str,
    *,
    start: dt.datetime,
    hours: float = 5,
    user: str = "Jo Baker",
    premises: dict[str, Any] = HALL,
    given: str | None = None,
    holder: bool = False,
) -> dict[str, Any]:
    person: dict[str, Any] = {"name": user, "dateOfBirth": "1980-04-12"}
    if holder:
        person["personalLicenceNumber"] = "PL/2019/0042"
    notice = {
        "givenDate": given
        or f"{start.year - (start.month == 1)}-{'12' if start.month == 1 else '01'}-05",
        "premises": premises,
        "premisesUser": person,
        "eventStartsAt": start.isoformat(),
        "eventEndsAt": (start + dt.timedelta(hours=hours)).isoformat(),
        "maxAttendance": 100,
        "activities": ["sale_of_alcohol"],
        "description": f"Event by {user}",
    }
    response = await http.post(f"{base}/temporary-event-notices", json=notice)
    assert response.status_code == 201, response.text
    return response.json()


async def limits(http: Http, base: str, year: int, **params: Any) -> dict[str, Any]:
    response = await http.get(f"{base}/temporary-event-limits", params={"year": year, **params})
    assert response.status_code == 200, response.text
    return response.json()


def day(year: int, month: int, d: int, hour: int = 18) -> dt.datetime:
    return dt.datetime(year, month, d, hour, tzinfo=LONDON)


async def test_the_sixteenth_notice_at_a_premises_in_2026_gets_a_counter_notice(
    lic: Http, lic_base: str
) -> None:
    for n in range(15):  # fifteen users, one evening each, a week apart from 2 March
        notice = await give(
            lic, lic_base, start=day(2026, 3, 2) + dt.timedelta(weeks=n), user=f"User {n}"
        )
        assert notice["status"] == "received"
    used = (await limits(lic, lic_base, 2026, uprn="100012345678"))["premises"]
    assert (used["notices"], used["noticeLimit"], used["days"], used["dayLimit"]) == (
        15,
        15,
        15,
        21,
    )

    sixteenth = await give(lic, lic_base, start=day(2026, 7, 1), user="User 16")
    assert sixteenth["status"] == "counter_notice"
    assert sixteenth["countsTowardsLimits"] is False
    counter = sixteenth["counterNotice"]
    assert (counter["section"], counter["ground"]) == ("107", "premises_notices")
    assert "15 notices in 2026" in counter["detail"]
    assert sixteenth["decision"] == "counter_notice"
    assert (await limits(lic, lic_base, 2026, uprn="100012345678"))["premises"]["notices"] == 15


async def test_the_twenty_second_day_at_a_premises_gets_a_counter_notice(
    lic: Http, lic_base: str
) -> None:
    for n in range(3):  # three full weeks, midnight to midnight: 7 days each, 21 in all
        await give(
            lic,
            lic_base,
            start=day(2026, 3, 2, 0) + dt.timedelta(weeks=2 * n),
            hours=168,
            user=f"U{n}",
        )
    assert (await limits(lic, lic_base, 2026, uprn="100012345678"))["premises"]["days"] == 21
    one_more = await give(lic, lic_base, start=day(2026, 8, 1), user="U4")
    assert one_more["counterNotice"]["ground"] == "premises_days"
    assert "21 days in 2026" in one_more["counterNotice"]["detail"]
    assert "would make 22" in one_more["counterNotice"]["detail"]


async def test_2022_allowed_26_days_at_a_premises(lic: Http, lic_base: str) -> None:
    for n in range(3):
        await give(
            lic,
            lic_base,
            start=day(2022, 3, 7, 0) + dt.timedelta(weeks=2 * n),
            hours=168,
            user=f"U{n}",
        )
    fourth = await give(lic, lic_base, start=day(2022, 6, 6, 0), hours=120, user="U3")  # 5 days
    assert fourth["status"] == "received"  # 26 days: within the 2022 limit
    used = (await limits(lic, lic_base, 2022, uprn="100012345678"))["premises"]
    assert (used["days"], used["dayLimit"], used["noticeLimit"]) == (26, 26, 20)
    fifth = await give(lic, lic_base, start=day(2022, 8, 1), user="U5")
    assert fifth["counterNotice"]["ground"] == "premises_days"
    assert "26 days in 2022" in fifth["counterNotice"]["detail"]


async def test_a_person_without_a_personal_licence_may_give_five_notices_two_late(
    lic: Http, lic_base: str
) -> None:
    for n in range(5):
        place = {"addressLine": f"{n + 1} Market Square, Ashcombe"}
        await give(lic, lic_base, start=day(2026, 4, 1) + dt.timedelta(weeks=n), premises=place)
    sixth = await give(lic, lic_base, start=day(2026, 9, 1), premises={"addressLine": "Barn"})
    assert sixth["counterNotice"]["ground"] == "user_notices"
    assert "5 notices for 2026" in sixth["counterNotice"]["detail"]
    used = await limits(lic, lic_base, 2026, premisesUserName="jo  BAKER", dateOfBirth="1980-04-12")
    assert used["premisesUser"]["notices"] == 5
    assert used["premisesUser"]["noticeLimit"] == 5
    assert used["premises"] is None


async def test_late_notices_two_for_others_ten_for_licence_holders(
    lic: Http, lic_base: str
) -> None:
    # Each given Mon 20 Apr 2026 for an event 6 working days later: late.
    starts = [day(2026, 4, 29), day(2026, 4, 30)]
    for n, start in enumerate(starts):
        late = await give(
            lic, lic_base, start=start, given="2026-04-20", premises={"addressLine": f"Hall {n}"}
        )
        assert late["noticeType"] == "temporary_event_notice_late"
    third = await give(
        lic, lic_base, start=day(2026, 5, 1), given="2026-04-20", premises={"addressLine": "Hall 3"}
    )
    assert third["counterNotice"]["ground"] == "user_late_notices"
    assert "2 late notices for 2026" in third["counterNotice"]["detail"]
    holder = await give(
        lic,
        lic_base,
        start=day(2026, 5, 1),
        given="2026-04-20",
        user="Pat Holder",
        holder=True,
        premises={"addressLine": "Hall 4"},
    )
    assert holder["status"] == "received"


async def test_an_event_over_new_year_counts_in_both_years(lic: Http, lic_base: str) -> None:
    notice = await give(lic, lic_base, start=day(2026, 12, 31, 20), hours=6, given="2026-12-01")
    assert notice["eventDays"] == ["2026-12-31", "2027-01-01"]
    for year in (2026, 2027):
        used = (await limits(lic, lic_base, year, uprn="100012345678"))["premises"]
        assert (used["notices"], used["days"]) == (1, 1), year
    bad = await lic.get(f"{lic_base}/temporary-event-limits", params={"year": 2026})
    assert bad.status_code == 400
