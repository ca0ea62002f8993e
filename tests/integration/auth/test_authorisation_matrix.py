"""The authorisation matrix: every role against every guarded route, expectations computed from
the registry (the route's declared ``opt["permission"]`` versus the role's grants).

The routes are enumerated from the real app and the roles from the service registry, so a new
route or role extends the matrix by itself; a route without a request recipe in
``authz_recipes.py`` fails loudly. Also here: non-members get 404 (never 403), platform routes
refuse council users, platform support reads any council (audited) but writes nothing, and a
council administrator manages roles in their own council only.

Speed: the module shares one browser (``turns``; no test here opens another client) and makes
and signs in each person of the matrix (one user per council role, per platform role, one
holding every council role, one holding none) once, on first use; each case then takes its
turn with that person's session (``Turns``). Making a user and signing in per case used to be
most of the module's time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest
from authz_casework_recipes import CASEWORK_RECIPES
from authz_planning_recipes import casework_route_keys
from authz_recipes import PLATFORM_RECIPES, TENANT_RECIPES, Outcome, Recipe
from authz_support import (
    READ_METHODS,
    Route,
    Turns,
    assert_problem,
    audit_entries,
    council_roles,
    http_client,
    is_json,
    new_tenant,
    now,
    platform_roles,
    platform_routes,
    roles_of_email,
    tenant_routes,
    unique_email,
)
from conftest import make_user, sign_in

TENANT_ROUTES = tenant_routes()
PLATFORM_ROUTES = platform_routes()
COUNCIL_ROLES = council_roles()
PLATFORM_ROLES = platform_roles()
EVERY_COUNCIL_ROLE = "holds-every-council-role"
NO_ROLE = "holds-no-role"


def route_id(route: Route) -> str:
    return route.key


@pytest.fixture(scope="module")
def council() -> Any:
    return new_tenant("matrix")


@pytest.fixture(scope="module")
def other_council() -> Any:
    return new_tenant("elsewhere")


@pytest.fixture(scope="module")
async def turns(app: Any) -> AsyncIterator[Turns]:
    """The module's one browser. Every test here uses it (never a second client, which would
    run the app on a second event loop at the same time)."""
    async with http_client(app) as http:
        yield Turns(http)


class Cast:
    """The people of the matrix, each made and signed in once, on first use."""

    def __init__(self, turns: Turns, council: Any) -> None:
        self.turns, self.council = turns, council
        self.signed_in: set[str] = set()

    def user_for(self, who: str) -> Any:
        if who in COUNCIL_ROLES:
            return make_user({self.council.id: [who]})
        if who in PLATFORM_ROLES:
            return make_user({None: [who]})
        if who == EVERY_COUNCIL_ROLE:
            return make_user({self.council.id: sorted(COUNCIL_ROLES)})
        assert who == NO_ROLE, who
        return make_user()

    async def acting(self, who: str) -> AbstractContextManager[Any]:
        """The browser with ``who``'s session (``with await cast.acting(who) as http``)."""
        if who not in self.signed_in:
            await self.turns.sign_in(who, self.user_for(who))
            self.signed_in.add(who)
        return self.turns.acting(who)


@pytest.fixture(scope="module")
def cast(turns: Turns, council: Any) -> Cast:
    return Cast(turns, council)


@pytest.fixture
def browser(turns: Turns) -> Iterator[Any]:
    """The module's browser with no one signed in, for the tests that sign people in."""
    turns.clear()
    yield turns.http
    turns.clear()


@pytest.fixture
async def operator_browser(browser: Any, operator: Any) -> Any:
    """The browser signed in as the test platform operator (what ``client`` is elsewhere)."""
    await sign_in(browser, operator)
    return browser


def recipe_for(recipes: dict[str, Recipe], route: Route) -> Recipe:
    recipe = recipes.get(route.key)
    if recipe is None:
        pytest.fail(
            f"{route.key} (needs {route.permission}) has no request recipe: add one to "
            "tests/integration/auth/authz_recipes.py so the authorisation matrix covers it"
        )
    return recipe


def looks_right(recipe: Recipe, response: Any) -> bool:
    """The recipe's check of a successful body: the parsed JSON, else the response itself."""
    return recipe.looks_right(response.json() if is_json(response) else response)


def expect(outcome: Outcome, recipe: Recipe, route: Route, *, allowed: bool) -> None:
    response = outcome.response
    if allowed:
        assert response.status_code == recipe.success, response.text
        if response.content:
            assert looks_right(recipe, response), response.text
        if outcome.changed is not None:
            assert outcome.changed(), f"{route.key} answered {response.status_code} but no change"
        return
    body = assert_problem(response, 403, "Forbidden")
    assert body["detail"] == f"You do not have permission {route.permission}"
    if outcome.changed is not None:
        assert not outcome.changed(), f"{route.key} was refused but the change happened"


