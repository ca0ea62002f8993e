"""Resolving an area or boundary split: which target each of the source's records goes to.

Done once when the run freezes the source (and, in a transaction rolled back, by the dry run
and by the run's check before freezing), and stored on each transfer as
``selector.resolved = {table: [ids]}`` for :mod:`tenancy.reorg.filters` to read. In order:

1. The operator's allocations (``selector.records``: ids of any records, from the allocation
   CSV ``record_id,target_slug``) win over every rule.
2. A case goes where its site is: an ``area`` transfer claims the parishes and wards it lists
   (the site's parish first, then its ward); a ``boundary`` transfer claims a site whose
   boundary polygon overlaps only its area, or, without a boundary, whose point (latitude and
   longitude, else easting and northing) its area holds. A site boundary overlapping two
   targets' areas *crosses the new border*.
3. Any other root record (a licence, a land charge) follows the case of its first event that
   names a case, else the case whose site has the same UPRN, else (boundary splits) the
   representative point of its own ``geometry``.
4. Rows left after the rules (no site location, outside every boundary, crossing a border,
   an attached row without a parent, council-level audit history) go to the transfer marked
   ``selector.default``; if there is none they are *unclaimed* and block the run.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, text

from tenancy.models import PLATFORM_SCHEMA
from tenancy.reorg.filters import RESOLVED, catalog, unclaimed
from tenancy.reorg.geo import Areas, bng_to_wgs84, geometry_of
from tenancy.reorg.sqlgen import Leg, q
from tenancy.reorg.tables import CASES
from tenancy.sql import schema_sql

AREA_KINDS = frozenset({"area", "boundary"})
SAMPLE = 50


class _Group:
    """The area transfers of one source."""

    def __init__(self, legs: Sequence[Leg], selectors: Mapping[UUID, Mapping[str, Any]]):
        self.legs = list(legs)
        self.kind = legs[0].kind
        self.selectors = selectors
        self.explicit = {
            str(record): leg.transfer_id
            for leg in legs
            for record in selectors[leg.transfer_id].get("records", [])
        }
        self.default = next(
            (leg.transfer_id for leg in legs if selectors[leg.transfer_id].get("default")), None
        )
        self.resolved: dict[UUID, dict[str, list[str]]] = {leg.transfer_id: {} for leg in legs}
        self.crossing: set[str] = set()
        self.areas = (
            Areas.of(
                {
                    leg.transfer_id: selectors[leg.transfer_id]["features"].get("features", [])
                    for leg in legs
                }
            )
            if self.kind == "boundary"
            else None
        )

    def give(self, table: str, record: str, transfer: UUID) -> None:
        self.resolved[transfer].setdefault(table, []).append(record)

    def by_code(self, ward: str | None, parish: str | None) -> list[UUID]:
        for key, code in (("parishes", parish), ("wards", ward)):
            if code:
                hits = [
                    leg.transfer_id
                    for leg in self.legs
                    if code in self.selectors[leg.transfer_id].get(key, [])
                ]
                if hits:
                    return hits
        return []


def _place(group: _Group, site: Mapping[str, Any]) -> tuple[list[UUID], bool]:
    """The transfers a site's rules point at, and whether its boundary crosses a border."""
    if group.areas is None:
        return group.by_code(site.get("ward_code"), site.get("parish_code")), False
    outline = geometry_of(site.get("boundary"))
    if outline is not None and outline.geom_type != "Point":
        hits = group.areas.overlapping(outline)
        if hits:
            return hits, len(hits) > 1
    if site.get("longitude") is not None and site.get("latitude") is not None:
        return group.areas.holding_point(site["longitude"], site["latitude"]), False
    if site.get("easting") is not None and site.get("northing") is not None:
        return group.areas.holding_point(*bng_to_wgs84(site["easting"], site["northing"])), False
    if outline is not None:
        return group.areas.holding_point(outline.x, outline.y), False
    return [], False


