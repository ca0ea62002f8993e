"""An in-memory form of an ODP schema that picks ``anyOf`` branches by their constants first.

The ODP schemas are generated from TypeScript unions, so they are full of ``anyOf`` lists whose
branches differ by a constant: the 95 application types at the root of
``prototypeApplication.json`` (``applicationType``), the 105 codes of ``ApplicationType``, 604
property types, 102 file types, 144 planning designations (``value``), GeoJSON geometries
(``type``), and plain lists of constants. A validator tries every branch of an ``anyOf`` until one
matches and, when none does, keeps every branch's errors, so one wrong value deep in a payload
can cost thousands of error objects (measured: 20,000 for a badly broken designation list).

:func:`dispatch_schema` rewrites, without changing what is valid:

1. An ``anyOf`` whose branches are all bare constants (``{const, type?, description?}``) into
   ``enum``. Equivalent: annotations do not validate and each ``type`` is checked to match its
   constant.
2. An ``anyOf`` whose branches are all objects that require a common property pinned by a
   ``const`` (nested inline ``anyOf`` lists are flattened first) into a guard and a binary
   search over the constants::

       {"type": "object", "required": [k], "properties": {k: {"enum": [c1, ..., cn]}},
        "if": <the same guard>,
        "then": {"if": {"properties": {k: {"enum": [c1, ..., c(n/2)]}}},
                 "then": <search the first half>, "else": <search the second half>}}

   down to the branch (or ``anyOf`` of the branches) pinned to one constant. Equivalent: every
   branch requires ``k`` and pins it, so a valid instance is an object whose ``k`` is one of
   the constants and which satisfies a branch pinned to that constant. Only that branch is
   evaluated, after about log2(n) ``enum`` checks: as fast as a plain ``anyOf`` on valid data
   (measured), and its errors are that branch's alone.

Rule 2 is what picks the application type's branch: the root of ``prototypeApplication.json``
and ``#/definitions/ApplicationType`` in ``application.json``. :func:`dispatch_schema` checks
that this happened, so a future schema that breaks the pattern fails loudly instead of silently
falling back to the slow whole-``anyOf`` form. The vendored files are never modified.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

from services.planning.odp.catalogue import (
    ROOT_DISCRIMINATED,
    TYPE_OBJECT_PATH,
    Schema,
    SchemaQuirk,
    definition_name,
    load_schema,
    nodes_at,
    resolve,
)

_ANNOTATIONS = frozenset({"description", "title", "$id", "$comment", "examples", "default"})
_SCHEMA_MAPS = frozenset({"properties", "definitions", "patternProperties", "dependencies"})
_SCHEMA_LISTS = frozenset({"anyOf", "allOf", "oneOf", "items"})
_SCHEMA_ONE = frozenset(
    {"additionalProperties", "additionalItems", "items", "not", "if", "then", "else"}
    | {"contains", "propertyNames"}
)
_NEUTRAL = _ANNOTATIONS | {"$schema", "definitions"}  # keywords that do not constrain a value
_PREFERRED_KEYS = ("applicationType", "value", "type")
_JSON_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
}


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _leaves(root: Schema, node: Schema) -> list[Any]:
    """The branches of ``node``'s ``anyOf``, with inline nested pure ``anyOf`` lists flattened."""
    out: list[Any] = []
    for branch in node["anyOf"]:
        if (
            isinstance(branch, dict)
            and "anyOf" in branch
            and branch.keys() <= {"anyOf"} | (_ANNOTATIONS - {"$id"})
        ):
            out.extend(_leaves(root, branch))
        else:
            out.append(branch)
    return out


def _as_enum(root: Schema, leaves: list[Any]) -> Schema | None:
    """Rule 1: an ``anyOf`` of bare constants is an ``enum``."""
    values: list[Any] = []
    for leaf in leaves:
        branch = resolve(root, leaf)
        if not isinstance(branch, dict) or "const" not in branch:
            return None
        if not branch.keys() <= {"const", "type"} | _ANNOTATIONS:
            return None
        kind = branch.get("type")
        if kind is not None and not (isinstance(kind, str) and _JSON_TYPES[kind](branch["const"])):
            return None
        values.append(branch["const"])
    return {"enum": values}


