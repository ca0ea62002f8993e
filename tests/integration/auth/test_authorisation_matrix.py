"""The authorisation matrix: every role against every guarded route, expectations computed from
the registry (the route's declared ``opt["permission"]`` versus the role's grants).

The routes are enumerated from the real app and the roles from the service registry, so a new
route or role extends the matrix by itself; a route without a request recipe in
``authz_recipes.py`` fails loudly. Also here: non-members get 404 (never 403), platform routes
refuse council users, platform support reads any council (audited) but writes nothing, and a
council administrator manages roles in their own council only.
"""

from __future__ import annotations

from typing import Any

import pytest
from authz_recipes import PLATFORM_RECIPES, TENANT_RECIPES, Outcome, Recipe
from authz_support import (
    READ_METHODS,
    Route,
    assert_problem,
    audit_entries,
    council_roles,
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


def recipe_for(recipes: dict[str, Recipe], route: Route) -> Recipe:
    recipe = recipes.get(route.key)
    if recipe is None:
        pytest.fail(
            f"{route.key} (needs {route.permission}) has no request recipe: add one to "
            "tests/integration/auth/authz_recipes.py so the authorisation matrix covers it"
        )
    return recipe


def expect(outcome: Outcome, recipe: Recipe, route: Route, *, allowed: bool) -> None:
    response = outcome.response
    if allowed:
        assert response.status_code == recipe.success, response.text
        if response.content:
            assert recipe.looks_right(response.json()), response.text
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
    role: str, route: Route, anonymous: Any, council: Any
) -> None:
    recipe = recipe_for(TENANT_RECIPES, route)
    await sign_in(anonymous, make_user({council.id: [role]}))
    outcome = await recipe.send(anonymous, council)
    expect(outcome, recipe, route, allowed=route.needs in COUNCIL_ROLES[role])


@pytest.mark.parametrize("who", [*sorted(PLATFORM_ROLES), EVERY_COUNCIL_ROLE, NO_ROLE])
@pytest.mark.parametrize("route", PLATFORM_ROUTES, ids=route_id)
async def test_platform_route(who: str, route: Route, anonymous: Any, council: Any) -> None:
    recipe = recipe_for(PLATFORM_RECIPES, route)
    if who in PLATFORM_ROLES:
        user = make_user({None: [who]})
    elif who == EVERY_COUNCIL_ROLE:
        user = make_user({council.id: sorted(COUNCIL_ROLES)})
    else:
        user = make_user()
    await sign_in(anonymous, user)
    outcome = await recipe.send(anonymous, council)
    expect(outcome, recipe, route, allowed=route.needs in PLATFORM_ROLES.get(who, frozenset()))


def test_platform_operator_may_use_every_platform_route() -> None:
    operator = PLATFORM_ROLES["platform_operator"]
    assert [r.key for r in PLATFORM_ROUTES if r.needs not in operator] == []


@pytest.mark.parametrize("who", ["member-of-another-council", NO_ROLE])
@pytest.mark.parametrize("route", TENANT_ROUTES, ids=route_id)
async def test_non_members_get_404_as_if_the_council_did_not_exist(
    who: str, route: Route, anonymous: Any, council: Any, other_council: Any
) -> None:
    recipe = recipe_for(TENANT_RECIPES, route)
    roles = {council.id: sorted(COUNCIL_ROLES)} if who != NO_ROLE else {}
    await sign_in(anonymous, make_user(roles))
    outcome = await recipe.send(anonymous, other_council)
    body = assert_problem(outcome.response, 404)
    if outcome.changed is not None:
        assert not outcome.changed()
    ghost = assert_problem(await anonymous.get("/api/v1/no-such-council/settings"), 404)
    assert (body["type"], body["title"]) == (ghost["type"], ghost["title"])
    assert body["detail"].replace(other_council.slug, "?") == ghost["detail"].replace(
        "no-such-council", "?"
    )


async def test_platform_support_reads_any_council_and_each_read_is_audited(
    anonymous: Any, other_council: Any
) -> None:
    support = make_user({None: ["platform_support"]}, name="Support Engineer")
    await sign_in(anonymous, support)
    since = now()
    paths = []
    for route in (r for r in TENANT_ROUTES if r.method in READ_METHODS):
        recipe = recipe_for(TENANT_RECIPES, route)
        response = (await recipe.send(anonymous, other_council)).response
        assert response.status_code == recipe.success, (route.key, response.text)
        assert recipe.looks_right(response.json())
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
    anonymous: Any, other_council: Any
) -> None:
    """404, not 403: guard.py treats anyone with no role in a council as not knowing it exists.
    Platform support's exemption covers only read methods (GET/HEAD/OPTIONS), so a PATCH or
    POST falls through to ``TenantNotFound`` before any permission is looked at."""
    support = make_user({None: ["platform_support"]})
    await sign_in(anonymous, support)
    since = now()
    for route in (r for r in TENANT_ROUTES if r.method not in READ_METHODS):
        outcome = await recipe_for(TENANT_RECIPES, route).send(anonymous, other_council)
        body = assert_problem(outcome.response, 404)
        assert other_council.slug in body["detail"]
        assert outcome.changed is not None and not outcome.changed()
    assert audit_entries("operator.read_tenant_data", tenant_id=other_council.id, since=since) == []


async def test_council_administrator_manages_roles_in_their_own_council_only(
    anonymous: Any, council: Any, other_council: Any
) -> None:
    admin = make_user({council.id: ["council_administrator"]}, name="Council Admin")
    await sign_in(anonymous, admin)
    since = now()
    email = unique_email("officer")
    granted = await anonymous.post(
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
    assert_problem(await anonymous.get(elsewhere), 404)
    body = {"email": email, "roles": ["council_auditor"]}
    assert_problem(await anonymous.post(elsewhere, json=body), 404)
    assert roles_of_email(email, other_council.id) == set()

    for roles, pointer in (
        (["platform_operator"], "/roles/0"),
        (["council_auditor", "platform_support"], "/roles/1"),
    ):
        refused = await anonymous.post(
            f"/api/v1/{council.slug}/members", json={"email": email, "roles": roles}
        )
        problem = assert_problem(refused, 422)
        assert problem["errors"][0]["pointer"] == pointer, problem
        assert "cannot be held in a council" in problem["errors"][0]["detail"]
    assert roles_of_email(email, council.id) == {"planning_case_officer"}
    assert roles_of_email(email, None) == set()
    platform = await anonymous.post(
        "/api/v1/platform/members", json={"email": email, "roles": ["platform_operator"]}
    )
    assert_problem(platform, 403, "Forbidden")
    assert roles_of_email(email, None) == set()


async def test_granting_no_roles_is_a_422(client: Any, make_tenant: Any) -> None:
    tenant = make_tenant()
    response = await client.post(
        f"/api/v1/{tenant.slug}/members", json={"email": unique_email(), "roles": []}
    )
    assert assert_problem(response, 422)["errors"][0]["pointer"] == "/roles"


async def test_overlong_names_are_a_422(client: Any, make_tenant: Any) -> None:
    tenant = make_tenant()
    member = {"email": unique_email(), "displayName": "d" * 201, "roles": ["council_auditor"]}
    response = await client.post(f"/api/v1/{tenant.slug}/members", json=member)
    assert assert_problem(response, 422)["errors"][0]["pointer"] == "/displayName"
    response = await client.post("/api/v1/platform/clients", json={"name": "n" * 201})
    assert assert_problem(response, 422)["errors"][0]["pointer"] == "/name"
