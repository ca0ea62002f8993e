"""Operator routes for reorganisations: plan a merge, a split or a service transfer, allocate
a split's unplaced records, list and read plans (with the progress of
a run), dry-run, run (in the background: progress is readable here meanwhile), verify, cut over
and roll back. Guarded by ``platform:reorganisations``, which only platform operators hold."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.background_tasks import BackgroundTask
from litestar.params import FromPath, JSONBody
from litestar.response import Response
from sqlalchemy import select

from app.api.openapi_examples import example
from app.api.problem_docs import ACTION_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS, problems
from app.guards import requires
from app.principal import Actor
from tenancy.binding import platform_session_sync
from tenancy.models import Tenant
from tenancy.reorg.plan import get_reorganisation, list_reorganisations, transfers_of
from tenancy.reorg.progress import progress_of

Slug = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=63)]


class WardCodeIn(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=True):
    """One line of a split's mapping: a ward (E05…) or parish (E04…) code and its new council."""

    code: Annotated[str, msgspec.Meta(pattern=r"^[EW]0[45]\d{6}$"), example("E05020101")]
    target: Annotated[Slug, example("west-wessex")]


class NewTargetIn(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=True):
    """A target council the plan creates (provisioning until cut-over)."""

    slug: Annotated[Slug, example("west-wessex")]
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200), example("West Wessex Council")]
    gss_code: Annotated[str, msgspec.Meta(pattern=r"^[EWSN]\d{8}$"), example("E06000098")]


class PlanIn(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=True):
    """A plan of one shape: a merge (``merge`` + ``into`` + ``successorName`` + ``gssCode``), a
    split (``split`` + ``byWards`` or ``byBoundary``, with ``create`` for new targets) or a
    service transfer (``transfer`` + ``services`` + ``into``)."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200), example("North Wessex")]
    vesting_date: Annotated[dt.date, example("2027-04-01")]
    merge: Annotated[
        Annotated[list[Slug], msgspec.Meta(min_length=2)] | None,
        example(["ashcombe", "brackenfold", "wyvern-vale"]),
    ] = None
    split: Annotated[Slug | None, example("wessex-county")] = None
    transfer: Annotated[Slug | None, example("wessex-county")] = None
    by_wards: Annotated[
        list[WardCodeIn] | None,
        example([{"code": "E05020101", "target": "west-wessex"}]),
    ] = None
    by_boundary: Annotated[
        dict[str, Any] | None,
        example({"type": "FeatureCollection", "features": []}),
    ] = None
    services: Annotated[list[str] | None, example(["planning"])] = None
    into: Annotated[Slug | None, example("north-wessex")] = None
    successor_name: Annotated[
        Annotated[str, msgspec.Meta(min_length=1, max_length=200)] | None,
        example("North Wessex Council"),
    ] = None
    gss_code: Annotated[
        Annotated[str, msgspec.Meta(pattern=r"^[EWSN]\d{8}$")] | None, example("E06000099")
    ] = None
    create: Annotated[
        list[NewTargetIn] | None,
        example([{"slug": "west-wessex", "name": "West Wessex Council", "gssCode": "E06000098"}]),
    ] = None
    default: Annotated[Slug | None, example("west-wessex")] = None
    rehearsal: Annotated[bool, example(False)] = False


#: The former name of :class:`PlanIn` (a merge plan).
MergePlanIn = PlanIn


class AllocationLineIn(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=True):
    record_id: Annotated[UUID, example("0195f3c2-1b7e-7d4a-8c2f-3e9a6b1d5f70")]
    target: Annotated[Slug, example("west-wessex")]


class AllocationIn(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=True):
    """Places for records a split's rules leave unplaced, and/or the default target."""

    allocations: Annotated[
        list[AllocationLineIn],
        example([{"recordId": "0195f3c2-1b7e-7d4a-8c2f-3e9a6b1d5f70", "target": "west-wessex"}]),
    ] = msgspec.field(default_factory=list)
    default: Annotated[Slug | None, example("west-wessex")] = None


def _planned(data: PlanIn, actor: str) -> Any:
    from tenancy.reorg import plan_split as shapes
    from tenancy.reorg.errors import InvalidPlan
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


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def describe(key: str | UUID) -> dict[str, Any]:
    """A reorganisation as the API and the CLI show it."""
    with platform_session_sync() as session:
        reorg = get_reorganisation(session, key)
        transfers = transfers_of(session, reorg.id)
        ids = {t.source_tenant_id for t in transfers} | {t.target_tenant_id for t in transfers}
        slugs = dict(
            session.execute(select(Tenant.id, Tenant.slug).where(Tenant.id.in_(ids))).tuples().all()
        )
        verification = reorg.verification_report
        return {
            "id": str(reorg.id),
            "name": reorg.name,
            "vestingDate": reorg.vesting_date.isoformat(),
            "status": reorg.status.value,
            "rehearsal": reorg.rehearsal,
            "transfers": [
                {
                    "position": t.position,
                    "source": slugs[t.source_tenant_id],
                    "selector": {
                        k: v for k, v in t.selector.items() if k not in ("resolved", "records")
                    }
                    | {"allocatedRecords": len(t.selector.get("records", []))},
                    "target": slugs[t.target_tenant_id],
                    "referencePrefix": t.reference_prefix,
                }
                for t in transfers
            ],
            "steps": {
                "planned": {"by": reorg.planned_by, "at": _iso(reorg.planned_at)},
                "run": {"by": reorg.run_by, "at": _iso(reorg.run_started_at)},
                "copied": {"at": _iso(reorg.copied_at)},
                "verified": {"by": reorg.verified_by, "at": _iso(reorg.verified_at)},
                "cutOver": {"by": reorg.cut_over_by, "at": _iso(reorg.cut_over_at)},
                "rolledBack": {"by": reorg.rolled_back_by, "at": _iso(reorg.rolled_back_at)},
            },
            "progress": progress_of(session, reorg.id),
            "verified": None if verification is None else bool(verification.get("ok")),
            "dryRunAt": _iso(reorg.dry_run_at),
            "error": reorg.error,
        }


