"""Validation errors as RFC 6901 JSON pointers with short, specific details.

jsonschema-rs reports an ``anyOf`` failure as one error holding every branch's errors
(``kind.context``). :func:`collect` replaces it by the errors of the branch that came closest
(the idea of ``jsonschema.exceptions.best_match``): branches that reject the value itself (wrong
JSON type, wrong constant) lose to branches that got inside it; then fewer errors win, then
deeper ones. When several branches tie on constants only, their constants are merged into one
"must be one of" error. Errors are then sorted most specific (deepest pointer) first.

Most ``anyOf`` lists of the ODP schemas never reach this: ``dispatch.py`` turns them into
``enum`` or if/then dispatch, so their errors come from the one matching branch.

Pointers follow the project's convention (``app/problems.py``): a missing required property and
an unexpected property are reported at the property's own pointer.
"""

from __future__ import annotations

import difflib
import heapq
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jsonschema_rs import ValidationError, ValidationErrorKind

K = ValidationErrorKind
MAX_ERRORS = 20
_SCAN_LIMIT = 1000  # errors worded and sorted; any beyond are only counted
_SUGGESTED = 5  # close-match suggestions for at most this many errors of one report
_SHOWN_VALUES = 8
_NARROW_TO = 40  # candidates kept for difflib's (slow) ratio
_MISMATCH = frozenset({"type", "const", "enum"})
_TYPE_NAMES = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class OdpError:
    """One problem with a payload: where (a JSON pointer into it) and what."""

    pointer: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        """The ``errors[]`` item of a problem+json body."""
        return {"pointer": self.pointer, "detail": self.detail}


