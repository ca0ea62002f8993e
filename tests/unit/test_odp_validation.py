"""ODP payload validation: every example round-trips, broken payloads fail at the right pointer,
other shapes and non-payloads are refused clearly, and the dispatch form accepts exactly what the
original schema accepts. The per-type-code checks are in ``test_odp_type_codes.py``.

Fixtures: upstream ODP v0.7.7 examples, vendored unchanged under ``tests/fixtures/odp/``.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from services.planning.odp import OdpValidationError, application_types, check, validate
from services.planning.odp.catalogue import definition_name, load_schema, resolve
from services.planning.odp.dispatch import dispatch_schema, rewrite
from services.planning.odp.errors import MAX_ERRORS
from services.planning.odp.validation import is_uuid

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "odp"
SHAPES = ("application", "prototypeApplication")
EXAMPLES = {s: sorted((FIXTURES / s).rglob("*.json")) for s in SHAPES}
ALL_EXAMPLES = [p for s in SHAPES for p in EXAMPLES[s]]


def load(path: Path | str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / path).read_text(encoding="utf-8"))
    return data


def example_id(path: Path) -> str:
    return str(path.relative_to(FIXTURES))


def type_code(payload: dict[str, Any]) -> str:
    return payload.get("applicationType") or payload["data"]["application"]["type"]["value"]


@cache
def oracle(shape: str) -> jsonschema_rs.Validator:
    """The original schema, whole ``anyOf`` and all, as the reference for what is valid."""
    return jsonschema_rs.Draft7Validator(
        load_schema(shape), validate_formats=True, formats={"uuid": is_uuid}
    )


# --- the examples -------------------------------------------------------------------------


def test_all_examples_are_vendored() -> None:
    assert (len(EXAMPLES["application"]), len(EXAMPLES["prototypeApplication"])) == (13, 17)


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=example_id)
def test_every_example_validates(path: Path) -> None:
    payload, shape = load(path), path.relative_to(FIXTURES).parts[0]
    assert check(payload).errors == ()
    submission = validate(payload)
    code = type_code(payload)
    assert (submission.shape, submission.application_type) == (shape, code)
    assert submission.description == application_types(shape)[code]
    assert submission.schema_id == {"application": "v0.7.7"}.get(shape, "@next")
    assert submission.payload is payload


# --- broken payloads ----------------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]
APP = "application/planningPermission/fullHouseholder.json"
PROTO = "prototypeApplication/planningPermission/fullHouseholder.json"


def _set(path: str, value: Any) -> Mutation:
    def mutate(payload: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.strip("/").split("/")]
        target: Any = payload
        for part in parents:
            target = target[part]
        if value is KeyError:
            del target[last]
        else:
            target[last] = value

    return mutate


BROKEN: list[tuple[str, str, Mutation, str, str]] = [
    # (id, example, mutation, the pointer of the one error, words of its detail)
    ("app-missing", APP, _set("/data/user", KeyError), "/data/user", "is required"),
    ("app-deep-type", APP, _set("/data/applicant/email", 5), "/data/applicant/email",
     "must be a string, not an integer"),
    ("app-enum", APP, _set("/data/user/role", "boss"), "/data/user/role", '"applicant"'),
    ("app-unknown-type", APP, _set("/data/application/type/value", "pp.full.householdr"),
     "/data/application/type/value", "105 application type codes; did you mean 'pp.full.house"),
    ("app-description", APP, _set("/data/application/type/description", "Something else"),
     "/data/application/type/description", "Planning Permission - Full householder"),
    ("app-extra", APP, _set("/data/property/colour", "red"), "/data/property/colour",
     "not allowed"),
    ("app-file-type", APP, _set("/files/0/type/0/value", "roofPlan.existin"),
     "/files/0/type/0/value", 'did you mean "roofPlan.existing"'),
    ("app-uuid", APP, _set("/metadata/id", "not-a-uuid"), "/metadata/id", "valid uuid"),
    ("proto-missing", PROTO, _set("/responses", KeyError), "/responses", "is required"),
    ("proto-deep-type", PROTO, _set("/data/applicant/agent/email", None),
     "/data/applicant/agent/email", "must be a string, not null"),
    ("proto-geometry", PROTO, _set("/data/proposal/boundary/site/geometry/coordinates", "x"),
     "/data/proposal/boundary/site/geometry/coordinates", "must be an array"),
    ("proto-enum", PROTO, _set("/data/property/type", "residential.dwelling.house.semiDetachd"),
     "/data/property/type", '464 allowed values'),
    ("proto-unknown-type", PROTO, _set("/applicationType", "wtt.consnt"), "/applicationType",
     "95 application type codes; did you mean 'wtt.consent'"),
    ("proto-type-not-string", PROTO, _set("/applicationType", 7), "/applicationType",
     "must be a string"),
    ("proto-extra", PROTO, _set("/submittedBy", "me"), "/submittedBy", "not allowed"),
    ("proto-designation", PROTO, _set("/data/property/planning/designations/0/intersects", "yes"),
     "/data/property/planning/designations/0/intersects", "must be"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("example", "mutate", "pointer", "words"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_broken_payloads_fail_at_the_right_pointer(
    example: str, mutate: Mutation, pointer: str, words: str
) -> None:
    payload = load(example)
    mutate(payload)
    report = check(payload)
    assert [e.pointer for e in report.errors] == [pointer], report.errors
    assert words in report.errors[0].detail
    with pytest.raises(OdpValidationError) as raised:
        validate(payload)
    assert raised.value.problem_errors() == [
        {"pointer": pointer, "detail": report.errors[0].detail}
    ]


def test_errors_are_capped_and_most_specific_first() -> None:
    payload = load(APP)
    for response in payload["responses"]:
        response["question"] = 1
    payload["data"]["user"] = {"role": "applicant", "extra": True}
    report = check(payload)
    assert len(report.errors) == MAX_ERRORS < report.total_errors
    depths = [e.pointer.count("/") for e in report.errors]
    assert depths == sorted(depths, reverse=True)


@pytest.mark.parametrize(
    ("folder", "pointer"),
    [("preApplication", "/data/application/type/value"),
     ("enforcement", "/data/application/type/value"),
     ("postSubmissionApplication", "/submission"),
     ("postSubmissionPublishedApplication", "/submission")],
)  # fmt: skip
def test_other_odp_shapes_are_refused_clearly(folder: str, pointer: str) -> None:
    shape = folder.replace("Published", "")  # the two post-submission shapes look alike
    report = check(load(next((FIXTURES / folder).rglob("*.json"))))
    assert report.shape == shape
    assert [(e.pointer, shape in e.detail) for e in report.errors] == [(pointer, True)]
    assert "accepts only the application and prototypeApplication shapes" in report.errors[0].detail


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ([], "must be a JSON object, not array"),
        ("x", "must be a JSON object, not string"),
        ({}, "not an ODP application payload"),
        ({"data": {"application": {}}}, "not an ODP application payload"),
        ({"applicationType": "wtt.consent", 1: "x"}, "cannot be validated as JSON"),
    ],
)
def test_payloads_matching_no_shape_fail_at_the_document(payload: Any, words: str) -> None:
    report = check(payload)
    assert [e.pointer for e in report.errors] == [""]
    assert words in report.errors[0].detail


# --- the dispatch form is equivalent to the schema ---------------------------------------


def _mutants(payload: dict[str, Any], seed: int, count: int) -> list[dict[str, Any]]:
    """Copies with 1-5 random changes: a value replaced, a member removed or one added."""
    rng = random.Random(seed)
    values = [None, 5, "x", True, [], {"unexpected": 1}, "2025-13-45", -1.5]
    out = []
    for _ in range(count):
        mutant = copy.deepcopy(payload)
        for _ in range(rng.choice([1, 1, 2, 5])):
            parent: Any = mutant
            key: Any = rng.choice(list(parent))
            while isinstance(parent[key], dict | list) and parent[key] and rng.random() > 0.3:
                parent = parent[key]
                key = rng.choice(list(parent) if isinstance(parent, dict) else range(len(parent)))
            if isinstance(parent, dict) and rng.random() < 0.15:
                del parent[key]
            elif isinstance(parent, dict) and rng.random() < 0.1:
                parent["unexpectedMember"] = "x"
            else:
                parent[key] = copy.deepcopy(rng.choice(values))
        out.append(mutant)
    return out


@pytest.mark.parametrize("shape", SHAPES)
def test_dispatch_form_accepts_exactly_what_the_schema_accepts(shape: str) -> None:
    original = oracle(shape)
    dispatched = jsonschema_rs.Draft7Validator(
        dispatch_schema(shape), validate_formats=True, formats={"uuid": is_uuid}
    )
    payloads = [load(p) for p in EXAMPLES[shape]]
    mutants = [m for i, p in enumerate(payloads) for m in _mutants(p, seed=i, count=40)]
    verdicts = []
    for payload in payloads + mutants:
        expected = original.is_valid(payload)
        assert dispatched.is_valid(payload) == expected
        assert check(payload).ok == expected
        verdicts.append(expected)
    assert verdicts.count(False) > len(mutants) * 0.8  # the mutants really are broken


def test_rewrite_rules_on_small_schemas() -> None:
    consts = {"anyOf": [{"const": "a", "type": "string", "description": "A"}, {"const": "b"}]}
    assert rewrite(consts) == {"enum": ["a", "b"]}
    mixed = {"anyOf": [{"const": "a"}, {"type": "integer"}]}
    assert rewrite(mixed) == mixed  # not all constants: left alone
    tagged = {
        "anyOf": [
            {"type": "object", "required": ["k", "n"],
             "properties": {"k": {"const": "a"}, "n": {"type": "string"}}},
            {"type": "object", "required": ["k"], "properties": {"k": {"const": "b"}}},
        ]
    }  # fmt: skip
    dispatched = rewrite(tagged)
    assert dispatched["properties"] == {"k": {"enum": ["a", "b"]}}
    search = dispatched["then"]
    assert search["if"] == {"properties": {"k": {"enum": ["a"]}}}
    assert [search["then"], search["else"]] == tagged["anyOf"]
    many = {"anyOf": [{"type": "object", "required": ["k", c], "properties": {"k": {"const": c}}}
                      for c in "abcde"]}  # fmt: skip
    searched = jsonschema_rs.Draft7Validator(rewrite(many))
    assert all(searched.is_valid({"k": c, c: 1}) for c in "abcde")
    assert not any(searched.is_valid({"k": c, "z": 1}) for c in "abcde")
    untagged = {"anyOf": [{"type": "object", "required": ["k"]}, {"type": "string"}]}
    assert rewrite(untagged) == untagged
    validator = jsonschema_rs.Draft7Validator(dispatched)
    for instance, valid in [({"k": "a", "n": "x"}, True), ({"k": "a"}, False), ({"k": "b"}, True),
                            ({"k": "c"}, False), ("a", False), ({}, False)]:  # fmt: skip
        assert validator.is_valid(instance) is valid
        assert jsonschema_rs.Draft7Validator(tagged).is_valid(instance) is valid


def test_percent_encoded_definition_names_resolve() -> None:
    ref = "#/definitions/FeatureCollection%3CGeometry%2CGeoJsonProperties%3E"
    assert definition_name(ref) == "FeatureCollection<Geometry,GeoJsonProperties>"
    assert resolve(load_schema("application"), {"$ref": ref})["type"] == "object"


@pytest.mark.parametrize(
    ("value", "valid"),
    [("3ef50552-107e-452b-a2e1-6e98df0b93fb", True),
     ("urn:uuid:3EF50552-107E-452B-A2E1-6E98DF0B93FB", True),
     ("3ef50552107e452ba2e16e98df0b93fb", False), ("x", False)],
)  # fmt: skip
def test_uuid_format_matches_ajv_formats(value: str, valid: bool) -> None:
    assert is_uuid(value) is valid
