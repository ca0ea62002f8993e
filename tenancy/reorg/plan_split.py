"""Planning a split (one council into several, by ward/parish codes or boundary polygons) and a
transfer of single services (a county's minerals and waste planning into a unitary), and the
operator's allocation of records no rule places.

Targets: a slug named in ``create`` (``slug:Name:GSS`` on the CLI) is created as a unitary
council in ``provisioning`` (opened at cut-over, like a merge's successor). Any other target must
exist: an *active* council receives the records alongside its own (it stays live throughout;
references that collide with its own get the source's prefix; a rollback deletes exactly the
copied rows), a provisioning one that no open plan names and holds nothing is reused. A target
that exists may not also be named in ``create``.

Transfer selectors, as stored: ``{"kind": "area", "wards": [...], "parishes": [...]}``,
``{"kind": "boundary", "features": FeatureCollection}``, ``{"kind": "services",
"services": [...]}``; plus ``records`` (allocated ids), ``default`` (takes what nothing else
does) and ``existingTarget``. The run adds ``resolved`` (see :mod:`tenancy.reorg.allocation`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from tenancy.binding import platform_session_sync
from tenancy.errors import TenantNotFound
from tenancy.models import Tenant, TenantKind, TenantStatus
from tenancy.registry import create_tenant, get_tenant, record_platform_audit
from tenancy.reorg.errors import InvalidPlan, ReorganisationConflict
from tenancy.reorg.models import Checkpoint, Reorganisation, Transfer
from tenancy.reorg.plan import (
    _check_reusable,
    _open_plans_holding,
    open_for_allocation,
    reference_prefixes,
    refuse_live_rehearsal_target,
)


@dataclass(frozen=True, slots=True)
class NewTarget:
    slug: str
    name: str
    gss_code: str

    @classmethod
    def parse(cls, text: str) -> NewTarget:
        """``slug:Name:GSS``."""
        parts = text.split(":")
        if len(parts) != 3 or not all(p.strip() for p in parts):
            raise InvalidPlan(f"{text!r} is not slug:Name:GSS", pointer="/create")
        return cls(*(p.strip() for p in parts))


def _rows(text: str, pointer: str, width: int = 2) -> list[list[str]]:
    rows = [r for r in csv.reader(io.StringIO(text)) if r and any(c.strip() for c in r)]
    if rows and rows[0][0].strip().lower() in {"code", "record_id"}:
        rows = rows[1:]
    for line, row in enumerate(rows, start=1):
        if len(row) != width:
            raise InvalidPlan(f"Line {line} needs {width} columns", pointer=pointer)
    return [[c.strip() for c in row] for row in rows]


def ward_mapping(text: str) -> dict[str, dict[str, list[str]]]:
    """A ``code,target_slug`` CSV as ``{slug: {"wards": [...], "parishes": [...]}}``: a GSS
    code of entity ``05`` (E05, W05: electoral wards) is a ward, ``04`` (E04 parishes, W04
    communities) a parish."""
    mapping: dict[str, dict[str, list[str]]] = {}
    seen: set[str] = set()
    for code, slug in _rows(text, "/byWards"):
        kind = {"05": "wards", "04": "parishes"}.get(code[1:3])
        if kind is None or len(code) != 9:
            raise InvalidPlan(
                f"{code!r} is not a ward (E05…) or parish (E04…) code", pointer="/byWards"
            )
        if code in seen:
            raise InvalidPlan(f"{code} is mapped twice", pointer="/byWards")
        seen.add(code)
        entry = mapping.setdefault(slug, {"wards": [], "parishes": []})
        entry[kind].append(code)
    if not mapping:
        raise InvalidPlan("The mapping names no codes", pointer="/byWards")
    return mapping


def boundary_features(collection: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """A FeatureCollection as ``{slug: [features]}`` by each feature's ``tenant`` property."""
    from tenancy.reorg.geo import geometry_of

    features = collection.get("features") if collection.get("type") == "FeatureCollection" else None
    if not isinstance(features, list) or not features:
        raise InvalidPlan("Expected a GeoJSON FeatureCollection", pointer="/byBoundary")
    found: dict[str, list[dict[str, Any]]] = {}
    for i, feature in enumerate(features):
        slug = (feature.get("properties") or {}).get("tenant")
        shape = geometry_of(feature.get("geometry"))
        if not slug or shape is None or shape.geom_type not in ("Polygon", "MultiPolygon"):
            raise InvalidPlan(
                "Each feature needs a polygon geometry and a tenant property",
                pointer=f"/byBoundary/features/{i}",
            )
        found.setdefault(str(slug), []).append(feature)
    return found


