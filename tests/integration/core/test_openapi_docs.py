"""The OpenAPI document (``/schema/openapi.json``) for the four services' APIs, the worklist,
site history and the operator's reorganisation routes.

Every route under ``/api/v1/{tenant}/`` of planning, building control, licensing and land
charges, ``…/cases``, ``…/sites/{uprn}`` and ``/api/v1/platform/reorganisations`` is documented
with a summary, a tag and its problem+json error responses; a request body is a named component
schema (not a bare object) whose required fields carry examples; every example in the document
for these routes is valid against the schema it illustrates; the two documented ways of
registering an application are accepted by the API; and a reorganisation's responses, from plan
to verification, are valid against the schemas the document gives them. Each test reports every
offending operation, so a route added without its documentation fails with a list of what it
lacks.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator
from itertools import islice
from typing import Any

import jsonschema_rs
import pytest
from conftest import unique_gss
from litestar.routes import HTTPRoute

from app.api.planning.examples import ODP_SUBMISSION, OFFICER_ENTERED
from app.api.platform_reorg_schemas import MERGE
from app.api.platform_reorg_views import describe

pytestmark = pytest.mark.asyncio

SCOPE = re.compile(
    r"^/api/v1/\{tenant\}/(planning/|building-control/|licensing/|land-charges/|cases$|sites/"
    r"|webhooks)"
    r"|^/api/v1/platform/reorganisations"
)
REORGS = "/api/v1/platform/reorganisations"
METHODS = ("get", "put", "post", "patch", "delete")
PROBLEM_JSON = "application/problem+json"
JSON_BODIES = ("application/json", "multipart/form-data")
REF = "#/components/schemas/"

Operation = tuple[str, dict[str, Any]]


@pytest.fixture
async def document(anonymous: Any) -> dict[str, Any]:
    response = await anonymous.get("/schema/openapi.json")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["openapi"].startswith("3.1")
    return body


def operations(document: dict[str, Any]) -> list[Operation]:
    """``("POST /api/v1/{tenant}/planning/…", operation)`` for every operation in scope."""
    found = [
        (f"{method.upper()} {path}", item[method])
        for path, item in document["paths"].items()
        if SCOPE.match(path)
        for method in METHODS
        if method in item
    ]
    assert len(found) > 130, "the service routes are missing from the document"
    assert sum(label.split()[1].startswith(REORGS) for label, _ in found) >= 9, "no reorg routes"
    return found


def component(document: dict[str, Any], ref: str) -> dict[str, Any]:
    assert ref.startswith(REF), ref
    schemas: dict[str, Any] = document["components"]["schemas"]
    assert ref.removeprefix(REF) in schemas, f"{ref} is not in components"
    return dict(schemas[ref.removeprefix(REF)])


def named(schema: dict[str, Any]) -> list[str]:
    """The component refs a body schema consists of: one ``$ref`` (alone, or as the single
    ``allOf`` Litestar wraps it in to add examples), or a oneOf/anyOf of them."""
    if "$ref" in schema:
        return [schema["$ref"]]
    if len(schema.get("allOf", [])) == 1 and "$ref" in schema["allOf"][0]:
        return [schema["allOf"][0]["$ref"]]
    branches = schema.get("oneOf") or schema.get("anyOf") or []
    return [b["$ref"] for b in branches] if branches and all("$ref" in b for b in branches) else []


def unexampled(document: dict[str, Any], ref: str) -> list[str]:
    """What a request component leaves without an example: each required property needs one
    (a property that is itself a component needs its own), and the component at least one."""
    schema = component(document, ref)
    if schema.get("examples"):
        return []
    name, properties = ref.removeprefix(REF), schema.get("properties", {})
    missing = [] if any("examples" in p for p in properties.values()) else [f"{name} (none)"]
    for key in schema.get("required", []):
        prop = properties[key]
        if "$ref" in prop:
            missing += unexampled(document, prop["$ref"])
        elif "examples" not in prop and prop.get("format") != "binary":
            missing.append(f"{name}.{key}")
    return missing


def refs_within(document: dict[str, Any], schema: Any, seen: set[str]) -> set[str]:
    """Every component ``schema`` reaches through ``$ref``s, transitively."""
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


def has_example(document: dict[str, Any], schema: dict[str, Any]) -> bool:
    """Whether ``schema`` or anything it references carries an example."""
    if "examples" in schema:
        return True
    return any(
        "examples" in component(document, ref)
        or any("examples" in p for p in component(document, ref).get("properties", {}).values())
        for ref in refs_within(document, schema, set())
    )


def example_errors(
    document: dict[str, Any], schema: dict[str, Any], examples: list[Any]
) -> list[str]:
    """Why each invalid one of ``examples`` is not valid against ``schema`` (the first reason;
    refs resolved, formats checked)."""
    root = {"components": document["components"], **schema}
    validator = jsonschema_rs.Draft202012Validator(root, validate_formats=True)
    return [
        f"example {index + 1} at /{'/'.join(map(str, error.instance_path))}: {error.message[:160]}"
        for index, value in enumerate(examples)
        for error in islice(validator.iter_errors(value), 1)
    ]


def illustrated(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any], list[Any]]]:
    """``(where, schema, examples)`` for every example the scoped operations show: on bodies and
    responses, and on each property of every component they reach."""
    refs: set[str] = set()
    for label, operation in operations(document):
        bodies = [("request", operation.get("requestBody", {}))]
        bodies += [(status, r) for status, r in operation["responses"].items()]
        for where, body in bodies:
            for media_type, media in (body.get("content") or {}).items():
                schema = media.get("schema", {})
                refs |= refs_within(document, schema, set())
                values = [e["value"] for e in (media.get("examples") or {}).values()]
                values += schema.get("examples", [])
                if values:
                    yield f"{label} {where} {media_type}", schema, values
    for ref in sorted(refs):
        for key, prop in component(document, ref).get("properties", {}).items():
            if prop.get("examples"):
                yield f"{ref.removeprefix(REF)}.{key}", prop, prop["examples"]


async def test_every_route_is_in_the_document(app: Any, document: dict[str, Any]) -> None:
    missing = [
        f"{method} {path}"
        for route in app.routes
        if isinstance(route, HTTPRoute)
        and SCOPE.match(path := re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path))
        for method in sorted(route.methods - {"OPTIONS", "HEAD"})
        if method.lower() not in document["paths"].get(path, {})
    ]
    assert missing == []
    assert operations(document)


async def test_every_operation_has_a_summary_a_tag_and_its_problems(
    document: dict[str, Any],
) -> None:
    faults = []
    for label, operation in operations(document):
        if not operation.get("summary", "").strip():
            faults.append(f"{label}: no summary")
        if not operation.get("tags"):
            faults.append(f"{label}: no tag")
        errors = {s: r for s, r in operation["responses"].items() if s.startswith("4")}
        # 404 wherever the path names something (a council, a case, a reorganisation)
        needed = {"401", "403", "404"} if "{" in label else {"401", "403"}
        if not needed <= errors.keys():
            faults.append(f"{label}: documents {sorted(errors)}, not {sorted(needed)}")
        for status, response in errors.items():
            content = response.get("content") or {}
            if content.get(PROBLEM_JSON, {}).get("schema") != {"$ref": REF + "ProblemOut"}:
                faults.append(f"{label}: {status} is not documented as {PROBLEM_JSON}")
        if "requestBody" in operation and "422" not in errors:
            faults.append(f"{label}: takes a body but documents no 422")
    assert faults == [], "\n".join(faults)


async def test_request_bodies_are_named_schemas_with_examples(document: dict[str, Any]) -> None:
    faults, bodies = [], 0
    for label, operation in operations(document):
        for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
            if media_type not in JSON_BODIES:
                faults.append(f"{label}: unexpected body type {media_type}")
                continue
            bodies += 1
            refs = named(media.get("schema", {}))
            if not refs:
                faults.append(f"{label}: body is not a named schema: {media.get('schema')}")
            for ref in refs:
                faults += [f"{label}: no example for {m}" for m in unexampled(document, ref)]
    assert faults == [], "\n".join(faults)
    assert bodies >= 20


async def test_json_responses_show_examples(document: dict[str, Any]) -> None:
    faults = []
    for label, operation in operations(document):
        for status, response in operation["responses"].items():
            media = (response.get("content") or {}).get("application/json")
            if not status.startswith("2") or media is None:
                continue
            schema = media.get("schema", {})
            if refs_within(document, schema, set()) and not (
                media.get("examples") or has_example(document, schema)
            ):
                faults.append(f"{label}: {status} response has no example")
    assert faults == [], "\n".join(faults)


async def test_every_example_is_valid_against_its_schema(document: dict[str, Any]) -> None:
    checked = list(illustrated(document))
    faults = [
        f"{where}: {error}"
        for where, schema, values in checked
        for error in example_errors(document, schema, values)
    ]
    assert faults == [], "\n".join(faults)
    assert len(checked) > 300


async def test_the_create_route_documents_both_shapes(document: dict[str, Any]) -> None:
    operation = document["paths"]["/api/v1/{tenant}/planning/applications"]["post"]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert named(schema) == [REF + "ApplicationCreate", REF + "OdpSubmission"]
    assert schema["examples"] == [OFFICER_ENTERED, ODP_SUBMISSION]


@pytest.mark.parametrize("payload", [OFFICER_ENTERED, ODP_SUBMISSION], ids=["officer", "odp"])
async def test_the_documented_create_examples_are_accepted(
    planner: Any, base: str, payload: dict[str, Any]
) -> None:
    response = await planner.post(base, json=payload)

    assert response.status_code == 201, response.text[:2000]
    created = response.json()
    assert created["applicationType"] == "householder"
    assert created["site"]["uprn"] == "100021234567"


async def test_no_two_schemas_share_a_name(document: dict[str, Any]) -> None:
    """Two services' structs with one name get module-path names in the document (Litestar
    disambiguates them), which integrators then see; each service names its own shapes."""
    names = document["components"]["schemas"]
    clashes = [n for n in names if "_" in n and not n.startswith("Page_")]
    assert clashes == []


def stored(key: str) -> Any:
    """The reorganisation's row, with the reports the engine stored on it."""
    from tenancy.binding import platform_session_sync
    from tenancy.reorg.plan import get_reorganisation

    with platform_session_sync() as session:
        reorg = get_reorganisation(session, key)
        session.expunge(reorg)
        return reorg


