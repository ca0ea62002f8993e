"""Tenant isolation under concurrency: 50 tenants, thousands of interleaved requests and jobs.

A real API server (``vesta serve``) and a real Dramatiq worker (``vesta worker``) run as
subprocesses against the test database and Redis namespace. Each of 50 tenants is seeded through
the API with settings that carry its own slug and with ``i + 1`` audit rows. Then well over 2,000
operations — reading settings, reading the audit trail, changing settings and running the
``summarise_tenant`` job — are fired in a seeded random order across all tenants at once, and
every response and job result is checked by :func:`leak_checks.find_leaks`: it must carry only its
own tenant's markers, GSS code and an audit-row count that tenant could have had at the time.

The last tests show the checker fails when binding is wrong: a session bound to another tenant,
a request whose bound engine points at another tenant's schema, and a job whose session is bound
to another tenant's schema are all reported as leaks.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest
from conftest import make_user, sign_in
from leak_checks import (
    SeededTenant,
    find_leaks,
    free_port,
    log_tail,
    marker_patch,
    start_vesta,
    stop_vesta,
    tenant_slug,
    wait_until_ready,
)

from services.core import store
from services.core.actors import summarise_tenant
from tenancy import binding, registry
from tenancy.binding import TenantRef, tenant_session, tenant_session_sync
from tenancy.db import dispose_engines
from tenancy.jobs import send_for_tenant
from tenancy.models import TenantKind

TENANTS = 50
OPERATIONS = {"settings": 650, "audit": 450, "patch": 450, "job": 650}
CONCURRENCY = 64
JOB_THREADS = 24
RANDOM_SEED = 20_251_123
JOB_TIMEOUT_MS = 30_000
STRESS_TIMEOUT_S = 120.0


@dataclass(frozen=True, slots=True)
class LiveStack:
    base_url: str
    logs: tuple[Path, ...]


@dataclass
class Tracker:
    """What the stress run saw: leaks, errors, and how far operations interleaved."""

    patches_started: Counter[str] = field(default_factory=Counter)
    patches_done: Counter[str] = field(default_factory=Counter)
    in_flight: Counter[str] = field(default_factory=Counter)
    kinds_in_flight: Counter[str] = field(default_factory=Counter)
    completed: Counter[str] = field(default_factory=Counter)
    max_tenants_in_flight: int = 0
    max_kinds_in_flight: int = 0
    leaks: list[list[str]] = field(default_factory=list)  # per leaking operation
    errors: list[str] = field(default_factory=list)

    def audit_low(self, tenant: SeededTenant) -> int:
        return tenant.seeded_audit_rows + self.patches_done[tenant.slug]

    def audit_high(self, tenant: SeededTenant) -> int:
        return tenant.seeded_audit_rows + self.patches_started[tenant.slug]

    def enter(self, tenant: SeededTenant, kind: str) -> None:
        self.in_flight[tenant.slug] += 1
        self.kinds_in_flight[kind] += 1
        self.max_tenants_in_flight = max(self.max_tenants_in_flight, len(+self.in_flight))
        self.max_kinds_in_flight = max(self.max_kinds_in_flight, len(+self.kinds_in_flight))

    def leave(self, tenant: SeededTenant, kind: str) -> None:
        self.in_flight[tenant.slug] -= 1
        self.kinds_in_flight[kind] -= 1
        self.completed[kind] += 1


@pytest.fixture(scope="module")
def live_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveStack]:
    """A real API server and a real Dramatiq worker, as subprocesses, on this test environment."""
    logs = tmp_path_factory.mktemp("live-stack")
    port = free_port()
    server_log, worker_log = logs / "server.log", logs / "worker.log"
    server = start_vesta(["serve", "--host", "127.0.0.1", "--port", str(port)], server_log)
    try:
        worker = start_vesta(["worker", "--processes", "1", "--threads", "8"], worker_log)
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_until_ready(base_url, server, server_log)
            yield LiveStack(base_url, (server_log, worker_log))
        finally:
            stop_vesta(worker)
    finally:
        stop_vesta(server)


def _create_tenants(run_id: str) -> list[SeededTenant]:
    gss_base = random.Random(run_id).randrange(10**6)
    return [
        SeededTenant(
            index=i,
            ref=TenantRef.of(
                registry.create_tenant(
                    slug=tenant_slug(run_id, i),
                    name=f"Isolation Council {i:02d}",
                    gss_code=f"N09{(gss_base + i) % 10**6:06d}",
                    kind=TenantKind.DISTRICT,
                    services=("planning",),
                    actor="isolation-test",
                )
            ),
        )
        for i in range(TENANTS)
    ]


@asynccontextmanager
async def _client(stack: LiveStack, officer: Any) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client signed in (development sign-in) as an administrator of every tenant."""
    # Keep-alive expiry below uvicorn's 5 s, so an idle connection is never reused as it closes.
    pool = httpx.Limits(
        max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY, keepalive_expiry=2.0
    )
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=30.0, limits=pool) as http:
        await sign_in(http, officer)
        yield http


