"""The operator API for tenants: create, list, show, patch, with problem+json on bad input."""

from __future__ import annotations

import uuid
from typing import Any

from conftest import unique_gss
from sqlalchemy import select

from tenancy.binding import platform_session_sync
from tenancy.models import PlatformAuditEntry, Tenant


def new_tenant_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "slug": f"vale-{uuid.uuid4().hex[:8]}",
        "name": "Vale of Test District Council",
        "gssCode": unique_gss(),
        "kind": "district",
        "enabledServices": ["planning", "licensing"],
        "vestingDate": "2027-04-01",
    }
    return {**body, **overrides}


def audit_actions(slug: str) -> list[str]:
    with platform_session_sync() as session:
        tenant_id = session.scalars(select(Tenant.id).where(Tenant.slug == slug)).one()
        return list(
            session.scalars(
                select(PlatformAuditEntry.action)
                .where(PlatformAuditEntry.tenant_id == tenant_id)
                .order_by(PlatformAuditEntry.at)
            )
        )


async def test_create_show_and_list_a_tenant(client: Any) -> None:
    body = new_tenant_body()
    created = await client.post("/api/v1/platform/tenants", json=body)
    assert created.status_code == 201, created.text
    tenant = created.json()
    assert created.headers["location"] == f"/api/v1/platform/tenants/{body['slug']}"
    assert tenant["status"] == "active"
    assert tenant["enabledServices"] == ["licensing", "planning"]
    assert tenant["schemaName"].startswith("t_") and body["slug"] not in tenant["schemaName"]
    assert tenant["vestingDate"] == "2027-04-01"

    shown = await client.get(f"/api/v1/platform/tenants/{body['slug']}")
    assert shown.json()["id"] == tenant["id"]

    slugs: list[str] = []
    page, pages = 1, 1
    while page <= pages:  # other tests' councils share the list, ordered by slug
        params = {"resultsPerPage": 100, "page": page}
        listed = await client.get("/api/v1/platform/tenants", params=params)
        assert listed.status_code == 200
        slugs += [t["slug"] for t in listed.json()["data"]]
        pages = listed.json()["pagination"]["totalPages"]
        page += 1
    assert body["slug"] in slugs
    assert listed.json()["pagination"]["totalResults"] == len(slugs)
    assert audit_actions(body["slug"]) == ["tenant.created", "tenant.status_changed"]


async def test_new_tenant_answers_on_its_own_routes(client: Any, operator: Any) -> None:
    body = new_tenant_body()
    await client.post("/api/v1/platform/tenants", json=body)
    hidden = await client.get(f"/api/v1/{body['slug']}/settings")
    assert hidden.status_code == 404  # the operator holds no role in the new council yet
    granted = await client.post(
        f"/api/v1/platform/tenants/{body['slug']}/members",
        json={"email": operator.email, "roles": ["council_administrator"]},
    )
    assert granted.status_code == 200, granted.text
    settings = await client.get(f"/api/v1/{body['slug']}/settings")
    assert settings.status_code == 200
    assert settings.json()["referenceFormat"] == "YY/NNNNN/SUFFIX"
    services = await client.get(f"/api/v1/{body['slug']}/services")
    assert [s["code"] for s in services.json()] == ["licensing", "planning"]


async def test_list_filters_by_status_and_paginates(client: Any, make_tenant: Any) -> None:
    first, second = make_tenant(), make_tenant()
    await client.patch(f"/api/v1/platform/tenants/{first.slug}", json={"status": "read_only"})
    read_only = await client.get(
        "/api/v1/platform/tenants", params={"status": "read_only", "resultsPerPage": 100}
    )
    slugs = [t["slug"] for t in read_only.json()["data"]]
    assert first.slug in slugs and second.slug not in slugs
    page = await client.get("/api/v1/platform/tenants", params={"resultsPerPage": 1, "page": 2})
    assert len(page.json()["data"]) == 1
    assert page.json()["pagination"]["currentPage"] == 2