def _pinned(root: Schema, branch: Any) -> dict[str, Any] | None:
    """Required properties that an object branch pins with a ``const`` -> the constant."""
    branch = resolve(root, branch)
    if not isinstance(branch, dict) or branch.get("type") != "object":
        return None
    props = branch.get("properties", {})
    pins: dict[str, Any] = {}
    for name in branch.get("required", ()):
        target = resolve(root, props.get(name))
        if isinstance(target, dict) and "const" in target:
            pins[name] = target["const"]
    return pins


def _as_dispatch(root: Schema, leaves: list[Any], walk: Callable[[Any], Any]) -> Schema | None:
    """Rule 2: an ``anyOf`` of objects pinned by a common required constant."""
    pins = [_pinned(root, leaf) for leaf in leaves]
    if not pins or any(p is None for p in pins):
        return None
    common = set.intersection(*(set(p or ()) for p in pins))
    ranked = [k for k in _PREFERRED_KEYS if k in common] + sorted(common - set(_PREFERRED_KEYS))
    for key in ranked:
        if not all(isinstance((pin or {})[key], str) for pin in pins):
            continue  # strings only: JSON equality of numbers (1 == 1.0) would split groups
        groups: dict[str, list[Any]] = {}
        for leaf, pin in zip(leaves, pins, strict=True):
            groups.setdefault(_key((pin or {})[key]), []).append(leaf)
        if len(groups) > 1:
            break
    else:
        return None
    codes = [json.loads(k) for k in groups]
    arms = [
        (code, walk(ms[0]) if len(ms) == 1 else {"anyOf": [walk(m) for m in ms]})
        for code, ms in zip(codes, groups.values(), strict=True)
    ]
    guard = {"type": "object", "required": [key], "properties": {key: {"enum": codes}}}
    return {**guard, "if": guard, "then": _search(key, arms)}


def _search(key: str, arms: list[tuple[Any, Any]]) -> Any:
    """A binary search over the constants: about log2(n) ``enum`` checks find the branch."""
    if len(arms) == 1:
        return arms[0][1]
    half = len(arms) // 2
    left = [code for code, _ in arms[:half]]
    return {
        "if": {"properties": {key: {"enum": left}}},
        "then": _search(key, arms[:half]),
        "else": _search(key, arms[half:]),
    }


def rewrite(root: Schema) -> Schema:
    """A copy of ``root`` with every eligible ``anyOf`` rewritten (rules 1 and 2)."""

    def walk(node: Any) -> Any:
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "anyOf":
                continue
            if key in _SCHEMA_MAPS and isinstance(value, dict):
                out[key] = {name: walk(sub) for name, sub in value.items()}
            elif key in _SCHEMA_LISTS and isinstance(value, list):
                out[key] = [walk(sub) for sub in value]
            elif key in _SCHEMA_ONE:
                out[key] = walk(value)
            else:
                out[key] = value
        branches = node.get("anyOf")
        if isinstance(branches, list):
            replaced = None
            if out.keys() <= _NEUTRAL:  # nothing else constrains the instance at this node
                leaves = _leaves(root, node)
                replaced = _as_enum(root, leaves) or _as_dispatch(root, leaves, walk)
            if replaced is None:
                out["anyOf"] = [walk(sub) for sub in branches]
            else:
                out.update(replaced)
        return out

    return walk(root)  # type: ignore[no-any-return]


def type_node(name: str) -> str:
    """Where schema ``name`` branches by application type: ``#`` or ``#/definitions/<name>``."""
    if name in ROOT_DISCRIMINATED:
        return "#"
    original = load_schema(name)
    refs = {definition_name(n.get("$ref", "")) for n in nodes_at(original, TYPE_OBJECT_PATH)}
    if len(refs) != 1 or None in refs:
        raise SchemaQuirk(f"{name}.json: expected one definition behind data.application.type")
    return f"#/definitions/{refs.pop()}"


@cache
def dispatch_schema(name: str) -> Schema:
    """The rewritten, equivalent form of vendored schema ``name`` (built once, read-only)."""
    where = type_node(name)
    rewritten = rewrite(load_schema(name))
    node: Any = rewritten
    for part in where.removeprefix("#/").split("/") if where != "#" else ():
        node = node[part]
    if not (isinstance(node, dict) and "anyOf" not in node and "then" in node):
        raise SchemaQuirk(f"{name}.json: {where} no longer dispatches on the application type")
    return rewritten


__all__ = ["dispatch_schema", "rewrite", "type_node"]
