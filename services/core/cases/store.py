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

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.inspection import inspect
from sqlalchemy.orm import selectinload

from services.core.cases.models import Case, Party, Site
from services.core.references import allocate_reference
from services.core.store import record_audit
from services.core.workflow import Workflow
from services.registry import registry
from tenancy.models import TenantBase
from tenancy.provenance import matching, preferring


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
    received_date: dt.date  # the day the application arrived
    description: str = ""
    fee_paid_date: dt.date | None = None
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
        received_date=received_on(new.received_date, new.fee_paid_date),
        arrived_date=new.received_date,
        fee_paid_date=new.fee_paid_date,
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


def received_on(arrived: dt.date, fee_paid: dt.date | None) -> dt.date:
    """The receipt a case's clock counts from: the application's arrival, or the fee's payment
    if that came later."""
    return max(arrived, fee_paid) if fee_paid else arrived


def _by_key(session: AsyncSession, service: str, key: str) -> Select[tuple[Case]]:
    statement = select(Case).where(Case.service == service)
    try:
        return statement.where(Case.id == UUID(key))
    except ValueError:
        keys = (key, key.replace("-", "/"))
        return statement.where(
            or_(
                matching(Case.reference, Case.former_references, *keys),
                Case.reference_key == key,
                Case.legacy_reference == key,
            )
        ).order_by(
            Case.reference_key != key,
            *preferring(session, Case.reference, Case.origin_authority, *keys),
            Case.id,
        )


async def get_case(
    session: AsyncSession, service: str, key: str | UUID, *, with_details: bool = False
) -> Case:
    """A case by UUID, by reference (``26/00001/HOUSE`` or ``26-00001-HOUSE``) or by legacy
    reference; raises :class:`CaseNotFound`."""
    statement = _by_key(session, service, str(key)).limit(1)
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


async def withdraw_case(
    session: AsyncSession,
    case: Case,
    workflow: Workflow,
    *,
    reason: str | None,
    at: dt.datetime,
    actor: str,
) -> None:
    """The applicant (or notice giver) withdrew the case: the workflow's ``withdraw`` step,
    recording when and why in the same audited change."""
    also = {"withdrawn_at": at, "withdrawn_reason": reason}
    await transition(session, case, workflow, "withdraw", actor=actor, also=also)


__all__ = [
    "CaseNotFound",
    "CaseRuleError",
    "NewCase",
    "VersionMismatch",
    "audit",
    "check_version",
    "create_case",
    "get_case",
    "get_case_any",
    "jsonable",
    "lock_case",
    "received_on",
    "reference_key",
    "snapshot",
    "transition",
    "update_case",
    "withdraw_case",
]
