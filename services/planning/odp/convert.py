"""Convert an ``application.json`` submission into a ``prototypeApplication.json`` document.

The ODP post-submission format embeds the submission as a PrototypeApplication. What differs
between the shapes (found by comparing the schemas, v0.7.7, and the paired examples) is:

- the type: ``data.application.type.value`` becomes the top-level ``applicationType``. Parent
  codes (``pp``, ``pa``, ``ldc``, ...) become the child :func:`types_map.prototype_type_for`
  picks, and the prototype schema's branch for that type is the target.
- code lists: ``application.json`` wraps codes as ``{value, description}`` (file types, property
  and project types, unit tenures, ...); the prototype uses the bare code.
- two code lists moved on (property types, a few project types): a code the prototype lacks
  is translated by :func:`types_map.code_translations`, and every translation is recorded.
- fees: types whose prototype branch carries no fee require ``{"notApplicable": true}``; a
  ``Fee`` object with nothing calculated and nothing payable is written that way.
- members the prototype branch has no place for (``preAssessment`` for most types, ``CIL``
  outside planning permission, ``data.files``, drawing numbers, ``metadata.service.
  enhancements``, ...) are dropped, and each dropped pointer is recorded.
- ``metadata.schema`` names the schema the document follows, so ``.../application.json``
  becomes ``.../prototypeApplication.json`` at the same base.

Nothing is invented. When the prototype branch requires what the payload does not hold
(ownership for planning permission, advert details, hedgerow length, PlanX service metadata
from another provider, a fee breakdown when no fee applies, a property type with no prototype
counterpart), :class:`ConversionError` says where and why. The walk follows the target schema
once (``anyOf`` branches picked by pinned constants, else tried, lossless first); the result
is then validated with :func:`validation.check`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jsonschema_rs

from services.planning.odp.catalogue import (
    alternatives,
    branch_schema,
    definition_name,
    load_schema,
    resolve,
)
from services.planning.odp.errors import OdpError, pointer
from services.planning.odp.types_map import code_translations, prototype_type_for
from services.planning.odp.validation import check, is_uuid

Path = tuple[str | int, ...]
_TARGET = "prototypeApplication"
_PINNED_KEYS = ("applicationType", "value", "type", "source", "result", "intersects")
_SCHEMA_URL = re.compile(r"/application\.json$")


class ConversionError(ValueError):
    """The payload is valid ``application.json`` but cannot become a valid prototype document
    without data it does not hold; ``errors`` point into the source payload."""

    def __init__(self, errors: list[OdpError]) -> None:
        self.errors = tuple(errors)
        self.total_errors = len(errors)
        first = errors[0]
        super().__init__(f"{first.pointer or '(document)'}: {first.detail}")

    def problem_errors(self) -> list[dict[str, str]]:
        return [e.as_dict() for e in self.errors]


@dataclass(frozen=True, slots=True)
class Conversion:
    """A prototype document and what the conversion had to change to produce it."""

    document: dict[str, Any]
    prototype_type: str
    dropped: tuple[str, ...]  # source pointers the prototype schema has no place for
    translated: tuple[tuple[str, str, str], ...]  # (source pointer, from, to)


@dataclass(slots=True)
class _Log:
    dropped: list[str] = field(default_factory=list)
    translated: list[tuple[str, str, str]] = field(default_factory=list)

    def absorb(self, other: _Log) -> None:
        self.dropped.extend(other.dropped)
        self.translated.extend(other.translated)


class _Misfit(Exception):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(detail)
        self.path, self.detail = path, detail


def _copy(value: Any) -> Any:
    """A deep copy of JSON data (much faster than :func:`copy.deepcopy` for it)."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


# --- schema facts, computed once per node ----------------------------------------------------


def _root() -> dict[str, Any]:
    return load_schema(_TARGET)


# Keyed by id(): every node belongs to the cached, never-mutated schema, so ids are stable.
_LEAVES: dict[int, tuple[dict[str, Any], ...]] = {}
_CODES: dict[int, frozenset[str] | None] = {}
_PINS: dict[int, tuple[str, dict[str, list[dict[str, Any]]]] | None] = {}


