"""How to call each guarded route with a valid request, and how to tell whether a write landed.

The authorisation matrix enumerates the app's tenant and platform routes and looks each one up
here by ``"METHOD path"``; a route without a recipe fails the matrix, so a new route must be
added below before its tests can pass.
"""

from __future__ import annotations

import uuid
from typing import Any

from authz_building_control_recipes import BUILDING_CONTROL_RECIPES
from authz_land_charges_recipes import LAND_CHARGES_RECIPES
from authz_licensing_recipes import LICENSING_RECIPES
from authz_planning_recipes import PLANNING_RECIPES
from authz_rehearsal_recipes import REHEARSAL_RECIPES
from authz_support import (
    MATRIX_SERVICES,
    Outcome,
    Recipe,
    holds,
    roles_of_email,
    stored_settings,
    unique_email,
)
from authz_ten_recipes import TEN_RECIPES
from authz_webhook_recipes import WEBHOOK_RECIPES
from conftest import make_user, unique_gss
from sqlalchemy import select

# --- Tenant routes ------------------------------------------------------------------------------


async def _get(http: Any, url: str) -> Outcome:
    return Outcome(await http.get(url))


async def _patch_settings(http: Any, tenant: Any) -> Outcome:
    phone = f"01632 {uuid.uuid4().int % 10**6:06d}"
    response = await http.patch(
        f"/api/v1/{tenant.slug}/settings", json={"publicContactPhone": phone}
    )
    return Outcome(response, lambda: stored_settings(tenant).get("publicContactPhone") == phone)


async def _grant_member(http: Any, tenant: Any) -> Outcome:
    email = unique_email("invitee")
    body = {"email": email, "displayName": "New Officer", "roles": ["council_auditor"]}
    response = await http.post(f"/api/v1/{tenant.slug}/members", json=body)
    return Outcome(response, lambda: roles_of_email(email, tenant.id) == {"council_auditor"})


async def _revoke_member(http: Any, tenant: Any) -> Outcome:
    target = make_user({tenant.id: ["council_auditor"]}, name="Leaving Officer")
    response = await http.delete(f"/api/v1/{tenant.slug}/members/{target.id}/roles/council_auditor")
    return Outcome(response, lambda: not holds(target.id, tenant.id, "council_auditor"))


TENANT_RECIPES: dict[str, Recipe] = {
    "GET /api/v1/{tenant:str}/settings": Recipe(
        200,
        lambda http, t: _get(http, f"/api/v1/{t.slug}/settings"),
        lambda body: "referenceFormat" in body,
    ),
    "PATCH /api/v1/{tenant:str}/settings": Recipe(
        200, _patch_settings, lambda body: body["publicContactPhone"].startswith("01632")
    ),
    "GET /api/v1/{tenant:str}/audit": Recipe(
        200,
        lambda http, t: _get(http, f"/api/v1/{t.slug}/audit"),
        lambda body: isinstance(body["data"], list) and "pagination" in body,
    ),
    "GET /api/v1/{tenant:str}/services": Recipe(
        200,
        lambda http, t: _get(http, f"/api/v1/{t.slug}/services"),
        lambda body: [s["code"] for s in body] == sorted(MATRIX_SERVICES),
    ),
    "GET /api/v1/{tenant:str}/members": Recipe(
        200,
        lambda http, t: _get(http, f"/api/v1/{t.slug}/members"),
        lambda body: isinstance(body, list) and all("roles" in m for m in body),
    ),
    "POST /api/v1/{tenant:str}/members": Recipe(
        200, _grant_member, lambda body: body["roles"] == ["council_auditor"] and body["invited"]
    ),
    "DELETE /api/v1/{tenant:str}/members/{user_id:uuid}/roles/{role:str}": Recipe(
        204, _revoke_member
    ),
}


# --- Platform routes ----------------------------------------------------------------------------

PLATFORM = "/api/v1/platform"


def _tenant_named(slug: str) -> Any:
    from tenancy.binding import platform_session_sync
    from tenancy.models import Tenant

    with platform_session_sync() as session:
        row = session.scalars(select(Tenant).where(Tenant.slug == slug)).one_or_none()
        return None if row is None else (row.name, row.status)


