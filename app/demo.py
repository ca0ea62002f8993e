"""The demo seed: three district councils that will merge into one unitary on vesting day."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from uuid import UUID

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


@dataclass(frozen=True, slots=True)
class DemoOfficer:
    subject: str
    name: str
    email: str
    roles: tuple[tuple[str | None, str], ...]  # (council slug or None for platform, role)


DEMO_OFFICERS = (
    DemoOfficer(
        "priya-shah",
        "Priya Shah (planning case officer, shared service)",
        "priya.shah@ashcombe.example.gov.uk",
        (("ashcombe", "planning_case_officer"), ("brackenfold", "planning_case_officer")),
    ),
    DemoOfficer(
        "tom-okafor",
        "Tom Okafor (planning team leader; licensing officer)",
        "tom.okafor@wyvern-vale.example.gov.uk",
        (("wyvern-vale", "planning_team_leader"), ("ashcombe", "licensing_officer")),
    ),
    DemoOfficer(
        "helen-marsh",
        "Helen Marsh (building control surveyor, all three)",
        "helen.marsh@brackenfold.example.gov.uk",
        tuple((c.slug, "building_control_surveyor") for c in DEMO_COUNCILS),
    ),
    DemoOfficer(
        "sam-lee",
        "Sam Lee (land charges officer)",
        "sam.lee@brackenfold.example.gov.uk",
        (("brackenfold", "land_charges_officer"),),
    ),
    DemoOfficer(
        "jo-evans",
        "Jo Evans (council administrator, Ashcombe)",
        "jo.evans@ashcombe.example.gov.uk",
        (("ashcombe", "council_administrator"),),
    ),
    DemoOfficer(
        "chris-dale",
        "Chris Dale (auditor, Wyvern Vale)",
        "chris.dale@wyvern-vale.example.gov.uk",
        (("wyvern-vale", "council_auditor"),),
    ),
    DemoOfficer(
        "alex-morgan",
        "Alex Morgan (platform operator)",
        "alex.morgan@vesta.example",
        ((None, "platform_operator"),),
    ),
)


def seed_officers() -> None:
    """Demo officers for the development sign-in, with their roles (kept if already there)."""
    from sqlalchemy import select

    from app.auth.members import grant
    from app.auth.policy import Policy
    from app.auth.routes import DEV_ISSUER
    from tenancy.principals import User

    with platform_session_sync() as session:
        for officer in DEMO_OFFICERS:
            user = session.scalars(
                select(User).where(User.issuer == DEV_ISSUER, User.subject == officer.subject)
            ).one_or_none()
            if user is None:
                user = User(
                    issuer=DEV_ISSUER,
                    subject=officer.subject,
                    email=officer.email,
                    display_name=officer.name,
                )
                session.add(user)
                session.flush()
            for slug, role in officer.roles:
                tenant_id = tenants.get_tenant(session, slug).id if slug else None
                grant(session, user, tenant_id, role, actor=SEED_ACTOR)
    Policy.announce("reload", user.id, None, "")


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
    seed_officers()
    asyncio.run(seed_casework(seeded))
    return seeded


#: Each service's demo casework: a module with ``seed_council(tenant, officer)``, and the demo
#: officer (by subject) who works it in each council unless named per council.
SEEDERS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("app.demo_planning", "priya-shah", {"wyvern-vale": "tom-okafor"}),
    ("app.demo_building_control", "helen-marsh", {}),
    ("app.demo_licensing", "tom-okafor", {}),
    ("app.demo_tens", "tom-okafor", {}),
    ("app.demo_land_charges", "sam-lee", {}),
)


async def seed_casework(councils: list[Tenant]) -> None:
    """Each demo council's registers, each worked by its demo officer."""
    import importlib

    from sqlalchemy import select

    from app.auth.routes import DEV_ISSUER
    from tenancy.binding import TenantRef
    from tenancy.db import dispose_engines
    from tenancy.principals import User

    def officer_of(subject: str) -> tuple[UUID | None, str | None]:
        with platform_session_sync() as session:
            user = session.scalars(
                select(User).where(User.issuer == DEV_ISSUER, User.subject == subject)
            ).one()
            return user.id, user.display_name.split(" (")[0]

    try:
        for module, default_subject, per_council in SEEDERS:
            seed_council = importlib.import_module(module).seed_council
            for council in councils:
                officer = officer_of(per_council.get(council.slug, default_subject))
                await seed_council(TenantRef.of(council), officer)
    finally:
        await dispose_engines()
