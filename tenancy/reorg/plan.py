"""Planning a reorganisation: a merge of several councils into a new successor, and reading a
plan back as the legs a run works through.

The successor is created through the tenant registry in ``provisioning`` status and stays
there until cut-over: a provisioning council refuses every request (423), so no one can read
half-copied data or write into the target before it is verified. If a successor of that slug
exists, is still provisioning, holds no data and no open plan names it, it is reused (so a
rolled-back plan can be planned again).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from tenancy.binding import platform_session_sync
from tenancy.errors import TenantNotFound
from tenancy.models import Tenant, TenantKind, TenantStatus
from tenancy.registry import create_tenant, get_tenant, record_platform_audit
from tenancy.reorg.errors import InvalidPlan, ReorganisationConflict, ReorganisationNotFound
from tenancy.reorg.models import OPEN_STATUSES, Reorganisation, ReorgStatus, Transfer
from tenancy.reorg.sqlgen import Leg

ALL = {"kind": "all"}


def reference_prefixes(slugs: Sequence[str]) -> list[str]:
    """A short, distinct, upper-case prefix per source: ``ashcombe`` → ``ASH``."""
    prefixes: list[str] = []
    for slug in slugs:
        letters = re.sub(r"[^a-z0-9]", "", slug).upper()
        candidate, n = letters[:3], 3
        while candidate in prefixes and n < len(letters):
            n += 1
            candidate = letters[:n]
        suffix = 2
        base = candidate
        while candidate in prefixes:
            candidate, suffix = f"{base}{suffix}", suffix + 1
        prefixes.append(candidate[:10])
    return prefixes


def _open_plans_holding(session: Session, tenant_ids: Sequence[UUID]) -> list[str]:
    rows = session.execute(
        select(Reorganisation.name)
        .join(Transfer, Transfer.reorganisation_id == Reorganisation.id)
        .where(
            Reorganisation.status.in_(list(OPEN_STATUSES)),
            (Transfer.source_tenant_id.in_(tenant_ids))
            | (Transfer.target_tenant_id.in_(tenant_ids)),
        )
    )
    return sorted({name for (name,) in rows})


def plan_merge(
    *,
    name: str,
    vesting_date: dt.date,
    sources: Sequence[str],
    into: str,
    successor_name: str,
    gss_code: str,
    actor: str,
    rehearsal: bool = False,
) -> Reorganisation:
    """Plan a merge of ``sources`` (slugs) into a new unitary council ``into``."""
    if not name.strip():
        raise InvalidPlan("A reorganisation needs a name", pointer="/name")
    if len(sources) < 2 or len(set(sources)) != len(sources):
        raise InvalidPlan("A merge needs two or more different councils", pointer="/merge")
    with platform_session_sync() as session:
        if session.scalar(select(Reorganisation.id).where(Reorganisation.name == name.strip())):
            raise ReorganisationConflict(f"A reorganisation named {name!r} exists", pointer="/name")
        councils = []
        for index, slug in enumerate(sources):
            try:
                council = get_tenant(session, slug)
            except TenantNotFound as exc:
                raise InvalidPlan(exc.detail, pointer=f"/merge/{index}") from exc
            if council.status is not TenantStatus.ACTIVE:
                raise InvalidPlan(
                    f"{slug!r} is {council.status.value}; only active councils can be merged",
                    pointer=f"/merge/{index}",
                )
            councils.append(council)
        held = _open_plans_holding(session, [c.id for c in councils])
        if held:
            raise ReorganisationConflict(
                f"These councils are already in an open reorganisation: {', '.join(held)}",
                pointer="/merge",
            )
        services = sorted({s for c in councils for s in c.enabled_services})
        existing = session.scalars(select(Tenant).where(Tenant.slug == into)).one_or_none()
        if existing is not None:
            if rehearsal:
                refuse_live_rehearsal_target(existing)
            _check_reusable(session, existing)
    target = existing or create_tenant(
        slug=into,
        name=successor_name,
        gss_code=gss_code,
        kind=TenantKind.UNITARY,
        services=services,
        actor=actor,
        vesting_date=vesting_date,
        activate=False,
    )
    with platform_session_sync() as session:
        reorg = Reorganisation(
            name=name.strip(),
            vesting_date=vesting_date,
            rehearsal=rehearsal,
            created_target=True,
            planned_by=actor,
        )
        session.add(reorg)
        session.flush()
        for position, (council, prefix) in enumerate(
            zip(councils, reference_prefixes(sources), strict=True)
        ):
            session.add(
                Transfer(
                    reorganisation_id=reorg.id,
                    position=position,
                    source_tenant_id=council.id,
                    target_tenant_id=target.id,
                    selector=dict(ALL),
                    reference_prefix=prefix,
                )
            )
        record_platform_audit(
            session,
            actor,
            "reorganisation.planned",
            target.id,
            {
                "reorganisation": str(reorg.id),
                "name": reorg.name,
                "vestingDate": vesting_date.isoformat(),
                "merge": list(sources),
                "into": into,
            },
        )
    return reorg


def refuse_live_rehearsal_target(tenant: Tenant, pointer: str = "/into") -> None:
    """A rehearsal writes only into a scratch target of its own (created by the plan, or one a
    rolled-back plan or an earlier rehearsal left empty and provisioning), never a live one."""
    if tenant.status is not TenantStatus.PROVISIONING:
        raise InvalidPlan(
            f"{tenant.slug!r} is a {tenant.status.value} council: a rehearsal copies only into "
            "a new scratch council the plan creates, never into an existing one",
            pointer=pointer,
        )


def _check_reusable(session: Session, tenant: Tenant) -> None:
    if tenant.status is not TenantStatus.PROVISIONING:
        raise ReorganisationConflict(
            f"A council with the slug {tenant.slug!r} exists and is {tenant.status.value}",
            pointer="/into",
        )
    held = _open_plans_holding(session, [tenant.id])
    if held:
        raise ReorganisationConflict(
            f"{tenant.slug!r} is the target of an open reorganisation: {', '.join(held)}",
            pointer="/into",
        )


def get_reorganisation(session: Session, key: str | UUID) -> Reorganisation:
    """A reorganisation by id or by name."""
    query = select(Reorganisation)
    try:
        query = query.where(Reorganisation.id == UUID(str(key)))
    except ValueError:
        query = query.where(Reorganisation.name == str(key))
    reorg = session.scalars(query).one_or_none()
    if reorg is None:
        raise ReorganisationNotFound(f"No reorganisation has the id or name {key!r}")
    return reorg


def transfers_of(session: Session, reorg_id: UUID) -> list[Transfer]:
    return list(
        session.scalars(
            select(Transfer)
            .where(Transfer.reorganisation_id == reorg_id)
            .order_by(Transfer.position)
        )
    )


def legs_of(session: Session, reorg_id: UUID) -> list[Leg]:
    """The plan's transfers with their councils resolved, in plan order."""
    transfers = transfers_of(session, reorg_id)
    tenants = {
        t.id: t
        for t in session.scalars(
            select(Tenant).where(
                Tenant.id.in_(
                    [x.source_tenant_id for x in transfers]
                    + [x.target_tenant_id for x in transfers]
                )
            )
        )
    }
    legs = []
    for transfer in transfers:
        same_target = [x for x in transfers if x.target_tenant_id == transfer.target_tenant_id]
        others = tuple(
            tenants[x.source_tenant_id].schema_name for x in same_target if x.id != transfer.id
        )
        earlier = tuple(
            tenants[x.source_tenant_id].schema_name
            for x in same_target
            if x.position < transfer.position
        )
        source = tenants[transfer.source_tenant_id]
        selector = transfer.selector or ALL
        legs.append(
            Leg(
                transfer_id=transfer.id,
                position=transfer.position,
                source_slug=source.slug,
                source_schema=source.schema_name,
                source_gss=source.gss_code,
                prefix=transfer.reference_prefix,
                target_schema=tenants[transfer.target_tenant_id].schema_name,
                others=others,
                earlier=earlier,
                kind=str(selector.get("kind", "all")),
                services=tuple(selector.get("services", ())),
                existing_target=bool(selector.get("existingTarget")),
                siblings=tuple(
                    x.id
                    for x in transfers
                    if x.source_tenant_id == transfer.source_tenant_id and x.id != transfer.id
                ),
            )
        )
    return legs


def list_reorganisations(session: Session) -> list[Reorganisation]:
    return list(session.scalars(select(Reorganisation).order_by(Reorganisation.planned_at.desc())))


def open_for_allocation(session: Session, key: str | UUID) -> tuple[Reorganisation, list[Transfer]]:
    """A plan locked for its allocations to change, with its transfers: only while nothing has
    run (planned) or after a failed run (rolled back to be reallocated is a new plan)."""
    reorg = get_reorganisation(session, key)
    session.refresh(reorg, with_for_update=True)
    if reorg.status not in (ReorgStatus.PLANNED, ReorgStatus.FAILED):
        raise ReorganisationConflict(f"A {reorg.status.value} plan cannot be reallocated")
    return reorg, transfers_of(session, reorg.id)
