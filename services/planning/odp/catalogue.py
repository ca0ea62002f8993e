"""The vendored ODP schemas: loading, ``$ref`` resolution, and the application types each defines.

Where each shape keeps its application type (found by reading the schemas, v0.7.7):

- ``prototypeApplication.json`` (and both post-submission schemas): the root is an ``anyOf`` of
  one ``$ref`` per type; each branch pins the top-level ``applicationType`` with a ``const``.
- ``application.json``, ``preApplication.json``, ``enforcement.json``: one root object; the type
  is ``data.application.type``, an object ``{value, description}``. In ``application.json`` that
  is ``#/definitions/ApplicationType``, an ``anyOf`` with one branch per code, each pinning both
  ``value`` and ``description`` with ``const``.

Every code and description here is read from the schema files, never written down by hand.

The in-memory dispatch form of the schemas is built by :mod:`services.planning.odp.dispatch`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import unquote

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
SCHEMA_NAMES = (
    "application",
    "prototypeApplication",
    "preApplication",
    "enforcement",
    "postSubmissionApplication",
    "postSubmissionPublishedApplication",
)
#: Schemas whose root ``anyOf`` has one branch per type, pinned by a top-level property.
ROOT_DISCRIMINATED = {
    "prototypeApplication": "applicationType",
    "postSubmissionApplication": "applicationType",
    "postSubmissionPublishedApplication": "applicationType",
}
#: Schemas that name their type at ``data.application.type`` as ``{value, description}``.
TYPE_OBJECT_PATH = ("data", "application", "type")

Schema = dict[str, Any]


class SchemaQuirk(RuntimeError):
    """A vendored schema no longer has the structure this module relies on."""


@dataclass(frozen=True, slots=True)
class TypeBranch:
    """One application type a schema defines."""

    code: str
    description: str
    definition: str | None  # the ``definitions`` entry holding the branch, if it is one


@cache
def load_schema(name: str) -> Schema:
    """A vendored schema file, parsed once. Treat the result as read-only."""
    if name not in SCHEMA_NAMES:
        raise KeyError(f"no vendored ODP schema called {name!r}; known: {', '.join(SCHEMA_NAMES)}")
    with (SCHEMA_DIR / f"{name}.json").open(encoding="utf-8") as handle:
        schema: Schema = json.load(handle)
    return schema


# --- reference resolution -----------------------------------------------------------------


def _anchors(root: Schema) -> dict[str, Schema]:
    """Draft-07 plain-name ``$id`` anchors (``"$id": "#File"``) among the definitions."""
    return {
        node["$id"]: node
        for node in root.get("definitions", {}).values()
        if isinstance(node, dict) and str(node.get("$id", "")).startswith("#")
    }


def definition_name(ref: str) -> str | None:
    """``#/definitions/Feature%3CGeometry%3E`` -> ``Feature<Geometry>`` (else ``None``).

    The generated schemas percent-encode ``<``, ``>`` and ``,`` in some definition names, so the
    fragment is percent-decoded before the JSON pointer is read (RFC 3986 / RFC 6901).
    """
    match = re.fullmatch(r"#/definitions/([^/]+)", ref)
    if not match:
        return None
    return unquote(match.group(1)).replace("~1", "/").replace("~0", "~")


def resolve(root: Schema, node: Any) -> Any:
    """Follow local ``$ref`` chains (definitions and plain-name anchors) to a schema node."""
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            raise SchemaQuirk(f"circular $ref {ref}")
        seen.add(ref)
        name = definition_name(ref)
        if name is not None:
            node = root["definitions"][name]
        elif ref.startswith("#") and ref in _anchors(root):
            node = _anchors(root)[ref]
        else:
            raise SchemaQuirk(f"unsupported $ref {ref!r} (only local references are expected)")
    return node


def alternatives(root: Schema, node: Any) -> Iterator[Schema]:
    """The resolved object schemas a node stands for, expanding ``anyOf``/``oneOf``/``allOf``."""
    node = resolve(root, node)
    if not isinstance(node, dict):
        return
    combined = [*node.get("anyOf", ()), *node.get("oneOf", ()), *node.get("allOf", ())]
    if combined:
        for child in combined:
            yield from alternatives(root, child)
    else:
        yield node


def nodes_at(root: Schema, path: Sequence[str]) -> list[Any]:
    """The raw (unresolved) schema nodes for ``properties`` ``path`` from the root."""
    current: list[Any] = [root]
    for name in path:
        current = [
            alt["properties"][name]
            for node in current
            for alt in alternatives(root, node)
            if name in alt.get("properties", {})
        ]
    return current


def const_of(root: Schema, node: Any) -> Any:
    """The ``const`` of a (referenced) schema node; a :class:`SchemaQuirk` if it has none."""
    node = resolve(root, node)
    if not isinstance(node, dict) or "const" not in node:
        raise SchemaQuirk(f"expected a const, found {json.dumps(node)[:120]}")
    return node["const"]


# --- application types ----------------------------------------------------------------------


def _humanise(definition: str) -> str:
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|\d+|[A-Z]+", definition)
    text = " ".join(words).lower()
    return text[:1].upper() + text[1:]


@cache
def type_branches(name: str) -> Mapping[str, TypeBranch]:
    """Every application type code schema ``name`` defines, in schema order."""
    root = load_schema(name)
    branches: dict[str, TypeBranch] = {}
    if name in ROOT_DISCRIMINATED:
        key = ROOT_DISCRIMINATED[name]
        for raw in root["anyOf"]:
            branch = resolve(root, raw)
            code = const_of(root, branch["properties"][key])
            definition = definition_name(raw.get("$ref", ""))
            # These schemas carry no descriptions; application.json (same release) does.
            described = type_branches("application").get(code)
            description = described.description if described else _humanise(definition or code)
            branches[code] = TypeBranch(code, description, definition)
    else:
        for raw in nodes_at(root, TYPE_OBJECT_PATH):
            for branch in alternatives(root, raw):
                props = branch["properties"]
                code = const_of(root, props["value"])
                branches[code] = TypeBranch(code, const_of(root, props["description"]), None)
    if not branches:
        raise SchemaQuirk(f"{name}.json defines no application type codes")
    return MappingProxyType(branches)


# --- branches -----------------------------------------------------------------------------


def branch_schema(name: str, code: str) -> Schema:
    """The raw schema of one type branch (for introspection and tests)."""
    root = load_schema(name)
    if name in ROOT_DISCRIMINATED:
        key = ROOT_DISCRIMINATED[name]
        for raw in root["anyOf"]:
            branch = resolve(root, raw)
            if const_of(root, branch["properties"][key]) == code:
                return branch
    else:
        for raw in nodes_at(root, TYPE_OBJECT_PATH):
            for branch in alternatives(root, raw):
                if const_of(root, branch["properties"]["value"]) == code:
                    return branch
    raise KeyError(f"{name}.json defines no application type {code!r}")


__all__ = [
    "SCHEMA_NAMES",
    "SchemaQuirk",
    "TypeBranch",
    "alternatives",
    "branch_schema",
    "const_of",
    "definition_name",
    "load_schema",
    "nodes_at",
    "resolve",
    "type_branches",
]