def pointer(path: Sequence[str | int]) -> str:
    """RFC 6901: ``("data", "a/b", 0)`` -> ``/data/a~1b/0``; the whole document is ``""``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _show(value: Any, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _article(type_name: str) -> str:
    if type_name == "null":
        return "null"
    return ("an " if type_name[:1] in "aeiou" else "a ") + type_name


@lru_cache(maxsize=8192)
def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def close_matches(word: str, candidates: Sequence[str], n: int = 3) -> list[str]:
    """``difflib.get_close_matches``, after narrowing a long list by shared letter pairs."""
    if len(candidates) > _NARROW_TO:
        pairs = _bigrams(word)
        candidates = heapq.nlargest(_NARROW_TO, candidates, key=lambda c: len(pairs & _bigrams(c)))
    return difflib.get_close_matches(word, candidates, n=n, cutoff=0.6)


def one_of(values: Sequence[Any], instance: Any, *, suggest: bool = True) -> str:
    """'must be one of …' with a few values shown, and close matches for a string."""
    unique = list(dict.fromkeys(json.dumps(v, sort_keys=True) for v in values))
    shown = [_show(json.loads(v), 60) for v in unique[:_SHOWN_VALUES]]
    if len(unique) == 1:
        detail = f"must be {shown[0]}"
    elif len(unique) <= _SHOWN_VALUES:
        detail = "must be one of " + ", ".join(shown)
    else:
        detail = f"must be one of {len(unique)} allowed values ({', '.join(shown[:3])}, …)"
    if suggest and isinstance(instance, str) and len(unique) > 1:
        candidates = [v for v in (json.loads(u) for u in unique) if isinstance(v, str)]
        close = close_matches(instance, candidates)
        if close:
            detail += "; did you mean " + " or ".join(_show(c) for c in close) + "?"
    return detail


@dataclass(frozen=True, slots=True)
class _Leaf:
    """One error before its detail is worded (wording "one of" lists is the costly part)."""

    path: Path
    keyword: str
    message: str = ""  # the detail, except for const/enum leaves
    expected: tuple[Any, ...] = ()  # allowed constants (const/enum) or type names (type)
    instance: Any = None

    @property
    def depth(self) -> int:
        return len(self.path)

    @property
    def listed(self) -> bool:
        return self.keyword in ("const", "enum")

    def identity(self) -> tuple[str, str, str]:
        """Equal for duplicates (the same error reached through two branches)."""
        extra = f"{len(self.expected)}:{self.expected[:3]!r}" if self.listed else ""
        return (pointer(self.path), self.message, extra)

    def detail(self, *, suggest: bool) -> str:
        return (
            one_of(self.expected, self.instance, suggest=suggest) if self.listed else self.message
        )


def _leaves(error: ValidationError) -> list[_Leaf]:
    path: Path = tuple(error.instance_path)
    match error.kind:
        case K.AnyOf(context=context) | K.OneOfNotValid(context=context):
            return _best_branch(path, error, context)
        case K.Required(property=name):
            return [_Leaf((*path, name), "required", "is required")]
        case K.AdditionalProperties(unexpected=names):
            return [_Leaf((*path, n), "additionalProperties", "is not allowed here") for n in names]
        case K.Type(types=types):
            wanted = " or ".join(_article(t) for t in types)
            message = f"must be {wanted}, not {_article(json_type(error.instance))}"
            return [_Leaf(path, "type", message, tuple(types))]
        case K.Constant(expected_value=value):
            return [_Leaf(path, "const", "", (value,), error.instance)]
        case K.Enum(options=options):
            return [_Leaf(path, "enum", "", tuple(options), error.instance)]
        case K.Format(format=fmt):
            return [_Leaf(path, "format", f"must be a valid {fmt}, not {_show(error.instance)}")]
        case K.Pattern(pattern=pattern):
            return [_Leaf(path, "pattern", f"must match the pattern {pattern}")]
        case K.OneOfMultipleValid():
            return [_Leaf(path, "oneOf", "matches more than one of the allowed forms")]
        case _:
            return [_Leaf(path, error.kind.name, _plain_message(error))]


def _plain_message(error: ValidationError) -> str:
    """jsonschema-rs messages start with the offending value; keep them short."""
    message = error.message
    shown = json.dumps(error.instance, ensure_ascii=False, separators=(",", ":"))
    if message.startswith(shown) and len(shown) > 40:
        message = "value" + message[len(shown) :]
    return message if len(message) <= 200 else message[:199] + "…"


def _best_branch(
    path: Path, error: ValidationError, context: Sequence[Sequence[ValidationError]]
) -> list[_Leaf]:
    branches = [[leaf for e in branch for leaf in _leaves(e)] for branch in context]
    branches = [b for b in branches if b]
    if not branches:
        return [_Leaf(path, "anyOf", "does not match any of the allowed forms")]
    base = len(path)

    def score(leaves: list[_Leaf]) -> tuple[bool, int, int]:
        mismatch = any(x.depth == base and x.keyword in _MISMATCH for x in leaves)
        return (mismatch, len(leaves), -max(x.depth for x in leaves))

    scores = [score(b) for b in branches]
    best = min(scores)
    if best[0]:  # every branch rejects the value itself
        return [_summary(path, error.instance, branches)]
    tied = [b for b, s in zip(branches, scores, strict=True) if s == best]
    if len(tied) > 1 and all(x.keyword == "const" for b in tied for x in b):
        return [
            _Leaf(leaf.path, "enum", "", tuple(_constants_at(leaf.path, branches)), leaf.instance)
            for leaf in tied[0]
        ]
    return tied[0]


def _constants_at(path: Path, branches: list[list[_Leaf]]) -> list[Any]:
    return [v for b in branches for x in b if x.path == path and x.listed for v in x.expected]


def _summary(path: Path, instance: Any, branches: list[list[_Leaf]]) -> _Leaf:
    """One error for a value that no branch accepts at all."""
    types = list(
        dict.fromkeys(t for b in branches for x in b if x.path == path and x.keyword == "type"
                      for t in x.expected)
    )  # fmt: skip
    values = _constants_at(path, branches)
    parts = ["must be " + " or ".join(_article(t) for t in types)] if types else []
    if values:
        parts.append(one_of(values, instance))
    message = "; or ".join(parts) or "does not match any of the allowed forms"
    return _Leaf(path, "anyOf", message)


def collect(
    errors: Iterable[ValidationError], limit: int = MAX_ERRORS
) -> tuple[list[OdpError], int]:
    """The most specific errors first (at most ``limit``), and how many there were in all.

    A type error is dropped where the same pointer also has a "must be one of" error, which
    says more (``must be "x"`` implies a string). Past ``_SCAN_LIMIT`` errors the rest are only
    counted (one each), which keeps a payload with thousands of errors cheap to answer.
    """
    leaves: list[_Leaf] = []
    remaining = iter(errors)
    for error in remaining:
        leaves.extend(_leaves(error))
        if len(leaves) >= _SCAN_LIMIT:
            break
    uncounted = sum(1 for _ in remaining)
    listed_paths = {leaf.path for leaf in leaves if leaf.listed}
    unique: dict[tuple[str, str, str], _Leaf] = {}
    for leaf in leaves:
        if leaf.keyword == "type" and leaf.path in listed_paths:
            continue
        unique.setdefault(leaf.identity(), leaf)
    ordered = sorted(unique.items(), key=lambda item: (-item[1].depth, item[0]))
    out: list[OdpError] = []
    suggestions = _SUGGESTED
    for (where, _, _), leaf in ordered[:limit]:
        out.append(OdpError(where, leaf.detail(suggest=suggestions > 0)))
        suggestions -= leaf.listed
    return out, len(ordered) + uncounted


__all__ = [
    "MAX_ERRORS",
    "OdpError",
    "close_matches",
    "collect",
    "json_type",
    "one_of",
    "pointer",
]
