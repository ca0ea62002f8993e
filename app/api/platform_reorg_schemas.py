"""Wire shapes of the operator's reorganisation API (msgspec, camelCase): the plan and allocation
bodies, and a reorganisation with its steps and the progress of its run. The dry-run and
verification reports are in :mod:`app.api.platform_reorg_reports`.

The examples tell one story: Ashcombe, Brackenfold and Wyvern Vale district councils merge into
North Wessex Council (``north-wessex``) on vesting day, 1 April 2028. A part of a report whose
shape depends on the table or the plan (a transfer's selector, a settings value) stays an object.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar.openapi.spec import Example
from litestar.params import Body

from app.api.openapi_examples import example, example_of
from tenancy.reorg.models import ReorgStatus

Slug = Annotated[str, msgspec.Meta(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$", max_length=63)]
GssCode = Annotated[str, msgspec.Meta(pattern=r"^[EWSN]\d{8}$")]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Sources = Annotated[list[Slug], msgspec.Meta(min_length=2)]

REORG_ID = "0196b4d2-5e8a-7c31-9f40-2a6d8e1b7c95"
OPERATOR = "user:0195f3c2-9d2e-7a10-b6c4-8e1f3a5d7b22 <alex.morgan@vesta.example>"
SOURCES = ["ashcombe", "brackenfold", "wyvern-vale"]
TableName = Annotated[str, example("cases")]
Source = Annotated[str, example("brackenfold")]
Target = Annotated[str, example("north-wessex")]
Count = Annotated[int, example(18420)]
Actor = Annotated[str, example(OPERATOR)]


class In(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=True):
    """Request bodies refuse unknown fields, so a typo is an error, not silently ignored."""


class Out(msgspec.Struct, rename="camel", kw_only=True):
    """Response bodies."""


class WardCodeIn(In):
    """One line of a split's mapping: a ward (E05…) or parish (E04…) code and its new council."""

    code: Annotated[str, msgspec.Meta(pattern=r"^[EW]0[45]\d{6}$"), example("E05020101")]
    target: Annotated[Slug, example("west-wessex")]


class NewTargetIn(In):
    """A target council the plan creates (provisioning until cut-over)."""

    slug: Annotated[Slug, example("west-wessex")]
    name: Annotated[Name, example("West Wessex Council")]
    gss_code: Annotated[GssCode, example("E06000098")]


class PlanIn(In):
    """A plan of one shape: a merge (``merge`` + ``into`` + ``successorName`` + ``gssCode``), a
    split (``split`` + ``byWards`` or ``byBoundary``, with ``create`` for new targets) or a
    service transfer (``transfer`` + ``services`` + ``into``)."""

    name: Annotated[Name, example("North Wessex")]
    vesting_date: Annotated[dt.date, example("2028-04-01")]
    merge: Annotated[Sources | None, example(SOURCES)] = None
    split: Annotated[Slug | None, example("wessex-county")] = None
    transfer: Annotated[Slug | None, example("wessex-county")] = None
    by_wards: Annotated[
        list[WardCodeIn] | None, example([{"code": "E05020101", "target": "west-wessex"}])
    ] = None
    by_boundary: Annotated[
        dict[str, Any] | None, example({"type": "FeatureCollection", "features": []})
    ] = None
    services: Annotated[list[str] | None, example(["planning"])] = None
    into: Annotated[Slug | None, example("north-wessex")] = None
    successor_name: Annotated[Name | None, example("North Wessex Council")] = None
    gss_code: Annotated[GssCode | None, example("E06000099")] = None
    create: Annotated[
        list[NewTargetIn] | None,
        example([{"slug": "west-wessex", "name": "West Wessex Council", "gssCode": "E06000098"}]),
    ] = None
    default: Annotated[Slug | None, example("west-wessex")] = None
    rehearsal: Annotated[bool, example(False)] = False


class AllocationLineIn(In):
    record_id: Annotated[UUID, example("0195f3c2-1b7e-7d4a-8c2f-3e9a6b1d5f70")]
    target: Annotated[Slug, example("west-wessex")]


class PersonLineIn(In):
    email: Annotated[
        str, msgspec.Meta(min_length=3, max_length=320), example("sam.patel@ashcombe.gov.uk")
    ]
    target: Annotated[Slug, example("west-wessex")]


class AllocationIn(In):
    """Places for records a split's rules leave unplaced, and/or the default target; and, for a
    split, the targets a person's roles go to (a person not listed goes to every target)."""

    allocations: Annotated[
        list[AllocationLineIn],
        example([{"recordId": "0195f3c2-1b7e-7d4a-8c2f-3e9a6b1d5f70", "target": "west-wessex"}]),
    ] = msgspec.field(default_factory=list)
    default: Annotated[Slug | None, example("west-wessex")] = None
    people: Annotated[
        list[PersonLineIn],
        example([{"email": "sam.patel@ashcombe.gov.uk", "target": "west-wessex"}]),
    ] = msgspec.field(default_factory=list)


