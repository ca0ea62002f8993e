"""Finding cases: the filters every case list shares (the ODP filter and date-search
syntax map onto :class:`CaseFilter`), counting, and pages in a chosen order with offset or
keyset (cursor) pagination."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import Select, func, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from services.core.cases.models import Case, Site
from tenancy.provenance import formerly


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """Filters for case lists. Each tuple is an OR of values (``status=a,b``); lists of tuples
    (repeated parameters) are ANDed, as the ODP filter syntax says."""

    services: tuple[str, ...] = ()
    statuses: tuple[tuple[str, ...], ...] = ()
    case_types: tuple[tuple[str, ...], ...] = ()
    officer_id: UUID | None = None
    overdue_on: dt.date | None = None
    open_only: bool = False
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    decided_from: dt.date | None = None
    decided_to: dt.date | None = None
    validated_from: dt.datetime | None = None
    validated_to: dt.datetime | None = None
    published_from: dt.datetime | None = None
    published_to: dt.datetime | None = None
    consultation_end_from: dt.date | None = None
    consultation_end_to: dt.date | None = None
    decided: bool | None = None
    withdrawn: bool | None = None
    reference: str | None = None
    query: str | None = None
    uprn: str | None = None
    closed_states: frozenset[str] = frozenset()

    def apply(self, statement: Select[Any]) -> Select[Any]:
        if self.services:
            statement = statement.where(Case.service.in_(self.services))
        for group in self.statuses:
            statement = statement.where(Case.status.in_(group))
        for group in self.case_types:
            statement = statement.where(Case.case_type.in_(group))
        if self.officer_id is not None:
            statement = statement.where(Case.officer_id == self.officer_id)
        if self.open_only or self.overdue_on is not None:
            statement = statement.where(Case.decision_date.is_(None))
            if self.closed_states:
                statement = statement.where(Case.status.not_in(self.closed_states))
        if self.overdue_on is not None:
            statement = statement.where(Case.target_date < self.overdue_on)
        if self.received_from is not None:
            statement = statement.where(Case.received_date >= self.received_from)
        if self.received_to is not None:
            statement = statement.where(Case.received_date <= self.received_to)
        if self.decided_from is not None:
            statement = statement.where(Case.decision_date >= self.decided_from)
        if self.decided_to is not None:
            statement = statement.where(Case.decision_date <= self.decided_to)
        statement = self._ranges(statement)
        if self.reference:
            statement = statement.where(
                or_(
                    Case.reference == self.reference,
                    Case.reference_key == self.reference,
                    formerly(Case.former_references, self.reference),
                )
            )
        if self.query:
            pattern = f"%{self.query}%"
            at_address = select(Site.case_id).where(Site.address_line.ilike(pattern))
            statement = statement.where(
                or_(
                    Case.reference.ilike(pattern),
                    Case.legacy_reference.ilike(pattern),
                    func.array_to_string(Case.former_references, " ").ilike(pattern),
                    Case.description.ilike(pattern),
                    Case.id.in_(at_address),
                )
            )
        if self.uprn:
            statement = statement.where(
                Case.id.in_(select(Site.case_id).where(Site.uprn == self.uprn))
            )
        return statement

    def _ranges(self, statement: Select[Any]) -> Select[Any]:
        ranges = (
            (Case.validated_at, self.validated_from, self.validated_to),
            (Case.published_at, self.published_from, self.published_to),
            (Case.consultation_end_date, self.consultation_end_from, self.consultation_end_to),
        )
        for column, start, end in ranges:
            if start is not None:
                statement = statement.where(column >= start)
            if end is not None:
                statement = statement.where(column <= end)
        if self.decided is not None:
            decided = Case.decision_date.is_not(None)
            statement = statement.where(decided if self.decided else ~decided)
        if self.withdrawn is not None:
            withdrawn = Case.withdrawn_at.is_not(None)
            statement = statement.where(withdrawn if self.withdrawn else ~withdrawn)
        return statement


def filter_groups(values: Sequence[str] | None) -> tuple[tuple[str, ...], ...]:
    """Query values in the ODP filter syntax: ``a,b`` is OR within one parameter; repeated
    parameters are ANDed (``status=a,b&status=c`` is ``(a OR b) AND c``)."""
    return tuple(tuple(v for v in value.split(",") if v) for value in values or ())


#: Orders a case list can take: each a column, with the id as the tie-breaker.
SORTS = {
    "receivedAt": Case.received_date,
    "councilDecisionDate": Case.decision_date,
    "consultationEndDate": Case.consultation_end_date,
    "id": Case.id,
}


async def count_cases(session: AsyncSession, where: CaseFilter) -> int:
    statement = where.apply(select(func.count()).select_from(Case))
    return int((await session.execute(statement)).scalar_one())


async def list_cases(
    session: AsyncSession,
    where: CaseFilter,
    *,
    limit: int,
    offset: int = 0,
    sort: str = "receivedAt",
    newest_first: bool = True,
    after: tuple[dt.date, UUID] | None = None,
    before: tuple[dt.date, UUID] | None = None,
    with_details: bool = True,
) -> Sequence[Case]:
    """A page of cases in ``sort`` order (then by id), newest first by default.

    ``after`` / ``before`` are keyset cursors on (received date, id) — the last row of the
    previous page, or the first row of the next one — used instead of ``offset`` for large
    lists: each page costs the same however deep it is. Rows come back in list order either way.
    """
    column = SORTS[sort]
    statement = where.apply(select(Case))
    key = tuple_(Case.received_date, Case.id)
    backwards = before is not None
    if after is not None:
        statement = statement.where(key < tuple_(*after) if newest_first else key > tuple_(*after))
    if before is not None:
        statement = statement.where(
            key > tuple_(*before) if newest_first else key < tuple_(*before)
        )
    descending = newest_first != backwards
    # Undated rows go last newest-first. Only nullable columns say so: a NULLS clause on a
    # NOT NULL column would stop Postgres walking the (service, received_date, id) index and
    # make every page sort the whole register.
    nullable = bool(getattr(column, "nullable", False))
    first = column.desc() if descending else column.asc()
    if nullable:
        first = first.nulls_last() if descending else first.nulls_first()
    order = (first, Case.id.desc() if descending else Case.id.asc())
    keyset = after is not None or before is not None
    statement = statement.order_by(*order).limit(limit).offset(0 if keyset else offset)
    if with_details:
        statement = statement.options(selectinload(Case.site), selectinload(Case.parties))
    rows = list((await session.scalars(statement)).all())
    return rows[::-1] if backwards else rows


__all__ = ["SORTS", "CaseFilter", "count_cases", "filter_groups", "list_cases"]