def _run_job(ref: TenantRef) -> Any:
    message = send_for_tenant(summarise_tenant, ref)
    return message.get_result(block=True, timeout=JOB_TIMEOUT_MS)


@pytest.fixture(scope="module")
async def tenants(live_stack: LiveStack) -> list[SeededTenant]:
    """50 tenants; tenant ``i`` gets ``i + 1`` settings changes (so ``i + 1`` audit rows)."""
    created = _create_tenants(uuid.uuid4().hex[:6])
    officer = make_user(
        {t.ref.id: ["council_administrator"] for t in created}, name="Isolation Officer"
    )
    limit = asyncio.Semaphore(CONCURRENCY)

    async def seed(http: httpx.AsyncClient, tenant: SeededTenant) -> list[str]:
        problems = []
        for _ in range(tenant.seeded_audit_rows):
            body = marker_patch(tenant.slug)
            async with limit:
                response = await http.patch(f"/api/v1/{tenant.slug}/settings", json=body)
            assert response.status_code == 200, response.text
            problems += find_leaks(tenant, "patch", response.json(), sent=body)
        async with limit:
            audit = await http.get(f"/api/v1/{tenant.slug}/audit?resultsPerPage=100")
        assert audit.status_code == 200, audit.text
        rows = tenant.seeded_audit_rows
        return problems + find_leaks(tenant, "audit", audit.json(), audit_bounds=(rows, rows))

    async with _client(live_stack, officer) as http:
        seeded = await asyncio.gather(*(seed(http, t) for t in created))
    assert [p for problems in seeded for p in problems] == []
    # The worker is up once it has run a job (first one waits for its start-up).
    first = created[0]
    try:
        warm = await asyncio.to_thread(_run_job, first.ref)
    except Exception as exc:
        raise RuntimeError(f"the worker ran no job:\n{log_tail(live_stack.logs[1])}") from exc
    rows = first.seeded_audit_rows
    assert find_leaks(first, "job", warm, audit_bounds=(rows, rows)) == []
    return [replace(tenant, officer=officer) for tenant in created]


def _plan(tenants: list[SeededTenant]) -> list[tuple[str, SeededTenant]]:
    rng = random.Random(RANDOM_SEED)
    plan = [(kind, rng.choice(tenants)) for kind, n in OPERATIONS.items() for _ in range(n)]
    rng.shuffle(plan)
    return plan


async def _operate(
    kind: str,
    tenant: SeededTenant,
    http: httpx.AsyncClient,
    jobs: ThreadPoolExecutor,
    tracker: Tracker,
) -> list[str]:
    """Run one operation for ``tenant`` and return the leaks its answer shows."""
    path = f"/api/v1/{tenant.slug}"
    if kind == "settings":
        response = await http.get(f"{path}/settings")
        response.raise_for_status()
        return find_leaks(tenant, kind, response.json())
    if kind == "patch":
        which = ("both", "email", "signatory")[tracker.patches_started[tenant.slug] % 3]
        body = marker_patch(tenant.slug, which=which)
        tracker.patches_started[tenant.slug] += 1
        response = await http.patch(f"{path}/settings", json=body)
        response.raise_for_status()
        tracker.patches_done[tenant.slug] += 1
        return find_leaks(tenant, kind, response.json(), sent=body)
    low = tracker.audit_low(tenant)
    if kind == "audit":
        response = await http.get(f"{path}/audit?resultsPerPage=100")
        response.raise_for_status()
        payload = response.json()
    else:
        loop = asyncio.get_running_loop()
        payload = await loop.run_in_executor(jobs, _run_job, tenant.ref)
    return find_leaks(tenant, kind, payload, audit_bounds=(low, tracker.audit_high(tenant)))


