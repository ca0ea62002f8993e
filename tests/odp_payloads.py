"""Schema-driven ODP payloads for tests: a minimal valid submission of any type, either shape.

:func:`minimal_payload` walks the vendored schema (v0.7.7) for one application type: required
properties only, the first value of every ``const``/``enum``, for ``anyOf`` the first branch
that validates, ``minItems`` items, sample values for the formats (date, date-time, email, uuid,
uri). Names and formats get realistic values (a London address with a UPRN and British National
Grid and WGS84 coordinates, a summer ``submittedAt``) so that the case core mapping has data,
and ``anyOf`` prefers the branches a real PlanX submission uses (an Ordnance Survey address,
PlanX metadata). Every payload is checked with :func:`services.planning.odp.check`. The output
is deterministic.

``application.json`` payloads are by default also *convertible*: the prototype schema's branch
for the same type (its child for a parent code) is generated first and used as a hint, so the
payload carries the optional members and picks the ``anyOf`` branches that the prototype
requires (ownership details, ``preAssessment``, a fee that is not applicable, ...).
``convertible=False`` gives the strict schema minimum.

Import it as ``from odp_payloads import minimal_payload`` (``tests/`` is on ``sys.path``, as
for ``conftest``).
"""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import Any

import jsonschema_rs

from services.planning.odp import application_types, check
from services.planning.odp.catalogue import branch_schema, definition_name, load_schema, resolve
from services.planning.odp.types_map import prototype_type_for
from services.planning.odp.validation import is_uuid

SHAPES = ("application", "prototypeApplication")
SUBMITTED_AT = "2025-07-14T09:30:00Z"  # 10:30 BST, Monday 14 July 2025
_SCHEMA_URL = "https://theopensystemslab.github.io/digital-planning-data-schemas/v0.7.7/schemas"
_FORMATS = {
    "date": "2025-07-01",
    "date-time": SUBMITTED_AT,
    "email": "applicant@example.com",
    "uri": "https://www.planx.uk/southwark/apply-for-planning-permission/published",
    "uuid": "0f6d6c2e-8b1e-4a58-9a47-3c1f5e2b7a10",
}
#: Realistic values by property name (a terrace in Southwark; Ofcom drama-range phone number).
_BY_NAME: dict[str, Any] = {
    "title": "12, ACACIA AVENUE, LONDON",
    "singleLine": "12, ACACIA AVENUE, LONDON, SOUTHWARK, SE22 8HT",
    "pao": "12",
    "street": "ACACIA AVENUE",
    "town": "LONDON",
    "postcode": "SE22 8HT",
    "uprn": "100021234567",
    "usrn": "21901234",
    "line1": "12 Acacia Avenue",
    "ward": "Dulwich Hill",
    "region": "London",
    "localAuthorityDistrict": "Southwark",
    "latitude": 51.4574,
    "longitude": -0.0745,
    "x": 533800,
    "y": 174700,
    "first": "Ada",
    "last": "Lovelace",
    "primary": "020 7946 0000",
    "organisation": "SWK",
    "description": "Single-storey rear extension",
    "name": "https://api.editor.planx.uk/file/private/abc123/site-plan.pdf",
    "flowId": "7d3c5b1a-2f4e-4c6d-8a9b-0e1f2a3b4c5d",
    "accurate": True,
    "calculated": 258,
    "payable": 258,
}
_BY_PATH_END: dict[tuple[str, str], Any] = {("connection", "value"): "none"}
_PREFERRED = ("OSAddress", "PlanXMetadata")  # what a PlanX submission carries
_POSITION = [-0.0745, 51.4574]


class _TooDeep(Exception):
    """Recursion in the schema: try another ``anyOf`` branch."""


def all_codes(shape: str) -> list[str]:
    """Every application type code of ``shape``, in schema order."""
    return list(application_types(shape))


_VALIDATORS: dict[tuple[str, int], jsonschema_rs.Validator] = {}  # by schema node id


