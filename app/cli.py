"""The ``vesta`` command: tenants, migrations, the demo seed, the server, the worker, and
``vesta dev`` (what ``make run`` calls). Every command starts the embedded Postgres and Redis
first when ``DATABASE_URL`` / ``REDIS_URL`` are not set."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from typing import Any

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from app.cli_access import clients, keys, members
from app.cli_reorg import reorg
from app.cli_settle import settle
from infra.local_services import ensure_services, stop_services
from services.core.calendar import london_today
from tenancy.errors import TenancyError
from tenancy.models import TenantKind, TenantStatus

console = Console(stderr=True)


def _emit(payload: Any, as_json: bool, table: Table | None = None) -> None:
    if as_json:
        click.echo(json.dumps(payload, indent=2, default=str))
    elif table is not None:
        Console().print(table)


def _tenant_dict(tenant: Any) -> dict[str, Any]:
    import msgspec

    from app.api.schemas import TenantOut

    return msgspec.to_builtins(TenantOut.of(tenant))


def _tenant_table(rows: list[dict[str, Any]]) -> Table:
    table = Table("slug", "name", "GSS", "kind", "status", "schema", "services")
    for t in rows:
        table.add_row(
            t["slug"],
            t["name"],
            t["gssCode"],
            t["kind"],
            t["status"],
            t["schemaName"],
            ",".join(t["enabledServices"]),
        )
    return table


@click.group()
def main() -> None:
    """Vesta: the open back office for councils' regulatory services."""
    ensure_services()


@main.group()
def tenants() -> None:
    """Create, list, show and change councils (tenants)."""


@tenants.command("create")
@click.option("--slug", required=True)
@click.option("--name", required=True)
@click.option("--gss", "gss_code", required=True, help="GSS code, e.g. E07000301")
@click.option("--kind", type=click.Choice([k.value for k in TenantKind]), default="district")
@click.option("--services", default="", help="Comma-separated service codes to enable")
@click.option("--json", "as_json", is_flag=True)
def tenants_create(
    slug: str, name: str, gss_code: str, kind: str, services: str, as_json: bool
) -> None:
    from services.registry import load_services
    from tenancy import registry

    known = load_services().codes()
    codes = [c for c in services.split(",") if c]
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise click.BadParameter(f"unknown services {unknown} (known: {', '.join(known)})")
    try:
        tenant = registry.create_tenant(
            slug=slug,
            name=name,
            gss_code=gss_code,
            kind=TenantKind(kind),
            services=codes,
            actor="cli",
        )
    except TenancyError as exc:
        raise click.ClickException(exc.detail) from exc
    row = _tenant_dict(tenant)
    _emit(row, as_json, _tenant_table([row]))


@tenants.command("list")
@click.option("--status", type=click.Choice([s.value for s in TenantStatus]))
@click.option("--json", "as_json", is_flag=True)
def tenants_list(status: str | None, as_json: bool) -> None:
    from tenancy import registry
    from tenancy.binding import platform_session_sync

    with platform_session_sync() as session:
        rows = [
            _tenant_dict(t)
            for t in registry.list_tenants(session, TenantStatus(status) if status else None)
        ]
    _emit(rows, as_json, _tenant_table(rows))


@tenants.command("show")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True)
def tenants_show(slug: str, as_json: bool) -> None:
    from tenancy import registry
    from tenancy.binding import platform_session_sync

    try:
        with platform_session_sync() as session:
            row = _tenant_dict(registry.get_tenant(session, slug))
    except TenancyError as exc:
        raise click.ClickException(exc.detail) from exc
    _emit(row, as_json, _tenant_table([row]))


@tenants.command("provision")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True)
def tenants_provision(slug: str, as_json: bool) -> None:
    """Finish provisioning a tenant whose earlier attempt stopped part-way."""
    from tenancy import registry

    try:
        row = _tenant_dict(registry.resume_provisioning(slug, actor="cli"))
    except TenancyError as exc:
        raise click.ClickException(exc.detail) from exc
    _emit(row, as_json, _tenant_table([row]))


@tenants.command("set-status")
@click.argument("slug")
@click.argument("status", type=click.Choice([s.value for s in TenantStatus]))
@click.option("--json", "as_json", is_flag=True)
def tenants_set_status(slug: str, status: str, as_json: bool) -> None:
    from tenancy import registry

    try:
        row = _tenant_dict(registry.set_status(slug, TenantStatus(status), actor="cli"))
    except TenancyError as exc:
        raise click.ClickException(exc.detail) from exc
    _emit(row, as_json, _tenant_table([row]))


@main.group()
def db() -> None:
    """Database migrations."""


