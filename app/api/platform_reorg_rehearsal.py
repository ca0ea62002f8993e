"""Operator routes for a dress rehearsal: start one (it runs in the background: the sources stay
live, the copy goes into the plan's scratch target, is verified, timed and discarded) and read
its report. Guarded by ``platform:reorganisations``, which only platform operators hold."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.background_tasks import BackgroundTask
from litestar.params import FromPath
from litestar.response import Response

from app.api.openapi_examples import example, example_of
from app.api.platform_reorg_reports import FileCheckOut
from app.api.platform_reorg_views import announce
from app.api.problem_docs import ACTION_PROBLEMS, READ_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from tenancy.binding import platform_session_sync
from tenancy.reorg.errors import ReorganisationConflict
from tenancy.reorg.plan import get_reorganisation
from tenancy.reorg.rehearsal import REHEARSABLE, rehearsal_report, rehearse

REORG_ID = "0196b4d2-5e8a-7c31-9f40-2a6d8e1b7c95"
Seconds = Annotated[float, msgspec.Meta(ge=0), example(12.48)]


class Out(msgspec.Struct, rename="camel", kw_only=True):
    """Response bodies."""


class RehearsalStartedOut(Out):
    """A rehearsal accepted: it runs in the background; its report is at ``Location``."""

    id: Annotated[UUID, example(REORG_ID)]
    name: Annotated[str, example("North Wessex rehearsal")]
    status: Annotated[str, example("planned")]
    report: Annotated[str, example(f"/api/v1/platform/reorganisations/{REORG_ID}/rehearsal")]


class TableTimingOut(Out):
    """One table: the rows copied from every source and the seconds the copy took."""

    table: Annotated[str, example("cases")]
    rows: Annotated[int, msgspec.Meta(ge=0), example(18420)]
    seconds: Seconds


class PhasesOut(Out):
    """Seconds per phase: ``preparing`` (fingerprints and row counts, then the first batch),
    ``run`` (the engine's whole run, ``preparing`` included), ``verify`` and ``discard``."""

    preparing: Seconds
    run: Seconds
    verify: Seconds
    discard: Seconds


class RehearsalVerificationOut(Out):
    """The verification of the scratch copy against the snapshot it was copied from."""

    ok: Annotated[bool, example(True)]
    mismatches: Annotated[list[dict[str, Any]], example([])]
    dangling_foreign_keys: Annotated[list[dict[str, Any]], example([])]
    sources: Annotated[
        dict[str, Any],
        example({"ashcombe": {"unchangedSinceFreeze": True, "changedTables": []}}),
    ]
    files: Annotated[list[FileCheckOut], example([example_of(FileCheckOut)])] = msgspec.field(
        default_factory=list
    )


class RehearsalReportOut(Out):
    """What a finished rehearsal measured: how long vesting day's run will take, per table."""

    ok: Annotated[bool, example(True)]
    snapshot_at: Annotated[str, example("2028-02-12T19:04:11.204512+00:00")]
    started_at: Annotated[str, example("2028-02-12T19:04:11.101377+00:00")]
    finished_at: Annotated[str, example("2028-02-12T19:13:52.847310+00:00")]
    rows: Annotated[int, msgspec.Meta(ge=0), example(4862117)]
    total_seconds: Annotated[float, msgspec.Meta(ge=0), example(581.75)]
    tables: Annotated[
        list[TableTimingOut], example([{"table": "cases", "rows": 18420, "seconds": 12.48}])
    ]
    phases: PhasesOut
    verification: RehearsalVerificationOut
    memberships_revoked: Annotated[int, msgspec.Meta(ge=0), example(214)]
    files_discarded: Annotated[
        int,
        msgspec.Meta(ge=0, description="Document files copied to the scratch council, deleted"),
        example(6930),
    ] = 0


def _rehearse_in_background(reorg_id: str, actor: str) -> None:
    try:
        rehearse(reorg_id, actor=actor)
    except ReorganisationConflict:
        return  # another process is rehearsing it; its report appears here when done
    finally:
        announce()  # the run granted memberships and the discard took them back


class PlatformReorgRehearsalController(Controller):
    path = "/api/v1/platform/reorganisations"
    tags = ["platform"]

    @post(
        "/{key:str}/rehearse",
        opt=requires("platform", "reorganisations", "write"),
        sync_to_thread=True,
        summary="Start a dress rehearsal: copy live sources into a scratch target, discard it",
        description=(
            "For a plan made with `rehearsal: true`. Nothing is frozen: officers keep working. "
            "The copy reads one database snapshot, so its verification is exact; the report "
            "(rows and seconds per table) estimates how long vesting day's run will take. "
            "The reorganisation ends `rehearsed`; its scratch target is emptied and stays "
            "provisioning. 409 for a plan that is not a rehearsal or has finished."
        ),
        status_code=202,
        responses=ACTION_PROBLEMS,
    )
    def start(self, key: FromPath[str], actor: Actor) -> Response[RehearsalStartedOut]:
        with platform_session_sync() as session:
            reorg = get_reorganisation(session, key)
            if not reorg.rehearsal:
                raise ReorganisationConflict(
                    "Only a plan made as a rehearsal can be rehearsed (plan it with rehearsal)"
                )
            if reorg.status not in REHEARSABLE:
                raise ReorganisationConflict(
                    f"A {reorg.status.value} reorganisation cannot be rehearsed"
                )
            started = RehearsalStartedOut(
                id=reorg.id,
                name=reorg.name,
                status=reorg.status.value,
                report=f"{self.path}/{reorg.id}/rehearsal",
            )
        return Response(
            started,
            status_code=202,
            background=BackgroundTask(_rehearse_in_background, str(started.id), actor),
            headers={"Location": started.report},
        )

    @get(
        "/{key:str}/rehearsal",
        opt=requires("platform", "reorganisations", "read"),
        sync_to_thread=True,
        summary="Read a finished rehearsal's report: rows and seconds per table, verification",
        responses=READ_PROBLEMS,
    )
    def report(self, key: FromPath[str]) -> RehearsalReportOut:
        found = rehearsal_report(key)
        if found is None:
            raise Problem(
                404,
                "No rehearsal report",
                f"The reorganisation {key!r} has not finished a rehearsal",
            )
        return msgspec.convert(found, RehearsalReportOut)
