"""Fixtures for the building control, licensing and land charges APIs: for each, a council
using the service, its manager, and a client signed in as that manager.

``bc_*`` is building control, ``lic_*`` licensing and ``llc_*`` local land charges. Loaded by
``tests/conftest.py`` as a pytest plugin, next to ``planning_fixtures``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from conftest import make_user, sign_in
from litestar.testing import AsyncTestClient

ALL_SERVICES = ("building_control", "land_charges", "licensing", "planning")


async def _client(app: Any, user: Any) -> AsyncIterator[AsyncTestClient[Any]]:
    async with AsyncTestClient(app=app, base_url="https://testserver.local") as http:
        await sign_in(http, user)
        yield http


@pytest.fixture
def bc_council(make_tenant: Callable[..., Any]) -> Any:
    return make_tenant("bc", services=ALL_SERVICES)


@pytest.fixture
def bc_officer(bc_council: Any) -> Any:
    return make_user({bc_council.id: ["building_control_manager"]}, name="Helen Marsh")


@pytest.fixture
async def bc(app: Any, bc_officer: Any) -> AsyncIterator[AsyncTestClient[Any]]:
    """A client signed in as a building control manager of ``bc_council``."""
    async for http in _client(app, bc_officer):
        yield http


@pytest.fixture
def bc_base(bc_council: Any) -> str:
    return f"/api/v1/{bc_council.slug}/building-control"


@pytest.fixture
def lic_council(make_tenant: Callable[..., Any]) -> Any:
    return make_tenant("lic", services=ALL_SERVICES)


@pytest.fixture
def lic_officer(lic_council: Any) -> Any:
    return make_user({lic_council.id: ["licensing_manager"]}, name="Tom Okafor")


@pytest.fixture
async def lic(app: Any, lic_officer: Any) -> AsyncIterator[AsyncTestClient[Any]]:
    """A client signed in as a licensing manager of ``lic_council``."""
    async for http in _client(app, lic_officer):
        yield http


@pytest.fixture
def lic_base(lic_council: Any) -> str:
    return f"/api/v1/{lic_council.slug}/licensing"


@pytest.fixture
def llc_council(make_tenant: Callable[..., Any]) -> Any:
    return make_tenant("llc", services=ALL_SERVICES)


@pytest.fixture
def llc_officer(llc_council: Any) -> Any:
    return make_user({llc_council.id: ["land_charges_manager"]}, name="Sam Lee")


@pytest.fixture
async def llc(app: Any, llc_officer: Any) -> AsyncIterator[AsyncTestClient[Any]]:
    """A client signed in as a land charges manager of ``llc_council``."""
    async for http in _client(app, llc_officer):
        yield http


@pytest.fixture
def llc_base(llc_council: Any) -> str:
    return f"/api/v1/{llc_council.slug}/land-charges"


@pytest.fixture
def outsider_with(make_tenant: Callable[..., Any]) -> Callable[..., tuple[Any, Any]]:
    """Another council using every service, and a person holding ``roles`` there only (for
    cross-tenant tests): ``other, user = outsider_with("licensing_manager")``."""

    def make(*roles: str) -> tuple[Any, Any]:
        other = make_tenant("other", services=ALL_SERVICES)
        return other, make_user({other.id: list(roles)}, name="Olly Outsider")

    return make
