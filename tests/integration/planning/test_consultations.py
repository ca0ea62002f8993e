"""Consultations and publicity through the API: periods counted beginning with the sent day,
the case's consultation period widened by each step, consultee replies, state rules, bad input
and tenant isolation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from conftest import sign_in
from litestar.testing import AsyncTestClient

NewApplication = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
async def consulting(
    planner: AsyncTestClient[Any], base: str, new_application: NewApplication
) -> str:
    """A valid householder application in consultation; returns its URL."""
    application = await new_application()
    url = f"{base}/{application['id']}"
    response = await planner.post(f"{url}/validation", json={"outcome": "valid"})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "consultation"
    return url


async def consult(http: AsyncTestClient[Any], url: str, **body: Any) -> dict[str, Any]:
    response = await http.post(f"{url}/consultations", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_site_notice_runs_21_days_beginning_with_the_day_it_went_up(
    planner: AsyncTestClient[Any], consulting: str
) -> None:
    notice = await consult(planner, consulting, kind="site_notice", sentDate="2026-03-02")

    assert notice["consultee"] == "Site notice"
    assert notice["sentDate"] == "2026-03-02"  # a Monday: day 1
    assert notice["dueDate"] == "2026-03-22"  # Sunday, day 21: not moved off the weekend
    dates = (await planner.get(consulting)).json()["dates"]
    assert dates["consultationStartDate"] == "2026-03-02"
    assert dates["consultationEndDate"] == "2026-03-22"
    assert dates["earliestDecisionDate"] == "2026-03-23"


async def test_each_step_widens_the_consultation_period_and_never_shortens_it(
    planner: AsyncTestClient[Any], consulting: str
) -> None:
    await consult(planner, consulting, kind="site_notice", sentDate="2026-03-04")
    newspaper = await consult(planner, consulting, kind="newspaper_notice", sentDate="2026-03-05")
    consultee = await consult(
        planner,
        consulting,
        kind="consultee",
        consultee="Highways Authority",
        email="highways@county.example",
        sentDate="2026-03-10",
    )
    neighbour = await consult(
        planner,
        consulting,
        kind="neighbour_letter",
        consultee="The Occupier",
        address={"line1": "14 Mill Lane", "town": "Ashcombe", "postcode": "AS1 2BC"},
        sentDate="2026-03-03",
    )

    assert newspaper["dueDate"] == "2026-03-18"  # 14 days beginning with 5 March
    assert consultee["dueDate"] == "2026-03-30"  # 21 days beginning with 10 March
    assert neighbour["dueDate"] == "2026-03-23"
    dates = (await planner.get(consulting)).json()["dates"]
    assert dates["consultationStartDate"] == "2026-03-03"  # the earliest sent date
    assert dates["consultationEndDate"] == "2026-03-30"  # the latest last day
    listed = (await planner.get(f"{consulting}/consultations")).json()
    assert [c["kind"] for c in listed] == [
        "neighbour_letter",
        "site_notice",
        "newspaper_notice",
        "consultee",
    ]


async def test_eia_publicity_runs_30_days(planner: AsyncTestClient[Any], consulting: str) -> None:
    notice = await consult(planner, consulting, kind="eia_development", sentDate="2026-03-02")
    assert notice["dueDate"] == "2026-03-31"


async def test_the_application_cannot_be_determined_until_the_period_has_ended(
    planner: AsyncTestClient[Any], consulting: str
) -> None:
    await consult(planner, consulting, kind="site_notice", sentDate="2026-03-02")
    moved = await planner.post(f"{consulting}/assessment", json={"action": "start_assessment"})
    assert moved.status_code == 200, moved.text

    early = await planner.post(
        f"{consulting}/decision", json={"outcome": "granted", "decisionDate": "2026-03-22"}
    )
    assert early.status_code == 409, early.text
    assert early.json()["errors"][0]["pointer"] == "/decisionDate"
    decided = await planner.post(
        f"{consulting}/decision", json={"outcome": "granted", "decisionDate": "2026-03-23"}
    )
    assert decided.status_code == 200, decided.text


async def test_a_consultee_replies_once_with_a_position(
    planner: AsyncTestClient[Any], consulting: str
) -> None:
    consultee = await consult(
        planner, consulting, kind="consultee", consultee="Environment Agency", sentDate="2026-03-04"
    )
    assert consultee["status"] in ("awaiting", "expired")
    url = f"{consulting}/consultations/{consultee['id']}/response"

    reply = await planner.post(
        url,
        json={
            "position": "amendments_needed",
            "response": "A flood risk assessment is needed.",
            "respondedAt": "2026-03-20T10:15:00Z",
        },
    )
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["status"] == "responded"
    assert body["position"] == "amendments_needed"
    assert body["respondedAt"].startswith("2026-03-20T10:15:00")

    again = await planner.post(url, json={"position": "no_objection", "response": "Fine now."})
    assert again.status_code == 409, again.text
    assert "already replied on 20 March 2026" in again.json()["detail"]


async def test_a_notice_takes_no_consultee_reply(
    planner: AsyncTestClient[Any], consulting: str
) -> None:
    notice = await consult(planner, consulting, kind="site_notice", sentDate="2026-03-02")
    reply = await planner.post(
        f"{consulting}/consultations/{notice['id']}/response",
        json={"position": "objection", "response": "No."},
    )
    assert reply.status_code == 409, reply.text
    assert "recorded as comments" in reply.json()["detail"]


async def test_consulting_before_validation_is_refused_naming_what_is_allowed(
    planner: AsyncTestClient[Any], base: str, new_application: NewApplication
) -> None:
    application = await new_application()
    url = f"{base}/{application['id']}"

    response = await planner.post(f"{url}/consultations", json={"kind": "site_notice"})

    assert response.status_code == 409, response.text
    problem = response.json()
    assert problem["state"] == "received"
    assert "validate" in problem["allowedActions"]
    assert "allowed now" in problem["detail"]
    assert (await planner.get(f"{url}/consultations")).json() == []


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"kind": "carrier_pigeon"}, "/kind"),
        ({"kind": "consultee"}, "/consultee"),
        ({"kind": "site_notice", "sentDate": "2 March"}, "/sentDate"),
        ({"kind": "site_notice", "sentDate": "2026-02-01"}, "/sentDate"),
        ({"kind": "site_notice", "colour": "yellow"}, "/colour"),
        ({"kind": "neighbour_letter", "consultee": "X", "address": {"town": "Y"}}, "/address"),
    ],
)
async def test_bad_input_is_a_422_pointing_at_the_field_and_stores_nothing(
    planner: AsyncTestClient[Any], consulting: str, body: dict[str, Any], pointer: str
) -> None:
    response = await planner.post(f"{consulting}/consultations", json=body)

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["pointer"] == pointer
    assert (await planner.get(f"{consulting}/consultations")).json() == []
    dates = (await planner.get(consulting)).json()["dates"]
    assert dates["consultationEndDate"] is None


async def test_an_unknown_consultation_is_a_404(
    planner: AsyncTestClient[Any], consulting: str
) -> None:
    response = await planner.post(
        f"{consulting}/consultations/0190b6f4-0000-7000-8000-000000000000/response",
        json={"position": "comment", "response": "Hello"},
    )
    assert response.status_code == 404


async def test_another_council_cannot_see_or_add_consultations(
    planner: AsyncTestClient[Any],
    officer: Any,
    consulting: str,
    base: str,
    outsider: tuple[Any, Any],
) -> None:
    application = (await planner.get(consulting)).json()
    notice = await consult(planner, consulting, kind="site_notice", sentDate="2026-03-02")
    other, user = outsider
    own_base = f"/api/v1/{other.slug}/planning/applications"
    await sign_in(planner, user)  # the same client, now as the other council's officer

    for key in (application["id"], application["reference"].replace("/", "-")):
        for applications in (own_base, base):
            url = f"{applications}/{key}/consultations"
            listed = await planner.get(url)
            created = await planner.post(url, json={"kind": "site_notice"})
            replied = await planner.post(
                f"{url}/{notice['id']}/response", json={"position": "comment", "response": "Hi"}
            )
            expected = (404,) if applications == own_base else (403, 404)
            for response in (listed, created, replied):
                assert response.status_code in expected, (url, response.text)

    await sign_in(planner, officer)
    listed = (await planner.get(f"{consulting}/consultations")).json()
    assert [(c["id"], c["respondedAt"]) for c in listed] == [(notice["id"], None)]
