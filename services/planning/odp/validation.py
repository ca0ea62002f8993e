"""Validate ODP application payloads as PlanX submits them, fast, with pointed errors.

Accepted shapes (the discriminating keys were read from the schemas, v0.7.7):

- ``prototypeApplication``: a top-level ``applicationType`` string (95 codes), with
  ``responses`` and no ``submission``.
- ``application``: no ``applicationType``; the code is ``data.application.type.value`` (105
  codes, including parent codes such as ``pp`` that the prototype shape does not use).

Recognised but refused (not submissions of an application): ``preApplication``
(``data.application.type.value`` is ``preApp``), ``enforcement`` (``breach``) and the
post-submission shapes (``applicationType`` plus ``submission``). Note that ``metadata.schema``
is not a reliable hint: upstream's prototype examples point it at ``application.json``.

How it stays fast: the type code is read and checked first (an unknown code is reported with
close matches before any schema work), and each shape has one validator, compiled once
(:func:`warm_up`, or on first use) from :func:`dispatch.dispatch_schema`, which evaluates only
the branch for that code, and picks the branch of every other constant-tagged ``anyOf`` the same
way. The library is jsonschema-rs (Rust); ``bench/odp_validation.py`` has the figures against
the whole-``anyOf`` baseline and against the pure-Python libraries.

Formats are asserted, as upstream's own tests do (ajv with ajv-formats): ``date``,
``date-time``, ``email`` and ``uri`` by jsonschema-rs (checked on samples to accept at least what
ajv-formats accepts, e.g. ``user@localhost`` too), and ``uuid``, which is not a Draft-07 format
and so would be ignored, by :func:`is_uuid`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, cast, get_args

import jsonschema_rs

from services.planning.odp.catalogue import load_schema, type_branches
from services.planning.odp.dispatch import dispatch_schema
from services.planning.odp.errors import MAX_ERRORS, OdpError, close_matches, collect, json_type

Shape = Literal["application", "prototypeApplication"]
SHAPES: tuple[Shape, ...] = get_args(Shape)
#: Where each accepted shape names its application type.
TYPE_POINTERS: dict[Shape, str] = {
    "application": "/data/application/type/value",
    "prototypeApplication": "/applicationType",
}
_REFUSED = {
    "preApplication": "a pre-application advice request, not an application",
    "enforcement": "a report of a suspected planning breach, not an application",
    "postSubmissionApplication": (
        "a back-office record of an application after submission, not a submission"
    ),
}
_UUID = re.compile(r"^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$", re.IGNORECASE)


def is_uuid(value: str) -> bool:
    """The ``uuid`` format as ajv-formats checks it (RFC 4122 text, optional ``urn:uuid:``)."""
    return bool(_UUID.match(value))


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome of :func:`check`: the shape and type found (if any) and the errors."""

    shape: str | None
    application_type: str | None
    errors: tuple[OdpError, ...]
    total_errors: int

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class ValidatedSubmission:
    """A payload that is valid under its shape's schema."""

    shape: Shape
    application_type: str
    description: str  # the schema's description of the type code
    schema_id: str  # the schema's ``$id``: ``v0.7.7`` (application) or ``@next`` (prototype)
    payload: Mapping[str, Any]


class OdpValidationError(ValueError):
    """The payload is not a valid ODP application; ``errors`` say where and why."""

    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        self.shape = report.shape
        self.application_type = report.application_type
        self.errors = report.errors
        self.total_errors = report.total_errors
        first = report.errors[0] if report.errors else OdpError("", "invalid")
        more = report.total_errors - 1
        suffix = f" (and {more} more)" if more else ""
        super().__init__(f"{first.pointer or '(document)'}: {first.detail}{suffix}")

    def problem_errors(self) -> list[dict[str, str]]:
        """``errors[]`` for a 422 problem+json body (``app.problems.Problem(errors=…)``)."""
        return [e.as_dict() for e in self.errors]


# --- type codes and validators --------------------------------------------------------------


def application_types(shape: str) -> dict[str, str]:
    """Every application type code ``shape`` defines -> its description, in schema order.

    Read from the schema (``application``, ``prototypeApplication``, and for reference the
    refused shapes). The prototype schema has no descriptions; they come from
    ``application.json`` of the same release.
    """
    return {code: branch.description for code, branch in type_branches(shape).items()}