class _Walk:
    """One generation: the schema, the type code, and hints from the prototype payload."""

    def __init__(self, shape: str, code: str) -> None:
        self.shape, self.code, self.root = shape, code, load_schema(shape)

    def value(self, raw: Any, path: tuple[Any, ...], hint: Any, depth: int = 0) -> Any:
        if depth > 40:
            raise _TooDeep
        name = definition_name(raw.get("$ref", "")) if isinstance(raw, dict) else None
        node = resolve(self.root, raw)
        if self.shape == "application" and path == ("data", "application", "type"):
            return {"value": self.code, "description": application_types(self.shape)[self.code]}
        if name == "Position":
            return list(_POSITION)
        if not isinstance(node, dict):
            return None
        if "const" in node:
            return node["const"]
        if "enum" in node:
            wanted = [
                hint,
                _BY_PATH_END.get(tuple(path[-2:])),
                _BY_NAME.get(str(path[-1]) if path else ""),
            ]
            return next((w for w in wanted if w in node["enum"]), node["enum"][0])
        if "anyOf" in node:
            return self._any(node["anyOf"], path, hint, depth)
        kind = node.get("type")
        kind = kind[0] if isinstance(kind, list) else kind
        if kind == "object" or "properties" in node:
            props = node.get("properties", {})
            hinted = [k for k in props if isinstance(hint, dict) and k in hint]
            names = dict.fromkeys([*node.get("required", ()), *hinted])
            hints = hint if isinstance(hint, dict) else {}
            return {
                k: self.value(props.get(k, {}), (*path, k), hints.get(k), depth + 1) for k in names
            }
        if kind == "array":
            items = node.get("items", {})
            hints = hint if isinstance(hint, list) else []
            count = max(node.get("minItems", 0), len(hints))
            return [
                self.value(items, (*path, i), hints[i] if i < len(hints) else None, depth + 1)
                for i in range(count)
            ]
        return self._scalar(node, str(kind), path, hint)

    def _any(self, branches: list[Any], path: tuple[Any, ...], hint: Any, depth: int) -> Any:
        ranked = sorted(range(len(branches)), key=lambda i: self._rank(branches[i], hint))
        for index in ranked:
            branch = branches[index]
            try:
                out = self.value(branch, path, hint, depth + 1)
            except _TooDeep:
                continue
            node = resolve(self.root, branch)
            if len(branches) == 1 or "const" in node or self._valid(node, out):
                return out
        raise _TooDeep

    def _rank(self, branch: Any, hint: Any) -> int:
        """0: agrees with the hint; 1: what PlanX sends; 2: the rest (schema order kept)."""
        node = resolve(self.root, branch)
        if hint is not None and isinstance(node, dict):
            if node.get("const", ...) == hint:
                return 0
            props = {k: resolve(self.root, v) for k, v in node.get("properties", {}).items()}
            pins = {k: v["const"] for k, v in props.items() if isinstance(v, dict) and "const" in v}
            code = hint.get("value") if isinstance(hint, dict) else hint
            if pins.get("value") == code and code is not None:
                return 0
            if isinstance(hint, dict) and pins and all(hint.get(k) == v for k, v in pins.items()):
                return 0
        ref = branch.get("$ref", "") if isinstance(branch, dict) else ""
        return 1 if definition_name(ref) in _PREFERRED else 2

    def _valid(self, node: dict[str, Any], value: Any) -> bool:
        """Does ``value`` validate against ``node`` (an ``anyOf`` branch)?"""
        key = (self.shape, id(node))
        if key not in _VALIDATORS:
            schema = {**node, "definitions": self.root["definitions"]}
            _VALIDATORS[key] = jsonschema_rs.Draft7Validator(
                schema, validate_formats=True, formats={"uuid": is_uuid}
            )
        return bool(_VALIDATORS[key].is_valid(value))

    def _scalar(self, node: dict[str, Any], kind: str, path: tuple[Any, ...], hint: Any) -> Any:
        name = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
        if kind == "boolean":
            return hint if isinstance(hint, bool) else bool(_BY_NAME.get(name, False))
        if kind in ("number", "integer"):
            if isinstance(hint, int | float) and not isinstance(hint, bool):
                return hint
            number = _BY_NAME.get(name, 1)
            number = number if isinstance(number, int | float) else 1
            low, high = node.get("minimum", number), node.get("maximum", number)
            return min(max(number, low), high)
        if kind == "null":
            return None
        fmt = node.get("format", "")
        by_name = _BY_NAME.get(name)
        if name == "name" and "files" not in path:
            by_name = "Ada Lovelace"
        candidates = [hint, by_name, _FORMATS.get(fmt)]
        if name == "schema":
            candidates.insert(0, f"{_SCHEMA_URL}/{self.shape}.json")
        if (name, fmt) == ("submittedAt", "date-time"):
            candidates.insert(0, SUBMITTED_AT)
        for text in [*candidates, "x"]:
            if (
                isinstance(text, str)
                and len(text) <= node.get("maxLength", len(text))
                and re.search(node.get("pattern", ""), text)
            ):
                return text
        raise AssertionError(f"no sample string fits {node} at {path}")


@cache
def _cached(shape: str, code: str, convertible: bool) -> dict[str, Any]:
    if shape not in SHAPES or code not in application_types(shape):
        raise KeyError(f"{shape}.json has no application type {code!r}")
    walk = _Walk(shape, code)
    if shape == "prototypeApplication":
        payload = walk.value(branch_schema(shape, code), (), None)
    else:
        hint = (
            _cached("prototypeApplication", prototype_type_for(code), False)
            if convertible
            else None
        )
        payload = walk.value(walk.root, (), hint)
    report = check(payload)
    if not report.ok:
        raise AssertionError(f"generated {shape} {code} is invalid: {report.errors}")
    return payload  # type: ignore[no-any-return]


def minimal_payload(shape: str, code: str, *, convertible: bool = True) -> dict[str, Any]:
    """A minimal valid ``shape`` payload of type ``code`` (a fresh copy each call)."""
    return copy.deepcopy(_cached(shape, code, convertible and shape == "application"))


__all__ = ["SHAPES", "SUBMITTED_AT", "all_codes", "minimal_payload"]
