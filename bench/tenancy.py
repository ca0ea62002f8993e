"""Tenancy benchmarks: provisioning a tenant, migrating every tenant, and per-tenant request cost.

Run with ``make bench`` (or ``.venv/bin/python bench/tenancy.py [--quick]``). Everything runs
against a private ``<db>_bench`` database on the local Postgres, created afresh on each run, and
every measurement is reported as a ratio against a baseline measured in the same run:

1. ``create_tenant`` (clone the template schema) vs. replaying the tenant migration history
   with Alembic (``upgrade_tenant_schema``) into a new schema; median of ``--runs`` each.
2. ``upgrade_all`` (the body of ``vesta db upgrade``) over ``--tenants`` tenants, at the default
   migrate concurrency vs. concurrency 1: (a) every tenant behind (registered, schema absent, so
   the migrations really run), (b) every tenant current (the no-op re-run).
3. GET /api/v1/{tenant}/settings on a real server subprocess, tenants chosen at random vs. the
   same endpoint pinned to one tenant, at fixed client concurrency, in alternating rounds.

See bench/README.md for how to read the table.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import httpx
from _common import (
    Row,
    api_server,
    bench_officer,
    environment_line,
    median_ms,
    percentile_ms,
    sign_in,
    speed_ratio,
    timed,
    use_bench_database,
    watchdog,
)
from rich.console import Console
from rich.table import Table

progress = Console(stderr=True)
SETTINGS_PATH = "/api/v1/{slug}/settings"
T = TypeVar("T")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tenants", type=int, help="tenants in benchmarks 2 and 3 (300; 20)")
    parser.add_argument("--runs", type=int, help="provisioning runs per method (50; 5)")
    parser.add_argument("--requests", type=int, help="requests per mode in benchmark 3 (3000; 300)")
    parser.add_argument("--concurrency", type=int, default=32, help="HTTP client concurrency")
    parser.add_argument("--rounds", type=int, default=6, help="alternating request rounds")
    parser.add_argument("--upgrade-runs", type=int, default=2, help="upgrade_all runs per case")
    parser.add_argument("--round-timeout", type=float, default=120.0, help="seconds per round")
    parser.add_argument("--timeout", type=int, default=1800, help="seconds for the whole run")
    parser.add_argument("--quick", action="store_true", help="small smoke run (second defaults)")
    args = parser.parse_args(argv)
    quick = {"tenants": 20, "runs": 5, "requests": 300}
    full = {"tenants": 300, "runs": 50, "requests": 3000}
    for name, default in (quick if args.quick else full).items():
        if getattr(args, name) is None:
            setattr(args, name, default)
    for name in ("tenants", "runs", "requests", "concurrency", "rounds", "upgrade_runs", "timeout"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    return args


# --- 1. provisioning ----------------------------------------------------------------------


def bench_provisioning(runs: int) -> list[Row]:
    from tenancy import registry
    from tenancy.identifiers import new_schema_name
    from tenancy.migrate import upgrade_tenant_schema
    from tenancy.models import TenantKind

    def create(i: int) -> None:
        registry.create_tenant(
            slug=f"prov-{i:04d}",
            name=f"Provisioned Council {i}",
            gss_code=f"E06{i:06d}",
            kind=TenantKind.DISTRICT,
            services=[],
            actor="bench",
        )

    methods: dict[str, Callable[[int], None]] = {
        "create": create,
        "clone": lambda _i: registry.provision_schema(new_schema_name()),
        "replay": lambda _i: upgrade_tenant_schema(new_schema_name()),
    }
    samples: dict[str, list[float]] = {name: [] for name in methods}
    names = list(methods)
    for i in range(runs + 1):  # run 0 warms caches up and is not counted
        # Rotate the order each run so that no method always goes first.
        for name in names[i % 3 :] + names[: i % 3]:
            with timed() as elapsed:
                methods[name](i)
            if i:
                samples[name].append(elapsed[0])
    replay = median_ms(samples["replay"])
    rows = []
    for name, label in (("create", "create_tenant (clone)"), ("clone", "clone only")):
        value = median_ms(samples[name])
        rows.append(
            Row(
                "1 provision",
                label,
                f"{value:.1f} ms",
                "Alembic replay",
                f"{replay:.1f} ms",
                speed_ratio(value, replay),
            )
        )
    return rows


# --- 2. migrate every tenant --------------------------------------------------------------


def register_tenants(count: int) -> tuple[list[str], list[str]]:
    """Register ``count`` active tenants whose schemas do not exist yet; return slugs, schemas."""
    from tenancy.binding import platform_session_sync
    from tenancy.identifiers import new_schema_name
    from tenancy.models import Tenant, TenantKind, TenantStatus

    tenants = [
        Tenant(
            slug=f"bench-{i:04d}",
            name=f"Bench Council {i}",
            gss_code=f"E07{i:06d}",
            kind=TenantKind.DISTRICT,
            status=TenantStatus.ACTIVE,
            schema_name=new_schema_name(),
            enabled_services=[],
            predecessor_ids=[],
        )
        for i in range(count)
    ]
    with platform_session_sync() as session:
        session.add_all(tenants)
    return [t.slug for t in tenants], [t.schema_name for t in tenants]


def drop_schemas(schemas: Sequence[str], batch: int = 25) -> None:
    from tenancy.db import sync_engine
    from tenancy.provisioning import drop_schema

    for start in range(0, len(schemas), batch):
        with sync_engine().begin() as connection:
            for schema in schemas[start : start + batch]:
                drop_schema(connection, schema)


def time_upgrade_all(concurrency: int, expect: str, count: int) -> float:
    from tenancy.migrate import upgrade_all

    with timed() as elapsed:
        report = upgrade_all(concurrency=concurrency)
    if report.failed or report.count(expect) != count:
        failures = [f"{t.slug}: {t.error}" for t in report.failed[:3]]
        raise RuntimeError(
            f"upgrade_all({concurrency}) expected {count} {expect}, got "
            f"{report.count('upgraded')} upgraded, {report.count('current')} current, "
            f"{len(report.failed)} failed {failures}"
        )
    return elapsed[0]


def alternating(first: T, second: T, rounds: int) -> list[T]:
    """``first, second, second, first, first, second, …``: ABBA order, so drift cancels."""
    order: list[T] = []
    for r in range(rounds):
        order += [first, second] if r % 2 == 0 else [second, first]
    return order


def bench_upgrade(schemas: Sequence[str], repeats: int) -> list[Row]:
    from tenancy.settings import get_settings

    count = len(schemas)
    default = get_settings().migrate_concurrency
    times: dict[str, dict[int, list[float]]] = {"upgraded": {1: [], default: []}}
    for n, concurrency in enumerate(alternating(1, default, repeats)):
        if n:
            drop_schemas(schemas)  # behind again: the next run must create and migrate them all
        seconds = time_upgrade_all(concurrency, "upgraded", count)
        progress.print(f"  {count} behind, concurrency {concurrency}: {seconds:.2f} s")
        times["upgraded"][concurrency].append(seconds)
    times["current"] = {1: [], default: []}
    for concurrency in alternating(1, default, max(3, repeats)):
        times["current"][concurrency].append(time_upgrade_all(concurrency, "current", count))
    behind = {c: statistics.median(t) for c, t in times["upgraded"].items()}
    noop = {c: statistics.median(t) for c, t in times["current"].items()}

    def shown(seconds: float) -> str:
        return f"{seconds:.2f} s · {count / seconds:.0f} tenants/s"

    return [
        Row(
            f"2a upgrade, {count} behind",
            f"concurrency {default}",
            shown(behind[default]),
            "concurrency 1",
            shown(behind[1]),
            speed_ratio(behind[default], behind[1]),
        ),
        Row(
            f"2b upgrade, {count} current",
            f"concurrency {default}",
            shown(noop[default]),
            "concurrency 1",
            shown(noop[1]),
            speed_ratio(noop[default], noop[1]),
        ),
    ]


# --- 3. tenant-scoped requests ------------------------------------------------------------


@dataclass(slots=True)
class Sample:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0
    first_error: str = ""

    def add(self, other: Sample) -> None:
        self.latencies += other.latencies
        self.errors += other.errors
        self.elapsed += other.elapsed
        self.first_error = self.first_error or other.first_error

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def shown(self) -> str:
        errors = f" · {self.errors} errors" if self.errors else ""
        return (
            f"{self.rate:.0f} req/s · p50 {percentile_ms(self.latencies, 50):.1f} · "
            f"p95 {percentile_ms(self.latencies, 95):.1f} ms{errors}"
        )


async def drive(
    client: httpx.AsyncClient, paths: Sequence[str], concurrency: int, time_limit: float
) -> Sample:
    """GET each path once, ``concurrency`` at a time, stopping early at ``time_limit`` seconds."""
    sample = Sample()
    cursor = iter(paths)
    deadline = time.perf_counter() + time_limit

    async def worker() -> None:
        for path in cursor:
            if time.perf_counter() > deadline:
                return
            start = time.perf_counter()
            try:
                response = await client.get(path)
                problem = "" if response.status_code == 200 else f"HTTP {response.status_code}"
            except httpx.HTTPError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            if problem:
                sample.errors += 1
                sample.first_error = sample.first_error or f"{path}: {problem}"
            else:
                sample.latencies.append(time.perf_counter() - start)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    sample.elapsed = time.perf_counter() - start
    return sample


async def compare_request_modes(
    base_url: str, slugs: Sequence[str], args: argparse.Namespace, user_id: str
) -> dict[str, list[Sample]]:
    rng = random.Random(20240401)
    pinned = SETTINGS_PATH.format(slug=slugs[0])
    per_round = max(1, args.requests // args.rounds)

    def paths_for(mode: str) -> list[str]:
        if mode == "pinned":
            return [pinned] * per_round
        return [SETTINGS_PATH.format(slug=rng.choice(slugs)) for _ in range(per_round)]

    limits = httpx.Limits(
        max_connections=args.concurrency, max_keepalive_connections=args.concurrency
    )
    async with httpx.AsyncClient(base_url=base_url, timeout=10.0, limits=limits) as client:
        await sign_in(client, user_id)
        # Warm-up, not counted: every tenant once, then one round of each mode.
        warm = [SETTINGS_PATH.format(slug=s) for s in slugs] + paths_for("pinned")
        warmup = await drive(
            client, warm + paths_for("random"), args.concurrency, args.round_timeout
        )
        if warmup.errors:
            raise RuntimeError(f"warm-up requests failed, e.g. {warmup.first_error}")
        rounds: dict[str, list[Sample]] = {"random": [], "pinned": []}
        for n, mode in enumerate(alternating("pinned", "random", args.rounds)):
            sample = await drive(client, paths_for(mode), args.concurrency, args.round_timeout)
            progress.print(f"  round {n // 2 + 1}/{args.rounds} {mode}: {sample.shown()}")
            rounds[mode].append(sample)
    return rounds


def bench_requests(slugs: Sequence[str], args: argparse.Namespace) -> list[Row]:
    user_id = bench_officer(slugs)
    # The bench server speaks plain http on 127.0.0.1: let the session cookie travel over it.
    os.environ["VESTA_COOKIE_SECURE"] = "0"
    with api_server() as base_url:
        progress.print(f"  server ready at {base_url}")
        rounds = asyncio.run(compare_request_modes(base_url, slugs, args, user_id))
    totals = {mode: Sample() for mode in rounds}
    for mode, samples in rounds.items():
        for sample in samples:
            totals[mode].add(sample)
    # Each round's two modes ran back to back: compare them pairwise, then take the median, so
    # that slow drift in the machine's load does not land on one mode.
    paired = [
        r.rate / p.rate for r, p in zip(rounds["random"], rounds["pinned"], strict=True) if p.rate
    ]
    progress.print("  random/pinned per round: " + ", ".join(f"{x:.2f}" for x in paired))
    return [
        Row(
            "3 GET …/settings",
            f"random of {len(slugs)} tenants",
            totals["random"].shown(),
            "one tenant",
            totals["pinned"].shown(),
            statistics.median(paired) if paired else float("nan"),
        )
    ]


# --- report -------------------------------------------------------------------------------


def render(rows: Sequence[Row], environment: str, args: argparse.Namespace) -> None:
    out = Console() if Console().is_terminal else Console(width=160)
    out.print(environment)
    out.print(
        f"1: median of {args.runs} runs each · 2: median of {args.upgrade_runs} runs behind, "
        f"{max(3, args.upgrade_runs)} current · 3: {args.requests} requests per mode in "
        f"{args.rounds} rounds, HTTP concurrency {args.concurrency}, ratio = median of per-round "
        "ratios"
    )
    table = Table(
        title="Vesta tenancy benchmarks",
        caption="ratio = speed of the measured case ÷ speed of its baseline (> 1 faster, < 1 "
        "slower)",
    )
    for column in ("benchmark", "measured", "value", "baseline", "baseline value"):
        table.add_column(column, no_wrap=True)
    table.add_column("ratio", justify="right", no_wrap=True)
    for row in rows:
        cells = (row.bench, row.measured, row.value, row.baseline, row.baseline_value)
        table.add_row(*cells, f"{row.ratio:.2f}x")
    out.print(table)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    with watchdog(args.timeout):
        db = use_bench_database()
        from tenancy.migrate import upgrade_all

        progress.print(f"[bold]bench database {db.name}[/bold]: migrating platform and template")
        if upgrade_all(concurrency=1).failed:
            raise RuntimeError("migrating the fresh bench database failed")
        environment = environment_line(db)
        slugs, schemas = register_tenants(args.tenants)
        progress.print(f"[bold]2. db upgrade[/bold] over {args.tenants} tenants")
        upgrade_rows = bench_upgrade(schemas, args.upgrade_runs)
        progress.print(f"[bold]1. provisioning[/bold], {args.runs} runs per method")
        provision_rows = bench_provisioning(args.runs)
        progress.print("[bold]3. requests[/bold]")
        request_rows = bench_requests(slugs, args)
    render([*provision_rows, *upgrade_rows, *request_rows], environment, args)
    progress.print(f"finished in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
