"""Listing applications with the ODP API conventions: OR/AND filters, date-search pairs,
sorting, offset pages and cursor pages walked forwards and back."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.asyncio

DAYS = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"]


@pytest.fixture
async def five(new_application, planner, base):
    apps = [await new_application(receivedDate=day) for day in DAYS]
    await planner.post(f"{base}/{apps[1]['id']}/validation", json={"outcome": "valid"})
    await planner.post(f"{base}/{apps[2]['id']}/validation", json={"outcome": "invalid"})
    return apps


async def test_filter_syntax_or_within_and_across(planner, base, five):
    either = (await planner.get(f"{base}?status=consultation,invalid")).json()
    assert {a["id"] for a in either["data"]} == {five[1]["id"], five[2]["id"]}
    both = (await planner.get(f"{base}?status=consultation&status=invalid")).json()
    assert both["data"] == []
    typed = await planner.get(f"{base}?status=received&applicationType=householder")
    assert typed.json()["pagination"]["totalResults"] == 3


async def test_date_search_pairs_and_sorting(planner, base, five):
    window = await planner.get(
        base,
        params={
            "receivedAtFrom": "2026-03-03T00:00:00Z",
            "receivedAtTo": "2026-03-05T23:59:59Z",
            "sortBy": "receivedAt",
            "orderBy": "asc",
        },
    )
    assert window.status_code == 200, window.text
    assert [a["dates"]["receivedDate"] for a in window.json()["data"]] == DAYS[1:4]
    half = await planner.get(base, params={"receivedAtFrom": "2026-03-03T00:00:00Z"})
    assert half.status_code == 400
    assert half.json()["errors"][0]["parameter"] == "receivedAtTo"
    validated = await planner.get(
        base,
        params={"validatedAtFrom": "2026-01-01T00:00:00Z", "validatedAtTo": "2099-01-01T00:00:00Z"},
    )
    assert [a["id"] for a in validated.json()["data"]] == [five[1]["id"]]
    by_id = (await planner.get(base, params={"sortBy": "id", "orderBy": "asc"})).json()
    assert [a["id"] for a in by_id["data"]] == sorted(a["id"] for a in five)


async def test_offset_pages(planner, base, five):
    second = (await planner.get(base, params={"page": 2, "resultsPerPage": 2})).json()
    assert [a["dates"]["receivedDate"] for a in second["data"]] == ["2026-03-04", "2026-03-03"]
    assert second["pagination"] == {
        "resultsPerPage": 2,
        "currentPage": 2,
        "totalPages": 3,
        "totalResults": 5,
    }


async def test_cursor_pages_walk_forwards_and_back(planner, base, five):
    first = (await planner.get(base, params={"cursor": "", "resultsPerPage": 2})).json()
    assert [a["dates"]["receivedDate"] for a in first["data"]] == ["2026-03-06", "2026-03-05"]
    assert first["pagination"]["prevCursor"] is None
    assert first["pagination"]["totalResults"] == 5
    second = (
        await planner.get(
            base, params={"cursor": first["pagination"]["nextCursor"], "resultsPerPage": 2}
        )
    ).json()
    assert [a["dates"]["receivedDate"] for a in second["data"]] == ["2026-03-04", "2026-03-03"]
    third = (
        await planner.get(
            base, params={"cursor": second["pagination"]["nextCursor"], "resultsPerPage": 2}
        )
    ).json()
    assert [a["dates"]["receivedDate"] for a in third["data"]] == ["2026-03-02"]
    assert third["pagination"]["nextCursor"] is None
    back = (
        await planner.get(
            base, params={"cursor": third["pagination"]["prevCursor"], "resultsPerPage": 2}
        )
    ).json()
    assert [a["id"] for a in back["data"]] == [a["id"] for a in second["data"]]
    start = (
        await planner.get(
            base, params={"cursor": back["pagination"]["prevCursor"], "resultsPerPage": 2}
        )
    ).json()
    assert [a["id"] for a in start["data"]] == [a["id"] for a in first["data"]]
    assert start["pagination"]["prevCursor"] is None
    forged = await planner.get(base, params={"cursor": "not-a-cursor"})
    assert forged.status_code == 400
    assert forged.json()["errors"][0]["parameter"] == "cursor"


async def test_cursor_pages_carry_the_first_pages_total(planner, base, five, new_application):
    first = (await planner.get(base, params={"cursor": "", "resultsPerPage": 2})).json()
    assert first["pagination"]["totalResults"] == 5
    await new_application(receivedDate="2026-03-01")
    following = (
        await planner.get(
            base, params={"cursor": first["pagination"]["nextCursor"], "resultsPerPage": 2}
        )
    ).json()
    assert following["pagination"]["totalResults"] == 5  # counted once, when paging began
    fresh = (await planner.get(base, params={"cursor": "", "resultsPerPage": 2})).json()
    assert fresh["pagination"]["totalResults"] == 6