def test_the_matrix_covers_every_route_and_every_recipe_is_used() -> None:
    assert {r.key for r in TENANT_ROUTES} == set(TENANT_RECIPES)
    assert {r.key for r in PLATFORM_ROUTES} == set(PLATFORM_RECIPES)
    assert all(not r.permission.is_platform for r in TENANT_ROUTES)
    assert all(r.permission.is_platform for r in PLATFORM_ROUTES)
    assert {"council_administrator", "council_auditor", "planning_case_officer"} <= set(
        COUNCIL_ROLES
    )
    assert set(PLATFORM_ROLES) == {"platform_operator", "platform_support"}


def test_every_casework_route_is_registered_and_has_a_recipe() -> None:
    """The sub-resource routes (``casework_routes.py``) are all in the app, and the casework
    recipes are exactly theirs."""
    casework = casework_route_keys()
    assert set(CASEWORK_RECIPES) == casework, set(CASEWORK_RECIPES) ^ casework
    assert casework <= {r.key for r in TENANT_ROUTES}, casework - {r.key for r in TENANT_ROUTES}


def test_expectations_read_from_the_registry_are_the_documented_ones() -> None:
    """A spot check that the computed expectations mean what the role descriptions say."""
    needs = {r.key: r.needs for r in TENANT_ROUTES}
    patch_settings = needs["PATCH /api/v1/{tenant:str}/settings"]
    read_settings = needs["GET /api/v1/{tenant:str}/settings"]
    read_audit = needs["GET /api/v1/{tenant:str}/audit"]
    assert patch_settings in COUNCIL_ROLES["council_administrator"]
    assert patch_settings not in COUNCIL_ROLES["council_auditor"]
    assert read_audit in COUNCIL_ROLES["council_auditor"]
    assert read_audit not in COUNCIL_ROLES["planning_case_officer"]
    assert all(read_settings in grants for grants in COUNCIL_ROLES.values())


@pytest.mark.parametrize("role", sorted(COUNCIL_ROLES))
@pytest.mark.parametrize("route", TENANT_ROUTES, ids=route_id)
async def test_council_role_on_tenant_route(
    role: str, route: Route, cast: Cast, council: Any
) -> None:
    recipe = recipe_for(TENANT_RECIPES, route)
    with await cast.acting(role) as http:
        outcome = await recipe.send(http, council)
    expect(outcome, recipe, route, allowed=route.needs in COUNCIL_ROLES[role])


@pytest.mark.parametrize("who", [*sorted(PLATFORM_ROLES), EVERY_COUNCIL_ROLE, NO_ROLE])
@pytest.mark.parametrize("route", PLATFORM_ROUTES, ids=route_id)
async def test_platform_route(who: str, route: Route, cast: Cast, council: Any) -> None:
    recipe = recipe_for(PLATFORM_RECIPES, route)
    with await cast.acting(who) as http:
        outcome = await recipe.send(http, council)
    expect(outcome, recipe, route, allowed=route.needs in PLATFORM_ROLES.get(who, frozenset()))


def test_platform_operator_may_use_every_platform_route() -> None:
    operator = PLATFORM_ROLES["platform_operator"]
    assert [r.key for r in PLATFORM_ROUTES if r.needs not in operator] == []


#: A member of another council: every council role, held in ``council``.
MEMBER_ELSEWHERE = "member-of-another-council"


@pytest.mark.parametrize("who", [MEMBER_ELSEWHERE, NO_ROLE])
@pytest.mark.parametrize("route", TENANT_ROUTES, ids=route_id)
async def test_non_members_get_404_as_if_the_council_did_not_exist(
    who: str, route: Route, cast: Cast, other_council: Any
) -> None:
    recipe = recipe_for(TENANT_RECIPES, route)
    with await cast.acting(EVERY_COUNCIL_ROLE if who == MEMBER_ELSEWHERE else who) as http:
        outcome = await recipe.send(http, other_council)
        ghost = assert_problem(await http.get("/api/v1/no-such-council/settings"), 404)
    body = assert_problem(outcome.response, 404)
    if outcome.changed is not None:
        assert not outcome.changed()
    assert (body["type"], body["title"]) == (ghost["type"], ghost["title"])
    assert body["detail"].replace(other_council.slug, "?") == ghost["detail"].replace(
        "no-such-council", "?"
    )


