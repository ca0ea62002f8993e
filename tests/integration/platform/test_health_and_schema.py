"""Health probes and the published OpenAPI document."""

from __future__ import annotations

from typing import Any


async def test_health(client: Any) -> None:
    assert (await client.get("/health/live")).json() == {"status": "ok"}
    ready = await client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"postgres": "ok", "redis": "ok"}


async def test_openapi_documents_every_api_route(client: Any) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    assert document["openapi"].startswith("3.1")
    paths = document["paths"]
    for path in (
        "/api/v1/platform/tenants",
        "/api/v1/platform/tenants/{slug}",
        "/api/v1/platform/services",
        "/api/v1/{tenant}/services",
        "/api/v1/{tenant}/settings",
        "/api/v1/{tenant}/audit",
    ):
        assert path in paths, path
    create = paths["/api/v1/platform/tenants"]["post"]
    assert "requestBody" in create


async def test_unknown_route_is_a_problem(client: Any) -> None:
    response = await client.get("/api/v2/nothing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
