"""Operator routes for reorganisations: plan a merge, a split or a service transfer, allocate
a split's unplaced records and people, list and read plans (with the progress of a run),
dry-run, run (in the background: progress is readable here meanwhile), verify, cut over and roll
back. Guarded by ``platform:reorganisations``, which only platform operators hold.

Bodies and responses are the Structs of :mod:`app.api.platform_reorg_schemas` and
:mod:`app.api.platform_reorg_reports`; :mod:`app.api.platform_reorg_views` shows a
reorganisation (and gives it as plain JSON for the CLI, ``vesta reorg show``)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, get, post
from litestar.background_tasks import BackgroundTask
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import PathParameter
from litestar.response import Response

from app.api.platform_reorg_reports import DryRunOut, VerificationOut
from app.api.platform_reorg_schemas import (
    ALLOCATION_BODY,
    PLAN_BODY,
    REORG_ID,
    AllocationIn,
    PlanIn,
    ReorganisationOut,
)
from app.api.platform_reorg_views import (
    all_reorganisations,
    announce,
    planned,
    reorganisation_out,
)
from app.api.problem_docs import ProblemOut
from app.guards import requires
from app.principal import Actor
from app.problems import PROBLEM_BASE, PROBLEM_JSON
from tenancy.reorg.errors import InvalidPlan
from tenancy.reorg.errors import ReorganisationConflict as Conflict
from tenancy.reorg.errors import ReorganisationNotFound as NotFound
from tenancy.reorg.models import ReorgStatus

TAGS = ["platform"]
READ = requires("platform", "reorganisations", "read")
WRITE = requires("platform", "reorganisations", "write")
DENIED = "You do not have permission platform:reorganisations:write"
NOT_FOUND = "No reorganisation has the id or name 'North Wessex'"
MALFORMED = "JSON is malformed: object keys must be strings (byte 1)"
SIGN_IN = "Sign in, or send an API access token"
TOO_SOON = "Only a verified reorganisation can be cut over (this one is copied)"
UNFIT = "'ashcombe' is retired; only active councils can be merged"
RUNNABLE = frozenset(
    {
        ReorgStatus.PLANNED,
        ReorgStatus.RUNNING,
        ReorgStatus.FAILED,
        ReorgStatus.COPIED,
        ReorgStatus.VERIFIED,
    }
)

Key = Annotated[
    str,
    PathParameter(
        description="The reorganisation's id, or its name",
        examples=[Example(summary="By id", value=REORG_ID), Example(value="North Wessex")],
    ),
]

INSTANCE = f"/api/v1/platform/reorganisations/{REORG_ID}"
#: Status -> (when, title, detail, more members) of the problems these routes answer with.
PROBLEMS: dict[int, tuple[str, str, str, dict[str, Any]]] = {
    400: ("The request is malformed: a body that is not JSON", "HTTP error", MALFORMED, {}),
    401: ("Not signed in, or the access token is not valid", "Sign-in required", SIGN_IN, {}),
    403: ("Signed in, but not a platform operator", "Forbidden", DENIED, {}),
    404: ("No reorganisation has this id or name", NotFound.title, NOT_FOUND, {}),
    409: ("Not allowed in its current state, or records unplaced", Conflict.title, TOO_SOON, {}),
    422: (
        "The plan is invalid; each of `errors` points at a field",
        InvalidPlan.title,
        UNFIT,
        {"errors": [{"pointer": "/merge/0", "detail": UNFIT}]},
    ),
}


def reorg_problems(*statuses: int) -> dict[int, ResponseSpec]:
    """``responses=`` for a route that can fail with ``statuses`` (and 400, 401 and 403)."""
    specs = {}
    for status in sorted({400, 401, 403, *statuses}):
        description, title, detail, more = PROBLEMS[status]
        body = {"type": PROBLEM_BASE + title.lower().replace(" ", "-"), "title": title}
        body |= {"status": status, "detail": detail, "instance": INSTANCE, **more}
        specs[status] = ResponseSpec(
            data_container=ProblemOut,
            media_type=PROBLEM_JSON,
            description=description,
            examples=[Example(summary=title, value=body)],
            generate_examples=False,
        )
    return specs


def _run_in_background(key: str, actor: str) -> None:
    from tenancy.reorg import engine

    try:
        engine.run(key, actor=actor)
    except Conflict:
        return  # another process is running it; its progress shows here
    announce()


class PlatformReorganisationsController(Controller):
    path = "/api/v1/platform/reorganisations"

    @post(
        "/",
        opt=WRITE,
        sync_to_thread=True,
        tags=TAGS,
        summary="Plan a merge, a split or a service transfer",
        description="Creates the plan (and any target council it names as `provisioning`); "
        "nothing is copied until the run. `Location` is the new reorganisation.",
        status_code=201,
        responses=reorg_problems(409, 422),
    )
    def create(
        self, data: Annotated[PlanIn, PLAN_BODY], actor: Actor
    ) -> Response[ReorganisationOut]:
        reorg = planned(data, actor)
        return Response(
            reorganisation_out(reorg.id),
            status_code=201,
            headers={"Location": f"{self.path}/{reorg.id}"},
        )

    @get(
        "/",
        opt=READ,
        sync_to_thread=True,
        tags=TAGS,
        summary="List reorganisations, newest first",
        responses=reorg_problems(),
    )
    def list_all(self) -> list[ReorganisationOut]:
        return all_reorganisations()

    @get(
        "/{key:str}",
        opt=READ,
        sync_to_thread=True,
        tags=TAGS,
        summary="Show a reorganisation and the progress of its run",
        responses=reorg_problems(404),
    )
    def show(self, key: Key) -> ReorganisationOut:
        return reorganisation_out(key)

    @post(
        "/{key:str}/dry-run",
        opt=WRITE,
        sync_to_thread=True,
        tags=TAGS,
        summary="Dry-run: what a run would move, collisions, conflicts, people",
        description="Changes no council; stores the report on the reorganisation. A split's "
        "unplaced records are listed in `blocking`, and the run is refused until it is empty.",
        status_code=200,
        responses=reorg_problems(404),
    )
    def dry_run(self, key: Key) -> DryRunOut:
        from tenancy.reorg.dryrun import dry_run

        return msgspec.convert(dry_run(key), DryRunOut)

    @post(
        "/{key:str}/allocations",
        opt=WRITE,
        sync_to_thread=True,
        tags=TAGS,
        summary="Allocate a split's unplaced records and its people, or name the default target",
        status_code=200,
        responses=reorg_problems(404, 409, 422),
    )
    def allocate(
        self, key: Key, data: Annotated[AllocationIn, ALLOCATION_BODY], actor: Actor
    ) -> ReorganisationOut:
        from tenancy.reorg.memberships import allocate_people
        from tenancy.reorg.plan_split import allocate

        if data.people:
            people: dict[str, list[str]] = {}
            for line in data.people:
                people.setdefault(line.email, []).append(line.target)
            allocate_people(key, people, actor=actor)
        if data.allocations or data.default or not data.people:
            allocate(
                key,
                {str(line.record_id): line.target for line in data.allocations},
                default=data.default,
                actor=actor,
            )
        return reorganisation_out(key)

    @post(
        "/{key:str}/run",
        opt=WRITE,
        sync_to_thread=True,
        tags=TAGS,
        summary="Start (or resume) the run in the background",
        description="Freezes the sources (their writes answer 423) and copies in the "
        "background; read the reorganisation for its progress. Refused (409) while a split "
        "has unplaced records.",
        status_code=202,
        responses=reorg_problems(404, 409),
    )
    def run(self, key: Key, actor: Actor) -> Response[ReorganisationOut]:
        reorg = reorganisation_out(key)
        if reorg.status not in RUNNABLE:
            raise Conflict(f"A {reorg.status.value} reorganisation cannot run")
        if reorg.rehearsal:
            raise Conflict("A rehearsal is run with POST …/rehearse; it never freezes its sources")
        from tenancy.reorg.allocation import ensure_placed

        ensure_placed(reorg.id)  # 409 before anything starts if records are unplaced
        return Response(
            reorg,
            status_code=202,
            background=BackgroundTask(_run_in_background, str(reorg.id), actor),
            headers={"Location": f"{self.path}/{reorg.id}"},
        )

    @post(
        "/{key:str}/verify",
        opt=WRITE,
        sync_to_thread=True,
        tags=TAGS,
        summary="Verify the copy: counts, checksums, foreign keys, references",
        description="`ok` is false on any mismatch (the reorganisation stays `copied`); "
        "otherwise it becomes `verified` and may be cut over.",
        status_code=200,
        responses=reorg_problems(404, 409),
    )
    def verify(self, key: Key, actor: Actor) -> VerificationOut:
        from tenancy.reorg.verify import verify

        return msgspec.convert(verify(key, actor=actor), VerificationOut)

    @post(
        "/{key:str}/cut-over",
        opt=WRITE,
        sync_to_thread=True,
        tags=TAGS,
        summary="Cut over: open the successor, retire the sources",
        description="The retired councils' API paths then answer 308 to the successor.",
        status_code=200,
        responses=reorg_problems(404, 409),
    )
    def cut_over(self, key: Key, actor: Actor) -> ReorganisationOut:
        from tenancy.reorg.lifecycle import cut_over

        cut_over(key, actor=actor)
        announce()
        return reorganisation_out(key)

    @post(
        "/{key:str}/rollback",
        opt=WRITE,
        sync_to_thread=True,
        tags=TAGS,
        summary="Roll back before cut-over: empty the target, reopen the sources",
        status_code=200,
        responses=reorg_problems(404, 409),
    )
    def rollback(self, key: Key, actor: Actor) -> ReorganisationOut:
        from tenancy.reorg.lifecycle import rollback

        rollback(key, actor=actor)
        announce()
        return reorganisation_out(key)