@db.command("upgrade")
@click.option("--concurrency", type=int, default=None, help="Tenants migrated at once")
@click.option("--json", "as_json", is_flag=True)
def db_upgrade(concurrency: int | None, as_json: bool) -> None:
    """Migrate the platform schema, the template, then every tenant schema."""
    from tenancy.migrate import upgrade_all
    from tenancy.settings import get_settings

    workers = concurrency or get_settings().migrate_concurrency
    with Progress(console=console, disable=as_json, transient=False) as progress:
        task = progress.add_task("migrating tenants", total=None)

        def advance(result: Any) -> None:
            progress.update(task, advance=1, description=f"{result.slug}: {result.outcome}")

        report = upgrade_all(concurrency=workers, on_progress=advance)
        progress.update(task, total=len(report.tenants), description="tenants migrated")
    summary = {
        "platformHead": report.platform_head,
        "tenantHead": report.tenant_head,
        "upgraded": report.count("upgraded"),
        "current": report.count("current"),
        "failed": [{"slug": t.slug, "schema": t.schema, "error": t.error} for t in report.failed],
    }
    if as_json:
        click.echo(json.dumps(summary, indent=2))
    else:
        console.print(
            f"platform at {report.platform_head}, tenants at {report.tenant_head}: "
            f"{summary['upgraded']} upgraded, {summary['current']} already current, "
            f"{len(report.failed)} failed"
        )
        for failure in report.failed:
            console.print(f"[red]{failure.slug} ({failure.schema}): {failure.error}[/red]")
    if report.failed:
        sys.exit(1)


@main.group()
def seed() -> None:
    """Seed data."""


@seed.command("demo")
@click.option("--json", "as_json", is_flag=True)
def seed_demo_command(as_json: bool) -> None:
    """Three district councils awaiting a merge into one unitary."""
    from app.demo import seed_demo
    from services.registry import load_services

    load_services()
    rows = [_tenant_dict(t) for t in seed_demo()]
    _emit(rows, as_json, _tenant_table(rows))


@main.command()
@click.option("--host", default=lambda: os.environ.get("VESTA_HOST", "127.0.0.1"))
@click.option("--port", type=int, default=lambda: int(os.environ.get("VESTA_PORT", "8000")))
@click.option("--workers", type=int, default=1)
def serve(host: str, port: int, workers: int) -> None:
    """Serve the API (and, later, the UI)."""
    import uvicorn

    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        proxy_headers=True,
    )


@main.command()
@click.option("--processes", type=int, default=1)
@click.option("--threads", type=int, default=4)
def worker(processes: int, threads: int) -> None:
    """Run the Dramatiq worker for background jobs."""
    from dramatiq.cli import main as dramatiq_main

    sys.argv = ["dramatiq", "app.worker", "--processes", str(processes), "--threads", str(threads)]
    sys.exit(dramatiq_main())


def _stop_children(children: list[subprocess.Popen[bytes]]) -> None:
    """Give children a Ctrl-C's chance to stop by themselves, then ask, then insist."""
    for signum in (None, signal.SIGTERM, signal.SIGKILL):
        running = [child for child in children if child.poll() is None]
        if not running:
            return
        for child in running:
            if signum is not None:
                child.send_signal(signum)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(c.poll() is None for c in running):
            time.sleep(0.1)


@main.command()
@click.option("--host", default="127.0.0.1")
@click.option("--port", type=int, default=8000)
def dev(host: str, port: int) -> None:
    """Migrate, seed the demo, and run server and worker until Ctrl-C (what `make run` does)."""
    urls = ensure_services()
    vesta = [sys.executable, "-m", "app.cli"]
    try:
        subprocess.run([*vesta, "db", "upgrade"], check=True)
        subprocess.run([*vesta, "seed", "demo"], check=True)
        subprocess.run([*vesta, "settle"], check=True)
        settled_on = london_today()
        children = [
            subprocess.Popen([*vesta, "serve", "--host", host, "--port", str(port)]),
            subprocess.Popen([*vesta, "worker"]),
        ]
        console.print(
            f"[bold]Vesta is running on http://{host}:{port}[/bold] (API docs at "
            f"http://{host}:{port}/schema). Ctrl-C stops everything."
        )
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
                if london_today() != settled_on:  # a new day: settle what it decided
                    settled_on = london_today()
                    subprocess.run([*vesta, "settle"], check=False)
        except KeyboardInterrupt:
            pass
        finally:
            _stop_children(children)
    finally:
        console.print("stopping embedded services…")
        stop_services(urls)


main.add_command(clients)
main.add_command(settle)
main.add_command(members)
main.add_command(keys)
main.add_command(reorg)

if __name__ == "__main__":
    main()
