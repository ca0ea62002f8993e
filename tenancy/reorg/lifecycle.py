"""The last steps: cut-over (the target opens, the sources retire and point at it) and
rollback before cut-over (the target is emptied, the run's grants taken back, the sources
reopened). Each is one transaction with its platform audit entries.

Shapes: a merge's sources retire with the successor as ``successor_id`` (their slugs answer
308 there). A split's source retires at cut-over — every one of its records has moved (the
run refuses while any is unplaced, and verification checks nothing was left) — with no single
successor, so its slug answers as a retired council, not a redirect. A service transfer's
source stays active: the moved services are switched off in it and on in the target; its copies
of the moved records stay in its schema unchanged, as a read-only archive no route serves (the
service is no longer enabled there), so sources are byte-for-byte unchanged by every step. A
target that existed before the plan stays as it was (active); a created one opens. Rollback
of a created target recreates its schema empty; of an existing target it deletes exactly the
rows the run copied into it (children first), leaving its own records and counters (a counter
raised by the run only skips numbers).
"""

from __future__ import annotations

import datetime as dt
import json
from uuid import UUID

from sqlalchemy import Connection, delete, select
from sqlalchemy.orm import Session
from uuid_utils.compat import uuid7

from tenancy.db import sync_engine
from tenancy.models import Tenant, TenantStatus, utcnow
from tenancy.provisioning import clone_template, drop_schema, ensure_template_current
from tenancy.registry import record_platform_audit
from tenancy.reorg.engine import run_lock
from tenancy.reorg.errors import ReorganisationConflict
from tenancy.reorg.files import remove_copied_files
from tenancy.reorg.memberships import revoke_memberships
from tenancy.reorg.models import Checkpoint, Reorganisation, ReorgStatus
from tenancy.reorg.plan import get_reorganisation, legs_of, transfers_of
from tenancy.reorg.sqlgen import Leg, q
from tenancy.reorg.tables import tenant_tables
from tenancy.sql import schema_sql

#: The tenant audit log's append-only trigger. Rolling back a transfer into an existing council
#: is the one path that removes audit rows: exactly those the run copied there (their ids are
#: the frozen source's), with the trigger lifted inside the rollback's transaction only.
AUDIT_TRIGGER = "audit_log_append_only"

ROLLBACKABLE = frozenset(
    {
        ReorgStatus.PLANNED,
        ReorgStatus.RUNNING,
        ReorgStatus.COPIED,
        ReorgStatus.VERIFIED,
        ReorgStatus.FAILED,
    }
)


def _status(session: Session, tenant: Tenant, status: TenantStatus, actor: str, why: UUID) -> None:
    before = TenantStatus(tenant.status)
    if before is status:
        return
    tenant.status = status
    record_platform_audit(
        session,
        actor,
        "tenant.status_changed",
        tenant.id,
        {"from": before.value, "to": status.value, "reorganisation": str(why)},
    )


def _locked_tenants(session: Session, ids: list[UUID]) -> dict[UUID, Tenant]:
    rows = session.scalars(select(Tenant).where(Tenant.id.in_(ids)).with_for_update())
    return {t.id: t for t in rows}


