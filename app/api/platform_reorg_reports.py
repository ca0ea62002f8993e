"""Wire shapes of the operator's reorganisation reports (msgspec, camelCase): the dry run (rows
that will move, reference collisions, settings conflicts, people, open cases straddling vesting
day, what blocks a split) and the verification (per table and source counts and checksums,
files, foreign keys, sources unchanged). Same story as :mod:`app.api.platform_reorg_schemas`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

import msgspec

from app.api.openapi_examples import example, example_of
from app.api.platform_reorg_schemas import (
    REORG_ID,
    SOURCES,
    Count,
    Out,
    Source,
    TableName,
    Target,
)


class DryRunPlanOut(Out):
    id: Annotated[UUID, example(REORG_ID)]
    name: Annotated[str, example("North Wessex")]
    vesting_date: Annotated[dt.date, example("2028-04-01")]


class DryRunRowsOut(Out):
    """The rows one transfer would move, per table."""

    source: Source
    target: Target
    selector: Annotated[str, example("all")]
    prefix: Annotated[str, example("BRA")]
    tables: Annotated[dict[str, int], example({"cases": 18420, "sites": 18420})]
    total: Annotated[int, example(36840)]


class CollidingReferenceOut(Out):
    from_: Annotated[str, example("26/00042/HOUSE")] = msgspec.field(name="from")
    to: Annotated[str, example("BRA-26/00042/HOUSE")]
    former_reference: Annotated[str, example("26/00042/HOUSE")]


class ReferenceCollisionOut(Out):
    """References of this source another source also holds: they get the source's prefix, and
    the record keeps the old one among its former references (``formerKept``)."""

    table: TableName
    column: Annotated[str, example("reference")]
    source: Source
    count: Annotated[int, example(1210)]
    examples: list[CollidingReferenceOut]
    former_kept: Annotated[bool, example(True)]


class ConfigurationConflictOut(Out):
    """A configuration key an earlier source holds with another value: the earlier one wins."""

    table: Annotated[str, example("settings")]
    key: Annotated[Any, example("reference_format")]
    source: Source
    kept: Annotated[dict[str, Any], example({"value": "{yy}/{seq:05d}/{type}"})]
    dropped: Annotated[dict[str, Any], example({"value": "BF/{yyyy}/{seq}"})]
    kept_from: Annotated[str, example("ashcombe")]
    reference_scheme: Annotated[bool, example(True)]


Roles = Annotated[dict[str, list[str]], msgspec.Meta(description="Roles by council")]
_NOW = {"ashcombe": ["planning_case_officer"], "brackenfold": ["planning_case_officer"]}


class PersonOut(Out):
    """A person with roles in a source: the roles they hold there now, and the roles they will
    hold in each target; ``allocated`` if the operator sent them only to some targets."""

    email: Annotated[str, example("priya.shah@ashcombe.example.gov.uk")]
    name: Annotated[str | None, example("Priya Shah")]
    now: Annotated[Roles, example(_NOW)]
    target: Annotated[str | None, example("north-wessex")]
    targets: Annotated[list[str], example(["north-wessex"])]
    roles: Annotated[list[str], example(["planning_case_officer"])]
    in_targets: Annotated[Roles, example({"north-wessex": ["planning_case_officer"]})]
    not_carried: Annotated[Roles, example({})]
    allocated: Annotated[bool, example(False)]


class ClientToReissueOut(Out):
    client_id: Annotated[str, example("vc_5b7e2c9a0d13f4e6a8b1c2d3")]
    name: Annotated[str, example("Ashcombe PlanX submissions")]
    services: Annotated[list[str], example(["planning"])]


class OpenCaseOut(Out):
    reference: Annotated[str, example("26/00042/HOUSE")]
    service: Annotated[str, example("planning")]
    status: Annotated[str, example("consultation")]
    statutory_date: Annotated[dt.date | None, example("2028-04-14")]
    target_date: Annotated[dt.date | None, example("2028-04-14")]


class OpenCasesOut(Out):
    """Open cases whose statutory or target date falls on or after vesting day (they keep it)."""

    count: Annotated[int, example(212)]
    examples: list[OpenCaseOut]


class UnclaimedOut(Out):
    """Records of a split source no transfer claims (no site location, outside every area)."""

    table: TableName
    source: Annotated[str, example("wessex-county")]
    count: Annotated[int, example(3)]
    ids: Annotated[list[str], example(["0195f3c2-1b7e-7d4a-8c2f-3e9a6b1d5f70"])]


class CrossingBorderOut(Out):
    """A case whose site boundary crosses the new border: it lies in more than one area."""

    table: TableName
    id: Annotated[str, example("0195f3c2-1b7e-7d4a-8c2f-3e9a6b1d5f70")]
    reference: Annotated[str, example("26/00042/HOUSE")]
    areas: Annotated[list[str], example(["east-wessex", "west-wessex"])]


class BlockingUnclaimedOut(UnclaimedOut, tag="unclaimed", tag_field="kind"):
    """Unclaimed records: they block the run until allocated or a default target is named."""


class BlockingCrossingOut(CrossingBorderOut, tag="crossingBorder", tag_field="kind"):
    """A case crossing the new border: it blocks the run until allocated."""


class DryRunOut(Out):
    """What a run would do; ``blocking`` must be empty before it may start."""

    reorganisation: DryRunPlanOut
    rows: list[DryRunRowsOut]
    reference_collisions: list[ReferenceCollisionOut]
    configuration_conflicts: list[ConfigurationConflictOut]
    reference_scheme_conflicts: list[ConfigurationConflictOut]
    people: list[PersonOut]
    api_clients_to_reissue: list[ClientToReissueOut]
    open_cases_over_vesting_day: Annotated[
        dict[str, OpenCasesOut],
        msgspec.Meta(description="By source (a merge) or by `source → target` (a split)"),
        example({"ashcombe": {"count": 0, "examples": []}}),
    ]
    unclaimed: Annotated[list[UnclaimedOut], example([])]
    crossing_border: Annotated[list[CrossingBorderOut], example([])]
    blocking: Annotated[list[BlockingUnclaimedOut | BlockingCrossingOut], example([])]


class TableCheck(Out):
    table: TableName
    source: Source
    target: Target
    source_rows: Count
    ok: Annotated[bool, example(True)]


class RowsCheckOut(TableCheck, tag="rows", tag_field="strategy"):
    """A table copied row for row: counts and content checksums of source and target."""

    target_rows: Count
    source_checksum: Annotated[str, example("4471920583716120394")]
    target_checksum: Annotated[str, example("4471920583716120394")]
    rewritten_mismatches: Annotated[int, example(0)]
    unresolved_references: Annotated[int, example(0)]


class LeadCheckOut(TableCheck, tag="lead", tag_field="strategy"):
    """A configuration table (first source wins a key): every row arrived or lost its key."""

    unaccounted: Annotated[int, example(0)]
    superseded_by_earlier_source: Annotated[int, example(3)]


class MaxCheckOut(LeadCheckOut, tag="max", tag_field="strategy"):
    """A counter table (the highest counter wins): every counter arrived or was overtaken."""


TableCheckOut = RowsCheckOut | LeadCheckOut | MaxCheckOut


class FileCheckOut(Out):
    """A file-bearing table's copied documents: each file under its target key, whole."""

    table: Annotated[str, example("documents")]
    source: Source
    target: Target
    files: Annotated[int, example(2310)]
    wrong_keys: Annotated[int, example(0)]
    missing_files: Annotated[int, example(0)]
    differing_files: Annotated[int, example(0)]
    examples: Annotated[
        dict[str, list[str]],
        msgspec.Meta(description="Up to a few record ids for each kind of fault"),
        example({"wrongKeys": [], "missingFiles": [], "differingFiles": []}),
    ]
    ok: Annotated[bool, example(True)]


