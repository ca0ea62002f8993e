"""Official searches (LLC1) as the land charges register grows: how long finding the charges a
search area reveals takes at 10,000 and at 100,000 charges in one council's register.

Two ways are timed on the same searches in the same run:

- **indexed**: what Vesta does (``services.land_charges.register.revealed_by``): a bounding-box
  prefilter on indexed columns in Postgres, then the exact shapely test on the few candidates;
- **full scan** (the baseline): every charge in force read and tested with shapely.

The table shows the median and 95th percentile per search, the speed-up of indexed over full
scan, and how the indexed search holds up as the register grows tenfold (1.00 = no slower).

    .venv/bin/python bench/land_charges.py           # 10,000 then 100,000 charges
    .venv/bin/python bench/land_charges.py --quick   # 1,000 then 10,000 (smoke run)

Charges are bulk-loaded with one set-based INSERT: squares of 10 to 200 m scattered over a
20 km x 20 km district in British National Grid, like tree preservation orders, listed
buildings and financial charges on single plots.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from collections.abc import Sequence
from typing import Any

import _common as common
import psycopg
from rich.console import Console
from rich.table import Table

progress = Console(stderr=True)
X0, Y0, SPAN = 440_000, 130_000, 20_000

BULK_CHARGES = """
INSERT INTO {s}.land_charges (id, charge_number, charge_type, statutory_provision,
    originating_authority, further_information_location, registration_date, geometry,
    min_x, min_y, max_x, max_y, geographic_description, status, version, created_at,
    created_by, updated_at)
SELECT gen_random_uuid(), 'LLC/B/' || n, 'planning', 'Town and Country Planning Act 1990 s.198',
       'Bench District Council', 'Planning Services', DATE '2020-01-01' + (n %% 2000),
       jsonb_build_object('type', 'Polygon', 'coordinates', jsonb_build_array(jsonb_build_array(
           jsonb_build_array(x, y), jsonb_build_array(x + w, y), jsonb_build_array(x + w, y + w),
           jsonb_build_array(x, y + w), jsonb_build_array(x, y)))),
       x, y, x + w, y + w, 'Plot ' || n, 'registered', 1, now(), 'bench', now()
