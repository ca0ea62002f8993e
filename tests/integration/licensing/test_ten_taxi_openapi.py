"""The OpenAPI document for the temporary event notice and taxi routes: every operation has a
summary, a tag and problem responses, and every request body is a named schema of its own
(no name shared with another service's, which Litestar would rename by module)."""

from __future__ import annotations

from typing import Any

SCOPE = ("/api/v1/{tenant}/licensing/temporary-event", "/api/v1/{tenant}/licensing/taxi-")


async def test_operations_are_documented(anonymous: Any) -> None:
    document = (await anonymous.get("/schema/openapi.json")).json()
    operations = [
        (f"{method} {path}", op)
        for path, item in document["paths"].items()
        if path.startswith(SCOPE)
        for method, op in item.items()
        if method in ("get", "post")
    ]
    assert len(operations) == 23
    for name, op in operations:
        assert op.get("summary"), name
        assert op.get("tags"), name
        assert any(code.startswith("4") for code in op["responses"]), name
        body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
        ref = body.get("schema", {}).get("$ref", "")
        if body:
            schema = ref.removeprefix("#/components/schemas/")
            assert schema.startswith(("Ten", "Taxi", "TemporaryEvent")), (name, ref)
            component = document["components"]["schemas"][schema]
            for field, spec in component["properties"].items():
                nested = spec.get("$ref") or spec.get("oneOf") or spec.get("items")
                assert "examples" in spec or nested, (schema, field)