async def _create_tenant(http: Any, _tenant: Any) -> Outcome:
    slug = f"made-{uuid.uuid4().hex[:6]}"
    body = {
        "slug": slug,
        "name": "Made Through The Matrix",
        "gssCode": unique_gss(),
        "kind": "district",
        "enabledServices": ["planning"],
    }
    response = await http.post(f"{PLATFORM}/tenants", json=body)
    return Outcome(response, lambda: _tenant_named(slug) is not None)


async def _rename_tenant(http: Any, tenant: Any) -> Outcome:
    name = f"Renamed {uuid.uuid4().hex[:6]}"
    response = await http.patch(f"{PLATFORM}/tenants/{tenant.slug}", json={"name": name})
    return Outcome(response, lambda: _tenant_named(tenant.slug)[0] == name)


async def _grant_in_council(http: Any, tenant: Any) -> Outcome:
    email = unique_email("operator-grant")
    body = {"email": email, "roles": ["council_auditor"]}
    response = await http.post(f"{PLATFORM}/tenants/{tenant.slug}/members", json=body)
    return Outcome(response, lambda: roles_of_email(email, tenant.id) == {"council_auditor"})


async def _grant_platform(http: Any, _tenant: Any) -> Outcome:
    email = unique_email("support")
    response = await http.post(
        f"{PLATFORM}/members", json={"email": email, "roles": ["platform_support"]}
    )
    return Outcome(response, lambda: roles_of_email(email, None) == {"platform_support"})


def _provider(tenant: Any) -> Any:
    from tenancy.binding import platform_session_sync
    from tenancy.principals import IdentityProvider

    with platform_session_sync() as session:
        row = session.get(IdentityProvider, tenant.id)
        return None if row is None else row.issuer


async def _show_provider(http: Any, tenant: Any) -> Outcome:
    from tenancy.binding import platform_session_sync
    from tenancy.principals import IdentityProvider

    with platform_session_sync() as session:
        session.merge(
            IdentityProvider(
                tenant_id=tenant.id,
                issuer="https://login.example.gov.uk",
                client_id="vesta",
                client_secret_ref="env:OIDC_SECRET",
                allowed_email_domains=["example.gov.uk"],
                display_name="Example sign-in",
            )
        )
    return Outcome(await http.get(f"{PLATFORM}/tenants/{tenant.slug}/identity-provider"))


async def _set_provider(http: Any, tenant: Any) -> Outcome:
    issuer = f"https://login-{uuid.uuid4().hex[:6]}.example.gov.uk"
    body = {"issuer": issuer, "clientId": "vesta", "clientSecretRef": "env:OIDC_SECRET"}
    response = await http.put(f"{PLATFORM}/tenants/{tenant.slug}/identity-provider", json=body)
    return Outcome(response, lambda: _provider(tenant) == issuer)


def _client_row(client_id: str) -> Any:
    from tenancy.binding import platform_session_sync
    from tenancy.principals import ApiClient

    with platform_session_sync() as session:
        row = session.scalars(select(ApiClient).where(ApiClient.client_id == client_id)).one()
        return row.secret_hash, row.revoked_at


def _new_client(tenant: Any) -> str:
    from app.auth.clients import create_client

    issued = create_client(
        name="matrix client", tenant_slug=tenant.slug, services=[], can_write=False, actor="test"
    )
    return issued.client.client_id


async def _create_client(http: Any, tenant: Any) -> Outcome:
    name = f"matrix {uuid.uuid4().hex[:6]}"
    body = {"name": name, "tenant": tenant.slug, "services": ["planning"]}
    response = await http.post(f"{PLATFORM}/clients", json=body)

    def landed() -> bool:
        from app.auth.clients import list_clients

        return any(c.name == name for c, _ in list_clients(tenant.slug))

    return Outcome(response, landed)


async def _rotate_client(http: Any, tenant: Any) -> Outcome:
    client_id = _new_client(tenant)
    before = _client_row(client_id)[0]
    response = await http.post(f"{PLATFORM}/clients/{client_id}/rotate")
    return Outcome(response, lambda: _client_row(client_id)[0] != before)


async def _revoke_client(http: Any, tenant: Any) -> Outcome:
    client_id = _new_client(tenant)
    response = await http.post(f"{PLATFORM}/clients/{client_id}/revoke")
    return Outcome(response, lambda: _client_row(client_id)[1] is not None)


# --- Reorganisations: each recipe builds the plan it needs directly, in the state it needs ---

REORGS = f"{PLATFORM}/reorganisations"