def _leaves(node: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    """The object schemas an ``anyOf`` node stands for, nested ``anyOf`` lists flattened."""
    key = id(node)
    if key not in _LEAVES:
        _LEAVES[key] = tuple(alternatives(_root(), node))
    return _LEAVES[key]


def _codes(node: dict[str, Any]) -> frozenset[str] | None:
    """The string codes a node allows if it is a code list (const, enum, anyOf of those)."""
    key = id(node)
    if key not in _CODES:
        values: set[str] = set()
        for leaf in _leaves(node) if "anyOf" in node else (node,):
            found = [leaf["const"]] if "const" in leaf else leaf.get("enum")
            if not found or not all(isinstance(v, str) for v in found):
                values = set()
                break
            values.update(found)
        _CODES[key] = frozenset(values) or None
    return _CODES[key]


def _pins(node: dict[str, Any]) -> tuple[str, dict[str, list[dict[str, Any]]]] | None:
    """For an ``anyOf`` of objects that pin a common required key: the key and its branches."""
    key = id(node)
    if key not in _PINS:
        leaves, found = _leaves(node), None
        for name in _PINNED_KEYS:
            groups: dict[str, list[dict[str, Any]]] = {}
            for leaf in leaves:
                target = resolve(_root(), leaf.get("properties", {}).get(name))
                if name not in leaf.get("required", ()) or not isinstance(target, dict):
                    break
                if "const" not in target:
                    break
                groups.setdefault(json.dumps(target["const"]), []).append(leaf)
            else:
                if len(groups) > 1:
                    found = (name, groups)
                    break
        _PINS[key] = found
    return _PINS[key]


# --- the walk ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the walk needs to know about one (unresolved) schema node, worked out once."""

    name: str | None  # the definition a ``$ref`` names
    node: dict[str, Any]  # resolved
    codes: frozenset[str] | None
    same: jsonschema_rs.Validator | None  # for definitions both schemas share unchanged


_PLANS: dict[int, _Plan] = {}


def _plan(raw: Any) -> _Plan:
    key = id(raw)
    plan = _PLANS.get(key)
    if plan is None:
        name = definition_name(raw.get("$ref", "")) if isinstance(raw, dict) else None
        node = resolve(_root(), raw)
        node = node if isinstance(node, dict) else {}
        same = _same_validator(name) if name in _shared() else None
        plan = _PLANS[key] = _Plan(name, node, _codes(node), same)
    return plan


@cache
def _shared() -> frozenset[str]:
    """Definitions ``application.json`` has unchanged (GeoJSON, addresses, fees, responses, ...)."""
    defs, app_defs = _root()["definitions"], load_schema("application")["definitions"]
    return frozenset(name for name, node in defs.items() if app_defs.get(name) == node)


@cache
def _same_validator(name: str) -> jsonschema_rs.Validator:
    """A value already valid under a shared definition needs no conversion, so the walk copies
    it instead of visiting every member (a boundary's coordinates, the responses)."""
    schema = {**_root()["definitions"][name], "definitions": _root()["definitions"]}
    return jsonschema_rs.Draft7Validator(schema, validate_formats=True, formats={"uuid": is_uuid})


def _fit(raw: Any, value: Any, path: Path, log: _Log) -> Any:
    plan = _plan(raw)
    if plan.same is not None and plan.same.is_valid(value):
        return _copy(value)
    node = plan.node
    hook = _HOOKS.get(plan.name or "")
    if hook is not None:
        value = hook(value, path, log)
    if plan.codes is not None:
        return _fit_code(plan.name, plan.codes, value, path, log)
    if "anyOf" in node:
        return _fit_any(node, value, path, log)
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        return _fit_object(node, value, path, log)
    if kind == "array":
        return _fit_array(node, value, path, log)
    if "const" in node and value != node["const"]:
        raise _Misfit(path, f"must be {json.dumps(node['const'])} in the prototype schema")
    if "enum" in node and value not in node["enum"]:
        raise _Misfit(path, f"is not one of the prototype schema's values {node['enum']}")
    _check_scalar(node, value, path)
    return _copy(value)


def _fit_code(name: str | None, codes: frozenset[str], value: Any, path: Path, log: _Log) -> str:
    code = value.get("value") if isinstance(value, dict) else value
    if code in codes:
        return str(code)
    translated = code_translations(name).get(str(code)) if name and isinstance(code, str) else None
    if translated in codes:
        log.translated.append((pointer(path), str(code), str(translated)))
        return str(translated)
    what = f"{name} code" if name else "value"
    raise _Misfit(path, f"{json.dumps(code)} has no counterpart {what} in the prototype schema")


def _fit_any(node: dict[str, Any], value: Any, path: Path, log: _Log) -> Any:
    branches: list[Any] = list(_leaves(node))
    pins = _pins(node)
    if pins is not None and isinstance(value, dict) and pins[0] in value:
        pinned = value[pins[0]]
        pinned = pinned.get("value") if isinstance(pinned, dict) else pinned
        branches = pins[1].get(json.dumps(pinned), [])
        if not branches:
            raise _Misfit((*path, pins[0]), f"{json.dumps(pinned)} is not allowed here")
    best: tuple[Any, _Log] | None = None
    closest: _Misfit | None = None
    for branch in branches:
        trial = _Log()
        try:
            out = _fit(branch, value, path, trial)
        except _Misfit as misfit:
            if closest is None or len(misfit.path) > len(closest.path):
                closest = misfit
            continue
        if not trial.dropped:
            log.absorb(trial)
            return out
        if best is None or len(trial.dropped) < len(best[1].dropped):
            best = (out, trial)
    if best is not None:
        log.absorb(best[1])
        return best[0]
    raise closest or _Misfit(path, "matches no form the prototype schema allows")


def _fit_object(node: dict[str, Any], value: Any, path: Path, log: _Log) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Misfit(path, "must be an object in the prototype schema")
    props, extra = node.get("properties", {}), node.get("additionalProperties", True)
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key in props:
            out[key] = _fit(props[key], item, (*path, key), log)
        elif extra is False:
            log.dropped.append(pointer((*path, key)))
        else:
            out[key] = _fit(extra, item, (*path, key), log) if extra else _copy(item)
    missing = [key for key in node.get("required", ()) if key not in out]
    if missing:
        names = ", ".join(missing)
        detail = f"the prototype schema requires {names} here and the payload has no value for it"
        raise _Misfit((*path, missing[0]), detail)
    return out


def _fit_array(node: dict[str, Any], value: Any, path: Path, log: _Log) -> list[Any]:
    if not isinstance(value, list):
        raise _Misfit(path, "must be an array in the prototype schema")
    items = node.get("items", {})
    out = [
        _fit(items[i] if isinstance(items, list) else items, item, (*path, i), log)
        for i, item in enumerate(value)
    ]
    if len(out) < node.get("minItems", 0) or len(out) > node.get("maxItems", len(out)):
        raise _Misfit(path, "has a number of items the prototype schema does not allow")
    return out


_SCALARS: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "null": lambda v: v is None,
}


