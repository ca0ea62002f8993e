"""Planning API throughput as a council's register grows: create, list (offset and cursor) and
get, through a real server, at 10k and again at 100k applications in one tenant.

The baseline for each operation is the same operation at the smaller size, measured in the same
run, so the ratio shows whether it stays flat as the table grows (1.00 = no slower).

    .venv/bin/python bench/planning.py            # 10,000 then 100,000 applications
    .venv/bin/python bench/planning.py --quick    # 1,000 then 10,000 (smoke run)

Applications beyond those created through the API are bulk-loaded with one set-based INSERT per
table (cases, sites, parties), shaped like real householder applications received in 2025.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import _common as common
import httpx
import psycopg
from rich.console import Console
from rich.table import Table

progress = Console(stderr=True)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000, help="first register size")
    parser.add_argument("--large", type=int, default=100_000, help="second register size")
    parser.add_argument("--requests", type=int, default=600, help="requests per operation")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--timeout", type=int, default=1_800, help="whole run, seconds")
    parser.add_argument("--quick", action="store_true", help="1,000 / 10,000, 200 requests")
    args = parser.parse_args(argv)
    if args.quick:
        args.small, args.large, args.requests = 1_000, 10_000, 200
    return args


BULK_CASES = """
INSERT INTO {s}.cases (id, service, case_type, reference, reference_key, status, description,
    received_date, statutory_date, target_date, details, version, created_at, created_by,
    updated_at, valid_from_date, arrived_date)
SELECT gen_random_uuid(), 'planning', 'householder',
       '25/' || n || '/HOUSE', '25-' || n || '-HOUSE',
       (ARRAY['received','consultation','assessment','determined'])[1 + n %% 4],
       'Single-storey rear extension and loft conversion ' || n,
       DATE '2025-01-01' + (n %% 365), DATE '2025-01-01' + (n %% 365) + 56,
       DATE '2025-01-01' + (n %% 365) + 56, '{{}}'::jsonb, 1, now(), 'bench', now(),
       DATE '2025-01-01' + (n %% 365), DATE '2025-01-01' + (n %% 365)
FROM generate_series(%(start)s, %(stop)s) AS n
"""
BULK_SITES = """
INSERT INTO {s}.sites (id, case_id, address_line, address, uprn, latitude, longitude)
SELECT gen_random_uuid(), c.id, substr(c.reference, 4, 7) || ' Mill Lane, Ashcombe', '{{}}'::jsonb,
       (100000000000 + substr(c.reference, 4, 7)::int)::text,
       51.0 + random() / 5, -1.2 + random() / 5