def _reorg_in(state: str) -> str:
    """A merge of two new, empty councils, taken to ``state`` (planned, copied or verified)."""
    import datetime as dt

    from authz_support import new_tenant

    from tenancy.reorg import engine, verify
    from tenancy.reorg.plan import plan_merge

    sources = [new_tenant("reorg-src", services=("planning",)).slug for _ in range(2)]
    reorg = plan_merge(
        name=f"matrix {uuid.uuid4().hex[:8]}",
        vesting_date=dt.date(2027, 4, 1),
        sources=sources,
        into=f"reorg-into-{uuid.uuid4().hex[:6]}",
        successor_name="Matrix Unitary",
        gss_code=unique_gss("E06"),
        actor="test",
    )
    if state in ("copied", "verified"):
        engine.run(reorg.id, actor="test")
    if state == "verified":
        verify.verify(reorg.id, actor="test")
    return str(reorg.id)


def _reorg_row(key: str) -> Any:
    from tenancy.binding import platform_session_sync
    from tenancy.reorg.plan import get_reorganisation

    with platform_session_sync() as session:
        return get_reorganisation(session, key)


async def _plan_merge(http: Any, _tenant: Any) -> Outcome:
    from authz_support import new_tenant

    name = f"matrix plan {uuid.uuid4().hex[:8]}"
    body = {
        "name": name,
        "vestingDate": "2027-04-01",
        "merge": [new_tenant("reorg-src", services=("planning",)).slug for _ in range(2)],
        "into": f"reorg-into-{uuid.uuid4().hex[:6]}",
        "successorName": "Matrix Unitary",
        "gssCode": unique_gss("E06"),
    }
    response = await http.post(REORGS, json=body)

    def landed() -> bool:
        from tenancy.reorg.errors import ReorganisationNotFound

        try:
            return _reorg_row(name) is not None
        except ReorganisationNotFound:
            return False

    return Outcome(response, landed)


def _reorg_step(step: str, state: str, landed: Any) -> Any:
    async def send(http: Any, _tenant: Any) -> Outcome:
        key = _reorg_in(state)
        response = await http.post(f"{REORGS}/{key}/{step}")
        return Outcome(response, lambda: landed(_reorg_row(key)))

    return send


async def _allocate(http: Any, _tenant: Any) -> Outcome:
    """A split of a new, empty council (planned); the operator names the default target."""
    import datetime as dt

    from authz_support import new_tenant

    from tenancy.binding import platform_session_sync
    from tenancy.reorg.plan import transfers_of
    from tenancy.reorg.plan_split import NewTarget, plan_split

    into = f"reorg-part-{uuid.uuid4().hex[:6]}"
    reorg = plan_split(
        name=f"matrix split {uuid.uuid4().hex[:8]}",
        vesting_date=dt.date(2027, 4, 1),
        source=new_tenant("reorg-src", services=("planning",)).slug,
        by_wards={into: {"wards": ["E05020101"], "parishes": []}},
        create=[NewTarget(into, "Matrix Part", unique_gss("E06"))],
        actor="test",
    )
    response = await http.post(f"{REORGS}/{reorg.id}/allocations", json={"default": into})

    def landed() -> bool:
        with platform_session_sync() as session:
            return bool(transfers_of(session, reorg.id)[0].selector.get("default"))

    return Outcome(response, landed)


async def _show_reorg(http: Any, _tenant: Any) -> Outcome:
    return Outcome(await http.get(f"{REORGS}/{_reorg_in('planned')}"))