async def test_platform_support_reads_any_council_and_each_read_is_audited(
    browser: Any, other_council: Any
) -> None:
    support = make_user({None: ["platform_support"]}, name="Support Engineer")
    await sign_in(browser, support)
    since = now()
    paths = []
    for route in (r for r in TENANT_ROUTES if r.method in READ_METHODS):
        recipe = recipe_for(TENANT_RECIPES, route)
        response = (await recipe.send(browser, other_council)).response
        assert response.status_code == recipe.success, (route.key, response.text)
        assert looks_right(recipe, response), (route.key, response.text)
        paths.append(response.request.url.path)
    assert len(paths) >= 4
    entries = audit_entries(
        "operator.read_tenant_data",
        tenant_id=other_council.id,
        actor=f"user:{support.id} <{support.email}>",
        since=since,
    )
    assert sorted(e["detail"]["path"] for e in entries) == sorted(paths)


async def test_platform_support_cannot_change_a_council_and_gets_404(
    browser: Any, other_council: Any
) -> None:
    """404, not 403: guard.py treats anyone with no role in a council as not knowing it exists.
    Platform support's exemption covers only read methods (GET/HEAD/OPTIONS), so a PATCH or
    POST falls through to ``TenantNotFound`` before any permission is looked at."""
    support = make_user({None: ["platform_support"]})
    await sign_in(browser, support)
    since = now()
    for route in (r for r in TENANT_ROUTES if r.method not in READ_METHODS):
        outcome = await recipe_for(TENANT_RECIPES, route).send(browser, other_council)
        body = assert_problem(outcome.response, 404)
        assert other_council.slug in body["detail"]
        assert outcome.changed is not None and not outcome.changed()
    assert audit_entries("operator.read_tenant_data", tenant_id=other_council.id, since=since) == []


async def test_council_administrator_manages_roles_in_their_own_council_only(
    browser: Any, council: Any, other_council: Any
) -> None:
    admin = make_user({council.id: ["council_administrator"]}, name="Council Admin")
    await sign_in(browser, admin)
    since = now()
    email = unique_email("officer")
    granted = await browser.post(
        f"/api/v1/{council.slug}/members",
        json={"email": email, "displayName": "Case Officer", "roles": ["planning_case_officer"]},
    )
    assert granted.status_code == 200, granted.text
    assert granted.json()["roles"] == ["planning_case_officer"]
    assert roles_of_email(email, council.id) == {"planning_case_officer"}
    [entry] = audit_entries("membership.granted", tenant_id=council.id, since=since)
    assert entry["actor"] == f"user:{admin.id} <{admin.email}>"
    assert (entry["detail"]["email"], entry["detail"]["role"]) == (email, "planning_case_officer")

    elsewhere = f"/api/v1/{other_council.slug}/members"
    assert_problem(await browser.get(elsewhere), 404)
    body = {"email": email, "roles": ["council_auditor"]}
    assert_problem(await browser.post(elsewhere, json=body), 404)
    assert roles_of_email(email, other_council.id) == set()

    for roles, pointer in (
        (["platform_operator"], "/roles/0"),
        (["council_auditor", "platform_support"], "/roles/1"),
    ):
        refused = await browser.post(
            f"/api/v1/{council.slug}/members", json={"email": email, "roles": roles}
        )
        problem = assert_problem(refused, 422)
        assert problem["errors"][0]["pointer"] == pointer, problem
        assert "cannot be held in a council" in problem["errors"][0]["detail"]
    assert roles_of_email(email, council.id) == {"planning_case_officer"}
    assert roles_of_email(email, None) == set()
    platform = await browser.post(
        "/api/v1/platform/members", json={"email": email, "roles": ["platform_operator"]}
    )
    assert_problem(platform, 403, "Forbidden")
    assert roles_of_email(email, None) == set()


async def test_granting_no_roles_is_a_422(operator_browser: Any, make_tenant: Any) -> None:
    tenant = make_tenant()
    response = await operator_browser.post(
        f"/api/v1/{tenant.slug}/members", json={"email": unique_email(), "roles": []}
    )
    assert assert_problem(response, 422)["errors"][0]["pointer"] == "/roles"


async def test_overlong_names_are_a_422(operator_browser: Any, make_tenant: Any) -> None:
    tenant = make_tenant()
    member = {"email": unique_email(), "displayName": "d" * 201, "roles": ["council_auditor"]}
    response = await operator_browser.post(f"/api/v1/{tenant.slug}/members", json=member)
    assert assert_problem(response, 422)["errors"][0]["pointer"] == "/displayName"
    response = await operator_browser.post("/api/v1/platform/clients", json={"name": "n" * 201})
    assert assert_problem(response, 422)["errors"][0]["pointer"] == "/name"