async def test_concurrent_requests_and_jobs_never_leak(
    live_stack: LiveStack, tenants: list[SeededTenant]
) -> None:
    """Every response and job result, under heavy interleaving, belongs to its own tenant."""
    plan = _plan(tenants)
    tracker = Tracker()
    limit = asyncio.Semaphore(CONCURRENCY)

    async def one(kind: str, tenant: SeededTenant) -> None:
        async with limit:
            tracker.enter(tenant, kind)
            try:
                if leaks := await _operate(kind, tenant, http, jobs, tracker):
                    tracker.leaks.append(leaks)
            except Exception as exc:  # reported below with the leaks, not raised one by one
                tracker.errors.append(f"{kind} for {tenant.slug}: {type(exc).__name__}: {exc}")
            finally:
                tracker.leave(tenant, kind)

    started = time.monotonic()
    with ThreadPoolExecutor(JOB_THREADS, thread_name_prefix="isolation-job") as jobs:
        async with _client(live_stack, tenants[0].officer) as http:
            async with asyncio.timeout(STRESS_TIMEOUT_S):
                await asyncio.gather(*(one(kind, tenant) for kind, tenant in plan))
    elapsed = time.monotonic() - started

    summary = (
        f"{sum(tracker.completed.values())} operations ({dict(tracker.completed)}) over "
        f"{len({t.slug for _, t in plan})} tenants in {elapsed:.1f}s; at most "
        f"{tracker.max_tenants_in_flight} tenants and {tracker.max_kinds_in_flight} kinds in flight"
    )
    print(summary)
    leaking, failed = len(tracker.leaks), len(tracker.errors)
    assert leaking == 0, (
        f"TENANT DATA LEAKED in {leaking} of {len(plan)} operations ({summary}):\n  "
        + "\n  ".join(leak for leaks in tracker.leaks[:10] for leak in leaks)
    )
    assert failed == 0, (
        f"{failed} operations failed ({summary}); logs in {live_stack.logs[0].parent}:\n  "
        + "\n  ".join(tracker.errors[:10])
    )
    assert sum(tracker.completed.values()) >= 2000, summary
    assert tracker.completed["job"] >= 300, summary
    assert len({t.slug for _, t in plan}) == TENANTS, summary
    assert tracker.max_tenants_in_flight >= 10, summary
    assert tracker.max_kinds_in_flight == len(OPERATIONS), summary


async def test_checker_reports_a_session_bound_to_another_tenant(
    tenants: list[SeededTenant],
) -> None:
    """Reading through A's bound session shows A's markers: fine for A, a leak if given to B."""
    a, b = tenants[3], tenants[4]
    try:
        async with tenant_session(a.ref.schema_name) as session:
            seen = msgspec.to_builtins(await store.read_settings(session))
    finally:
        await dispose_engines()
    assert find_leaks(a, "settings", seen) == []
    leaks = find_leaks(b, "settings", seen)
    assert leaks
    assert any(a.slug in leak for leak in leaks), leaks

    # A job for A whose session is bound to B's schema reads B's data: the checker sees it too.
    job = summarise_tenant.fn.__wrapped__  # the actor body, below the tenant-binding wrapper

    def run_bound_to(schema_name: str) -> Any:
        with tenant_session_sync(schema_name) as session:
            return job(session, a.ref)

    assert find_leaks(a, "job", await asyncio.to_thread(run_bound_to, a.ref.schema_name)) == []
    result = await asyncio.to_thread(run_bound_to, b.ref.schema_name)
    assert result["tenant"] == a.slug
    job_leaks = find_leaks(a, "job", result)
    assert any(b.slug in leak for leak in job_leaks), job_leaks


async def test_checker_reports_a_request_bound_to_the_wrong_schema(
    anonymous: Any, tenants: list[SeededTenant], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Break the binding for one in-process request: its response must be reported as a leak."""
    a, b = tenants[5], tenants[6]
    client = anonymous
    await sign_in(client, a.officer)
    right_engine = binding._bound_async_engine
    with monkeypatch.context() as patched:
        patched.setattr(
            binding, "_bound_async_engine", lambda _schema: right_engine(b.ref.schema_name)
        )
        wrong = await client.get(f"/api/v1/{a.slug}/settings")
    assert wrong.status_code == 200, wrong.text
    leaks = find_leaks(a, "settings", wrong.json())
    assert leaks, f"a request for {a.slug} answered from {b.slug}'s schema was not flagged"
    assert any(b.slug in leak for leak in leaks), leaks

    right = await client.get(f"/api/v1/{a.slug}/settings")
    assert right.status_code == 200, right.text
    assert find_leaks(a, "settings", right.json()) == []