@cache
def _validator(shape: Shape) -> jsonschema_rs.Validator:
    schema = dispatch_schema(shape)
    cls = jsonschema_rs.validator_cls_for(schema)  # Draft-07, as every ODP schema declares
    return cls(schema, validate_formats=True, formats={"uuid": is_uuid})


def warm_up() -> None:
    """Load the schemas and compile the two validators now (call once at application start-up)."""
    for shape in SHAPES:
        _validator(shape)
        type_branches(shape)


# --- shape detection ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Detected:
    shape: str | None
    code: str | None
    errors: tuple[OdpError, ...] = ()


def _fail(shape: str | None, code: str | None, pointer: str, detail: str) -> _Detected:
    return _Detected(shape, code, (OdpError(pointer, detail),))


def _unknown(shape: Shape, code: str) -> _Detected:
    known = type_branches(shape)
    close = close_matches(code, list(known))
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    detail = (
        f"unknown application type {code!r}: the {shape} schema defines {len(known)} "
        f"application type codes{hint}"
    )
    return _fail(shape, code, TYPE_POINTERS[shape], detail)


def _refused(shape: str, code: str | None, pointer: str) -> _Detected:
    detail = (
        f"this is an ODP {shape} payload ({_REFUSED[shape]}); this endpoint accepts only the "
        "application and prototypeApplication shapes"
    )
    return _fail(shape, code, pointer, detail)


def _detect(payload: object) -> _Detected:
    if not isinstance(payload, dict):
        return _fail(None, None, "", f"must be a JSON object, not {json_type(payload)}")
    if "applicationType" in payload:
        code = payload["applicationType"]
        if "submission" in payload and "responses" not in payload:
            return _refused("postSubmissionApplication", str(code), "/submission")
        if not isinstance(code, str):
            detail = f"must be a string naming an application type, not {json_type(code)}"
            return _fail("prototypeApplication", None, "/applicationType", detail)
        if code not in type_branches("prototypeApplication"):
            return _unknown("prototypeApplication", code)
        return _Detected("prototypeApplication", code)
    type_object = _dig(payload, ("data", "application", "type"))
    if not isinstance(type_object, dict):
        detail = (
            "not an ODP application payload: expected a top-level 'applicationType' "
            "(prototypeApplication schema) or 'data.application.type.value' (application schema)"
        )
        return _fail(None, None, "", detail)
    code = type_object.get("value")
    pointer = TYPE_POINTERS["application"]
    if not isinstance(code, str):
        detail = "is required" if code is None else f"must be a string, not {json_type(code)}"
        return _fail("application", None, pointer, detail)
    if code in type_branches("application"):
        return _Detected("application", code)
    for refused in ("preApplication", "enforcement"):
        if code in type_branches(refused):
            return _refused(refused, code, pointer)
    return _unknown("application", code)


def _dig(value: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


# --- entry points ---------------------------------------------------------------------------


def check(payload: object, *, max_errors: int = MAX_ERRORS) -> ValidationReport:
    """Validate without raising: shape, type code and (at most ``max_errors``) errors."""
    found = _detect(payload)
    if found.errors or found.shape not in SHAPES:
        return ValidationReport(found.shape, found.code, found.errors, len(found.errors))
    shape = cast(Shape, found.shape)
    try:
        errors, total = collect(_validator(shape).iter_errors(payload), max_errors)
    except ValueError as exc:  # not JSON data (a non-string key, a cycle) or nested too deeply
        errors, total = [OdpError("", f"cannot be validated as JSON: {exc}")], 1
    return ValidationReport(shape, found.code, tuple(errors), total)


def validate(payload: object) -> ValidatedSubmission:
    """The validated submission, or :class:`OdpValidationError` (nothing is stored either way)."""
    report = check(payload)
    if not report.ok or report.shape not in SHAPES or report.application_type is None:
        raise OdpValidationError(report)
    shape = cast(Shape, report.shape)
    return ValidatedSubmission(
        shape=shape,
        application_type=report.application_type,
        description=type_branches(shape)[report.application_type].description,
        schema_id=str(load_schema(shape).get("$id", "")),
        payload=cast(dict[str, Any], payload),
    )


__all__ = [
    "SHAPES",
    "TYPE_POINTERS",
    "OdpValidationError",
    "Shape",
    "ValidatedSubmission",
    "ValidationReport",
    "application_types",
    "check",
    "is_uuid",
    "validate",
    "warm_up",
]