class DanglingForeignKeysOut(Out):
    table: TableName
    dangling: Annotated[int, example(2)]


class SourceCheckOut(Out):
    unchanged_since_freeze: Annotated[bool, example(True)]
    changed_tables: Annotated[list[str], example([])]
    unmoved: (
        Annotated[dict[str, int], msgspec.Meta(description="A split source: rows no one took")]
        | msgspec.UnsetType
    ) = msgspec.UNSET


class TargetTableOut(Out):
    source_rows: Annotated[int, example(54180)]
    target_rows: Annotated[int, example(54180)]


_CASES_TOTAL = {"sourceRows": 54180, "targetRows": 54180}


class TargetCheckOut(Out):
    """A target's tables: the rows that arrived from all its sources, and whether all agree."""

    ok: Annotated[bool, example(True)]
    tables: Annotated[dict[str, TargetTableOut], example({"cases": _CASES_TOTAL})]


_CHECKS = [{"strategy": "rows", **example_of(RowsCheckOut)}]
_UNCHANGED = {s: {"unchangedSinceFreeze": True, "changedTables": []} for s in SOURCES}


class VerificationOut(Out):
    """Source against target, per table and per source; ``ok`` is false on any mismatch."""

    ok: Annotated[bool, example(True)]
    tables: Annotated[list[TableCheckOut], example(_CHECKS)]
    dangling_foreign_keys: Annotated[list[DanglingForeignKeysOut], example([])]
    sources: Annotated[dict[str, SourceCheckOut], example(_UNCHANGED)]
    targets: Annotated[
        dict[str, TargetCheckOut],
        example({"north-wessex": {"ok": True, "tables": {"cases": _CASES_TOTAL}}}),
    ]
    files: Annotated[list[FileCheckOut], example([example_of(FileCheckOut)])]
    mismatches: Annotated[
        list[dict[str, Any]],
        msgspec.Meta(description="The table and file checks that failed, as in `tables`/`files`"),
        example([]),
    ]