async def test_invalid_body_is_422_with_pointers_and_creates_nothing(client: Any) -> None:
    body = new_tenant_body(gssCode="X123", kind="parish")
    response = await client.post("/api/v1/platform/tenants", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    pointers = {e["pointer"] for e in response.json()["errors"]}
    assert pointers & {"/gssCode", "/kind"}
    missing = await client.get(f"/api/v1/platform/tenants/{body['slug']}")
    assert missing.status_code == 404


async def test_bad_slug_and_unknown_service_point_at_the_field(client: Any) -> None:
    bad_slug = await client.post("/api/v1/platform/tenants", json=new_tenant_body(slug="Bad Slug"))
    assert bad_slug.status_code == 422
    assert bad_slug.json()["errors"][0]["pointer"] == "/slug"
    reserved = await client.post("/api/v1/platform/tenants", json=new_tenant_body(slug="platform"))
    assert reserved.status_code == 422
    unknown = await client.post(
        "/api/v1/platform/tenants",
        json=new_tenant_body(enabledServices=["planning", "parking"]),
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["pointer"] == "/enabledServices/1"
    assert "parking" in unknown.json()["detail"]


async def test_duplicate_slug_or_gss_code_is_a_409(client: Any) -> None:
    body = new_tenant_body()
    assert (await client.post("/api/v1/platform/tenants", json=body)).status_code == 201
    again = await client.post("/api/v1/platform/tenants", json=new_tenant_body(slug=body["slug"]))
    assert again.status_code == 409
    assert again.json()["errors"][0]["pointer"] == "/slug"
    same_code = await client.post(
        "/api/v1/platform/tenants", json=new_tenant_body(gssCode=body["gssCode"])
    )
    assert same_code.status_code == 409
    assert same_code.json()["errors"][0]["pointer"] == "/gssCode"


async def test_enabling_and_disabling_services_is_audited(client: Any, make_tenant: Any) -> None:
    tenant = make_tenant(services=("planning",))
    response = await client.patch(
        f"/api/v1/platform/tenants/{tenant.slug}",
        json={"enabledServices": ["land_charges", "building_control"]},
    )
    assert response.status_code == 200
    assert response.json()["enabledServices"] == ["building_control", "land_charges"]
    audit = await client.get(f"/api/v1/platform/tenants/{tenant.slug}/audit")
    change = next(e for e in audit.json()["data"] if e["action"] == "tenant.services_changed")
    assert change["detail"] == {
        "enabled": ["building_control", "land_charges"],
        "disabled": ["planning"],
    }


async def test_status_rules(client: Any, make_tenant: Any) -> None:
    tenant = make_tenant()
    path = f"/api/v1/platform/tenants/{tenant.slug}"
    assert (await client.patch(path, json={"status": "read_only"})).json()["status"] == "read_only"
    assert (await client.patch(path, json={"status": "active"})).json()["status"] == "active"
    retired = await client.patch(path, json={"status": "retired"})
    assert retired.json()["status"] == "retired"
    assert retired.json()["retirementDate"] is not None
    back = await client.patch(path, json={"status": "active"})
    assert back.status_code == 409
    assert "retired" in back.json()["detail"] and "allowed: none" in back.json()["detail"]
    provisioning = await client.patch(path, json={"status": "provisioning"})
    assert provisioning.status_code == 409


async def test_read_only_tenant_reads_but_refuses_writes(client: Any, make_tenant: Any) -> None:
    tenant = make_tenant()
    await client.patch(f"/api/v1/platform/tenants/{tenant.slug}", json={"status": "read_only"})
    assert (await client.get(f"/api/v1/{tenant.slug}/settings")).status_code == 200
    write = await client.patch(
        f"/api/v1/{tenant.slug}/settings", json={"publicContactEmail": "a@b.example"}
    )
    assert write.status_code == 423
    assert write.headers["content-type"].startswith("application/problem+json")
    await client.patch(f"/api/v1/platform/tenants/{tenant.slug}", json={"status": "active"})
    settings = await client.get(f"/api/v1/{tenant.slug}/settings")
    assert settings.json()["publicContactEmail"] is None


async def test_provisioning_tenant_is_locked(client: Any, make_tenant: Any) -> None:
    tenant = make_tenant(activate=False)
    response = await client.get(f"/api/v1/{tenant.slug}/settings")
    assert response.status_code == 423
    assert "provisioned" in response.json()["detail"]


async def test_unknown_and_malformed_tenants_are_problems(client: Any) -> None:
    unknown = await client.get("/api/v1/no-such-council/settings")
    assert unknown.status_code == 404
    assert unknown.json()["title"] == "Tenant not found"
    malformed = await client.get("/api/v1/DROP%20SCHEMA/settings")
    assert malformed.status_code == 400
    assert malformed.json()["errors"] == [
        {"parameter": "tenant", "detail": "not a valid tenant slug"}
    ]
    assert (await client.get("/api/v1/platform/tenants/nobody")).status_code == 404


async def test_registry_listing(client: Any) -> None:
    response = await client.get("/api/v1/platform/services")
    assert response.status_code == 200
    codes = [s["code"] for s in response.json()]
    assert codes == ["building_control", "land_charges", "licensing", "planning"]
    planning = next(s for s in response.json() if s["code"] == "planning")
    assert any(c["referenceSuffix"] == "HOUSE" for c in planning["caseTypes"])
    assert planning["roles"] and planning["permissions"]