def cut_over(key: str | UUID, *, actor: str) -> Reorganisation:
    """Open the target and retire the sources (successor set, retired the day before vesting)."""
    with Session(sync_engine(), expire_on_commit=False) as session, session.begin():
        reorg = get_reorganisation(session, key)
        session.refresh(reorg, with_for_update=True)
        if reorg.status is ReorgStatus.CUT_OVER:
            return reorg
        if reorg.rehearsal:  # whatever its state: a rehearsal's target is scratch
            raise ReorganisationConflict(
                "A rehearsal is never cut over: its target is a scratch copy, discarded when it "
                "ends (plan the real reorganisation without rehearsal)"
            )
        if reorg.status is not ReorgStatus.VERIFIED:
            raise ReorganisationConflict(
                f"Only a verified reorganisation can be cut over (this one is "
                f"{reorg.status.value}); run `vesta reorg verify` first"
            )
        transfers = transfers_of(session, reorg.id)
        ids = [t.source_tenant_id for t in transfers] + [t.target_tenant_id for t in transfers]
        tenants = _locked_tenants(session, ids)
        retired_on = reorg.vesting_date - dt.timedelta(days=1)
        kind = {t.id: t.selector.get("kind", "all") for t in transfers}
        for target_id in {t.target_tenant_id for t in transfers}:
            target = tenants[target_id]
            mine = [t for t in transfers if t.target_tenant_id == target_id]
            _status(session, target, TenantStatus.ACTIVE, actor, reorg.id)
            predecessors = [t.source_tenant_id for t in mine if kind[t.id] != "services"]
            target.predecessor_ids = sorted({*target.predecessor_ids, *predecessors})
            moved = {s for t in mine for s in t.selector.get("services", [])}
            if moved - set(target.enabled_services):
                target.enabled_services = sorted({*target.enabled_services, *moved})
            if not any(t.selector.get("existingTarget") for t in mine):
                target.vesting_date = reorg.vesting_date
        for source_id in {t.source_tenant_id for t in transfers}:
            source = tenants[source_id]
            mine = [t for t in transfers if t.source_tenant_id == source_id]
            if all(kind[t.id] == "services" for t in mine):
                moved = {s for t in mine for s in t.selector.get("services", [])}
                source.enabled_services = [s for s in source.enabled_services if s not in moved]
                if any(t.source_was_active for t in mine):
                    _status(session, source, TenantStatus.ACTIVE, actor, reorg.id)
                continue
            _status(session, source, TenantStatus.RETIRED, actor, reorg.id)
            targets = {t.target_tenant_id for t in mine}
            source.successor_id = targets.pop() if len(targets) == 1 else None
            source.retirement_date = retired_on
        reorg.status = ReorgStatus.CUT_OVER
        reorg.cut_over_by, reorg.cut_over_at = actor, utcnow()
        record_platform_audit(
            session,
            actor,
            "reorganisation.cut_over",
            transfers[0].target_tenant_id,
            {
                "reorganisation": str(reorg.id),
                "name": reorg.name,
                "sources": [tenants[t.source_tenant_id].slug for t in transfers],
                "vestingDate": reorg.vesting_date.isoformat(),
            },
        )
        return reorg


def rollback(key: str | UUID, *, actor: str) -> Reorganisation:
    """Undo a reorganisation that has not been cut over: the target schema is recreated empty
    from the template, the run's memberships are revoked, and the sources it froze reopen.
    The files the run copied into the targets are deleted first (sources' files are untouched;
    deleting is idempotent, so a rollback that fails later can simply be repeated).

    The target tenant row stays, still provisioning: the platform audit log is append-only and
    refers to it. A new plan into the same slug reuses it.
    """
    with Session(sync_engine()) as session:
        reorg_id = get_reorganisation(session, key).id
    ensure_template_current()
    with (
        run_lock(reorg_id),
        Session(sync_engine(), expire_on_commit=False) as session,
        session.begin(),
    ):
        reorg = session.get_one(Reorganisation, reorg_id, with_for_update=True)
        if reorg.status is ReorgStatus.ROLLED_BACK:
            return reorg
        if reorg.status not in ROLLBACKABLE:
            raise ReorganisationConflict(
                f"A {reorg.status.value} reorganisation cannot be rolled back"
            )
        transfers = transfers_of(session, reorg.id)
        ids = [t.source_tenant_id for t in transfers] + [t.target_tenant_id for t in transfers]
        tenants = _locked_tenants(session, ids)
        connection = session.connection()
        remove_copied_files(connection, legs_of(session, reorg.id), tenant_tables())
        existing = {t.target_tenant_id for t in transfers if t.selector.get("existingTarget")}
        for target_id in {t.target_tenant_id for t in transfers} - existing:
            schema = tenants[target_id].schema_name
            drop_schema(connection, schema)
            clone_template(connection, schema)
        removed: dict[str, dict[str, int]] = {}
        if existing:
            removed = _remove_copies(
                connection,
                [leg for leg in legs_of(session, reorg.id) if leg.existing_target],
                actor=actor,
                reorg_id=reorg.id,
            )
        revoke_memberships(session, reorg.id)
        for transfer in transfers:
            if transfer.source_was_active:
                source = tenants[transfer.source_tenant_id]
                _status(session, source, TenantStatus.ACTIVE, actor, reorg.id)
        session.execute(
            delete(Checkpoint).where(Checkpoint.transfer_id.in_([t.id for t in transfers]))
        )
        reorg.status = ReorgStatus.ROLLED_BACK
        reorg.rolled_back_by, reorg.rolled_back_at = actor, utcnow()
        record_platform_audit(
            session,
            actor,
            "reorganisation.rolled_back",
            transfers[0].target_tenant_id if transfers else None,
            {"reorganisation": str(reorg.id), "name": reorg.name, "removed": removed},
        )
        return reorg


