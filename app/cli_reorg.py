"""``vesta reorg``: plan, dry-run, run, verify, cut over and roll back a reorganisation.

Every step runs inline in this process, as the operator at the terminal (``cli``); ``run``
shows a progress bar and can be interrupted or killed at any moment and run again to resume.
``verify`` exits non-zero on any mismatch.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any
from uuid import UUID

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tenancy.errors import TenancyError

console = Console(stderr=True)
ACTOR = "cli"


def _load() -> None:
    from services.registry import load_services

    load_services()


def _announce_roles_changed() -> None:
    """Memberships changed in bulk: every process reloads its policy."""
    from app.auth.policy import Policy

    Policy.announce("reload", UUID(int=0), None, "")


def _summary(key: str | UUID) -> dict[str, Any]:
    from app.api.platform_reorg_views import describe

    return describe(key)


def _echo(payload: Any) -> None:
    click.echo(json.dumps(payload, indent=2, default=str))


def _fail(exc: TenancyError) -> click.ClickException:
    return click.ClickException(exc.detail)


@click.group()
def reorg() -> None:
    """Merge, split or transfer councils' services at vesting day: plan, dry-run, allocate, run,
    verify, cut-over, rollback."""


@reorg.command("plan")
@click.option("--name", required=True)
@click.option("--vesting-date", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--merge", "merge", help="Merge: comma-separated slugs of the councils")
@click.option("--split", "split", help="Split: the slug of the council to split")
@click.option("--transfer", "transfer", help="Transfer: the slug of the council giving services")
@click.option(
    "--by-wards",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Split by a code,target_slug CSV of ward (E05…) and parish (E04…) codes",
)
@click.option(
    "--by-boundary",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Split by a GeoJSON FeatureCollection (WGS84) with a tenant property",
)
@click.option("--services", help="Transfer: comma-separated services to move")
@click.option("--into", help="Merge or transfer: slug of the target council")
@click.option("--successor-name", help="Merge: the successor's name")
@click.option("--gss", "gss_code", help="Merge: the successor's GSS code (E06…)")
@click.option(
    "--create",
    "create",
    multiple=True,
    help="Split/transfer: create a target as slug:Name:GSS (repeatable)",
)
@click.option("--default", "default", help="Split: the target taking what no rule places")
@click.option("--rehearsal", is_flag=True, help="Plan a dress rehearsal (never cut over)")
def plan_command(
    name: str,
    vesting_date: dt.datetime,
    merge: str | None,
    split: str | None,
    transfer: str | None,
    by_wards: Path | None,
    by_boundary: Path | None,
    services: str | None,
    into: str | None,
    successor_name: str | None,
    gss_code: str | None,
    create: tuple[str, ...],
    default: str | None,
    rehearsal: bool,
) -> None:
    """Plan a merge (--merge a,b --into x), a split (--split a --by-wards/--by-boundary) or a
    service transfer (--transfer a --services s --into b). Targets that do not exist must be
    named with --create slug:Name:GSS; they stay provisioning until cut-over."""
    from tenancy.reorg import plan_split as shapes
    from tenancy.reorg.plan import plan_merge

    def listed(text: str | None) -> list[str]:
        return [s.strip() for s in (text or "").split(",") if s.strip()]

    if sum(x is not None for x in (merge, split, transfer)) != 1:
        raise click.UsageError("Give exactly one of --merge, --split, --transfer")
    day = vesting_date.date()
    try:
        news = [shapes.NewTarget.parse(c) for c in create]
        if merge is not None:
            if not (into and successor_name and gss_code):
                raise click.UsageError("A merge needs --into, --successor-name and --gss")
            reorg_row = plan_merge(
                name=name,
                vesting_date=day,
                sources=listed(merge),
                into=into,
                successor_name=successor_name,
                gss_code=gss_code,
                actor=ACTOR,
                rehearsal=rehearsal,
            )
        elif split is not None:
            reorg_row = shapes.plan_split(
                name=name,
                vesting_date=day,
                source=split,
                by_wards=shapes.ward_mapping(by_wards.read_text("utf-8")) if by_wards else None,
                by_boundary=shapes.boundary_features(json.loads(by_boundary.read_text("utf-8")))
                if by_boundary
                else None,
                create=news,
                default=default,
                actor=ACTOR,
                rehearsal=rehearsal,
            )
        else:
            if not (into and services):
                raise click.UsageError("A transfer needs --services and --into")
            reorg_row = shapes.plan_transfer(
                name=name,
                vesting_date=day,
                source=str(transfer),
                services=listed(services),
                into=into,
                create=news,
                actor=ACTOR,
                rehearsal=rehearsal,
            )
    except TenancyError as exc:
        raise _fail(exc) from exc
    _echo(_summary(reorg_row.id))


@reorg.command("allocate")
@click.argument("key")
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="record_id,target_slug for records no rule places",
)
@click.option("--default", "default", help="The target taking every record no rule places")
@click.option(
    "--people",
    "people_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="email,target_slug: a person listed goes only to the targets listed for them",
)
def allocate_command(
    key: str, csv_path: Path | None, default: str | None, people_path: Path | None
) -> None:
    """Place the records a split's dry run lists as unclaimed or crossing the new border, and
    (--people) send people only to some targets (everyone else goes to every target)."""
    from tenancy.reorg.memberships import allocate_people, people_csv
    from tenancy.reorg.plan_split import allocate, allocation_csv

    try:
        places = allocation_csv(csv_path.read_text("utf-8")) if csv_path else {}
        people = people_csv(people_path.read_text("utf-8")) if people_path else None
        if people is not None:
            allocate_people(key, people, actor=ACTOR)
        if csv_path or default or people is None:
            allocate(key, places, default=default, actor=ACTOR)
    except TenancyError as exc:
        raise _fail(exc) from exc
    _echo(_summary(key))


@reorg.command("dry-run")
@click.argument("key")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path))
def dry_run_command(key: str, html_path: Path | None) -> None:
    """Report what a run would do (JSON on stdout; --html writes the readable report)."""
    from tenancy.reorg.dryrun import dry_run
    from tenancy.reorg.report_html import dry_run_html

    _load()
    try:
        report = dry_run(key)
    except TenancyError as exc:
        raise _fail(exc) from exc
    if html_path:
        html_path.write_text(dry_run_html(report), encoding="utf-8")
    _echo(report)


@reorg.command("run")
@click.argument("key")
@click.option(
    "--batch-size",
    type=click.IntRange(1, 1_000_000),
    default=None,
    help="Rows per checkpointed batch (default: the engine's, 20,000)",
)
@click.option("--quiet", is_flag=True, help="No progress bar")
def run_command(key: str, batch_size: int | None, quiet: bool) -> None:
    """Freeze the sources and copy everything into the target (resumes if interrupted)."""
    from tenancy.reorg import engine

    _load()
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, disable=quiet) as bar:
        task = bar.add_task("copying", total=None)

        def advance(p: Any) -> None:
            bar.update(
                task,
                total=p.total,
                completed=p.copied,
                description=f"{p.source}: {p.table} {p.rows_copied}/{p.rows_total}",
            )

        try:
            batch = batch_size or engine.DEFAULT_BATCH
            engine.run(key, actor=ACTOR, batch_size=batch, on_progress=advance)
        except TenancyError as exc:
            raise _fail(exc) from exc
    _announce_roles_changed()
    _echo(_summary(key))


@reorg.command("rehearse")
@click.argument("key")
@click.option("--batch-size", type=click.IntRange(1, 1_000_000), default=None)
@click.option("--quiet", is_flag=True, help="No progress bar")
def rehearse_command(key: str, batch_size: int | None, quiet: bool) -> None:
    """Dress rehearsal: copy the live sources (nothing frozen) into the scratch target, verify,
    report rows and seconds per table, then discard it; exits 1 if verification failed."""
    from tenancy.reorg import engine
    from tenancy.reorg.rehearsal import rehearse

    _load()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=console, disable=quiet) as bar:
        task = bar.add_task("rehearsing", total=None)

        def advance(p: Any) -> None:
            bar.update(
                task, total=p.total, completed=p.copied, description=f"{p.source}: {p.table}"
            )

        try:
            report = rehearse(
                key, actor=ACTOR, batch_size=batch_size or engine.DEFAULT_BATCH, on_progress=advance
            )
        except TenancyError as exc:
            raise _fail(exc) from exc
        finally:
            _announce_roles_changed()
    _echo(report)
    if not report["ok"]:
        sys.exit(1)


@reorg.command("verify")
@click.argument("key")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path))
def verify_command(key: str, html_path: Path | None) -> None:
    """Reconcile source and target; exits 1 on any mismatch."""
    from tenancy.reorg.report_html import verification_html
    from tenancy.reorg.verify import verify

    _load()
    try:
        report = verify(key, actor=ACTOR)
    except TenancyError as exc:
        raise _fail(exc) from exc
    if html_path:
        html_path.write_text(verification_html(key, report), encoding="utf-8")
    _echo(report)
    if not report["ok"]:
        console.print(f"[red]verification failed: {len(report['mismatches'])} mismatches[/red]")
        sys.exit(1)


@reorg.command("cut-over")
@click.argument("key")
def cut_over_command(key: str) -> None:
    """Open the successor and retire the sources (their slugs then redirect to it)."""
    from tenancy.reorg.lifecycle import cut_over

    try:
        cut_over(key, actor=ACTOR)
    except TenancyError as exc:
        raise _fail(exc) from exc
    _announce_roles_changed()
    _echo(_summary(key))


@reorg.command("rollback")
@click.argument("key")
def rollback_command(key: str) -> None:
    """Before cut-over: empty the target and reopen the sources."""
    from tenancy.reorg.lifecycle import rollback

    try:
        rollback(key, actor=ACTOR)
    except TenancyError as exc:
        raise _fail(exc) from exc
    _announce_roles_changed()
    _echo(_summary(key))


@reorg.command("show")
@click.argument("key", required=False)
def show_command(key: str | None) -> None:
    """One reorganisation with its progress (or, with no key, all of them)."""
    from app.api.platform_reorg_views import describe, describe_all

    try:
        _echo(describe(key) if key else describe_all())
    except TenancyError as exc:
        raise _fail(exc) from exc