def describe_all() -> list[dict[str, Any]]:
    with platform_session_sync() as session:
        ids = [r.id for r in list_reorganisations(session)]
    return [describe(i) for i in ids]


def _run_in_background(key: str, actor: str) -> None:
    from tenancy.reorg import engine
    from tenancy.reorg.errors import ReorganisationConflict

    try:
        engine.run(key, actor=actor)
    except ReorganisationConflict:
        return  # another process is running it; its progress shows here
    _announce()


def _announce() -> None:
    from app.auth.policy import Policy

    Policy.announce("reload", UUID(int=0), None, "")
    from app.auth.policy import get_policy

    get_policy().reload()


class PlatformReorganisationsController(Controller):
    path = "/api/v1/platform/reorganisations"
    tags = ["platform"]

    @post(
        "/",
        opt=requires("platform", "reorganisations", "write"),
        sync_to_thread=True,
        summary="Plan a merge, a split or a service transfer",
        status_code=201,
        responses=WRITE_PROBLEMS,
    )
    def create(self, data: JSONBody[PlanIn], actor: Actor) -> Response[dict[str, Any]]:
        reorg = _planned(data, actor)
        return Response(
            describe(reorg.id),
            status_code=201,
            headers={"Location": f"{self.path}/{reorg.id}"},
        )

    @get(
        "/",
        opt=requires("platform", "reorganisations", "read"),
        sync_to_thread=True,
        summary="List reorganisations",
        responses=READ_PROBLEMS,
    )
    def list_all(self) -> list[dict[str, Any]]:
        return describe_all()

    @get(
        "/{key:str}",
        opt=requires("platform", "reorganisations", "read"),
        sync_to_thread=True,
        summary="Show a reorganisation and the progress of its run",
        responses=READ_PROBLEMS,
    )
    def show(self, key: FromPath[str]) -> dict[str, Any]:
        return describe(key)

    @post(
        "/{key:str}/dry-run",
        opt=requires("platform", "reorganisations", "write"),
        sync_to_thread=True,
        summary="Dry-run: what a run would move, collisions, conflicts, people",
        status_code=200,
        responses=ACTION_PROBLEMS,
    )
    def dry_run(self, key: FromPath[str]) -> dict[str, Any]:
        from tenancy.reorg.dryrun import dry_run

        return dry_run(key)

    @post(
        "/{key:str}/allocations",
        opt=requires("platform", "reorganisations", "write"),
        sync_to_thread=True,
        summary="Allocate records a split leaves unplaced, or name the default target",
        status_code=200,
        responses=ACTION_PROBLEMS,
    )
    def allocate(
        self, key: FromPath[str], data: JSONBody[AllocationIn], actor: Actor
    ) -> dict[str, Any]:
        from tenancy.reorg.plan_split import allocate

        allocate(
            key,
            {str(line.record_id): line.target for line in data.allocations},
            default=data.default,
            actor=actor,
        )
        return describe(key)

    @post(
        "/{key:str}/run",
        opt=requires("platform", "reorganisations", "write"),
        sync_to_thread=True,
        summary="Start (or resume) the run in the background",
        status_code=202,
        responses=ACTION_PROBLEMS,
    )
    def run(self, key: FromPath[str], actor: Actor) -> Response[dict[str, Any]]:
        reorg = describe(key)
        if reorg["status"] not in ("planned", "running", "failed", "copied", "verified"):
            from tenancy.reorg.errors import ReorganisationConflict

            raise ReorganisationConflict(f"A {reorg['status']} reorganisation cannot run")
        from tenancy.reorg.allocation import ensure_placed

        ensure_placed(reorg["id"])  # 409 before anything starts if records are unplaced
        return Response(
            reorg,
            status_code=202,
            background=BackgroundTask(_run_in_background, reorg["id"], actor),
            headers={"Location": f"{self.path}/{reorg['id']}"},
        )

    @post(
        "/{key:str}/verify",
        opt=requires("platform", "reorganisations", "write"),
        sync_to_thread=True,
        summary="Verify the copy: counts, checksums, foreign keys, references",
        status_code=200,
        responses=ACTION_PROBLEMS,
    )
    def verify(self, key: FromPath[str], actor: Actor) -> dict[str, Any]:
        from tenancy.reorg.verify import verify

        return verify(key, actor=actor)

    @post(
        "/{key:str}/cut-over",
        opt=requires("platform", "reorganisations", "write"),
        sync_to_thread=True,
        summary="Cut over: open the successor, retire the sources",
        status_code=200,
        responses=ACTION_PROBLEMS,
    )
    def cut_over(self, key: FromPath[str], actor: Actor) -> dict[str, Any]:
        from tenancy.reorg.lifecycle import cut_over

        cut_over(key, actor=actor)
        _announce()
        return describe(key)

    @post(
        "/{key:str}/rollback",
        opt=requires("platform", "reorganisations", "write"),
        sync_to_thread=True,
        summary="Roll back before cut-over: empty the target, reopen the sources",
        status_code=200,
        responses=problems(409),
    )
    def rollback(self, key: FromPath[str], actor: Actor) -> dict[str, Any]:
        from tenancy.reorg.lifecycle import rollback

        rollback(key, actor=actor)
        _announce()
        return describe(key)
