"""Authorisation benchmarks: the Casbin policy per check, to build and to change, and the guard
per request, with ``--tenants`` councils x ``--users`` officers' memberships loaded.

Run with ``.venv/bin/python bench/authz.py [--quick]``. It works in a private
``<db>_bench_authz`` database on the local Postgres, created afresh on each run, talks only to
127.0.0.1, and reports every measurement as a ratio against a baseline measured in the same run:

a. ``Policy.allows`` (FastEnforcer) per call over ``--checks`` random (user, council, permission)
   checks, ``--allowed-share`` of them allowed, vs. a Python set of the precomputed allowed
   tuples (the floor) and vs. the same ``Policy`` over a plain ``casbin.Enforcer``; also the
   guard's pair (``roles_in`` + ``allows``) and the first check in each council after a build.
b. ``Policy()`` (read the memberships, build the enforcer) vs. reading the rows alone; the build
   vs. a plain Enforcer's; one grant or revocation applied incrementally vs. a full reload.
c. GET /api/v1/{tenant}/settings on a real server subprocess, signed in (session cookie) and with
   a bearer token, vs. the public GET /health/live, in rounds that rotate which goes first.

Rows marked "(fix)" measure a possible fix: the same FastEnforcer with its role assignments
loaded in one go (pycasbin checks each added rule against all earlier ones: quadratic).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import _common as common
import httpx
import psycopg
from _authz_setup import (
    Check,
    Population,
    bulk_enforcer,
    make_checks,
    plain_enforcer,
    policy_over,
    populate,
)
from _common import Row
from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import make_url

progress = Console(stderr=True)
QUICK = {"tenants": 20, "checks": 2000, "changes": 50, "requests": 300}
FULL = {"tenants": 300, "checks": 20000, "changes": 200, "requests": 3000}


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for name in FULL:
        parser.add_argument(f"--{name}", type=int, help=f"{FULL[name]}; --quick {QUICK[name]}")
    parser.add_argument("--users", type=int, default=50, help="officers per council")
    parser.add_argument("--allowed-share", type=float, default=0.5, help="of the checks in (a)")
    parser.add_argument("--builds", type=int, default=3, help="builds per method in (b)")
    parser.add_argument("--concurrency", type=int, default=16, help="HTTP client concurrency")
    parser.add_argument("--rounds", type=int, default=6, help="request rounds in (c)")
    parser.add_argument("--seed", type=int, default=20240401)
    parser.add_argument("--timeout", type=int, default=1800, help="seconds for the whole run")
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    args = parser.parse_args(argv)
    for name, value in (QUICK if args.quick else FULL).items():
        setattr(args, name, value if getattr(args, name) is None else getattr(args, name))
    for name in (*FULL, "users", "builds", "concurrency", "rounds"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    return args


def use_authz_database() -> common.BenchDatabase:
    """``_common.use_bench_database`` with its own name, ``<db>_bench_authz``, so that this and
    ``bench/tenancy.py`` never drop each other's database."""
    from infra.local_services import ensure_services

    ensure_services()
    url = make_url(os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"{url.database}_bench_authz"
    os.environ["DATABASE_URL"] = url.set(database=name).render_as_string(hide_password=False)
    os.environ["VESTA_QUEUE_NAMESPACE"] = f"vesta-bench-authz-{uuid.uuid4().hex[:8]}"
    os.environ.setdefault("VESTA_ENV", "bench")
    admin = url.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')
    return common.BenchDatabase(name=name, admin_url=admin)


# --- measuring and showing ----------------------------------------------------------------


def timer_overhead_ns() -> int:
    clock = time.perf_counter_ns
    return int(statistics.median(-clock() + clock() for _ in range(20000)))


def time_calls(fn: Callable[..., object], checks: Sequence[Check], overhead: int) -> list[float]:
    """Seconds per call, each call timed on its own less the timer's own cost. Every answer
    must be the expected one."""
    clock, samples = time.perf_counter_ns, []
    for user, tenant, obj, act, expected in checks:
        start = clock()
        answer = fn(user, tenant, obj, act)
        samples.append(max(0, clock() - start - overhead) / 1e9)
        if bool(answer) != expected:
            raise RuntimeError(f"{fn} answered {answer} for {(user, tenant, obj, act)}")
    return samples


def num(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def micro(samples: Sequence[float]) -> str:
    median, p95 = statistics.median(samples) * 1e6, common.percentile_ms(samples, 95) * 1e3
    return f"{num(median)} µs · p95 {num(p95)}"


def secs(samples: Sequence[float]) -> str:
    median = statistics.median(samples)
    return f"{median:.2f} s" if median >= 1 else f"{num(median * 1000)} ms"


def compare(bench: str, measured: str, values: Sequence[float], baseline: str,
            base: Sequence[float], show: Callable[..., str] = micro,
            show_base: Callable[..., str] | None = None) -> Row:  # fmt: skip
    """A row comparing two samples (seconds) by their medians."""
    ratio = common.speed_ratio(statistics.median(values), statistics.median(base))
    return Row(bench, measured, show(values), baseline, (show_base or show)(base), ratio)


# --- (a) per check and (b) build and change -----------------------------------------------


def bench_checks(pop: Population, args: argparse.Namespace, policy: Any) -> list[Row]:
    from app.auth.policy import build_enforcer

    checks = make_checks(pop, args.checks, args.allowed_share, random.Random(args.seed + 1))
    overhead = timer_overhead_ns()
    # Cold: pycasbin builds a council's role manager at its first check after a build.
    firsts: dict[UUID, Check] = {}
    for check in checks:
        firsts.setdefault(check[1], check)
    cold = time_calls(policy_over(build_enforcer(pop.grants)).allows, [*firsts.values()], overhead)
    plain, bulk, allowed = plain_enforcer(pop.grants), bulk_enforcer(pop.grants), pop.allowed

    def pair(user: UUID, tenant: UUID, obj: str, act: str) -> bool:
        return bool(policy.roles_in(user, tenant)) and policy.allows(user, tenant, obj, act)

    methods: dict[str, Callable[..., object]] = {
        "set": lambda u, t, o, a: (u, t, o, a) in allowed,
        "fast": policy.allows,
        "plain": policy_over(plain).allows,
        "pair": pair,
        "bulk": policy_over(bulk).allows,
    }
    for fn in methods.values():  # warm-up: every council's role manager built
        time_calls(fn, checks, overhead)
    samples: dict[str, list[float]] = {name: [] for name in methods}
    for order in (list(methods), list(methods)[::-1]):  # two passes, in opposite orders
        for name in order:
            samples[name] += time_calls(methods[name], checks, overhead)
    s, floor = samples, "set lookup"
    label = f"a {len(checks)} checks, {args.allowed_share:.0%} allowed"
    return [
        compare(label, "Policy.allows (FastEnforcer)", s["fast"], floor, s["set"]),
        compare(label, "Policy.allows (casbin.Enforcer)", s["plain"], floor, s["set"]),
        compare(label, "Policy.allows (FastEnforcer)", s["fast"], "casbin.Enforcer", s["plain"]),
        compare(label, "roles_in + allows (the guard)", s["pair"], floor, s["set"]),
        compare(f"a first check, {len(cold)} councils", "Policy.allows, cold", cold,
                "the same, warm", s["fast"]),
        compare(label, "allows, bulk-loaded (fix)", s["bulk"], "FastEnforcer", s["fast"]),
    ]  # fmt: skip


def bench_build(pop: Population, args: argparse.Namespace) -> tuple[list[Row], Any]:
    from app.auth.policy import Policy, build_enforcer, domain, load_memberships, subject

    builders = {"fast": build_enforcer, "plain": plain_enforcer, "bulk": bulk_enforcer}
    times: dict[str, list[float]] = {name: [] for name in ("read", "policy", *builders)}
    for _ in range(args.builds):
        with common.timed() as t:
            memberships = load_memberships()
        times["read"].append(t[0])
        with common.timed() as t:
            policy = Policy()
        times["policy"].append(t[0])
        for name, build in builders.items():
            with common.timed() as t:
                build(memberships)
            times[name].append(t[0])
        progress.print("  built: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()))
    rng, existing, changes = random.Random(args.seed + 2), set(pop.grants), []
    while len(changes) < args.changes:
        user, _ = rng.choice(pop.seats)
        role = rng.choice(("council_auditor", "planning_auditor"))
        if (change := (user, rng.choice(pop.tenant_ids), role)) not in existing:
            existing.add(change)
            changes.append(change)
    applied: dict[str, list[float]] = {"grant": [], "revoke": []}
    for op, (user, tenant, role) in [(op, c) for op in applied for c in changes]:
        message = {"op": op, "subject": subject(user), "role": role, "domain": domain(tenant)}
        with common.timed() as t:
            policy.apply(message)
        applied[op].append(t[0])
        if (role in policy.roles_in(user, tenant)) != (op == "grant"):
            raise RuntimeError(f"apply({message}) did not take effect")
    label, t = f"b build, {len(pop.grants)} role grants", times
    rows = [
        compare(label, "Policy(): read + FastEnforcer", t["policy"], "read the rows only",
                t["read"], secs),
        compare(label, "build_enforcer (FastEnforcer)", t["fast"], "casbin.Enforcer",
                t["plain"], secs),
        compare(label, "bulk-loaded FastEnforcer (fix)", t["bulk"], "build_enforcer",
                t["fast"], secs),
    ]  # fmt: skip
    for op, values in applied.items():
        rows.append(compare(f"b {len(changes)} changes", f"Policy.apply({op})", values,
                            "full reload: Policy()", t["policy"], micro, secs))  # fmt: skip
    return rows, policy


# --- (c) the guard per request ------------------------------------------------------------


@dataclass(slots=True)
class Sample:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def shown(self) -> str:
        p50, p95 = (common.percentile_ms(self.latencies, p) for p in (50, 95))
        errors = f" · {len(self.errors)} errors" if self.errors else ""
        return f"{self.rate:.0f} req/s · p50 {p50:.1f} · p95 {p95:.1f} ms{errors}"


async def drive(client: httpx.AsyncClient, path: str, count: int, concurrency: int) -> Sample:
    """GET ``path`` ``count`` times, ``concurrency`` at a time, within 120 s."""
    sample, gate = Sample(), asyncio.Semaphore(concurrency)

    async def one() -> None:
        async with gate:
            start = time.perf_counter()
            status = (await client.get(path)).status_code
            if status == 200:
                sample.latencies.append(time.perf_counter() - start)
            else:
                sample.errors.append(f"HTTP {status}")

    start = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(one() for _ in range(count))), timeout=120)
    sample.elapsed = time.perf_counter() - start
    return sample


async def compare_modes(
    base_url: str, args: argparse.Namespace, slug: str, user_id: str, credentials: tuple[str, str]
) -> dict[str, list[Sample]]:
    def client() -> httpx.AsyncClient:
        limits = httpx.Limits(max_connections=args.concurrency)
        return httpx.AsyncClient(base_url=base_url, timeout=10, limits=limits)

    async with client() as session, client() as bearer, client() as anonymous:
        await common.sign_in(session, user_id)
        grant = {"grant_type": "client_credentials"}
        token = (await bearer.post("/oauth/token", data=grant, auth=credentials)).json()
        bearer.headers["Authorization"] = f"Bearer {token['access_token']}"
        settings = f"/api/v1/{slug}/settings"
        modes = {"session": (session, settings), "bearer": (bearer, settings)}
        modes["health"] = (anonymous, "/health/live")
        per_round = max(1, args.requests // args.rounds)
        for name, (http, path) in modes.items():  # warm-up, not counted
            if errors := (await drive(http, path, per_round, args.concurrency)).errors:
                raise RuntimeError(f"warm-up of {name} failed, e.g. {errors[0]}")
        rounds: dict[str, list[Sample]] = {name: [] for name in modes}
        names = list(modes)
        for n in range(args.rounds):  # rotate which mode goes first
            for name in names[n % 3 :] + names[: n % 3]:
                http, path = modes[name]
                rounds[name].append(await drive(http, path, per_round, args.concurrency))
            rates = " · ".join(f"{k} {v[-1].rate:.0f}/s" for k, v in rounds.items())
            progress.print(f"  round {n + 1}: {rates}")
    return rounds


def bench_requests(pop: Population, args: argparse.Namespace) -> list[Row]:
    from app.auth.clients import create_client
    from app.auth.tokens import rotate_signing_key

    # A signing key before the first token: with none, KeyCache._load calls rotate_signing_key
    # under its own non-reentrant lock and the token endpoint deadlocks (reported).
    rotate_signing_key()
    user_id = common.bench_officer([pop.slug])  # council_auditor there, development sign-in
    issued = create_client(
        name="authz bench", tenant_slug=pop.slug, services=[], can_write=False, actor="bench"
    )
    os.environ["VESTA_COOKIE_SECURE"] = "0"  # plain http on 127.0.0.1
    with common.api_server(start_timeout=300) as base_url:
        progress.print(f"  server ready at {base_url}")
        credentials = (issued.client.client_id, issued.client_secret)
        rounds = asyncio.run(compare_modes(base_url, args, pop.slug, user_id, credentials))
    totals = {name: Sample() for name in rounds}
    for name, sample in ((name, s) for name, samples in rounds.items() for s in samples):
        totals[name].latencies += sample.latencies
        totals[name].errors += sample.errors
        totals[name].elapsed += sample.elapsed
    rows = []
    for name, label in (("session", "signed in (session)"), ("bearer", "bearer token")):
        pairs = zip(rounds[name], rounds["health"], strict=True)
        ratio = statistics.median(m.rate / h.rate for m, h in pairs if h.rate)
        rows.append(Row("c GET …/settings", label, totals[name].shown(), "GET /health/live",
                        totals["health"].shown(), ratio))  # fmt: skip
    return rows


# --- report -------------------------------------------------------------------------------


def render(rows: Sequence[Row], environment: str, args: argparse.Namespace, pop: Any) -> None:
    out = Console() if Console().is_terminal else Console(width=200)
    out.print(environment)
    people = len({user for user, _ in pop.seats})
    out.print(
        f"{args.tenants} councils x {args.users} officers: {len(pop.seats)} memberships of "
        f"{people} people, {len(pop.grants)} role grants · (a) each call timed alone, 2 passes "
        f"after a warm-up, medians · (b) median of {args.builds} builds · (c) {args.requests} "
        f"requests per mode in {args.rounds} rounds at concurrency {args.concurrency}, ratio = "
        "median of per-round ratios"
    )
    caption = "ratio = speed of the measured case ÷ speed of its baseline (> 1 faster)"
    table = Table(title="Vesta authorisation benchmarks", caption=caption)
    for column in ("benchmark", "measured", "value", "baseline", "baseline value"):
        table.add_column(column, no_wrap=True)
    table.add_column("ratio", justify="right", no_wrap=True)
    for row in rows:
        r = row.ratio
        ratio = f"{r:,.0f}" if r >= 100 else f"{r:.2f}" if r >= 0.1 else f"{r:.2g}"
        cells = (row.bench, row.measured, row.value, row.baseline, row.baseline_value)
        table.add_row(*cells, f"{ratio}x")
    out.print(table)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    with common.watchdog(args.timeout):
        db = use_authz_database()
        from tenancy.migrate import upgrade_all

        progress.print(f"[bold]bench database {db.name}[/bold]: migrating")
        if upgrade_all(concurrency=1).failed:
            raise RuntimeError("migrating the fresh bench database failed")
        with common.timed() as t:
            pop = populate(args)
        progress.print(f"  {len(pop.grants)} role grants written in {t[0]:.1f} s")
        progress.print("[bold]b. build and change[/bold]")
        build_rows, policy = bench_build(pop, args)
        progress.print("[bold]a. checks[/bold]")
        check_rows = bench_checks(pop, args, policy)
        progress.print("[bold]c. requests[/bold]")
        request_rows = bench_requests(pop, args)
    render([*check_rows, *build_rows, *request_rows], common.environment_line(db), args, pop)
    progress.print(f"finished in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