def _cases(connection: Connection, group: _Group, report: dict[str, Any]) -> dict[str, UUID]:
    leg = group.legs[0]
    rows = connection.execute(
        schema_sql(
            "SELECT CAST(c.id AS text) AS id, c.reference, st.ward_code, st.parish_code, "
            "st.latitude, st.longitude, st.easting, st.northing, st.boundary, st.uprn "
            "FROM {src}.cases c LEFT JOIN {src}.sites st ON st.case_id = c.id ORDER BY c.id",
            src=leg.source_schema,
        )
    ).mappings()
    placed: dict[str, UUID] = {}
    for row in rows:
        hits, _ = _place(group, row)
        chosen = group.explicit.get(row["id"])
        if chosen is None:
            chosen = hits[0] if len(hits) == 1 else group.default
        if chosen is None and len(hits) > 1:
            group.crossing.add(row["id"])
            report["crossing"].append(
                {"table": CASES, "id": row["id"], "reference": row["reference"], "areas": hits}
            )
        if chosen is not None:
            group.give(CASES, row["id"], chosen)
            placed[row["id"]] = chosen
    return placed


def _roots(connection: Connection, group: _Group, placed: Mapping[str, UUID]) -> None:
    """Licences, land charges and any other root record: case, UPRN, geometry."""
    leg = group.legs[0]
    tables = catalog()
    by_uprn: dict[str, UUID] = {}
    for uprn, case_id in connection.execute(
        schema_sql(
            "SELECT uprn, CAST(case_id AS text) FROM {src}.sites WHERE uprn IS NOT NULL "
            "ORDER BY id",
            src=leg.source_schema,
        )
    ):
        if case_id in placed:
            by_uprn.setdefault(uprn, placed[case_id])
    for spec in tables.values():
        if spec.strategy != "rows" or spec.foreign_keys or spec.is_audit or spec.name == CASES:
            continue
        via_case: dict[str, UUID] = {}
        for child in tables.values():
            links = [fk for fk in child.foreign_keys if fk.referred == spec.name]
            cased = [fk for fk in child.foreign_keys if fk.referred == CASES]
            if not links or not cased:
                continue
            fk, case_fk = q(links[0].column), q(cased[0].column)
            for record, case_id in connection.execute(
                schema_sql(
                    f"SELECT DISTINCT ON (ch.{fk}) CAST(ch.{fk} AS text), "
                    f"CAST(ch.{case_fk} AS text) FROM {{src}}.{q(child.name)} ch "
                    f"WHERE ch.{fk} IS NOT NULL AND ch.{case_fk} IS NOT NULL "
                    f"ORDER BY ch.{fk}, ch.id",
                    src=leg.source_schema,
                )
            ):
                if case_id in placed:
                    via_case.setdefault(record, placed[case_id])
        wanted = ["CAST(id AS text) AS id"]
        wanted += [c for c in ("uprn", "geometry") if c in spec.columns]
        for row in connection.execute(
            schema_sql(
                f"SELECT {', '.join(wanted)} FROM {{src}}.{q(spec.name)} ORDER BY id",
                src=leg.source_schema,
            )
        ).mappings():
            chosen = group.explicit.get(row["id"]) or via_case.get(row["id"])
            if chosen is None and row.get("uprn"):
                chosen = by_uprn.get(row["uprn"])
            if chosen is None and group.areas is not None and row.get("geometry"):
                shape = geometry_of(row["geometry"])
                hits = group.areas.overlapping(shape) if shape is not None else []
                if len(hits) == 1:
                    chosen = hits[0]
                elif shape is not None and not hits:
                    point = shape.representative_point()
                    inside = group.areas.holding_point(point.x, point.y)
                    chosen = inside[0] if len(inside) == 1 else None
            chosen = chosen or group.default
            if chosen is not None:
                group.give(spec.name, row["id"], chosen)


def _store(connection: Connection, group: _Group) -> None:
    for transfer, resolved in group.resolved.items():
        connection.execute(
            text(
                f'UPDATE "{PLATFORM_SCHEMA}".reorg_transfers SET selector = selector || '
                f"jsonb_build_object('{RESOLVED}', CAST(:r AS jsonb)) WHERE id = :id"
            ),
            {"r": json.dumps(resolved), "id": transfer},
        )


