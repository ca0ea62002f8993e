"""Provenance a record keeps across reorganisations: the references it held before.

When a reorganisation gives a record a new reference (a merge prefixing ``26/00001/HOUSE`` to
``ASH-26/00001/HOUSE`` because two predecessors both used it), the old one is appended to the
record's ``former_references`` (oldest first), so every reference it has ever had still finds
it — through any number of reorganisations. ``legacy_reference`` is a different thing: the
reference in the system the council migrated *from*, which no reorganisation touches.

A former reference can be shared: each of three merged districts had its own ``26/00001/HOUSE``.
A request that came through a retired council's slug is redirected with ``formerly=<slug>``
(see ``app.problems``); the tenant session then carries that council's GSS code in its
``info`` (:func:`note_former_authority`), and lookups prefer the record that came from it
(:func:`preferring`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Index, String, case, or_, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

FORMER_REFERENCES = "former_references"
#: The query parameter a retired council's redirect adds (its slug).
FORMERLY_PARAMETER = "formerly"
#: The session ``info`` key holding the GSS code of the retired council a request came through.
FORMER_AUTHORITY = "vesta.former_authority"


def former_references() -> Mapped[list[str]]:
    """The column: references the record held before a reorganisation renamed it."""
    return mapped_column(
        ARRAY(String(80)), default=list, server_default=text("'{}'::character varying[]")
    )


def former_references_index(table: str) -> Index:
    """A GIN index, so a lookup by a former reference is an index probe."""
    return Index(f"ix_{table}_former_references", FORMER_REFERENCES, postgresql_using="gin")


def formerly(column: Any, key: str) -> ColumnElement[bool]:
    """True where ``column`` (a ``former_references`` column) holds ``key``."""
    return column.contains([key])


def matching(current: Any, former: Any, *keys: str) -> ColumnElement[bool]:
    """The record whose reference is one of ``keys`` now, or was before."""
    return or_(*(current == key for key in keys), *(formerly(former, key) for key in keys))


def note_former_authority(session: Any, gss_code: str | None) -> None:
    """Record on a session which retired council the request came through (or none)."""
    session.info[FORMER_AUTHORITY] = gss_code


def preferring(session: Any, current: Any, origin: Any, *keys: str) -> list[ColumnElement[Any]]:
    """ORDER BY terms for :func:`matching`: a record holding the reference now first, then one
    that came from the council the request came through (see :func:`note_former_authority`)."""
    terms: list[ColumnElement[Any]] = [case((or_(*(current == k for k in keys)), 0), else_=1)]
    hint = session.info.get(FORMER_AUTHORITY)
    if hint is not None:
        terms.append(case((origin == hint, 0), else_=1))
    return terms
