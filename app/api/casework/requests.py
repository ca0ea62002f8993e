"""Request handling every case service's routes share: converting an untyped body with errors
that point at the field, the 422 and 404 problems, a case's record by id, and the ETag /
``If-Match`` pair that guards updates."""

from __future__ import annotations

import re
from typing import Any, TypeVar
from uuid import UUID

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from app.problems import Problem
from services.core.cases.lookup import CaseRecord, RecordNotFound, record_of
from services.core.cases.models import Case

T = TypeVar("T")


def convert(body: Any, into: type[T]) -> T:
    """``body`` as ``into``, or a 422 problem whose errors point at the offending field.

    For a body a route cannot type (``POST …/applications`` takes two shapes); a typed
    ``data: JSONBody[X]`` is decoded by Litestar, whose errors :mod:`app.problems` points."""
    try:
        return msgspec.convert(body, into, str_keys=True)
    except msgspec.ValidationError as exc:
        message = str(exc)
        match = re.search(r" - at `\$(.*)`$", message)
        path = match.group(1) if match else ""
        detail = message[: match.start()] if match else message
        pointer = "/" + "/".join(p for p in re.split(r"\.|\[|\]", path) if p) if path else ""
        unknown = re.search(r"unknown field `([^`]+)`", detail)
        if unknown:
            pointer = f"{pointer}/{unknown.group(1)}"
        raise Problem(
            422,
            "Invalid request",
            f"{pointer or '(body)'}: {detail}",
            errors=[{"pointer": pointer, "detail": detail}],
        ) from exc


def invalid(pointer: str, detail: str, *, status: int = 422) -> Problem:
    """A problem about one field of the request, named by its JSON pointer."""
    return Problem(
        status,
        "Invalid request",
        f"{pointer}: {detail}",
        errors=[{"pointer": pointer, "detail": detail}],
    )


def not_found(exc: RecordNotFound, *, case_noun: str = "application") -> Problem:
    """The 404 for a record the case (or, for a milestone, the obligation) lacks."""
    parent = case_noun if exc.parent == "case" else exc.parent
    return Problem(404, "Not found", f"This {parent} has no such {exc.noun}")


async def on_case(
    session: AsyncSession,
    case: Case,
    model: type[CaseRecord],
    record_id: UUID,
    *,
    case_noun: str = "application",
) -> CaseRecord:
    """The case's ``model`` record with that id, or a 404."""
    try:
        return await record_of(session, model, case, record_id)
    except RecordNotFound as exc:
        raise not_found(exc, case_noun=case_noun) from None


def etag(case: Case) -> str:
    return f'"{case.id}.{case.version}"'


def parse_if_match(value: str | None, case: Case) -> int | None:
    """The version an ``If-Match`` header names for ``case`` (``None`` for ``*``); a tag for
    another case or a malformed tag counts as a mismatch (version 0)."""
    if value is None or value.strip() == "*":
        return None
    tag = value.strip().removeprefix("W/").strip('"')
    case_id, _, version = tag.rpartition(".")
    if case_id != str(case.id) or not version.isdigit():
        return 0
    return int(version)


__all__ = ["convert", "etag", "invalid", "not_found", "on_case", "parse_if_match"]
