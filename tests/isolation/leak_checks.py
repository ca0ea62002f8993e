"""Helpers for the tenant-isolation tests: tenant markers, the leak checker, live processes.

Every value the isolation tests write into a tenant carries that tenant's slug (a *marker*), so
any payload read back — an HTTP response or a job result — can be checked for slugs that are
not its own. :func:`find_leaks` is the one checker used both by the stress test and by the tests
that prove it notices a wrongly bound session.
"""

from __future__ import annotations

import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tenancy.binding import TenantRef

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SLUG_PREFIX = "iso"
MARKER_SLUG = re.compile(rf"\b{SLUG_PREFIX}-[0-9a-f]{{6}}-\d{{2}}\b")
MARKED_KEYS = ("publicContactEmail", "decisionNoticeSignatory")

_sequence = itertools.count(1)


@dataclass(frozen=True, slots=True)
class SeededTenant:
    """A tenant created for the isolation tests, and how many audit rows seeding gave it."""

    index: int
    ref: TenantRef
    officer: Any = None  # who the stress test signs in as (an administrator of every tenant)

    @property
    def slug(self) -> str:
        return self.ref.slug

    @property
    def seeded_audit_rows(self) -> int:
        return self.index + 1


def tenant_slug(run_id: str, index: int) -> str:
    return f"{SLUG_PREFIX}-{run_id}-{index:02d}"


def marker_patch(slug: str, *, which: str = "both") -> dict[str, str]:
    """A settings PATCH body whose values are new (unique sequence) and name only ``slug``."""
    seq = next(_sequence)
    body = {
        "publicContactEmail": f"officer-{seq}@{slug}.example.gov.uk",
        "decisionNoticeSignatory": f"Signatory {seq} for {slug}",
    }
    if which == "email":
        return {"publicContactEmail": body["publicContactEmail"]}
    if which == "signatory":
        return {"decisionNoticeSignatory": body["decisionNoticeSignatory"]}
    return body


def slugs_in(value: Any) -> set[str]:
    """Every tenant marker slug found anywhere in a (JSON-like) value."""
    if isinstance(value, str):
        return set(MARKER_SLUG.findall(value))
    if isinstance(value, Mapping):
        return set().union(*(slugs_in(v) for v in value.values())) if value else set()
    if isinstance(value, list | tuple):
        return set().union(*(slugs_in(v) for v in value)) if value else set()
    return set()


def _foreign(tenant: SeededTenant, payload: Any, where: str) -> list[str]:
    foreign = sorted(slugs_in(payload) - {tenant.slug})
    return [f"{where} for {tenant.slug} carries other tenants' data: {foreign}"] if foreign else []


def _own_settings(tenant: SeededTenant, settings: Any, where: str) -> list[str]:
    if not isinstance(settings, Mapping):
        return [f"{where} for {tenant.slug}: settings are not an object: {settings!r}"]
    problems = []
    for key in MARKED_KEYS:
        if slugs_in(settings.get(key)) != {tenant.slug}:
            problems.append(
                f"{where} for {tenant.slug}: {key}={settings.get(key)!r} is not its own"
            )
    return problems


def _count_in(
    tenant: SeededTenant, count: Any, bounds: tuple[int, int] | None, where: str
) -> list[str]:
    if bounds is None:
        return []
    low, high = bounds
    if not isinstance(count, int) or not low <= count <= high:
        return [f"{where} for {tenant.slug}: {count!r} audit rows, expected {low}..{high}"]
    return []


def find_leaks(
    tenant: SeededTenant,
    kind: str,
    payload: Any,
    *,
    sent: Mapping[str, str] | None = None,
    audit_bounds: tuple[int, int] | None = None,
) -> list[str]:
    """Every way ``payload`` (what ``tenant`` was given) shows data that is not ``tenant``'s.

    ``kind`` is ``settings`` (GET settings), ``patch`` (PATCH settings echo, with the ``sent``
    body), ``audit`` (a page of the audit trail) or ``job`` (a ``summarise_tenant`` result).
    ``audit_bounds`` is the range of audit-row counts the tenant can have had at the time.
    """
    where = f"{kind} result"
    problems = _foreign(tenant, payload, where)
    if kind == "settings":
        problems += _own_settings(tenant, payload, where)
    elif kind == "patch":
        problems += _own_settings(tenant, payload, where)
        for key, value in (sent or {}).items():
            if not isinstance(payload, Mapping) or payload.get(key) != value:
                got = payload.get(key) if isinstance(payload, Mapping) else payload
                problems.append(f"{where} for {tenant.slug}: {key}={got!r}, sent {value!r}")
    elif kind == "audit":
        entries = payload.get("data") if isinstance(payload, Mapping) else None
        if not isinstance(entries, list) or not entries:
            return [*problems, f"{where} for {tenant.slug}: no audit entries: {payload!r}"]
        alien = [
            entry.get("after")
            for entry in entries
            if not entry.get("after")
            or any(slugs_in(v) != {tenant.slug} for v in entry["after"].values())
        ]
        if alien:
            problems.append(
                f"{where} for {tenant.slug}: {len(alien)} of {len(entries)} entries are not its "
                f"own, e.g. after={alien[0]!r}"
            )
        total = payload.get("pagination", {}).get("totalResults")
        problems += _count_in(tenant, total, audit_bounds, where)
    elif kind == "job":
        if not isinstance(payload, Mapping):
            return [*problems, f"{where} for {tenant.slug}: not an object: {payload!r}"]
        if payload.get("tenant") != tenant.slug:
            problems.append(f"{where} for {tenant.slug}: tenant={payload.get('tenant')!r}")
        if payload.get("gssCode") != tenant.ref.gss_code:
            problems.append(
                f"{where} for {tenant.slug}: gssCode={payload.get('gssCode')!r}, "
                f"expected {tenant.ref.gss_code}"
            )
        problems += _own_settings(tenant, payload.get("settings"), where)
        problems += _count_in(tenant, payload.get("auditRows"), audit_bounds, where)
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return problems


# --- live server and worker processes ------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_vesta(args: list[str], log_path: Path) -> subprocess.Popen[bytes]:
    """Start ``python -m app.cli <args>`` with this process's environment, logging to a file."""
    with log_path.open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "app.cli", *args],
            cwd=PROJECT_ROOT,
            # The stack serves plain http on 127.0.0.1: let the session cookie travel over it.
            env={**os.environ, "VESTA_COOKIE_SECURE": "0"},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def log_tail(log_path: Path, lines: int = 40) -> str:
    try:
        text = log_path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def wait_until_ready(
    base_url: str, process: subprocess.Popen[bytes], log_path: Path, timeout: float = 45.0
) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=base_url, timeout=2.0) as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(
                    f"server exited with {process.returncode}:\n{log_tail(log_path)}"
                )
            try:
                if http.get("/health/ready").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
    raise RuntimeError(f"server not ready after {timeout:.0f}s:\n{log_tail(log_path)}")


def stop_vesta(process: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    """SIGINT (graceful); if still running, SIGKILL the process group this test started."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # its own session: only what it started
            process.wait(timeout=timeout)