def _check_scalar(node: dict[str, Any], value: Any, path: Path) -> None:
    kind = node.get("type")
    kinds = kind if isinstance(kind, list) else [kind] if kind else []
    if kinds and not any(_SCALARS.get(k, lambda _: True)(value) for k in kinds):
        raise _Misfit(path, f"must be {' or '.join(kinds)} in the prototype schema")
    if isinstance(value, str):
        if len(value) > node.get("maxLength", len(value)):
            raise _Misfit(path, f"is longer than the prototype's {node['maxLength']} characters")
        if "pattern" in node and not re.search(node["pattern"], value):
            raise _Misfit(path, "does not match the prototype schema's pattern")


def _no_fee(value: Any, path: Path, log: _Log) -> Any:
    """``FeeNotApplicable`` targets: a fee object with nothing calculated or payable says so."""
    if isinstance(value, dict) and "notApplicable" not in value:
        if value.get("calculated") == 0 and value.get("payable") == 0:
            log.translated.append((pointer(path), "fee of 0", "notApplicable"))
            return {"notApplicable": True}
        raise _Misfit(path, "a fee is calculated or payable, but this type carries no fee")
    return value


_HOOKS: dict[str, Callable[[Any, Path, _Log], Any]] = {"FeeNotApplicable": _no_fee}


# --- entry points ------------------------------------------------------------------------------


def _source(payload: Mapping[str, Any], prototype_type: str) -> dict[str, Any]:
    """The payload with its type moved to ``applicationType`` and its schema URL retargeted."""
    data = dict(payload.get("data", {}))
    data["application"] = {k: v for k, v in data.get("application", {}).items() if k != "type"}
    metadata = dict(payload.get("metadata", {}))
    if isinstance(metadata.get("schema"), str):
        metadata["schema"] = _SCHEMA_URL.sub("/prototypeApplication.json", metadata["schema"])
    return {"applicationType": prototype_type, **payload, "data": data, "metadata": metadata}


def convert(payload: Mapping[str, Any]) -> Conversion:
    """The prototype document for a valid ``application.json`` payload, and what changed.

    A prototype payload is returned as is (copied). Raises :class:`ConversionError`.
    """
    if "applicationType" in payload:
        code = str(payload["applicationType"])
        return Conversion(_copy(dict(payload)), code, (), ())
    prototype_type = prototype_type_for(payload["data"]["application"]["type"]["value"])
    log = _Log()
    try:
        document = _fit(
            branch_schema(_TARGET, prototype_type), _source(payload, prototype_type), (), log
        )
    except _Misfit as misfit:
        raise ConversionError([OdpError(pointer(misfit.path), misfit.detail)]) from None
    report = check(document)
    if not report.ok:
        raise ConversionError(list(report.errors))
    return Conversion(document, prototype_type, tuple(log.dropped), tuple(log.translated))


def warm_up() -> None:
    """Prepare every schema node's plan and the code tables now (about 0.25 s) for speed later."""
    pending: list[Any] = [_root()]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            if "anyOf" in _plan(node).node:
                _pins(_plan(node).node)
            for key in ("properties", "definitions"):
                pending.extend(node.get(key, {}).values())
            pending.extend(node.get(k) for k in ("anyOf", "items", "additionalProperties"))
    for name in ("PropertyType", "ProjectType"):
        code_translations(name)


def to_prototype(payload: Mapping[str, Any]) -> dict[str, Any]:
    """A valid ``prototypeApplication.json`` document for an ``application.json`` payload."""
    return convert(payload).document


__all__ = ["Conversion", "ConversionError", "convert", "to_prototype", "warm_up"]
