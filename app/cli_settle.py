"""``vesta settle``: settle what the passage of time has decided in every active council (an
approver's initial notice not rejected in time is accepted, an approval lapses, an unopposed
temporary event notice is acknowledged …), and wake the webhook delivery job of every council
with deliveries due (in case the message that would have sent them was lost). Idempotent: run
it daily from a scheduler; ``vesta dev`` runs it at start-up and again each day it stays up."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from typing import Any

import click

ACTOR = "system:settle"


async def settle_councils(slug: str | None, today: dt.date) -> list[dict[str, Any]]:
    """Run every enabled service's sweeps for one council (``slug``) or every active one."""
    from services.core.sweeps import run_sweeps
    from services.core.webhooks.actors import deliver_webhooks
    from services.core.webhooks.delivery import next_due
    from tenancy import registry as tenants
    from tenancy.binding import TenantRef, platform_session_sync, tenant_session
    from tenancy.db import dispose_engines
    from tenancy.jobs import send_for_tenant
    from tenancy.models import TenantStatus, utcnow

    with platform_session_sync() as session:
        found = (
            [tenants.get_tenant(session, slug)]
            if slug
            else list(tenants.list_tenants(session, TenantStatus.ACTIVE))
        )
        refs = [TenantRef.of(t) for t in found]
    rows = []
    try:
        for ref in refs:
            async with tenant_session(ref.schema_name) as db:
                changed = await run_sweeps(
                    db, today=today, actor=ACTOR, services=ref.enabled_services
                )
                await db.commit()
                due = await db.run_sync(next_due)
            woken = due is not None and due <= utcnow()
            if woken:
                send_for_tenant(deliver_webhooks, ref)
            rows.append({"tenant": ref.slug, "changed": changed, "webhooksWoken": woken})
    finally:
        await dispose_engines()
    return rows


@click.command()
@click.option("--tenant", "slug", help="One council's slug (default: every active council)")
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Settle as of this day (default: today in England)",
)
@click.option("--json", "as_json", is_flag=True)
def settle(slug: str | None, on: dt.datetime | None, as_json: bool) -> None:
    """Settle deemed decisions and lapses that are due, in every active council."""
    from services.core.calendar import london_today
    from services.registry import load_services
    from tenancy.errors import TenancyError

    load_services()
    today = on.date() if on else london_today()
    try:
        rows = asyncio.run(settle_councils(slug, today))
    except TenancyError as exc:
        raise click.ClickException(exc.detail) from exc
    if as_json:
        click.echo(json.dumps({"on": today.isoformat(), "tenants": rows}, indent=2))
        return
    total = sum(n for row in rows for n in row["changed"].values())
    click.echo(f"settled {total} case(s) in {len(rows)} council(s) as of {today.isoformat()}")
    for row in rows:
        for service, count in sorted(row["changed"].items()):
            if count:
                click.echo(f"  {row['tenant']}: {service} {count}")
