"""Conditions, informatives and reasons for refusal through the API: numbering in notice order,
drafting only during assessment, refusal needing reasons, discharge only after the decision,
bad input and tenant isolation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from conftest import sign_in
from litestar.testing import AsyncTestClient

NewApplication = Callable[..., Awaitable[dict[str, Any]]]
TIME_LIMIT = {
    "kind": "condition",
    "text": "The development shall begin within three years of the date of this permission.",
    "reason": "Section 91 of the Town and Country Planning Act 1990.",
}
MATERIALS = {
    "kind": "condition",
    "text": "No development above slab level until samples of materials are approved.",
    "reason": "To safeguard the character of the area.",
    "requiresDischarge": True,
}


@pytest.fixture
async def assessing(
    planner: AsyncTestClient[Any], base: str, new_application: NewApplication
) -> str:
    """A valid householder application under assessment; returns its URL."""
    url = f"{base}/{(await new_application())['id']}"
    for path, body in (
        ("validation", {"outcome": "valid"}),
        ("assessment", {"action": "start_assessment"}),
    ):
        response = await planner.post(f"{url}/{path}", json=body)
        assert response.status_code == 200, response.text
    return url


async def draft(http: AsyncTestClient[Any], url: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await http.post(f"{url}/conditions", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def decide(http: AsyncTestClient[Any], url: str, outcome: str) -> Any:
    return await http.post(
        f"{url}/decision", json={"outcome": outcome, "decisionDate": "2026-04-01"}
    )


async def test_conditions_are_numbered_within_their_kind_in_notice_order(
    planner: AsyncTestClient[Any], assessing: str
) -> None:
    informative = await draft(
        planner, assessing, {"kind": "informative", "text": "Party Wall Act."}
    )
    first = await draft(planner, assessing, TIME_LIMIT)
    second = await draft(planner, assessing, MATERIALS)

    assert (first["position"], second["position"], informative["position"]) == (1, 2, 1)
    assert second["dischargeStatus"] == "pending"
    assert first["dischargeStatus"] is None
    listed = (await planner.get(f"{assessing}/conditions")).json()
    assert [(c["kind"], c["position"]) for c in listed] == [
        ("condition", 1),
        ("condition", 2),
        ("informative", 1),
    ]


async def test_a_draft_is_reworded_moved_and_removed_keeping_numbers_unbroken(
    planner: AsyncTestClient[Any], assessing: str
) -> None:
    first = await draft(planner, assessing, TIME_LIMIT)
    second = await draft(planner, assessing, MATERIALS)
    third = await draft(planner, assessing, {**TIME_LIMIT, "text": "Obscure glazing to the side."})

    moved = await planner.put(
        f"{assessing}/conditions/{third['id']}",
        json={"text": "Obscure glazing to the side window.", "reason": "Privacy.", "position": 1},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["position"] == 1
    order = [c["id"] for c in (await planner.get(f"{assessing}/conditions")).json()]
    assert order == [third["id"], first["id"], second["id"]]

    removed = await planner.delete(f"{assessing}/conditions/{first['id']}")
    assert removed.status_code == 204, removed.text
    listed = (await planner.get(f"{assessing}/conditions")).json()
    assert [(c["id"], c["position"]) for c in listed] == [(third["id"], 1), (second["id"], 2)]
    assert listed[0]["text"] == "Obscure glazing to the side window."


async def test_a_refusal_needs_reasons_for_refusal(
    planner: AsyncTestClient[Any], assessing: str
) -> None:
    without = await decide(planner, assessing, "refused")
    assert without.status_code == 409, without.text
    assert "reasons for refusal" in without.json()["detail"]

    reason = await draft(
        planner,
        assessing,
        {"kind": "refusal_reason", "text": "The extension would harm the neighbours' light."},
    )
    assert reason["position"] == 1
    refused = await decide(planner, assessing, "refused")
    assert refused.status_code == 200, refused.text
    assert refused.json()["decision"]["outcome"] == "refused"


async def test_conditions_are_discharged_only_after_the_decision(
    planner: AsyncTestClient[Any], assessing: str
) -> None:
    plain = await draft(planner, assessing, TIME_LIMIT)
    materials = await draft(planner, assessing, MATERIALS)
    discharge = f"{assessing}/conditions/{materials['id']}/discharge"
    body = {"dischargedDate": "2026-05-10", "dischargeReference": "26/00123/DOC"}

    early = await planner.post(discharge, json=body)
    assert early.status_code == 409, early.text
    assert early.json()["state"] == "assessment"
    assert "determine" in early.json()["allowedActions"]

    assert (await decide(planner, assessing, "granted")).status_code == 200
    before_decision = await planner.post(discharge, json={**body, "dischargedDate": "2026-03-31"})
    assert before_decision.status_code == 422, before_decision.text
    assert before_decision.json()["errors"][0]["pointer"] == "/dischargedDate"

    done = await planner.post(discharge, json=body)
    assert done.status_code == 200, done.text
    assert done.json()["dischargeStatus"] == "discharged"
    assert done.json()["dischargedDate"] == "2026-05-10"
    assert done.json()["dischargeReference"] == "26/00123/DOC"
    twice = await planner.post(discharge, json=body)
    assert twice.status_code == 409, twice.text
    assert "discharged on 10 May 2026" in twice.json()["detail"]
    nothing_reserved = await planner.post(
        f"{assessing}/conditions/{plain['id']}/discharge", json=body
    )
    assert nothing_reserved.status_code == 409, nothing_reserved.text


async def test_drafting_ends_with_the_decision(
    planner: AsyncTestClient[Any], assessing: str
) -> None:
    condition = await draft(planner, assessing, TIME_LIMIT)
    assert (await decide(planner, assessing, "granted")).status_code == 200

    changed = await planner.put(
        f"{assessing}/conditions/{condition['id']}", json={"text": "Later.", "reason": "Why."}
    )
    added = await planner.post(f"{assessing}/conditions", json=TIME_LIMIT)
    removed = await planner.delete(f"{assessing}/conditions/{condition['id']}")

    for response in (changed, added, removed):
        assert response.status_code == 409, response.text
        assert response.json()["state"] == "determined"
    listed = (await planner.get(f"{assessing}/conditions")).json()
    assert [(c["id"], c["text"]) for c in listed] == [(condition["id"], TIME_LIMIT["text"])]


async def test_conditions_are_not_drafted_during_consultation(
    planner: AsyncTestClient[Any], base: str, new_application: NewApplication
) -> None:
    url = f"{base}/{(await new_application())['id']}"
    await planner.post(f"{url}/validation", json={"outcome": "valid"})

    response = await planner.post(f"{url}/conditions", json=TIME_LIMIT)

    assert response.status_code == 409, response.text
    assert "start_assessment" in response.json()["allowedActions"]


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"kind": "condition", "text": "Do it."}, "/reason"),
        ({"kind": "informative", "text": "Note.", "reason": "Why"}, "/reason"),
        (
            {"kind": "refusal_reason", "text": "No.", "requiresDischarge": True},
            "/requiresDischarge",
        ),
        ({"kind": "warning", "text": "Hmm."}, "/kind"),
        ({**TIME_LIMIT, "position": 1}, "/position"),
        ({**TIME_LIMIT, "text": ""}, "/text"),
    ],
)
async def test_bad_input_is_a_422_pointing_at_the_field_and_stores_nothing(
    planner: AsyncTestClient[Any], assessing: str, body: dict[str, Any], pointer: str
) -> None:
    response = await planner.post(f"{assessing}/conditions", json=body)

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["pointer"] == pointer
    assert (await planner.get(f"{assessing}/conditions")).json() == []


async def test_another_council_cannot_see_or_change_conditions(
    planner: AsyncTestClient[Any],
    officer: Any,
    base: str,
    assessing: str,
    outsider: tuple[Any, Any],
) -> None:
    application = (await planner.get(assessing)).json()
    condition = await draft(planner, assessing, MATERIALS)
    other, user = outsider
    own_base = f"/api/v1/{other.slug}/planning/applications"
    await sign_in(planner, user)

    for key in (application["id"], application["reference"].replace("/", "-")):
        for applications in (own_base, base):
            conditions = f"{applications}/{key}/conditions"
            one = f"{conditions}/{condition['id']}"
            responses = [
                await planner.get(conditions),
                await planner.post(conditions, json=TIME_LIMIT),
                await planner.put(one, json={"text": "Mine now.", "reason": "Because."}),
                await planner.delete(one),
                await planner.post(
                    f"{one}/discharge",
                    json={"dischargedDate": "2026-05-10", "dischargeReference": "X"},
                ),
            ]
            expected = (404,) if applications == own_base else (403, 404)
            for response in responses:
                assert response.status_code in expected, (conditions, response.text)

    await sign_in(planner, officer)
    listed = (await planner.get(f"{assessing}/conditions")).json()
    assert [(c["id"], c["text"]) for c in listed] == [(condition["id"], MATERIALS["text"])]