MERGE = {
    "name": "North Wessex",
    "vestingDate": "2028-04-01",
    "merge": SOURCES,
    "into": "north-wessex",
    "successorName": "North Wessex Council",
    "gssCode": "E06000099",
}
SPLIT = {
    "name": "Wessex County split",
    "vestingDate": "2028-04-01",
    "split": "wessex-county",
    "byWards": [example_of(WardCodeIn), {"code": "E05020102", "target": "east-wessex"}],
    "create": [
        example_of(NewTargetIn),
        {"slug": "east-wessex", "name": "East Wessex Council", "gssCode": "E06000097"},
    ],
}
TRANSFER = {
    "name": "Wessex minerals and waste planning",
    "vestingDate": "2028-04-01",
    "transfer": "wessex-county",
    "services": ["planning"],
    "into": "north-wessex",
}
PLAN_BODY = Body(
    title="PlanIn",
    description="One of a merge, a split (by wards here, or `byBoundary`) or a service transfer",
    examples=[
        Example(summary="Merge three districts", value=MERGE),
        Example(summary="Split a county by wards", value=SPLIT),
        Example(summary="Transfer a service", value=TRANSFER),
    ],
)
ALLOCATION_BODY = Body(
    title="AllocationIn",
    examples=[
        Example(summary="Name the default target", value={"default": "west-wessex"}),
        Example(summary="Place a record; the rest to the default", value=example_of(AllocationIn)),
    ],
)


class ReorgTransferOut(Out):
    """What moves where: the records of ``source`` that ``selector`` chooses go to ``target``."""

    position: Annotated[int, example(1)]
    source: Source
    selector: Annotated[
        dict[str, Any],
        msgspec.Meta(
            description="`kind` (all, area, boundary or services) and its terms; "
            "`allocatedRecords` counts records the operator placed by hand"
        ),
        example({"kind": "all", "allocatedRecords": 0}),
    ]
    target: Target
    reference_prefix: Annotated[str, example("BRA")]


class ReorgStepOut(Out):
    """Who took a step and when (both null until it is taken; the copy's ``by`` is who ran
    the run that finished it)."""

    by: Actor | None
    at: Annotated[dt.datetime, example("2028-03-31T18:00:00Z")] | None


def _step(at: str) -> msgspec.Meta:
    return example({"by": OPERATOR, "at": at})


class ReorgStepsOut(Out):
    planned: Annotated[ReorgStepOut, _step("2028-01-17T10:15:00Z")]
    run: Annotated[ReorgStepOut, _step("2028-03-31T18:00:00Z")]
    copied: Annotated[ReorgStepOut, _step("2028-03-31T18:41:37Z")]
    verified: Annotated[ReorgStepOut, _step("2028-03-31T19:05:12Z")]
    cut_over: Annotated[ReorgStepOut, _step("2028-04-01T06:00:00Z")]
    #: Not rolled back in the example's story: both members null.
    rolled_back: ReorgStepOut


class ReorgTableProgressOut(Out):
    rows_copied: Annotated[int, example(54180)]
    rows_total: Annotated[int, example(54180)]
    done: Annotated[bool, example(True)]


_AUDIT_LOG = {"rowsCopied": 1127306, "rowsTotal": 1127306, "done": True}


class ReorgProgressOut(Out):
    """Rows copied of the rows the sources held when the run began: overall and per table
    (summed over the sources)."""

    rows_copied: Annotated[int, example(1284612)]
    rows_total: Annotated[int, example(1284612)]
    tables_done: Annotated[int, example(31)]
    tables: Annotated[int, example(31)]
    per_table: Annotated[
        dict[str, ReorgTableProgressOut],
        example({"cases": example_of(ReorgTableProgressOut), "audit_log": _AUDIT_LOG}),
    ]
    as_of: Annotated[dt.datetime, example("2028-04-01T06:02:11Z")]


_TRANSFERS = [
    {**example_of(ReorgTransferOut), "position": i, "source": s, "referencePrefix": s[:3].upper()}
    for i, s in enumerate(SOURCES)
]


class ReorganisationOut(Out):
    """A reorganisation: the plan, who took each step and when, and how far its run has got."""

    id: Annotated[UUID, example(REORG_ID)]
    name: Annotated[str, example("North Wessex")]
    vesting_date: Annotated[dt.date, example("2028-04-01")]
    status: Annotated[ReorgStatus, example("cut_over")]
    rehearsal: Annotated[bool, example(False)]
    transfers: Annotated[list[ReorgTransferOut], example(_TRANSFERS)]
    steps: ReorgStepsOut
    progress: ReorgProgressOut
    verified: Annotated[bool | None, example(True)]
    dry_run_at: Annotated[dt.datetime | None, example("2028-03-24T14:02:00Z")]
    error: Annotated[
        str | None,
        msgspec.Meta(description="Why the last run stopped (null once a run finishes)"),
        example("OperationalError: server closed the connection unexpectedly"),
    ]
