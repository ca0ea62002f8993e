"""Planning obligations (s.106) and CIL through the API: milestones due a number of days after
the trigger event or on a fixed date, payments and compliance, state rules, bad input and
tenant isolation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from conftest import sign_in
from litestar.testing import AsyncTestClient

NewApplication = Callable[..., Awaitable[dict[str, Any]]]
AFFORDABLE_HOUSING = {
    "kind": "s106",
    "description": "Off-site affordable housing contribution",
    "triggerEvent": "commencement",
    "amount": 50000,
}


@pytest.fixture
async def assessing(
    planner: AsyncTestClient[Any], base: str, new_application: NewApplication
) -> str:
    """A valid application under assessment; returns its URL."""
    url = f"{base}/{(await new_application())['id']}"
    for path, body in (
        ("validation", {"outcome": "valid"}),
        ("assessment", {"action": "start_assessment"}),
    ):
        response = await planner.post(f"{url}/{path}", json=body)
        assert response.status_code == 200, response.text
    return url


async def post(
    http: AsyncTestClient[Any], url: str, body: dict[str, Any], status: int = 200
) -> Any:
    response = await http.post(url, json=body)
    assert response.status_code == status, response.text
    return response.json()


async def test_milestones_fall_due_from_the_trigger_and_payment_completes_the_obligation(
    planner: AsyncTestClient[Any], assessing: str
) -> None:
    obligation = await post(planner, f"{assessing}/obligations", AFFORDABLE_HOUSING, 201)
    url = f"{assessing}/obligations/{obligation['id']}"
    assert obligation["status"] == "pending"
    assert obligation["amount"] == "50000.00"
    await post(
        planner,
        f"{url}/milestones",
        {"description": "First half", "amount": "25000", "daysAfterTrigger": 30},
        201,
    )
    await post(
        planner,
        f"{url}/milestones",
        {"description": "Second half", "amount": 25000, "daysAfterTrigger": 90},
        201,
    )
    fixed = await post(
        planner,
        f"{url}/milestones",
        {"description": "Monitoring fee", "amount": 450.5, "dueDate": "2026-04-30"},
        201,
    )
    assert [(m["description"], m["dueDate"], m["status"]) for m in fixed["milestones"]] == [
        ("Monitoring fee", "2026-04-30", "overdue"),
        ("First half", None, "awaiting_trigger"),
        ("Second half", None, "awaiting_trigger"),
    ]

    triggered = await post(planner, f"{url}/trigger", {"triggeredDate": "2026-05-04"})

    assert triggered["status"] == "triggered"
    assert triggered["triggeredDate"] == "2026-05-04"
    due = {m["description"]: m["dueDate"] for m in triggered["milestones"]}
    assert due == {
        "Monitoring fee": "2026-04-30",  # a fixed date does not move
        "First half": "2026-06-03",  # 4 May + 30 days
        "Second half": "2026-08-02",  # 4 May + 90 days
    }
    late = await post(
        planner, f"{url}/milestones", {"description": "Review", "daysAfterTrigger": 365}, 201
    )
    assert {m["description"]: m["dueDate"] for m in late["milestones"]}["Review"] == "2027-05-04"

    paid = None
    for milestone in late["milestones"]:
        assert paid is None or paid["status"] == "triggered"
        paid = await post(
            planner,
            f"{url}/milestones/{milestone['id']}/payment",
            {"paidDate": "2026-06-01", "paidAmount": milestone["amount"] or "100.00"},
        )
    assert paid is not None
    assert paid["status"] == "complied"
    assert paid["paidTotal"] == "50550.50"
    assert {m["status"] for m in paid["milestones"]} == {"paid"}
    listed = (await planner.get(f"{assessing}/obligations")).json()
    assert [(o["id"], o["status"]) for o in listed] == [(obligation["id"], "complied")]


async def test_a_trigger_and_a_payment_are_recorded_once(
    planner: AsyncTestClient[Any], assessing: str
) -> None:
    obligation = await post(
        planner, f"{assessing}/obligations", {**AFFORDABLE_HOUSING, "kind": "cil"}, 201
    )
    url = f"{assessing}/obligations/{obligation['id']}"
    with_milestone = await post(
        planner, f"{url}/milestones", {"description": "CIL", "daysAfterTrigger": 60}, 201
    )
    milestone = with_milestone["milestones"][0]
    await post(planner, f"{url}/trigger", {"triggeredDate": "2026-05-04"})

    again = await planner.post(f"{url}/trigger", json={"triggeredDate": "2026-05-05"})
    assert again.status_code == 409, again.text
    assert "recorded on 04 May 2026" in again.json()["detail"]
    payment = f"{url}/milestones/{milestone['id']}/payment"
    await post(planner, payment, {"paidDate": "2026-06-01", "paidAmount": 100})
    twice = await planner.post(payment, json={"paidDate": "2026-06-02", "paidAmount": 100})
    assert twice.status_code == 409, twice.text
    unknown = await planner.post(
        f"{url}/milestones/0190b6f4-0000-7000-8000-000000000000/payment",
        json={"paidDate": "2026-06-02", "paidAmount": 100},
    )
    assert unknown.status_code == 404, unknown.text


async def test_obligations_wait_for_assessment(
    planner: AsyncTestClient[Any], base: str, new_application: NewApplication
) -> None:
    url = f"{base}/{(await new_application())['id']}"

    response = await planner.post(f"{url}/obligations", json=AFFORDABLE_HOUSING)

    assert response.status_code == 409, response.text
    assert response.json()["state"] == "received"
    assert "validate" in response.json()["allowedActions"]
    assert (await planner.get(f"{url}/obligations")).json() == []


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({**AFFORDABLE_HOUSING, "kind": "s999"}, "/kind"),
        ({**AFFORDABLE_HOUSING, "amount": -5}, "/amount"),
        ({**AFFORDABLE_HOUSING, "amount": "12.345"}, "/amount"),
        ({**AFFORDABLE_HOUSING, "triggerEvent": "sunrise"}, "/triggerEvent"),
    ],
)
async def test_a_bad_obligation_is_a_422_pointing_at_the_field_and_stores_nothing(
    planner: AsyncTestClient[Any], assessing: str, body: dict[str, Any], pointer: str
) -> None:
    response = await planner.post(f"{assessing}/obligations", json=body)

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["pointer"] == pointer
    assert (await planner.get(f"{assessing}/obligations")).json() == []


@pytest.mark.parametrize(
    ("path", "body", "pointer"),
    [
        (
            "/milestones",
            {"description": "Both", "daysAfterTrigger": 3, "dueDate": "2026-06-01"},
            "/daysAfterTrigger",
        ),
        ("/milestones", {"description": "Neither"}, "/daysAfterTrigger"),
        ("/milestones", {"description": "Back", "daysAfterTrigger": -1}, "/daysAfterTrigger"),
        ("/trigger", {"triggeredDate": "2099-01-01"}, "/triggeredDate"),
        ("/trigger", {"triggeredDate": "soon"}, "/triggeredDate"),
    ],
)
async def test_bad_milestones_and_triggers_are_422s_and_change_nothing(
    planner: AsyncTestClient[Any], assessing: str, path: str, body: dict[str, Any], pointer: str
) -> None:
    obligation = await post(planner, f"{assessing}/obligations", AFFORDABLE_HOUSING, 201)

    response = await planner.post(f"{assessing}/obligations/{obligation['id']}{path}", json=body)

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["pointer"] == pointer
    listed = (await planner.get(f"{assessing}/obligations")).json()
    assert [(o["milestones"], o["triggeredDate"]) for o in listed] == [([], None)]


async def test_a_payment_must_be_a_positive_sum(
    planner: AsyncTestClient[Any], assessing: str
) -> None:
    obligation = await post(planner, f"{assessing}/obligations", AFFORDABLE_HOUSING, 201)
    url = f"{assessing}/obligations/{obligation['id']}"
    milestone = (
        await post(
            planner, f"{url}/milestones", {"description": "All", "dueDate": "2026-06-01"}, 201
        )
    )["milestones"][0]

    response = await planner.post(
        f"{url}/milestones/{milestone['id']}/payment",
        json={"paidDate": "2026-06-01", "paidAmount": 0},
    )

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["pointer"] == "/paidAmount"
    listed = (await planner.get(f"{assessing}/obligations")).json()
    assert listed[0]["milestones"][0]["paidDate"] is None


async def test_another_council_cannot_see_or_change_obligations(
    planner: AsyncTestClient[Any],
    officer: Any,
    base: str,
    assessing: str,
    outsider: tuple[Any, Any],
) -> None:
    application = (await planner.get(assessing)).json()
    obligation = await post(planner, f"{assessing}/obligations", AFFORDABLE_HOUSING, 201)
    url = f"{assessing}/obligations/{obligation['id']}"
    milestone = (
        await post(
            planner, f"{url}/milestones", {"description": "All", "dueDate": "2026-06-01"}, 201
        )
    )["milestones"][0]
    other, user = outsider
    own_base = f"/api/v1/{other.slug}/planning/applications"
    await sign_in(planner, user)

    for key in (application["id"], application["reference"].replace("/", "-")):
        for applications in (own_base, base):
            obligations = f"{applications}/{key}/obligations"
            one = f"{obligations}/{obligation['id']}"
            responses = [
                await planner.get(obligations),
                await planner.post(obligations, json=AFFORDABLE_HOUSING),
                await planner.post(
                    f"{one}/milestones", json={"description": "X", "dueDate": "2026-06-01"}
                ),
                await planner.post(f"{one}/trigger", json={"triggeredDate": "2026-05-04"}),
                await planner.post(
                    f"{one}/milestones/{milestone['id']}/payment",
                    json={"paidDate": "2026-06-01", "paidAmount": 1},
                ),
            ]
            expected = (404,) if applications == own_base else (403, 404)
            for response in responses:
                assert response.status_code in expected, (obligations, response.text)

    await sign_in(planner, officer)
    listed = (await planner.get(f"{assessing}/obligations")).json()
    assert len(listed) == 1
    assert listed[0]["triggeredDate"] is None
    assert [(m["id"], m["paidDate"]) for m in listed[0]["milestones"]] == [(milestone["id"], None)]