FROM {s}.cases c LEFT JOIN {s}.sites s ON s.case_id = c.id WHERE s.id IS NULL
"""
BULK_PARTIES = """
INSERT INTO {s}.parties (id, case_id, role, name, position)
SELECT gen_random_uuid(), c.id, 'applicant', 'Applicant ' || c.reference, 0
FROM {s}.cases c LEFT JOIN {s}.parties p ON p.case_id = c.id WHERE p.id IS NULL
"""

NEW_APPLICATION = {
    "applicationType": "householder",
    "description": "Single-storey rear extension",
    "receivedDate": "2026-03-02",
    "site": {"addressLine": "12 Mill Lane, Ashcombe", "uprn": "100012345678"},
    "applicant": {"name": "Sam Applicant"},
}


def grow_to(schema: str, size: int) -> float:
    """Bulk-load applications until the tenant holds ``size`` of them; seconds taken."""
    from tenancy.db import sync_engine

    url = sync_engine().url.set(drivername="postgresql").render_as_string(hide_password=False)
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as connection:
        have = connection.execute(f'SELECT count(*) FROM "{schema}".cases').fetchone()[0]  # type: ignore[index]
        if have < size:
            params = {"start": 1_000_000 + have, "stop": 1_000_000 + size - 1}
            quoted = f'"{schema}"'
            connection.execute(BULK_CASES.format(s=quoted), params)  # type: ignore[arg-type]
            connection.execute(BULK_SITES.format(s=quoted))  # type: ignore[arg-type]
            connection.execute(BULK_PARTIES.format(s=quoted))  # type: ignore[arg-type]
            connection.execute(f"VACUUM ANALYZE {quoted}.cases")  # type: ignore[arg-type]
            connection.execute(f"VACUUM ANALYZE {quoted}.sites")  # type: ignore[arg-type]
            connection.execute(f"VACUUM ANALYZE {quoted}.parties")  # type: ignore[arg-type]
    return time.perf_counter() - started


@dataclass(slots=True)
class Sample:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def shown(self) -> str:
        p50 = common.percentile_ms(self.latencies, 50)
        errors = f" · {len(self.errors)} errors" if self.errors else ""
        return f"{self.rate:,.0f} req/s · p50 {p50:.1f} ms{errors}"


async def drive(
    client: httpx.AsyncClient, calls: Sequence[tuple[str, str, Any]], concurrency: int
) -> Sample:
    sample, gate = Sample(), asyncio.Semaphore(concurrency)

    async def one(method: str, path: str, body: Any) -> None:
        async with gate:
            start = time.perf_counter()
            response = await client.request(method, path, json=body)
            if response.status_code in (200, 201):
                sample.latencies.append(time.perf_counter() - start)
            else:
                sample.errors.append(f"HTTP {response.status_code}")

    start = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(one(*c) for c in calls)), timeout=300)
    sample.elapsed = time.perf_counter() - start
    return sample


async def measure(
    base_url: str, slug: str, user_id: str, args: argparse.Namespace
) -> dict[str, Sample]:
    limits = httpx.Limits(max_connections=args.concurrency)
    async with httpx.AsyncClient(base_url=base_url, timeout=30, limits=limits) as http:
        await common.sign_in(http, user_id)
        csrf = (await http.get("/auth/session")).json()["csrfToken"]
        http.headers["X-CSRF-Token"] = csrf
        apps = f"/api/v1/{slug}/planning/applications"
        first = (await http.get(apps, params={"resultsPerPage": 100})).json()["data"]
        ids = [a["id"] for a in first]
        cursor = (await http.get(apps, params={"cursor": "", "resultsPerPage": 50})).json()
        deep = cursor["pagination"]["nextCursor"]
        n = args.requests
        rng = random.Random(7)
        plans: dict[str, list[tuple[str, str, Any]]] = {
            "create": [("POST", apps, NEW_APPLICATION)] * n,
            "list (first page of 10)": [("GET", apps, None)] * n,
            "list filtered (status=assessment)": [("GET", apps + "?status=assessment", None)] * n,
            "list by cursor (page 2 of 50)": [
                ("GET", f"{apps}?resultsPerPage=50&cursor={deep}", None)
            ]
            * n,
            "get by id": [("GET", f"{apps}/{rng.choice(ids)}", None) for _ in range(n)],
        }
        results: dict[str, Sample] = {}
        for name, calls in plans.items():
            await drive(http, calls[: max(10, n // 10)], args.concurrency)  # warm-up
            results[name] = await drive(http, calls, args.concurrency)
            progress.print(f"    {name}: {results[name].shown()}")
        return results


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with common.watchdog(args.timeout):
        db = common.use_bench_database()
        import os

        from tenancy import registry
        from tenancy.migrate import upgrade_all
        from tenancy.models import TenantKind

        progress.print(f"[bold]bench database {db.name}[/bold]: migrating")
        if upgrade_all(concurrency=1).failed:
            raise RuntimeError("migrating the fresh bench database failed")
        tenant = registry.create_tenant(
            slug="bench-planning",
            name="Bench Planning",
            gss_code="E07000399",
            kind=TenantKind.DISTRICT,
            services=("planning",),
            actor="bench",
        )
        user_id = officer(tenant.id)
        os.environ["VESTA_COOKIE_SECURE"] = "0"
        results: dict[int, dict[str, Sample]] = {}
        with common.api_server(start_timeout=300) as base_url:
            for size in (args.small, args.large):
                took = grow_to(tenant.schema_name, size)
                progress.print(f"[bold]{size:,} applications[/bold] (loaded in {took:.1f} s)")
                results[size] = asyncio.run(measure(base_url, tenant.slug, user_id, args))
    render(results, args, common.environment_line(db))
    return 0


def officer(tenant_id: Any) -> str:
    from app.auth.members import grant
    from app.auth.routes import DEV_ISSUER
    from tenancy.binding import platform_session_sync
    from tenancy.principals import User

    with platform_session_sync() as session:
        user = User(
            issuer=DEV_ISSUER,
            subject="bench-planner",
            email="planner@bench.example",
            display_name="Bench Planner",
        )
        session.add(user)
        session.flush()
        grant(session, user, tenant_id, "planning_manager", actor="bench")
        return str(user.id)


def render(
    results: dict[int, dict[str, Sample]], args: argparse.Namespace, environment: str
) -> None:
    small, large = args.small, args.large
    out = Console() if Console().is_terminal else Console(width=200)
    out.print(environment)
    out.print(
        f"{args.requests} requests per operation at concurrency {args.concurrency}, one server "
        "process; ratio = throughput at the larger register ÷ throughput at the smaller"
    )
    table = Table(title="Vesta planning API: does it stay flat as the register grows?")
    for column in ("operation", f"at {small:,}", f"at {large:,}"):
        table.add_column(column, no_wrap=True)
    table.add_column("ratio", justify="right")
    for name in results[small]:
        a, b = results[small][name], results[large][name]
        ratio = b.rate / a.rate if a.rate else float("nan")
        table.add_row(name, a.shown(), b.shown(), f"{ratio:.2f}x")
    out.print(table)


if __name__ == "__main__":
    raise SystemExit(main())