def _remove_copies(
    connection: Connection, legs: list[Leg], *, actor: str, reorg_id: UUID
) -> dict[str, dict[str, int]]:
    """Delete from existing targets the rows the run copied (by id, children first): the
    sources are unchanged since the freeze, so the ids they hold are exactly those copied.
    Returns the rows removed per source and table. Each target's own audit log gets an entry
    saying how many copied audit entries were taken out, so the one exception to its
    append-only rule is itself on the record."""
    specs = [s for s in tenant_tables() if s.strategy in ("rows", "lead") and "id" in s.columns]
    removed: dict[str, dict[str, int]] = {}
    for leg in legs:
        counts = removed.setdefault(leg.source_slug, {})
        for spec in reversed(specs):
            table = f"{{tgt}}.{q(spec.name)}"
            guarded = spec.is_audit  # append-only: lifted for this transaction only
            if guarded:
                connection.execute(
                    schema_sql(
                        f"ALTER TABLE {table} DISABLE TRIGGER {AUDIT_TRIGGER}", **leg.schemas()
                    )
                )
            deleted = connection.execute(
                schema_sql(
                    f"DELETE FROM {table} t WHERE EXISTS "
                    f"(SELECT 1 FROM {{src}}.{q(spec.name)} s WHERE s.id = t.id)",
                    **leg.schemas(),
                )
            ).rowcount
            if deleted:
                counts[spec.name] = int(deleted)
            if guarded:
                connection.execute(
                    schema_sql(
                        f"ALTER TABLE {table} ENABLE TRIGGER {AUDIT_TRIGGER}", **leg.schemas()
                    )
                )
        _note_in_target_audit(connection, leg, counts, actor=actor, reorg_id=reorg_id)
    return removed


def _note_in_target_audit(
    connection: Connection, leg: Leg, counts: dict[str, int], *, actor: str, reorg_id: UUID
) -> None:
    """Append to the target's audit log what the rollback took out of it."""
    audit = next((s for s in tenant_tables() if s.is_audit), None)
    if audit is None or not counts:
        return
    connection.execute(
        schema_sql(
            f"INSERT INTO {{tgt}}.{q(audit.name)} "
            "(id, at, actor, action, entity, entity_id, case_id, before, after) "
            "VALUES (:id, now(), :actor, 'reorganisation.rolled_back', 'reorganisation', "
            ":reorg, NULL, NULL, CAST(:after AS jsonb))",
            **leg.schemas(),
        ),
        {
            "id": uuid7(),
            "actor": actor,
            "reorg": str(reorg_id),
            "after": json.dumps({"source": leg.source_slug, "removed": counts}),
        },
    )


__all__ = ["cut_over", "rollback"]
