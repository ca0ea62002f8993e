"""Request handling every case service's routes share: converting an untyped body with errors
that point at the field, the 422 and 404 problems, a case's record by id, and the ETag /
``If-Match`` pair that guards updates."""

from __future__ import annotations

import re
from typing import Annotated, Any, Protocol, TypeVar
from uuid import UUID

import msgspec
from litestar import Response
from litestar.params import HeaderParameter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.problems import Problem
from services.core.cases.lookup import CaseRecord, RecordNotFound, record_of
from services.core.cases.models import Case
from services.core.cases.store import VersionMismatch
from tenancy.binding import TenantRef, platform_session
from tenancy.models import Tenant

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


class Versioned(Protocol):
    """A row with an optimistic lock: a case, a land charge, a licence …"""

    id: UUID
    version: int


#: The ``If-Match`` request header, as update routes take it.
IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        description="The ETag from your last read; required, so concurrent edits are not lost",
    ),
]


async def council_name(tenant: TenantRef) -> str:
    """The council's name for notices and certificates (the platform registry holds it)."""
    async with platform_session() as session:
        name = await session.scalar(select(Tenant.name).where(Tenant.id == tenant.id))
    return name or tenant.slug


def pdf_response(content: bytes, name: str) -> Response[bytes]:
    """A notice or certificate as a PDF shown in the browser, named after its reference
    (``/`` in references becomes ``-``)."""
    filename = name.replace("/", "-") + ".pdf"
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


def etag(row: Versioned) -> str:
    return f'"{row.id}.{row.version}"'


def parse_if_match(value: str | None, row: Versioned) -> int | None:
    """The version an ``If-Match`` header names for ``row`` (``None`` for ``*``); a tag for
    another row or a malformed tag counts as a mismatch (version 0)."""
    if value is None or value.strip() == "*":
        return None
    tag = value.strip().removeprefix("W/").strip('"')
    row_id, _, version = tag.rpartition(".")
    if row_id != str(row.id) or not version.isdigit():
        return 0
    return int(version)


def require_if_match(value: str | None, row: Versioned, *, required: bool = True) -> None:
    """An update's precondition: 428 without ``If-Match`` (unless not ``required``: an action
    that may be sent without one), 412 when it names another version than ``row``'s current
    one (:class:`VersionMismatch`)."""
    if value is None and not required:
        return
    if value is None:
        raise Problem(
            428,
            "Precondition required",
            "Send If-Match with the ETag you read, so concurrent edits are not lost",
        )
    expected = parse_if_match(value, row)
    if expected is not None and expected != row.version:
        raise VersionMismatch(row.version)


__all__ = [
    "IfMatch",
    "Versioned",
    "convert",
    "council_name",
    "etag",
    "invalid",
    "not_found",
    "on_case",
    "parse_if_match",
    "pdf_response",
    "require_if_match",
]
