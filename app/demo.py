"""The demo seed: three district councils that will merge into one unitary on vesting day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from services.registry import registry
from tenancy import registry as tenants
from tenancy.binding import platform_session_sync
from tenancy.errors import TenantNotFound
from tenancy.models import Tenant, TenantKind

VESTING_DAY = dt.date(2027, 4, 1)
SEED_ACTOR = "seed:demo"


@dataclass(frozen=True, slots=True)
class DemoCouncil:
    slug: str
    name: str
    gss_code: str


DEMO_COUNCILS = (
    DemoCouncil("ashcombe", "Ashcombe District Council", "E07000301"),
    DemoCouncil("brackenfold", "Brackenfold District Council", "E07000302"),
    DemoCouncil("wyvern-vale", "Wyvern Vale District Council", "E07000303"),
)


def seed_demo() -> list[Tenant]:
    """Create the demo councils with every service enabled; councils already there are kept."""
    seeded = []
    for council in DEMO_COUNCILS:
        with platform_session_sync() as session:
            try:
                tenants.get_tenant(session, council.slug)
            except TenantNotFound:
                pass
            else:
                seeded.append(tenants.resume_provisioning(council.slug, actor=SEED_ACTOR))
                continue
        seeded.append(
            tenants.create_tenant(
                slug=council.slug,
                name=council.name,
                gss_code=council.gss_code,
                kind=TenantKind.DISTRICT,
                services=registry.codes(),
                actor=SEED_ACTOR,
                vesting_date=VESTING_DAY,
            )
        )
    return seeded
