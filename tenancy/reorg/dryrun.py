"""The dry run: what a run would do, computed while the sources stay live and nothing changes.

Per source and per table, the rows that would move; references two sources both hold and what
each will become; configuration (settings, charge schedules) where the sources disagree and
which source's value the target keeps, the reference format above all; the roles each person
will hold in the target; API clients to re-issue; and open cases whose statutory or target
date falls on or after vesting day (they carry on in the target with their dates unchanged).
For a split by area or boundary it also resolves every record to its target (in a
transaction it rolls back) and lists the records no transfer claims and those whose boundary
crosses the new border (``blocking``: the run refuses until they are allocated or a default
target is named). For a service transfer, only the moved services' rows are counted.
The report is stored on the reorganisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from tenancy.db import sync_engine
from tenancy.models import Tenant, utcnow
from tenancy.principals import ApiClient
from tenancy.reorg.allocation import resolve_plan
from tenancy.reorg.filters import catalog, row_filter
from tenancy.reorg.memberships import people_report
from tenancy.reorg.models import Reorganisation
from tenancy.reorg.plan import get_reorganisation, legs_of, transfers_of
from tenancy.reorg.sqlgen import Leg, collides, cols, count_selected, q
from tenancy.reorg.tables import TableSpec, tenant_tables
from tenancy.sql import schema_sql

SAMPLE = 50
REFERENCE_SETTINGS = frozenset({"reference_format"})


def _rows(connection: Connection, sql: str, leg: Leg, **params: Any) -> list[Any]:
    return list(connection.execute(schema_sql(sql, **leg.schemas()), {**leg.params(), **params}))


def reference_collisions(connection: Connection, spec: TableSpec, leg: Leg) -> list[dict[str, Any]]:
    found = []
    for ref in spec.references:
        rows = _rows(
            connection,
            f"SELECT s.{q(ref)}, count(*) OVER () FROM {{src}}.{q(spec.name)} s "
            f"WHERE {row_filter(spec, leg)} AND {collides(spec, leg, ref)} "
            f"ORDER BY s.{q(ref)} LIMIT :n",
            leg,
            n=SAMPLE,
        )
        if rows:
            found.append(
                {
                    "table": spec.name,
                    "column": ref,
                    "source": leg.source_slug,
                    "count": int(rows[0][1]),
                    "examples": [
                        {"from": r[0], "to": f"{leg.prefix}-{r[0]}", "formerReference": r[0]}
                        for r in rows
                    ],
                    "formerKept": spec.has_former,
                }
            )
    return found


def configuration_conflicts(
    connection: Connection, spec: TableSpec, leg: Leg, lead: Leg
) -> list[dict[str, Any]]:
    """Keys this source shares with an earlier one, with different values (the earlier wins)."""
    if spec.strategy != "lead" or not leg.earlier:
        return []
    index = {schema: i for i, schema in enumerate(leg.others)}
    key = " AND ".join(f"e.{q(c)} = s.{q(c)}" for c in spec.natural_key)
    rest = [c for c in spec.kept if c not in spec.natural_key and not c.endswith(("_at", "_by"))]
    differs = f"ROW({cols(rest, 'e')}) IS DISTINCT FROM ROW({cols(rest, 's')})" if rest else "false"
    found = []
    for earlier in leg.earlier:
        sql = (
            f"SELECT {cols(spec.natural_key, 's')}, to_jsonb(e) - ARRAY[{_names(spec)}], "
            f"to_jsonb(s) - ARRAY[{_names(spec)}] FROM {{src}}.{q(spec.name)} s "
            f"JOIN {{o{index[earlier]}}}.{q(spec.name)} e ON {key} WHERE {differs} LIMIT :n"
        )
        for row in _rows(connection, sql, leg, n=SAMPLE):
            keys = list(row[: len(spec.natural_key)])
            found.append(
                {
                    "table": spec.name,
                    "key": keys if len(keys) > 1 else keys[0],
                    "source": leg.source_slug,
                    "kept": row[-2],
                    "dropped": row[-1],
                    "keptFrom": lead.source_slug if earlier == lead.source_schema else earlier,
                    "referenceScheme": spec.name == "settings" and keys[0] in REFERENCE_SETTINGS,
                }
            )
    return found


def _names(spec: TableSpec) -> str:
    dropped = ["id", *spec.natural_key, *(c for c in spec.columns if c.endswith(("_at", "_by")))]
    return ", ".join(f"'{c}'" for c in dropped)


def open_cases_over_vesting(connection: Connection, leg: Leg, vesting: Any) -> dict[str, Any]:
    sql = (
        "SELECT s.reference, s.service, s.status, s.statutory_date, s.target_date, "
        "count(*) OVER () FROM {src}.cases s WHERE s.decision IS NULL AND s.withdrawn_at IS NULL "
        f"AND {row_filter(catalog()['cases'], leg)} "
        "AND s.received_date < :v AND (s.statutory_date >= :v OR s.target_date >= :v) "
        "ORDER BY s.statutory_date NULLS LAST, s.reference LIMIT :n"
    )
    rows = _rows(connection, sql, leg, v=vesting, n=SAMPLE)
    return {
        "count": int(rows[0][5]) if rows else 0,
        "examples": [
            {
                "reference": r[0],
                "service": r[1],
                "status": r[2],
                "statutoryDate": r[3].isoformat() if r[3] else None,
                "targetDate": r[4].isoformat() if r[4] else None,
            }
            for r in rows
        ],
    }


def people(session: Session, reorg_id: UUID) -> list[dict[str, Any]]:
    """Each person with a role in a source: the roles they hold there now and the roles they
    will hold in each target (see :mod:`tenancy.reorg.memberships` for what each transfer
    carries, and the split's people allocation)."""
    return people_report(session, reorg_id)


def api_clients(session: Session, reorg_id: UUID) -> list[dict[str, Any]]:
    transfers = transfers_of(session, reorg_id)
    rows = session.scalars(
        select(ApiClient).where(
            ApiClient.tenant_id.in_([t.source_tenant_id for t in transfers]),
            ApiClient.revoked_at.is_(None),
        )
    )
    return [{"clientId": c.client_id, "name": c.name, "services": c.services} for c in rows]


def dry_run(key: str | UUID, *, specs: Sequence[TableSpec] | None = None) -> dict[str, Any]:
    specs = list(specs or tenant_tables())
    with Session(sync_engine(), expire_on_commit=False) as session:
        reorg = get_reorganisation(session, key)
        legs = legs_of(session, reorg.id)
        who = people(session, reorg.id)
        names = dict(session.execute(select(Tenant.schema_name, Tenant.slug)).tuples().all())
        clients = api_clients(session, reorg.id)
    report: dict[str, Any] = {
        "reorganisation": {
            "id": str(reorg.id),
            "name": reorg.name,
            "vestingDate": reorg.vesting_date.isoformat(),
        }
    }
    rows: list[dict[str, Any]] = []
    collisions: list[dict[str, Any]] = []
    conflicts: list[dict[str, Any]] = []
    straddling: dict[str, Any] = {}
    placing: dict[str, Any] = {"unclaimed": [], "crossing": [], "blocking": False}
    with sync_engine().connect() as connection, connection.begin() as transaction:
        if any(leg.kind in ("area", "boundary") for leg in legs):
            placing = resolve_plan(connection, reorg.id, legs)
        for leg in legs:
            counts = {
                s.name: int(connection.execute(count_selected(s, leg)).scalar_one()) for s in specs
            }
            rows.append(
                {
                    "source": leg.source_slug,
                    "target": names[leg.target_schema],
                    "selector": leg.kind,
                    "prefix": leg.prefix,
                    "tables": counts,
                    "total": sum(counts.values()),
                }
            )
            for spec in specs:
                collisions += reference_collisions(connection, spec, leg)
                conflicts += configuration_conflicts(connection, spec, leg, legs[0])
            where = (
                leg.source_slug
                if leg.kind == "all"
                else f"{leg.source_slug} → {names[leg.target_schema]}"
            )
            straddling[where] = open_cases_over_vesting(connection, leg, reorg.vesting_date)
        transaction.rollback()
    report.update(
        {
            "rows": rows,
            "referenceCollisions": collisions,
            "configurationConflicts": conflicts,
            "referenceSchemeConflicts": [c for c in conflicts if c["referenceScheme"]],
            "people": who,
            "apiClientsToReissue": clients,
            "openCasesOverVestingDay": straddling,
            "unclaimed": placing["unclaimed"],
            "crossingBorder": placing["crossing"],
            "blocking": [
                *({"kind": "unclaimed", **u} for u in placing["unclaimed"]),
                *({"kind": "crossingBorder", **c} for c in placing["crossing"]),
            ],
        }
    )
    with Session(sync_engine()) as session, session.begin():
        stored = session.get_one(Reorganisation, reorg.id, with_for_update=True)
        stored.dry_run_report, stored.dry_run_at = report, utcnow()
    return report
