"""What the operator's reorganisation routes do beyond the engine: turn a plan body into the
engine's plan call, and show a reorganisation (with its transfers, steps and progress) as the
API and the CLI (:func:`describe`) present it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import select

from app.api.platform_reorg_schemas import (
    PlanIn,
    ReorganisationOut,
    ReorgProgressOut,
    ReorgStepOut,
    ReorgStepsOut,
    ReorgTransferOut,
)
from tenancy.binding import platform_session_sync
from tenancy.models import Tenant
from tenancy.reorg.errors import InvalidPlan
from tenancy.reorg.plan import get_reorganisation, list_reorganisations, transfers_of
from tenancy.reorg.progress import progress_of


def planned(data: PlanIn, actor: str) -> Any:
    from tenancy.reorg import plan_split as shapes
    from tenancy.reorg.plan import plan_merge

    shapes_given = [x for x in ("merge", "split", "transfer") if getattr(data, x) is not None]
    if len(shapes_given) != 1:
        raise InvalidPlan("Give exactly one of merge, split and transfer", pointer="/merge")
    news = [shapes.NewTarget(c.slug, c.name, c.gss_code) for c in data.create or []]
    if data.merge is not None:
        if not (data.into and data.successor_name and data.gss_code):
            raise InvalidPlan("A merge needs into, successorName and gssCode", pointer="/into")
        return plan_merge(
            name=data.name,
            vesting_date=data.vesting_date,
            sources=data.merge,
            into=data.into,
            successor_name=data.successor_name,
            gss_code=data.gss_code,
            actor=actor,
            rehearsal=data.rehearsal,
        )
    if data.split is not None:
        wards = None
        if data.by_wards is not None:
            wards = shapes.ward_mapping(
                "\n".join(f"{line.code},{line.target}" for line in data.by_wards)
            )
        areas = shapes.boundary_features(data.by_boundary) if data.by_boundary else None
        return shapes.plan_split(
            name=data.name,
            vesting_date=data.vesting_date,
            source=data.split,
            by_wards=wards,
            by_boundary=areas,
            create=news,
            default=data.default,
            actor=actor,
            rehearsal=data.rehearsal,
        )
    if not (data.services and data.into):
        raise InvalidPlan("A transfer needs services and into", pointer="/services")
    return shapes.plan_transfer(
        name=data.name,
        vesting_date=data.vesting_date,
        source=str(data.transfer),
        services=data.services,
        into=data.into,
        create=news,
        actor=actor,
        rehearsal=data.rehearsal,
    )


def reorganisation_out(key: str | UUID) -> ReorganisationOut:
    """A reorganisation as the API shows it."""
    with platform_session_sync() as session:
        reorg = get_reorganisation(session, key)
        transfers = transfers_of(session, reorg.id)
        ids = {t.source_tenant_id for t in transfers} | {t.target_tenant_id for t in transfers}
        slugs = dict(
            session.execute(select(Tenant.id, Tenant.slug).where(Tenant.id.in_(ids))).tuples().all()
        )
        verification = reorg.verification_report
        return ReorganisationOut(
            id=reorg.id,
            name=reorg.name,
            vesting_date=reorg.vesting_date,
            status=reorg.status,
            rehearsal=reorg.rehearsal,
            transfers=[
                ReorgTransferOut(
                    position=t.position,
                    source=slugs[t.source_tenant_id],
                    selector={
                        k: v for k, v in t.selector.items() if k not in ("resolved", "records")
                    }
                    | {"allocatedRecords": len(t.selector.get("records", []))},
                    target=slugs[t.target_tenant_id],
                    reference_prefix=t.reference_prefix,
                )
                for t in transfers
            ],
            steps=ReorgStepsOut(
                planned=ReorgStepOut(by=reorg.planned_by, at=reorg.planned_at),
                run=ReorgStepOut(by=reorg.run_by, at=reorg.run_started_at),
                copied=ReorgStepOut(by=reorg.run_by, at=reorg.copied_at),
                verified=ReorgStepOut(by=reorg.verified_by, at=reorg.verified_at),
                cut_over=ReorgStepOut(by=reorg.cut_over_by, at=reorg.cut_over_at),
                rolled_back=ReorgStepOut(by=reorg.rolled_back_by, at=reorg.rolled_back_at),
            ),
            progress=msgspec.convert(progress_of(session, reorg.id), ReorgProgressOut),
            verified=None if verification is None else bool(verification.get("ok")),
            dry_run_at=reorg.dry_run_at,
            error=reorg.error,
        )


def describe(key: str | UUID) -> dict[str, Any]:
    """A reorganisation as plain JSON, as the API shows it (for the CLI)."""
    shown: dict[str, Any] = msgspec.to_builtins(reorganisation_out(key))
    return shown


def describe_all() -> list[dict[str, Any]]:
    """Every reorganisation as plain JSON, newest first (for the CLI)."""
    shown: list[dict[str, Any]] = msgspec.to_builtins(all_reorganisations())
    return shown


def all_reorganisations() -> list[ReorganisationOut]:
    with platform_session_sync() as session:
        ids = [r.id for r in list_reorganisations(session)]
    return [reorganisation_out(i) for i in ids]


def announce() -> None:
    """Memberships changed in bulk (a run granted, a rollback took back): every process
    reloads its policy."""
    from app.auth.policy import Policy, get_policy

    Policy.announce("reload", UUID(int=0), None, "")
    get_policy().reload()
