"""Fixtures for the planning API: a council using planning, an officer signed in to it with
the planning manager role, and a helper that registers an application through the API.

Loaded by ``tests/conftest.py`` as a pytest plugin."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from conftest import make_user, sign_in
from litestar.testing import AsyncTestClient

HOUSEHOLDER = {
    "applicationType": "householder",
    "description": "Single-storey rear extension",
    "receivedDate": "2026-03-02",
    "site": {
        "addressLine": "12 Mill Lane, Ashcombe, AS1 2BC",
        "uprn": "100012345678",
        "wardCode": "E05000001",
        "latitude": 51.2,
        "longitude": -1.1,
    },
    "applicant": {"name": "Sam Applicant", "email": "sam@example.org"},
}


@pytest.fixture
def council(make_tenant: Callable[..., Any]) -> Any:
    return make_tenant("planning")


@pytest.fixture
def officer(council: Any) -> Any:
    return make_user({council.id: ["planning_manager"]}, name="Pat Planner")


@pytest.fixture
async def planner(app: Any, officer: Any) -> AsyncIterator[AsyncTestClient[Any]]:
    """A client signed in as a planning manager of ``council``."""
    async with AsyncTestClient(app=app, base_url="https://testserver.local") as http:
        await sign_in(http, officer)
        yield http


@pytest.fixture
def base(council: Any) -> str:
    return f"/api/v1/{council.slug}/planning/applications"


@pytest.fixture
def new_application(
    planner: AsyncTestClient[Any], base: str
) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def create(**overrides: Any) -> dict[str, Any]:
        response = await planner.post(base, json={**HOUSEHOLDER, **overrides})
        assert response.status_code == 201, response.text
        return response.json()

    return create


@pytest.fixture
def outsider(make_tenant: Callable[..., Any]) -> tuple[Any, Any]:
    """Another council, and a planning manager of that council only (for cross-tenant tests)."""
    other = make_tenant("other")
    return other, make_user({other.id: ["planning_manager"]}, name="Olly Outsider")
