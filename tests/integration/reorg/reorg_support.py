"""Shared by the reorganisation tests: three councils seeded with every service's demo
casework (the demo seeders, run against fresh councils), fingerprints of their schemas, and
a merge plan of them into a new successor."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from typing import Any

from conftest import make_user, unique_gss

SERVICES = ("building_control", "land_charges", "licensing", "planning")
DEMO_SLUGS = ("ashcombe", "brackenfold", "wyvern-vale")
#: The officer made for each seeded council, by slug.
OFFICERS: dict[str, Any] = {}
SEEDERS = (
    "app.demo_planning",
    "app.demo_building_control",
    "app.demo_licensing",
    "app.demo_tens",
    "app.demo_land_charges",
)


def seeded_councils(label: str) -> list[Any]:
    """Three active districts holding planning, building control, licensing and land charges
    casework, each with an officer; the seeders see them as the three demo councils."""
    import importlib

    from tenancy import registry
    from tenancy.binding import TenantRef
    from tenancy.db import dispose_engines
    from tenancy.models import TenantKind

    councils = []
    for demo in DEMO_SLUGS:
        tenant = registry.create_tenant(
            slug=f"{label}-{demo[:4]}-{uuid.uuid4().hex[:4]}",
            name=f"{demo.title()} {label}",
            gss_code=unique_gss(),
            kind=TenantKind.DISTRICT,
            services=SERVICES,
            actor="test",
        )
        officer = make_user(
            {tenant.id: ["planning_case_officer", "licensing_officer", "council_administrator"]}
        )
        OFFICERS[tenant.slug] = officer
        councils.append((tenant, demo, officer))

    async def seed() -> None:
        try:
            for module in SEEDERS:
                seed_council = importlib.import_module(module).seed_council
                for tenant, demo, officer in councils:
                    ref = dataclasses.replace(TenantRef.of(tenant), slug=demo)
                    await seed_council(ref, (officer.id, officer.display_name))
        finally:
            await dispose_engines()

    asyncio.run(seed())
    return [tenant for tenant, _, _ in councils]


def fingerprints(*tenants: Any) -> dict[str, Any]:
    from sqlalchemy import select

    from tenancy.binding import platform_session_sync
    from tenancy.db import sync_engine
    from tenancy.models import Tenant
    from tenancy.reorg.fingerprints import schema_fingerprint
    from tenancy.reorg.tables import tenant_tables

    specs = tenant_tables()
    with platform_session_sync() as session:
        schemas = {
            t.slug: session.scalars(select(Tenant.schema_name).where(Tenant.id == t.id)).one()
            for t in tenants
        }
    with sync_engine().connect() as connection:
        return {slug: schema_fingerprint(connection, s, specs) for slug, s in schemas.items()}


def tenant_row(slug: str) -> Any:
    from sqlalchemy import select

    from tenancy.binding import platform_session_sync
    from tenancy.models import Tenant

    with platform_session_sync() as session:
        return session.scalars(select(Tenant).where(Tenant.slug == slug)).one()


def plan(councils: list[Any], label: str = "merge") -> Any:
    import datetime as dt

    from tenancy.reorg.plan import plan_merge

    into = f"{label}-{uuid.uuid4().hex[:6]}"
    return plan_merge(
        name=f"{label} {uuid.uuid4().hex[:6]}",
        vesting_date=dt.date(2027, 4, 1),
        sources=[c.slug for c in councils],
        into=into,
        successor_name="North Wessex Council",
        gss_code=unique_gss("E06"),
        actor="test",
    )


def target_of(reorg_id: Any) -> Any:
    from tenancy.binding import platform_session_sync
    from tenancy.models import Tenant
    from tenancy.reorg.plan import transfers_of

    with platform_session_sync() as session:
        return session.get(Tenant, transfers_of(session, reorg_id)[0].target_tenant_id)
