"""Shared plumbing for the benchmarks: a private database, statistics, a watchdog, and a real
API server in a subprocess.

Importing this module first also imports the project's ``tenancy`` package (its ``__init__``
only), which ``bench/tenancy.py`` would otherwise shadow. Nothing else from ``tenancy`` or
``app`` is imported here: :func:`use_bench_database` must run (and point ``DATABASE_URL`` at the
bench database) before anything reads the cached settings.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO

import httpx
import psycopg
from sqlalchemy.engine import URL, make_url

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = PROJECT_ROOT / "bench"
LOCALHOST = "127.0.0.1"


def _import_tenancy_package() -> None:
    """Make ``import tenancy.x`` mean the project's package, not ``bench/tenancy.py``.

    Running ``python bench/tenancy.py`` puts bench/ first on ``sys.path``, where this script's
    own name shadows the package; so import the package once with bench/ hidden. Migration
    worker processes (spawned) re-run this when they import the script as ``__mp_main__``.
    """
    if "tenancy" in sys.modules:
        return
    saved = sys.path[:]
    sys.path[:] = [p for p in saved if Path(p or os.curdir).resolve() != BENCH_DIR]
    try:
        importlib.import_module("tenancy")
    finally:
        sys.path[:] = saved


_import_tenancy_package()


@dataclass(frozen=True, slots=True)
class BenchDatabase:
    name: str
    admin_url: URL  # the server's "postgres" database, for DROP/CREATE DATABASE


def use_bench_database() -> BenchDatabase:
    """Start (or find) the local services, then point this process at ``<db>_bench``.

    The bench database is dropped and created afresh, so the dev/demo data is never touched.
    Child processes (migration workers, the API server) inherit the environment set here.
    """
    loaded = [m for m in ("tenancy.settings", "tenancy.db") if m in sys.modules]
    assert not loaded, f"{loaded} imported before the bench database was chosen"
    from infra.local_services import ensure_services

    ensure_services()
    raw = os.environ["DATABASE_URL"]
    url = make_url(raw.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"{url.database}_bench"
    os.environ["DATABASE_URL"] = url.set(database=name).render_as_string(hide_password=False)
    os.environ["VESTA_QUEUE_NAMESPACE"] = f"vesta-bench-{uuid.uuid4().hex[:8]}"
    os.environ.setdefault("VESTA_ENV", "bench")
    admin = url.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{name}"')
    return BenchDatabase(name=name, admin_url=admin)


def postgres_version(db: BenchDatabase) -> str:
    with psycopg.connect(db.admin_url.render_as_string(hide_password=False)) as c:
        row = c.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


def environment_line(db: BenchDatabase) -> str:
    python = ".".join(str(v) for v in sys.version_info[:3])
    return (
        f"CPUs: {os.cpu_count()} · Python {python} · PostgreSQL {postgres_version(db)} "
        f"· database {db.name}"
    )


# --- statistics ---------------------------------------------------------------------------


def median_ms(seconds: Sequence[float]) -> float:
    return statistics.median(seconds) * 1000


def percentile_ms(seconds: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile, in milliseconds (0 for an empty sample)."""
    if not seconds:
        return 0.0
    ordered = sorted(seconds)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered))))
    return ordered[rank - 1] * 1000


def speed_ratio(measured_seconds: float, baseline_seconds: float) -> float:
    """How many times faster than the baseline (>1 faster, <1 slower)."""
    return baseline_seconds / measured_seconds if measured_seconds else float("inf")


@contextlib.contextmanager
def timed() -> Iterator[list[float]]:
    """``with timed() as t: ...`` then ``t[0]`` is the elapsed wall time in seconds."""
    box: list[float] = []
    start = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - start)


# --- time bounds --------------------------------------------------------------------------


class BenchTimeout(Exception):
    """The whole run took longer than ``--timeout`` seconds."""


@contextlib.contextmanager
def watchdog(seconds: int) -> Iterator[None]:
    """Raise :class:`BenchTimeout` in the main thread if the block runs longer than ``seconds``."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise BenchTimeout(f"benchmark exceeded its time limit of {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- the API server -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOCALHOST, 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def api_server(start_timeout: float = 60.0) -> Iterator[str]:
    """Run ``python -m app.cli serve`` on a free loopback port; yield its base URL.

    The server inherits this process's environment (so it uses the bench database). Its log
    (uvicorn's access log included) goes to a temporary file, shown if it fails to start.
    """
    port = free_port()
    base_url = f"http://{LOCALHOST}:{port}"
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--host", LOCALHOST, "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=os.environ.copy(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_ready(process, base_url, start_timeout, log)
            yield base_url
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)


def _wait_until_ready(
    process: subprocess.Popen[bytes], base_url: str, timeout: float, log: IO[str]
) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=base_url, timeout=2.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            with contextlib.suppress(httpx.HTTPError):
                if client.get("/health/ready").status_code == 200:
                    return
            time.sleep(0.2)
    log.seek(0)
    tail = log.read()[-3000:]
    raise RuntimeError(f"the API server at {base_url} did not become ready:\n{tail}")


def bench_officer(slugs: Sequence[str]) -> str:
    """A demo-style officer (development sign-in) with a read role in every bench tenant."""
    from sqlalchemy import select

    from app.auth.members import grant
    from app.auth.routes import DEV_ISSUER
    from tenancy.binding import platform_session_sync
    from tenancy.models import Tenant
    from tenancy.principals import User

    with platform_session_sync() as session:
        user = User(
            issuer=DEV_ISSUER,
            subject="bench-officer",
            email="bench@bench.example",
            display_name="Bench Officer",
        )
        session.add(user)
        session.flush()
        for tenant_id in session.scalars(select(Tenant.id).where(Tenant.slug.in_(slugs))):
            grant(session, user, tenant_id, "council_auditor", actor="bench")
        return str(user.id)


async def sign_in(client: httpx.AsyncClient, user_id: str) -> None:
    """The development sign-in, as a browser would use it."""
    await client.get("/auth/dev")
    token = (await client.get("/auth/session")).json()["csrfToken"]
    await client.post("/auth/dev", data={"user_id": user_id, "_csrf": token})
    if not (await client.get("/auth/session")).json()["signedIn"]:
        raise RuntimeError("the bench officer could not sign in")


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a benchmark table: a measurement beside its baseline, and their ratio."""

    bench: str
    measured: str
    value: str
    baseline: str
    baseline_value: str
    ratio: float