def allocation_csv(text: str) -> dict[str, str]:
    """A ``record_id,target_slug`` CSV."""
    found = {}
    for record, slug in _rows(text, "/allocations"):
        try:
            found[str(UUID(record))] = slug
        except ValueError as exc:
            raise InvalidPlan(f"{record!r} is not a record id", pointer="/allocations") from exc
    return found


def _source(session: Session, slug: str, pointer: str) -> Tenant:
    try:
        council = get_tenant(session, slug)
    except TenantNotFound as exc:
        raise InvalidPlan(exc.detail, pointer=pointer) from exc
    if council.status is not TenantStatus.ACTIVE:
        raise InvalidPlan(f"{slug!r} is {council.status.value}", pointer=pointer)
    held = _open_plans_holding(session, [council.id])
    if held:
        raise ReorganisationConflict(f"{slug!r} is in an open reorganisation: {', '.join(held)}")
    return council


def _targets(
    slugs: Sequence[str],
    create: Sequence[NewTarget],
    source: Tenant,
    vesting: dt.date,
    actor: str,
    rehearsal: bool = False,
) -> tuple[dict[str, Tenant], set[str]]:
    """Each target slug's council (created where asked) and the slugs that existed active."""
    new = {t.slug: t for t in create}
    unknown = set(new) - set(slugs)
    if unknown:
        raise InvalidPlan(
            f"--create names no target of the plan: {sorted(unknown)}", pointer="/create"
        )
    found: dict[str, Tenant] = {}
    existing: set[str] = set()
    with platform_session_sync() as session:
        for slug in slugs:
            council = session.scalars(select(Tenant).where(Tenant.slug == slug)).one_or_none()
            if slug == source.slug:
                raise InvalidPlan("A council cannot be its own target", pointer="/into")
            if council is None:
                if slug not in new:
                    raise InvalidPlan(
                        f"No council {slug!r}: name it in create (slug:Name:GSS)", pointer="/create"
                    )
                continue
            if slug in new:
                raise ReorganisationConflict(
                    f"A council with the slug {slug!r} exists", pointer="/create"
                )
            if rehearsal:
                refuse_live_rehearsal_target(council)
            if council.status is TenantStatus.ACTIVE:
                held = _open_plans_holding(session, [council.id])
                if held:
                    raise ReorganisationConflict(
                        f"{slug!r} is in an open plan: {held}", pointer="/into"
                    )
                existing.add(slug)
            else:
                _check_reusable(session, council)
            found[slug] = council
    for slug, spec in new.items():
        found[slug] = create_tenant(
            slug=slug,
            name=spec.name,
            gss_code=spec.gss_code,
            kind=TenantKind.UNITARY,
            services=list(source.enabled_services),
            actor=actor,
            vesting_date=vesting,
            activate=False,
        )
    return found, existing


def _save(
    name: str,
    vesting_date: dt.date,
    source: Tenant,
    selectors: Mapping[str, dict[str, Any]],
    targets: Mapping[str, Tenant],
    existing: set[str],
    actor: str,
    rehearsal: bool,
    audit: dict[str, Any],
) -> Reorganisation:
    with platform_session_sync() as session:
        reorg = Reorganisation(
            name=name,
            vesting_date=vesting_date,
            rehearsal=rehearsal,
            created_target=bool(set(targets) - existing),
            planned_by=actor,
        )
        session.add(reorg)
        session.flush()
        prefix = reference_prefixes([source.slug])[0]
        for position, (slug, selector) in enumerate(selectors.items()):
            session.add(
                Transfer(
                    reorganisation_id=reorg.id,
                    position=position,
                    source_tenant_id=source.id,
                    target_tenant_id=targets[slug].id,
                    selector={**selector, "existingTarget": slug in existing},
                    reference_prefix=prefix,
                )
            )
        record_platform_audit(
            session,
            actor,
            "reorganisation.planned",
            source.id,
            {"reorganisation": str(reorg.id), "name": name, **audit},
        )
    return reorg


def _named(name: str) -> str:
    if not name.strip():
        raise InvalidPlan("A reorganisation needs a name", pointer="/name")
    with platform_session_sync() as session:
        if session.scalar(select(Reorganisation.id).where(Reorganisation.name == name.strip())):
            raise ReorganisationConflict(f"A reorganisation named {name!r} exists", pointer="/name")
    return name.strip()


