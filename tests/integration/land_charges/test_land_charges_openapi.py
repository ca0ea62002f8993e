"""The OpenAPI document for the land charges routes: every operation has a summary, a tag and
its problem+json errors; request bodies are named schemas whose fields carry examples; and every
example shown is valid against the schema it illustrates (the checks planning's routes pass)."""

from __future__ import annotations

from itertools import islice
from typing import Any

import jsonschema_rs
import pytest

pytestmark = pytest.mark.asyncio

PREFIX = "/api/v1/{tenant}/land-charges/"
REF = "#/components/schemas/"
PROBLEM = {"$ref": REF + "ProblemOut"}


@pytest.fixture
async def document(anonymous: Any) -> dict[str, Any]:
    response = await anonymous.get("/schema/openapi.json")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = [
        (f"{method.upper()} {path}", item[method])
        for path, item in document["paths"].items()
        if path.startswith(PREFIX)
        for method in ("get", "put", "post", "patch", "delete")
        if method in item
    ]
    assert len(found) == 17
    return found


def component(document: dict[str, Any], ref: str) -> dict[str, Any]:
    return dict(document["components"]["schemas"][ref.removeprefix(REF)])


def refs_within(document: dict[str, Any], schema: Any, seen: set[str]) -> set[str]:
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref not in seen:
            seen.add(ref)
            refs_within(document, component(document, ref), seen)
        for value in schema.values():
            refs_within(document, value, seen)
    elif isinstance(schema, list):
        for value in schema:
            refs_within(document, value, seen)
    return seen


async def test_every_operation_is_documented(document: dict[str, Any]) -> None:
    faults = []
    for label, operation in operations(document):
        if not operation.get("summary") or not operation.get("tags"):
            faults.append(f"{label}: summary or tag missing")
        errors = {s: r for s, r in operation["responses"].items() if s.startswith("4")}
        if not {"401", "403", "404"} <= errors.keys():
            faults.append(f"{label}: documents {sorted(errors)}")
        for status, response in errors.items():
            schema = (response.get("content") or {}).get("application/problem+json", {})
            if schema.get("schema") != PROBLEM:
                faults.append(f"{label}: {status} is not problem+json")
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body is not None:
            if "422" not in errors:
                faults.append(f"{label}: takes a body but documents no 422")
            ref = body["schema"].get("$ref", "")
            if not ref.startswith(REF):
                faults.append(f"{label}: body is not a named schema")
                continue
            schema = component(document, ref)
            for key in schema.get("required", []):
                prop = schema["properties"][key]
                if "$ref" not in prop and "examples" not in prop:
                    faults.append(f"{label}: {ref} {key} has no example")
    assert faults == [], "\n".join(faults)


async def test_every_example_is_valid_against_its_schema(document: dict[str, Any]) -> None:
    refs: set[str] = set()
    checked: list[tuple[str, dict[str, Any], list[Any]]] = []
    for label, operation in operations(document):
        bodies = [("request", operation.get("requestBody", {}))]
        bodies += list(operation["responses"].items())
        for where, body in bodies:
            for media in (body.get("content") or {}).values():
                schema = media.get("schema", {})
                refs |= refs_within(document, schema, set())
                values = [e["value"] for e in (media.get("examples") or {}).values()]
                values += schema.get("examples", [])
                if values:
                    checked.append((f"{label} {where}", schema, values))
    for ref in sorted(refs):
        for key, prop in component(document, ref).get("properties", {}).items():
            if prop.get("examples"):
                checked.append((f"{ref}.{key}", prop, prop["examples"]))
    faults = []
    for where, schema, values in checked:
        root = {"components": document["components"], **schema}
        validator = jsonschema_rs.Draft202012Validator(root, validate_formats=True)
        for value in values:
            for error in islice(validator.iter_errors(value), 1):
                faults.append(f"{where}: {error.message[:160]}")
    assert faults == [], "\n".join(faults)
    assert len(checked) > 80