def response_schema(document: dict[str, Any], path: str, method: str) -> tuple[str, Any]:
    """The status and JSON schema an operation documents for its success."""
    responses = document["paths"][path][method]["responses"]
    status = next(s for s in responses if s.startswith("2"))
    return status, responses[status]["content"]["application/json"]["schema"]


async def test_reorganisation_responses_match_the_document(
    document: dict[str, Any], client: Any, make_tenant: Any
) -> None:
    """Plan a merge as the documented example does (with real councils), then show, list,
    dry-run, run and verify it: each body is valid against its documented schema."""
    sources = [make_tenant("docs-src").slug for _ in range(2)]
    into = f"docs-into-{uuid.uuid4().hex[:6]}"
    body = MERGE | {"name": f"Docs {into}", "merge": sources, "into": into}
    planned = await client.post(REORGS, json=body | {"gssCode": unique_gss("E06")})
    assert planned.status_code == 201, planned.text
    key = planned.json()["id"]
    steps = [
        ("post", REORGS, planned),
        ("get", REORGS, await client.get(REORGS)),
        ("get", REORGS + "/{key}", await client.get(f"{REORGS}/{key}")),
        ("post", REORGS + "/{key}/dry-run", await client.post(f"{REORGS}/{key}/dry-run")),
        ("post", REORGS + "/{key}/run", await client.post(f"{REORGS}/{key}/run")),
        ("post", REORGS + "/{key}/verify", await client.post(f"{REORGS}/{key}/verify")),
        ("get", REORGS + "/{key}", await client.get(f"{REORGS}/{key}")),
    ]
    faults = []
    for method, path, response in steps:
        status, schema = response_schema(document, path, method)
        assert str(response.status_code) == status, (path, response.text[:2000])
        faults += [
            f"{method} {path}: {e}" for e in example_errors(document, schema, [response.json()])
        ]
    assert faults == [], "\n".join(faults)
    dry, shown, verified = steps[3][2].json(), steps[-1][2].json(), steps[-2][2].json()
    reorg = stored(key)  # the typed bodies drop and change nothing the engine reports
    assert (dry, verified) == (reorg.dry_run_report, reorg.verification_report)
    printed = describe(key)  # what `vesta reorg show` prints
    as_of = [dt.datetime.fromisoformat(x["progress"].pop("asOf")) for x in (shown, printed)]
    assert as_of == sorted(as_of)
    assert printed == shown
    assert verified["ok"] is True, verified["mismatches"]
    assert {t["strategy"] for t in verified["tables"]} == {"rows", "lead", "max"}
    assert shown["status"] == "verified" and shown["steps"]["verified"]["by"]
    assert [t["source"] for t in shown["transfers"]] == sources