def plan_split(
    *,
    name: str,
    vesting_date: dt.date,
    source: str,
    by_wards: Mapping[str, Mapping[str, list[str]]] | None = None,
    by_boundary: Mapping[str, list[dict[str, Any]]] | None = None,
    create: Sequence[NewTarget] = (),
    default: str | None = None,
    actor: str,
    rehearsal: bool = False,
) -> Reorganisation:
    """Split ``source`` between the targets of a ward/parish mapping or of boundary features."""
    if (by_wards is None) == (by_boundary is None):
        raise InvalidPlan("Split by wards or by boundary (one of them)", pointer="/split")
    name = _named(name)
    if by_wards is not None:
        selectors = {
            slug: {
                "kind": "area",
                "wards": list(m.get("wards", [])),
                "parishes": list(m.get("parishes", [])),
            }
            for slug, m in by_wards.items()
        }
    else:
        assert by_boundary is not None
        selectors = {
            slug: {
                "kind": "boundary",
                "features": {"type": "FeatureCollection", "features": list(feats)},
            }
            for slug, feats in by_boundary.items()
        }
    if default is not None:
        if default not in selectors:
            raise InvalidPlan(f"The default {default!r} is not a target", pointer="/default")
        selectors[default]["default"] = True
    with platform_session_sync() as session:
        council = _source(session, source, "/split")
    targets, existing = _targets(list(selectors), create, council, vesting_date, actor, rehearsal)
    return _save(
        name,
        vesting_date,
        council,
        selectors,
        targets,
        existing,
        actor,
        rehearsal,
        {"vestingDate": vesting_date.isoformat(), "split": source, "into": list(selectors)},
    )


def plan_transfer(
    *,
    name: str,
    vesting_date: dt.date,
    source: str,
    services: Sequence[str],
    into: str,
    create: Sequence[NewTarget] = (),
    actor: str,
    rehearsal: bool = False,
) -> Reorganisation:
    """Move the records of some services of ``source`` into ``into``; the source carries on."""
    if not services or len(set(services)) != len(services):
        raise InvalidPlan("Name one or more different services", pointer="/services")
    name = _named(name)
    with platform_session_sync() as session:
        council = _source(session, source, "/transfer")
    for i, service in enumerate(services):
        if service not in council.enabled_services:
            raise InvalidPlan(f"{source!r} does not run {service!r}", pointer=f"/services/{i}")
    selectors = {into: {"kind": "services", "services": list(services)}}
    targets, existing = _targets([into], create, council, vesting_date, actor, rehearsal)
    return _save(
        name,
        vesting_date,
        council,
        selectors,
        targets,
        existing,
        actor,
        rehearsal,
        {
            "vestingDate": vesting_date.isoformat(),
            "transfer": source,
            "services": list(services),
            "into": into,
        },
    )


def allocate(
    key: str | UUID, allocations: Mapping[str, str], *, default: str | None = None, actor: str
) -> Reorganisation:
    """Give records no rule places to a target (and/or name the default target); only before
    anything has been copied."""
    with platform_session_sync() as session:
        reorg, transfers = open_for_allocation(session, key)
        if session.scalar(
            select(Checkpoint.transfer_id)
            .where(Checkpoint.transfer_id.in_([t.id for t in transfers]))
            .limit(1)
        ):
            raise ReorganisationConflict("The run has begun copying; roll it back to reallocate")
        slugs = dict(session.execute(select(Tenant.id, Tenant.slug)).tuples().all())
        by_target = {slugs[t.target_tenant_id]: t for t in transfers}
        kinds = {t.selector.get("kind") for t in transfers}
        if not kinds <= {"area", "boundary"}:
            raise InvalidPlan("Only a split by area or boundary takes allocations")
        for slug in {*allocations.values(), *([default] if default else [])}:
            if slug not in by_target:
                raise InvalidPlan(f"{slug!r} is not a target of this plan", pointer="/allocations")
        for slug, transfer in by_target.items():
            records = dict.fromkeys(transfer.selector.get("records", []))
            records.update(dict.fromkeys(r for r, s in allocations.items() if s == slug))
            for other, s in allocations.items():
                if s != slug:
                    records.pop(other, None)
            selector = {**transfer.selector, "records": list(records)}
            selector.pop("resolved", None)
            if default is not None:
                selector["default"] = slug == default
            transfer.selector = selector
        record_platform_audit(
            session,
            actor,
            "reorganisation.allocated",
            None,
            {"reorganisation": str(reorg.id), "records": len(allocations), "default": default},
        )
        return reorg


__all__ = [
    "NewTarget",
    "allocate",
    "allocation_csv",
    "boundary_features",
    "plan_split",
    "plan_transfer",
    "ward_mapping",
]
