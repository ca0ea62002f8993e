"""Public comments through the API: recording, the sentiment summary and filter, redaction and
publication, the workflow's limits, bad input and tenant isolation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from conftest import sign_in
from litestar.testing import AsyncTestClient

NewApplication = Callable[..., Awaitable[dict[str, Any]]]
ADDRESS = {"line1": "14 Mill Lane", "town": "Ashcombe", "postcode": "AS1 2BC"}


@pytest.fixture
async def application_url(base: str, new_application: NewApplication) -> str:
    return f"{base}/{(await new_application())['id']}"


async def comment(http: AsyncTestClient[Any], url: str, **body: Any) -> dict[str, Any]:
    response = await http.post(f"{url}/comments", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_comments_are_listed_with_a_summary_by_sentiment(
    planner: AsyncTestClient[Any], application_url: str
) -> None:
    first = await comment(
        planner,
        application_url,
        sentiment="object",
        text="It will overlook my garden.",
        topics=["privacy", "light", "privacy"],
        authorName="Alex Neighbour",
        authorAddress=ADDRESS,
        receivedAt="2026-03-05T09:00:00Z",
    )
    await comment(planner, application_url, sentiment="object", text="Too big.", topics=["design"])
    await comment(planner, application_url, sentiment="support", text="Lovely design.")
    await comment(planner, application_url, sentiment="neutral", text="Please use brick.")

    assert first["topics"] == ["privacy", "light"]
    assert first["authorAddress"] == ADDRESS
    assert first["publishedAt"] is None
    everything = (await planner.get(f"{application_url}/comments")).json()
    assert everything["summary"] == {"totalComments": 4, "support": 1, "object": 2, "neutral": 1}
    assert everything["pagination"]["totalResults"] == 4
    assert everything["data"][0]["id"] == first["id"]  # oldest first

    objections = (await planner.get(f"{application_url}/comments?sentiment=object")).json()
    assert [c["sentiment"] for c in objections["data"]] == ["object", "object"]
    assert objections["pagination"]["totalResults"] == 2
    assert objections["summary"]["totalComments"] == 4  # the summary ignores the filter

    paged = (await planner.get(f"{application_url}/comments?resultsPerPage=3&page=2")).json()
    assert len(paged["data"]) == 1
    assert paged["pagination"]["totalPages"] == 2


async def test_a_redacted_comment_is_published_with_its_redacted_text(
    planner: AsyncTestClient[Any], application_url: str
) -> None:
    received = await comment(
        planner, application_url, sentiment="object", text="My phone is 07700 900123. No!"
    )
    url = f"{application_url}/comments/{received['id']}"

    redacted = await planner.post(
        f"{url}/redaction", json={"redactedText": "My phone is [redacted]. No!"}
    )
    assert redacted.status_code == 200, redacted.text
    assert redacted.json()["redacted"] is True
    assert redacted.json()["publicText"] == "My phone is [redacted]. No!"
    assert redacted.json()["text"] == "My phone is 07700 900123. No!"

    published = await planner.post(f"{url}/publication")
    assert published.status_code == 200, published.text
    assert published.json()["publishedAt"] is not None
    again = await planner.post(f"{url}/publication")
    assert again.json()["publishedAt"] == published.json()["publishedAt"]


async def test_comments_stop_once_the_application_is_withdrawn(
    planner: AsyncTestClient[Any], application_url: str
) -> None:
    withdrawn = await planner.post(f"{application_url}/withdrawal", json={"reason": "Changed mind"})
    assert withdrawn.status_code == 200, withdrawn.text

    response = await planner.post(
        f"{application_url}/comments", json={"sentiment": "support", "text": "Shame."}
    )

    assert response.status_code == 409, response.text
    assert response.json()["state"] == "withdrawn"
    assert "allowedActions" in response.json()


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"sentiment": "furious", "text": "No"}, "/sentiment"),
        ({"sentiment": "object", "text": ""}, "/text"),
        ({"sentiment": "object", "text": "No", "topics": ["parking"]}, "/topics/0"),
        ({"sentiment": "object", "text": "No", "authorAddress": {"town": "X"}}, "/authorAddress"),
        (
            {"sentiment": "object", "text": "No", "receivedAt": "2030-01-01T00:00:00Z"},
            "/receivedAt",
        ),
        (
            {"sentiment": "object", "text": "No", "receivedAt": "2026-03-01T12:00:00Z"},
            "/receivedAt",
        ),
        ({"sentiment": "object", "text": "No", "email": "a@b.c"}, "/email"),
    ],
)
async def test_bad_input_is_a_422_pointing_at_the_field_and_stores_nothing(
    planner: AsyncTestClient[Any], application_url: str, body: dict[str, Any], pointer: str
) -> None:
    response = await planner.post(f"{application_url}/comments", json=body)

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["pointer"] == pointer
    listed = (await planner.get(f"{application_url}/comments")).json()
    assert listed["summary"]["totalComments"] == 0


async def test_an_unknown_sentiment_filter_is_refused(
    planner: AsyncTestClient[Any], application_url: str
) -> None:
    response = await planner.get(f"{application_url}/comments?sentiment=angry")
    assert response.status_code in (400, 422), response.text


async def test_redaction_needs_text(planner: AsyncTestClient[Any], application_url: str) -> None:
    received = await comment(planner, application_url, sentiment="neutral", text="Hello")
    url = f"{application_url}/comments/{received['id']}/redaction"

    response = await planner.post(url, json={})

    assert response.status_code == 422, response.text
    assert "redactedText" in response.json()["errors"][0]["detail"]
    listed = (await planner.get(f"{application_url}/comments")).json()["data"]
    assert listed[0]["redacted"] is False


async def test_another_council_cannot_see_record_redact_or_publish_comments(
    planner: AsyncTestClient[Any],
    officer: Any,
    base: str,
    new_application: NewApplication,
    outsider: tuple[Any, Any],
) -> None:
    application = await new_application()
    url = f"{base}/{application['id']}"
    received = await comment(planner, url, sentiment="object", text="Private thoughts")
    other, user = outsider
    own_base = f"/api/v1/{other.slug}/planning/applications"
    await sign_in(planner, user)

    for key in (application["id"], application["reference"].replace("/", "-")):
        for applications in (own_base, base):
            comments = f"{applications}/{key}/comments"
            responses = [
                await planner.get(comments),
                await planner.post(comments, json={"sentiment": "support", "text": "Yes"}),
                await planner.post(
                    f"{comments}/{received['id']}/redaction", json={"redactedText": "x"}
                ),
                await planner.post(f"{comments}/{received['id']}/publication"),
            ]
            expected = (404,) if applications == own_base else (403, 404)
            for response in responses:
                assert response.status_code in expected, (comments, response.text)
                assert "Private thoughts" not in response.text

    await sign_in(planner, officer)
    listed = (await planner.get(f"{url}/comments")).json()["data"]
    assert [(c["id"], c["redacted"], c["publishedAt"]) for c in listed] == [
        (received["id"], False, None)
    ]