PLATFORM_RECIPES: dict[str, Recipe] = {
    "GET /api/v1/platform/services": Recipe(
        200,
        lambda http, t: _get(http, f"{PLATFORM}/services"),
        lambda body: "planning" in [s["code"] for s in body],
    ),
    "GET /api/v1/platform/tenants": Recipe(
        200,
        lambda http, t: _get(http, f"{PLATFORM}/tenants"),
        lambda body: body["pagination"]["totalResults"] >= 1,
    ),
    "POST /api/v1/platform/tenants": Recipe(
        201, _create_tenant, lambda body: body["status"] == "active"
    ),
    "GET /api/v1/platform/tenants/{slug:str}": Recipe(
        200,
        lambda http, t: _get(http, f"{PLATFORM}/tenants/{t.slug}"),
        lambda body: body["gssCode"].startswith("E07"),
    ),
    "PATCH /api/v1/platform/tenants/{slug:str}": Recipe(
        200, _rename_tenant, lambda body: body["name"].startswith("Renamed ")
    ),
    "GET /api/v1/platform/tenants/{slug:str}/audit": Recipe(
        200,
        lambda http, t: _get(http, f"{PLATFORM}/tenants/{t.slug}/audit"),
        lambda body: body["pagination"]["totalResults"] >= 1,
    ),
    "POST /api/v1/platform/tenants/{slug:str}/members": Recipe(
        200, _grant_in_council, lambda body: body["roles"] == ["council_auditor"]
    ),
    "GET /api/v1/platform/tenants/{slug:str}/identity-provider": Recipe(
        200, _show_provider, lambda body: body["issuer"] == "https://login.example.gov.uk"
    ),
    "PUT /api/v1/platform/tenants/{slug:str}/identity-provider": Recipe(
        200, _set_provider, lambda body: body["clientSecretRef"] == "env:OIDC_SECRET"
    ),
    "GET /api/v1/platform/members": Recipe(
        200,
        lambda http, t: _get(http, f"{PLATFORM}/members"),
        lambda body: any("platform_operator" in m["roles"] for m in body),
    ),
    "POST /api/v1/platform/members": Recipe(
        200, _grant_platform, lambda body: body["roles"] == ["platform_support"]
    ),
    "GET /api/v1/platform/clients": Recipe(
        200, lambda http, t: _get(http, f"{PLATFORM}/clients"), lambda body: isinstance(body, list)
    ),
    "POST /api/v1/platform/clients": Recipe(
        201, _create_client, lambda body: body["clientSecret"] and body["services"] == ["planning"]
    ),
    "POST /api/v1/platform/clients/{client_id:str}/rotate": Recipe(
        200, _rotate_client, lambda body: bool(body["clientSecret"])
    ),
    "POST /api/v1/platform/clients/{client_id:str}/revoke": Recipe(
        200, _revoke_client, lambda body: body["revokedAt"] is not None
    ),
    "GET /api/v1/platform/reorganisations": Recipe(
        200, lambda http, t: _get(http, REORGS), lambda body: isinstance(body, list)
    ),
    "POST /api/v1/platform/reorganisations": Recipe(
        201, _plan_merge, lambda body: body["status"] == "planned" and len(body["transfers"]) == 2
    ),
    "GET /api/v1/platform/reorganisations/{key:str}": Recipe(
        200, _show_reorg, lambda body: body["status"] == "planned"
    ),
    "POST /api/v1/platform/reorganisations/{key:str}/dry-run": Recipe(
        200,
        _reorg_step("dry-run", "planned", lambda r: r.dry_run_at is not None),
        lambda body: len(body["rows"]) == 2,
    ),
    "POST /api/v1/platform/reorganisations/{key:str}/allocations": Recipe(
        200, _allocate, lambda body: body["transfers"][0]["selector"].get("default") is True
    ),
    "POST /api/v1/platform/reorganisations/{key:str}/run": Recipe(
        202,
        _reorg_step("run", "planned", lambda r: r.status == "copied"),
        lambda body: body["status"] in ("planned", "running", "copied"),
    ),
    "POST /api/v1/platform/reorganisations/{key:str}/verify": Recipe(
        200,
        _reorg_step("verify", "copied", lambda r: r.verified_at is not None),
        lambda body: body["ok"] is True,
    ),
    "POST /api/v1/platform/reorganisations/{key:str}/cut-over": Recipe(
        200,
        _reorg_step("cut-over", "verified", lambda r: r.status == "cut_over"),
        lambda body: body["status"] == "cut_over",
    ),
    "POST /api/v1/platform/reorganisations/{key:str}/rollback": Recipe(
        200,
        _reorg_step("rollback", "copied", lambda r: r.status == "rolled_back"),
        lambda body: body["status"] == "rolled_back",
    ),
}

TENANT_RECIPES.update(PLANNING_RECIPES)  # the planning routes and the worklist
TENANT_RECIPES.update(BUILDING_CONTROL_RECIPES)
TENANT_RECIPES.update(LICENSING_RECIPES)
TENANT_RECIPES.update(TEN_RECIPES)
TENANT_RECIPES.update(LAND_CHARGES_RECIPES)
TENANT_RECIPES.update(WEBHOOK_RECIPES)  # the council's webhook subscriptions
PLATFORM_RECIPES.update(REHEARSAL_RECIPES)  # the dress-rehearsal routes
