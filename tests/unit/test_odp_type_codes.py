"""ODP application type codes: the codes are read from the schemas, every type code of both
shapes validates (schema-generated payloads, the examples retyped) and swapping an example's
type code errs only where the two types' schemas differ. The examples, broken payloads and the
dispatch form are checked in ``test_odp_validation.py``.

Fixtures: upstream ODP v0.7.7 examples, vendored unchanged under ``tests/fixtures/odp/``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from services.planning.odp import application_types, check
from services.planning.odp.catalogue import branch_schema, load_schema, resolve
from services.planning.odp.validation import is_uuid

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "odp"
EXAMPLES = {
    s: sorted((FIXTURES / s).rglob("*.json")) for s in ("application", "prototypeApplication")
}
SAMPLES = {
    "date": "2025-01-31",
    "date-time": "2025-01-31T09:30:00Z",
    "email": "someone@example.org",
    "uri": "https://example.org/",
    "uuid": "3ef50552-107e-452b-a2e1-6e98df0b93fb",
}


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def example_id(path: Path) -> str:
    return str(path.relative_to(FIXTURES))


@cache
def oracle(shape: str) -> jsonschema_rs.Validator:
    """The original schema, whole ``anyOf`` and all, as the reference for what is valid."""
    return jsonschema_rs.Draft7Validator(
        load_schema(shape), validate_formats=True, formats={"uuid": is_uuid}
    )


def test_the_examples_retyped_here_are_vendored() -> None:
    assert (len(EXAMPLES["application"]), len(EXAMPLES["prototypeApplication"])) == (13, 17)


# --- the type codes -----------------------------------------------------------------------


def test_type_codes_are_read_from_the_schemas() -> None:
    proto = load_schema("prototypeApplication")
    branches = [resolve(proto, b) for b in proto["anyOf"]]
    proto_codes = [b["properties"]["applicationType"]["const"] for b in branches]
    app = load_schema("application")
    app_pairs = {
        b["properties"]["value"]["const"]: b["properties"]["description"]["const"]
        for b in app["definitions"]["ApplicationType"]["anyOf"]
    }
    assert list(application_types("prototypeApplication")) == proto_codes
    assert application_types("application") == app_pairs
    assert (len(proto_codes), len(app_pairs)) == (95, 105)
    assert {"advertConsent", "wtt.consent", "hedgerowRemovalNotice"} <= set(proto_codes)
    assert set(proto_codes) <= set(app_pairs)  # the prototype has no parent codes such as "pp"
    assert all(application_types("prototypeApplication").values())
    assert application_types("preApplication") == {"preApp": "Pre-application"}
    assert application_types("enforcement") == {"breach": "Report a planning breach"}


class _TooDeep(Exception):
    """Recursion in the schema: try another ``anyOf`` branch."""


def generate(root: dict[str, Any], node: Any, pick: int, rich: bool, depth: int = 0) -> Any:
    """A payload valid under ``node``, built from the schema: required properties only
    (``rich=False``) or every property; ``pick`` rotates the ``anyOf``/``enum`` choices."""
    node = resolve(root, node)
    if depth > 40:
        raise _TooDeep
    rich = rich and depth < 25
    if not isinstance(node, dict):
        return None
    if "const" in node:
        return node["const"]
    if "enum" in node:
        return node["enum"][pick % len(node["enum"]) if rich else 0]
    if "anyOf" in node:
        start = pick % len(node["anyOf"]) if rich else 0
        for branch in node["anyOf"][start:] + node["anyOf"][:start]:
            try:
                return generate(root, branch, pick, rich, depth + 1)
            except _TooDeep:
                continue
        raise _TooDeep
    assert not {"allOf", "oneOf", "not", "if"} & node.keys()  # none in ODP v0.7.7
    kind = node.get("type")
    kind = kind[pick % len(kind)] if isinstance(kind, list) else kind
    if kind == "object" or "properties" in node:
        props = node.get("properties", {})
        names = [*node.get("required", []), *(props if rich else ())]
        return {
            n: generate(root, props.get(n, {}), pick, rich, depth + 1) for n in dict.fromkeys(names)
        }
    if kind == "array":
        items = node.get("items", {})
        if isinstance(items, list):
            return [generate(root, item, pick, rich, depth + 1) for item in items]
        count = max(node.get("minItems", 0), 1 if rich else 0)
        return [generate(root, items, pick + k, rich, depth + 1) for k in range(count)]
    if kind == "string":
        return SAMPLES.get(node.get("format", ""), "x")
    return {"number": 0, "integer": 0, "boolean": False}.get(str(kind))


PROTO_CODES = list(application_types("prototypeApplication"))


@pytest.mark.parametrize("code", PROTO_CODES)
def test_every_prototype_type_validates(code: str) -> None:
    root, check_original = load_schema("prototypeApplication"), oracle("prototypeApplication")
    branch = branch_schema("prototypeApplication", code)
    for rich, pick in [(False, 0), (True, 0), (True, 1), (True, 2), (True, 3)]:
        payload = generate(root, branch, pick, rich)
        assert check_original.is_valid(payload)  # the generator is sound
        report = check(payload)
        assert (report.shape, report.application_type, report.errors) == (
            "prototypeApplication", code, ()
        )  # fmt: skip


@pytest.mark.parametrize("pick", range(4))
def test_every_application_type_validates(pick: int) -> None:
    root, check_original = load_schema("application"), oracle("application")
    base = generate(root, root, pick, rich=pick > 0)
    examples = [load(p) for p in EXAMPLES["application"]] if pick == 0 else []
    for payload in [base, *examples]:
        for code, description in application_types("application").items():
            payload["data"]["application"]["type"] = {"value": code, "description": description}
            assert check_original.is_valid(payload), code
            assert check(payload).errors == (), code


def _differing_pointers(donor: dict[str, Any], target: dict[str, Any]) -> set[str]:
    """Pointers (root and ``/data`` members) whose schema differs between two type branches."""
    root = load_schema("prototypeApplication")
    out: set[str] = set()
    pairs = {"": (donor, target)}
    pairs["/data"] = (
        resolve(root, donor["properties"]["data"]),
        resolve(root, target["properties"]["data"]),
    )
    for level, (a, b) in pairs.items():
        for name in set(a["properties"]) | set(b["properties"]):
            same = a["properties"].get(name) == b["properties"].get(name)
            required = (name in a.get("required", ())) == (name in b.get("required", ()))
            if not (same and required) and (level, name) != ("", "data"):
                out.add(f"{level}/{name}")
    return out


@pytest.mark.parametrize("code", PROTO_CODES)
def test_swapping_the_type_code_errs_only_where_the_types_differ(code: str) -> None:
    """Type branches differ (fees, applicant, proposal…), so a donor example with another
    type's code is not always valid: its errors must all lie where the two branches differ."""
    target = branch_schema("prototypeApplication", code)
    for path in EXAMPLES["prototypeApplication"]:
        payload = load(path)
        donor = branch_schema("prototypeApplication", payload["applicationType"])
        allowed = _differing_pointers(donor, target)
        payload["applicationType"] = code
        report = check(payload)
        assert (report.shape, report.application_type) == ("prototypeApplication", code)
        stray = [
            e for e in report.errors
            if not any(e.pointer == p or e.pointer.startswith(p + "/") for p in allowed)
        ]  # fmt: skip
        assert stray == [], (example_id(path), stray)
        assert report.ok == oracle("prototypeApplication").is_valid(payload)
