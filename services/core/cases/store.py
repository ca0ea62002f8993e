"""Data access for cases, shared by every service: create with a reference, find by id or
reference, list with filters, change with an optimistic version check, move through the
service's workflow, and audit every write in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Select, func, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.inspection import inspect
from sqlalchemy.orm import selectinload

from services.core.cases.models import Case, Party, Site
from services.core.references import allocate_reference
from services.core.store import record_audit
from services.core.workflow import Workflow
from services.registry import registry
from tenancy.models import TenantBase


class CaseNotFound(LookupError):
    """No case of this service has that id or reference."""


class VersionMismatch(Exception):
    """The case changed since the client read it (If-Match failed)."""

    def __init__(self, current: int) -> None:
        super().__init__(f"the case is now at version {current}")
        self.current = current


class CaseRuleError(ValueError):
    """A well-formed request the rules do not allow; ``pointer`` names the field at fault.
    ``status`` is 422 for bad values and 409 for a conflict with the case's state."""

    def __init__(self, pointer: str, detail: str, *, status: int = 422) -> None:
        super().__init__(detail)
        self.pointer = pointer
        self.detail = detail
        self.status = status


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    return value


def snapshot(row: TenantBase, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """Column values of ``row`` as JSON-ready data, for the audit log."""
    columns = [c.key for c in inspect(row).mapper.column_attrs]
    wanted = columns if fields is None else [f for f in columns if f in set(fields)]
    return {name: jsonable(getattr(row, name)) for name in wanted}


def reference_key(reference: str) -> str:
    return reference.replace("/", "-")


def audit(
    session: AsyncSession,
    actor: str,
    action: str,
    row: TenantBase,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Audit a write to ``row`` (a case or one of its records) under entity = its table name."""
    record_audit(
        session,
        actor=actor,
        action=action,
        entity=row.__tablename__,
        entity_id=str(row.id),  # type: ignore[attr-defined]
        case_id=row.id if isinstance(row, Case) else getattr(row, "case_id", None),
        before=before,
        after=after if after is not None else snapshot(row),
    )


@dataclass(frozen=True, slots=True)
class NewCase:
    service: str
    case_type: str
    received_date: dt.date
    description: str = ""
    submitted_at: dt.datetime | None = None
    status: str | None = None
    officer_id: UUID | None = None
    officer_name: str | None = None
    odp_type: str | None = None
    fee_payable: Decimal | None = None
    details: dict[str, Any] = field(default_factory=dict)
    site: dict[str, Any] | None = None
    parties: Sequence[dict[str, Any]] = ()


async def create_case(
    session: AsyncSession, new: NewCase, *, workflow: Workflow, reference_format: str, actor: str
) -> Case:
    """Insert a case with its site and parties, allocating its reference, and audit it."""
    case_type = registry.get(new.service).case_type(new.case_type)
    reference = await allocate_reference(
        session,
        fmt=reference_format,
        service=new.service,
        suffix=case_type.reference_suffix,
        year=new.received_date.year,
    )
    case = Case(
        service=new.service,
        case_type=new.case_type,
        reference=reference,
        reference_key=reference_key(reference),
        status=new.status or workflow.initial,
        description=new.description,
        submitted_at=new.submitted_at,
        received_date=new.received_date,
        officer_id=new.officer_id,
        officer_name=new.officer_name,
        odp_type=new.odp_type,
        fee_payable=new.fee_payable,
        details=new.details,
        created_by=actor,
    )
    session.add(case)
    await session.flush()
    audit(session, actor, "case.created", case)
    if new.site is not None:
        site = Site(case_id=case.id, **new.site)
        session.add(site)
        await session.flush()
        audit(session, actor, "site.created", site)
    for position, party_fields in enumerate(new.parties):
        party = Party(case_id=case.id, position=position, **party_fields)
        session.add(party)
        await session.flush()
        audit(session, actor, "party.created", party)
    return case


def _by_key(service: str, key: str) -> Select[tuple[Case]]:
    statement = select(Case).where(Case.service == service)
    try:
        return statement.where(Case.id == UUID(key))
    except ValueError:
        return statement.where(
            or_(
                Case.reference == key,
                Case.reference_key == key,
                Case.legacy_reference == key,
            )
        ).order_by((Case.reference == key).desc())


async def get_case(
    session: AsyncSession, service: str, key: str | UUID, *, with_details: bool = False
) -> Case:
    """A case by UUID, by reference (``26/00001/HOUSE`` or ``26-00001-HOUSE``) or by legacy
    reference; raises :class:`CaseNotFound`."""
    statement = _by_key(service, str(key)).limit(1)
    if with_details:
        statement = statement.options(selectinload(Case.site), selectinload(Case.parties))
    case = (await session.scalars(statement)).first()
    if case is None:
        raise CaseNotFound(f"No {service.replace('_', ' ')} case has the id or reference {key}")
    return case


async def get_case_any(session: AsyncSession, key: str, *, services: Sequence[str]) -> Case:
    """A case of any of ``services`` by UUID or reference; raises :class:`CaseNotFound`."""
    for service in services:
        try:
            return await get_case(session, service, key)
        except CaseNotFound:
            continue
    raise CaseNotFound(f"No case you can see has the id or reference {key}")


async def lock_case(session: AsyncSession, case: Case) -> Case:
    """Re-read ``case`` with a row lock, for changes that depend on its current state."""
    await session.refresh(case, with_for_update=True)
    return case


def check_version(case: Case, expected: int | None) -> None:
    if expected is not None and expected != case.version:
        raise VersionMismatch(case.version)


async def update_case(
    session: AsyncSession,
    case: Case,
    changes: Mapping[str, Any],
    *,
    actor: str,
    action: str = "case.updated",
) -> dict[str, Any]:
    """Apply ``changes`` to the case's own columns, auditing before and after; returns what
    actually changed (nothing is written when nothing changed)."""
    changed = {k: v for k, v in changes.items() if getattr(case, k) != v}
    if not changed:
        return {}
    before = {k: jsonable(getattr(case, k)) for k in changed}
    for key, value in changed.items():
        setattr(case, key, value)
    await session.flush()
    audit(
        session,
        actor,
        action,
        case,
        before=before,
        after={k: jsonable(v) for k, v in changed.items()},
    )
    return changed


async def transition(
    session: AsyncSession,
    case: Case,
    workflow: Workflow,
    action: str,
    *,
    actor: str,
    target: str | None = None,
    also: Mapping[str, Any] | None = None,
) -> str:
    """Move the case by a workflow step (raising ``IllegalTransition`` if it cannot), setting
    ``also`` columns in the same audited change."""
    new_state = workflow.apply(case.status, action, target)
    await update_case(
        session, case, {"status": new_state, **(also or {})}, actor=actor, action=f"case.{action}"
    )
    return new_state


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
    reference: str | None = None
    query: str | None = None
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
        if self.reference:
            statement = statement.where(
                or_(Case.reference == self.reference, Case.reference_key == self.reference)
            )
        if self.query:
            pattern = f"%{self.query}%"
            statement = statement.where(
                or_(Case.reference.ilike(pattern), Case.description.ilike(pattern))
            )
        return statement


async def count_cases(session: AsyncSession, where: CaseFilter) -> int:
    statement = where.apply(select(func.count()).select_from(Case))
    return int((await session.execute(statement)).scalar_one())


async def list_cases(
    session: AsyncSession,
    where: CaseFilter,
    *,
    limit: int,
    offset: int = 0,
    after: tuple[dt.date, UUID] | None = None,
    newest_first: bool = True,
    with_details: bool = True,
) -> Sequence[Case]:
    """A page of cases ordered by received date then id (newest first by default).

    ``after`` is a keyset cursor (the last row's received date and id), used instead of
    ``offset`` for large lists: each page costs the same however deep it is.
    """
    statement = where.apply(select(Case))
    if newest_first:
        order = (Case.received_date.desc(), Case.id.desc())
        if after is not None:
            statement = statement.where(
                tuple_(Case.received_date, Case.id) < tuple_(after[0], after[1])
            )
    else:
        order = (Case.received_date.asc(), Case.id.asc())
        if after is not None:
            statement = statement.where(
                tuple_(Case.received_date, Case.id) > tuple_(after[0], after[1])
            )
    statement = statement.order_by(*order).limit(limit).offset(0 if after else offset)
    if with_details:
        statement = statement.options(selectinload(Case.site), selectinload(Case.parties))
    return (await session.scalars(statement)).all()


__all__ = [
    "CaseFilter",
    "CaseNotFound",
    "CaseRuleError",
    "NewCase",
    "VersionMismatch",
    "audit",
    "check_version",
    "count_cases",
    "create_case",
    "get_case",
    "get_case_any",
    "jsonable",
    "list_cases",
    "lock_case",
    "reference_key",
    "snapshot",
    "transition",
    "update_case",
]
