"""The OpenAPI document for the licence application and licence register routes: each has a
summary, a tag and its problem+json errors; request bodies are named schemas whose required
fields carry examples; and every example shown is valid against its schema."""

from __future__ import annotations

import re
from itertools import islice
from typing import Any

import jsonschema_rs
import pytest

SCOPE = re.compile(r"^/api/v1/\{tenant\}/licensing/(applications|licences)(/|$)")
REF = "#/components/schemas/"
PROBLEM = {"$ref": REF + "ProblemOut"}


@pytest.fixture
async def document(anonymous: Any) -> dict[str, Any]:
    response = await anonymous.get("/schema/openapi.json")
    assert response.status_code == 200, response.text
    return dict(response.json())


def operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = [
        (f"{method.upper()} {path}", item[method])
        for path, item in document["paths"].items()
        if SCOPE.match(path)
        for method in ("get", "put", "post", "patch", "delete")
        if method in item
    ]
    assert len(found) == 26
    return found


def component(document: dict[str, Any], ref: str) -> dict[str, Any]:
    return dict(document["components"]["schemas"][ref.removeprefix(REF)])


def unexampled(document: dict[str, Any], ref: str) -> list[str]:
    schema = component(document, ref)
    properties = schema.get("properties", {})
    missing = []
    for key in schema.get("required", []):
        prop = properties[key]
        if "$ref" in prop:
            missing += unexampled(document, prop["$ref"])
        elif "examples" not in prop:
            missing.append(f"{ref.removeprefix(REF)}.{key}")
    return missing


async def test_every_operation_is_documented(document: dict[str, Any]) -> None:
    faults = []
    for label, operation in operations(document):
        if not operation.get("summary") or not operation.get("tags"):
            faults.append(f"{label}: no summary or tag")
        errors = {s: r for s, r in operation["responses"].items() if s.startswith("4")}
        if not {"401", "403", "404"} <= errors.keys():
            faults.append(f"{label}: documents {sorted(errors)}")
        for status, response in errors.items():
            schema = (response.get("content") or {}).get("application/problem+json", {})
            if schema.get("schema") != PROBLEM:
                faults.append(f"{label}: {status} is not a problem")
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body is not None:
            if "422" not in errors:
                faults.append(f"{label}: takes a body but documents no 422")
            ref = body["schema"].get("$ref")
            if ref is None:
                faults.append(f"{label}: body is not a named schema")
            else:
                faults += [f"{label}: no example for {m}" for m in unexampled(document, ref)]
    assert faults == []


async def test_every_example_is_valid_against_its_schema(document: dict[str, Any]) -> None:
    refs: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and ref not in refs:
                refs.add(ref)
                walk(component(document, ref))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk([operation for _, operation in operations(document)])
    faults, checked = [], 0
    for ref in sorted(refs):
        for key, prop in component(document, ref).get("properties", {}).items():
            root = {"components": document["components"], **prop}
            validator = jsonschema_rs.Draft202012Validator(root, validate_formats=True)
            for value in prop.get("examples", []):
                checked += 1
                faults += [
                    f"{ref}.{key}: {error.message[:120]}"
                    for error in islice(validator.iter_errors(value), 1)
                ]
    assert faults == []
    assert checked > 100