FROM (
    SELECT n, {x0} + floor(random() * {span}) AS x, {y0} + floor(random() * {span}) AS y,
           10 + floor(random() * 190) AS w
    FROM generate_series(%(start)s::int, %(stop)s::int) AS n
) AS plots
"""


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000, help="first register size")
    parser.add_argument("--large", type=int, default=100_000, help="second register size")
    parser.add_argument("--searches", type=int, default=200, help="searches per size")
    parser.add_argument("--timeout", type=int, default=1_800, help="whole run, seconds")
    parser.add_argument("--quick", action="store_true", help="1,000 / 10,000, 50 searches")
    args = parser.parse_args(argv)
    if args.quick:
        args.small, args.large, args.searches = 1_000, 10_000, 50
    return args


def grow_to(schema: str, size: int) -> float:
    """Bulk-load charges until the register holds ``size``; seconds taken."""
    from tenancy.db import sync_engine

    url = sync_engine().url.set(drivername="postgresql").render_as_string(hide_password=False)
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as connection:
        quoted = f'"{schema}"'
        count = f"SELECT count(*) FROM {quoted}.land_charges"
        have = connection.execute(count).fetchone()[0]  # type: ignore[index,arg-type]
        if have < size:
            sql = BULK_CHARGES.format(s=quoted, x0=X0, y0=Y0, span=SPAN)
            connection.execute(sql, {"start": have + 1, "stop": size})  # type: ignore[arg-type]
            connection.execute(f"VACUUM ANALYZE {quoted}.land_charges")  # type: ignore[arg-type]
    return time.perf_counter() - started


def search_areas(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """Search areas of 30 to 150 m, like a house and garden or a small development site."""
    rng = random.Random(seed)
    areas = []
    for _ in range(count):
        x, y = X0 + rng.randrange(SPAN), Y0 + rng.randrange(SPAN)
        w = rng.randrange(30, 150)
        ring = [[x, y], [x + w, y], [x + w, y + w], [x, y + w], [x, y]]
        areas.append({"type": "Polygon", "coordinates": [ring]})
    return areas


async def measure(schema: str, areas: list[dict[str, Any]]) -> dict[str, list[float]]:
    import datetime as dt

    import shapely
    from sqlalchemy import select

    from services.land_charges import geometry as geo
    from services.land_charges.models import LandCharge
    from services.land_charges.register import in_force_on, revealed_by
    from tenancy.binding import tenant_session

    today = dt.date(2026, 11, 23)
    timings: dict[str, list[float]] = {"indexed": [], "full scan": []}
    found: dict[str, list[int]] = {"indexed": [], "full scan": []}
    async with tenant_session(schema) as session:
        for area in areas:
            checked = geo.check(area)
            started = time.perf_counter()
            indexed = await revealed_by(session, checked, on=today)
            timings["indexed"].append(time.perf_counter() - started)
            found["indexed"].append(len(indexed))
        for area in areas[: max(10, len(areas) // 10)]:
            checked = geo.check(area)
            started = time.perf_counter()
            every = (await session.scalars(in_force_on(select(LandCharge), today))).all()
            shape = checked.shape
            shapely.prepare(shape)
            revealed = [c for c in every if geo.reveals(shape, geo.as_shape(c.geometry))]
            timings["full scan"].append(time.perf_counter() - started)
            found["full scan"].append(len(revealed))
            session.expunge_all()
    sample = len(found["full scan"])
    if found["indexed"][:sample] != found["full scan"]:
        raise AssertionError("the indexed search and the full scan revealed different charges")
    timings["revealed"] = [float(n) for n in found["indexed"]]
    return timings


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with common.watchdog(args.timeout):
        db = common.use_bench_database()
        from tenancy import registry
        from tenancy.migrate import upgrade_all
        from tenancy.models import TenantKind

        progress.print(f"[bold]bench database {db.name}[/bold]: migrating")
        if upgrade_all(concurrency=1).failed:
            raise RuntimeError("migrating the fresh bench database failed")
        tenant = registry.create_tenant(
            slug="bench-land-charges",
            name="Bench Land Charges",
            gss_code="E07000398",
            kind=TenantKind.DISTRICT,
            services=("land_charges",),
            actor="bench",
        )
        areas = search_areas(args.searches)
        results = {}
        for size in (args.small, args.large):
            took = grow_to(tenant.schema_name, size)
            progress.print(f"[bold]{size:,} charges[/bold] (loaded in {took:.1f} s)")
            results[size] = asyncio.run(measure(tenant.schema_name, areas))
    render(results, args, common.environment_line(db))
    return 0


def render(results: dict[int, dict[str, list[float]]], args: argparse.Namespace, env: str) -> None:
    out = Console() if Console().is_terminal else Console(width=200)
    out.print(env)
    out.print(
        f"{args.searches} search areas at each size (the full scan times a tenth of them); "
        "speed-up = full scan median ÷ indexed median"
    )
    table = Table(title="Vesta LLC1 official search: charges revealed by a search area")
    columns = ("charges", "revealed per search", "indexed median", "indexed p95")
    for column in (*columns, "full scan median", "speed-up"):
        table.add_column(column, justify="right")
    for size, timings in results.items():
        indexed, full = timings["indexed"], timings["full scan"]
        table.add_row(
            f"{size:,}",
            f"{statistics.mean(timings['revealed']):.1f}",
            f"{common.median_ms(indexed):.2f} ms",
            f"{common.percentile_ms(indexed, 95):.2f} ms",
            f"{common.median_ms(full):.1f} ms",
            f"{statistics.median(full) / statistics.median(indexed):.0f}x",
        )
    out.print(table)
    small, large = results[args.small]["indexed"], results[args.large]["indexed"]
    growth = statistics.median(small) / statistics.median(large)
    out.print(
        f"indexed search at {args.large:,} vs {args.small:,} charges: {growth:.2f}x "
        "(1.00 = no slower as the register grows tenfold; the register here grows denser, so "
        "each search also reveals more charges)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
