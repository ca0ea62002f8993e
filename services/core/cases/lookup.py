"""Finding one of a case's own records by id. A consultation, comment, condition, obligation or
document belongs to exactly one case: an id from another case is as unknown as a made-up one,
so a URL naming one case cannot reach another case's records."""

from __future__ import annotations

from typing import TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from services.core.cases.models import Case
from services.core.cases.outcomes import Condition, Obligation
from services.core.cases.records import Comment, Consultation, Document

#: A record that belongs to one case.
CaseRecord = TypeVar("CaseRecord", Comment, Condition, Consultation, Document, Obligation)


class RecordNotFound(LookupError):
    """``parent`` (``case``, or a record such as ``obligation``) has no ``noun`` with that id."""

    def __init__(self, noun: str, parent: str = "case") -> None:
        super().__init__(f"the {parent} has no such {noun}")
        self.noun = noun
        self.parent = parent


async def record_of(
    session: AsyncSession,
    model: type[CaseRecord],
    case: Case,
    record_id: UUID,
    *,
    lock: bool = False,
) -> CaseRecord:
    """The ``model`` row with ``record_id`` on ``case`` (row-locked if ``lock``); raises
    :class:`RecordNotFound` naming the record in lower case (``consultation`` …)."""
    row = await session.get(model, record_id, with_for_update=True if lock else None)
    if row is None or row.case_id != case.id:
        raise RecordNotFound(model.__name__.lower())
    return row


__all__ = ["CaseRecord", "RecordNotFound", "record_of"]