def _leftovers(connection: Connection, group: _Group, report: dict[str, Any]) -> None:
    """Attached and audit rows no rule gave a transfer: allocation, default, or unclaimed."""
    leg = group.legs[0]
    transfers = tuple(x.transfer_id for x in group.legs)
    for spec in catalog().values():
        if spec.strategy != "rows":
            continue
        rows = [
            r
            for (r,) in connection.execute(
                schema_sql(
                    f"SELECT CAST(s.id AS text) FROM {{src}}.{q(spec.name)} s "
                    f"WHERE {unclaimed(spec, leg, transfers)} ORDER BY s.id",
                    **leg.schemas(),
                )
            )
        ]
        left = []
        for record in rows:
            chosen = group.explicit.get(record) or group.default
            if chosen is None:
                if record not in group.crossing:
                    left.append(record)
            elif record not in group.resolved[chosen].get(spec.name, ()):
                group.give(spec.name, record, chosen)
        if left:
            report["unclaimed"].append(
                {
                    "table": spec.name,
                    "source": leg.source_slug,
                    "count": len(left),
                    "ids": left[:SAMPLE],
                }
            )
        if len(left) != len(rows):
            _store(connection, group)


def resolve(
    connection: Connection,
    legs: Sequence[Leg],
    selectors: Mapping[UUID, Mapping[str, Any]],
    target_slugs: Mapping[UUID, str],
) -> dict[str, Any]:
    """Resolve every area/boundary transfer of ``legs`` and store the result on the transfers
    (inside the caller's transaction). Returns ``{"unclaimed": [...], "crossing": [...],
    "blocking": bool}``; a blocking result must not be committed by a run."""
    report: dict[str, Any] = {"unclaimed": [], "crossing": []}
    groups: dict[str, list[Leg]] = defaultdict(list)
    for leg in legs:
        if leg.kind in AREA_KINDS:
            groups[leg.source_schema].append(leg)
    for members in groups.values():
        group = _Group(members, selectors)
        placed = _cases(connection, group, report)
        _roots(connection, group, placed)
        _store(connection, group)
        _leftovers(connection, group, report)
    for entry in report["crossing"]:
        entry["areas"] = [target_slugs[a] for a in entry["areas"]]
    report["blocking"] = bool(report["unclaimed"] or report["crossing"])
    return report


__all__ = ["AREA_KINDS", "resolve"]


def resolve_plan(connection: Connection, reorg_id: UUID, legs: Sequence[Leg]) -> dict[str, Any]:
    """:func:`resolve` for a reorganisation's legs, reading selectors and slugs itself."""
    from sqlalchemy import select

    from tenancy.models import Tenant
    from tenancy.reorg.models import Transfer

    transfers = list(
        connection.execute(
            select(Transfer.id, Transfer.selector, Transfer.target_tenant_id).where(
                Transfer.reorganisation_id == reorg_id
            )
        )
    )
    slugs = dict(connection.execute(select(Tenant.id, Tenant.slug)).tuples().all())
    return resolve(
        connection,
        legs,
        {t.id: t.selector for t in transfers},
        {t.id: slugs[t.target_tenant_id] for t in transfers},
    )


def blocked(report: Mapping[str, Any]) -> str:
    """The detail of a run refused because records are unplaced."""
    loose = sum(u["count"] for u in report["unclaimed"])
    return (
        f"{loose} records no transfer claims and {len(report['crossing'])} whose boundary "
        "crosses the new border: allocate them (vesta reorg allocate --csv record_id,target_slug) "
        "or name a default target; the dry run lists them"
    )


def ensure_placed(key: str | UUID) -> None:
    """Raise (409) if a split would leave records unplaced; changes nothing."""
    from sqlalchemy.orm import Session

    from tenancy.db import sync_engine
    from tenancy.reorg.plan import get_reorganisation, legs_of

    with Session(sync_engine()) as session:
        reorg_id = get_reorganisation(session, key).id
        legs = legs_of(session, reorg_id)
    check_placed(reorg_id, legs)


def check_placed(reorg_id: UUID, legs: Sequence[Leg]) -> None:
    """Raise (409) if the plan's splits leave records unplaced, on live data; changes nothing
    (the run resolves again on the frozen sources and refuses the same way)."""
    from tenancy.db import sync_engine
    from tenancy.reorg.errors import ReorganisationConflict

    if not any(leg.kind in AREA_KINDS for leg in legs):
        return
    with sync_engine().connect() as connection, connection.begin() as transaction:
        report = resolve_plan(connection, reorg_id, legs)
        transaction.rollback()
    if report["blocking"]:
        raise ReorganisationConflict(blocked(report))
