"""Shared pieces of the planning routes: the path prefix, loading a case by id or reference
and one of its records by id (or a 404), the council's settings, and request-body conversion
with pointed errors."""

from __future__ import annotations

import re
from typing import Any, TypeVar
from uuid import UUID

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from app.problems import Problem
from services.core.cases.lookup import CaseRecord, RecordNotFound, record_of
from services.core.cases.models import Case
from services.core.cases.store import get_case
from services.core.settings import CouncilSettings
from services.core.store import read_settings
from services.planning.store import SERVICE

PREFIX = "/api/v1/{tenant:str}/planning"
APPLICATION = PREFIX + "/applications/{application:str}"
TAGS = ["planning"]

T = TypeVar("T")


async def load(session: AsyncSession, application: str, *, details: bool = True) -> Case:
    return await get_case(session, SERVICE, application, with_details=details)


async def settings_of(session: AsyncSession) -> CouncilSettings:
    return await read_settings(session)


def convert(body: Any, into: type[T]) -> T:
    """``body`` as ``into``, or a 422 problem whose errors point at the offending field.

    For a body the route cannot type (``POST …/applications`` takes two shapes); a typed
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
    return Problem(
        status,
        "Invalid request",
        f"{pointer}: {detail}",
        errors=[{"pointer": pointer, "detail": detail}],
    )


def not_found(exc: RecordNotFound) -> Problem:
    """The 404 for a record the application (or, for a milestone, the obligation) lacks."""
    parent = "application" if exc.parent == "case" else exc.parent
    return Problem(404, "Not found", f"This {parent} has no such {exc.noun}")


async def on_application(
    session: AsyncSession, case: Case, model: type[CaseRecord], record_id: UUID
) -> CaseRecord:
    """The application's ``model`` record with that id, or a 404."""
    try:
        return await record_of(session, model, case, record_id)
    except RecordNotFound as exc:
        raise not_found(exc) from None
