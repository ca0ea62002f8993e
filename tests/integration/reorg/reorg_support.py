"""Shared by the reorganisation tests: three councils seeded with every service's demo
casework (the demo seeders, run against fresh councils) and a few uploaded document files each
(real bytes in a scratch local document store, through the case core's upload), fingerprints of
their schemas, the files under a council's prefix, and a merge plan of them into a new
successor."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
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
#: Planning documents uploaded (with real bytes) per seeded council.
FILES_PER_COUNCIL = 2
PDF = "application/pdf"
_SCRATCH_STORE = tempfile.TemporaryDirectory(prefix="vesta-reorg-documents-")


@dataclasses.dataclass(frozen=True, slots=True)
class Upload:
    """A document uploaded to a seeded council: its case, its id and the bytes of its file."""

    council: Any
    case_id: str
    document_id: str
    content: bytes


#: The documents uploaded to each seeded council, by slug.
UPLOADS: dict[str, list[Upload]] = {}


def document_root() -> Path:
    """Where the local document store keeps files. Unless a test module chose a store of its
    own, the reorganisation tests use a scratch directory for the rest of the session, set in
    the environment so the CLI's subprocesses see the same files."""
    from tenancy.storage import default_documents_dir, document_store_from_env

    if "VESTA_DATA_DIR" not in os.environ:
        os.environ["VESTA_DATA_DIR"] = _SCRATCH_STORE.name
        os.environ["VESTA_DOCUMENT_STORE"] = "local"
        document_store_from_env.cache_clear()
    assert (os.environ.get("VESTA_DOCUMENT_STORE") or "local") == "local"
    return default_documents_dir()


def stored(*schemas: str) -> dict[str, bytes]:
    """Every file in the store under the given tenants' prefixes, by key."""
    root = document_root()
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for schema in schemas
        if (root / schema).exists()
        for path in (root / schema).rglob("*")
        if path.is_file()
    }


def document_keys(schema: str) -> dict[str, str | None]:
    """Each document's storage key in a council, by document id."""
    from tenancy.db import sync_engine
    from tenancy.sql import schema_sql

    with sync_engine().connect() as connection:
        sql = schema_sql("SELECT CAST(id AS text), storage_key FROM {s}.documents", s=schema)
        return dict(connection.execute(sql).all())


async def upload_files(council: Any, officer: Any, count: int = FILES_PER_COUNCIL) -> list[Upload]:
    """Upload ``count`` PDF files to the council's first planning cases that take uploads,
    through the case core (the planning API's upload does the same)."""
    from sqlalchemy import select

    from services.core.cases import documents
    from services.core.cases.models import Case
    from services.planning import workflow
    from tenancy.binding import tenant_session

    takes_uploads = workflow.WORKFLOW.activities["upload_document"]
    made: list[Upload] = []
    async with tenant_session(council.schema_name) as session:
        cases = await session.scalars(
            select(Case)
            .where(Case.service == "planning", Case.status.in_(sorted(takes_uploads)))
            .order_by(Case.id)
            .limit(count)
        )
        for case in list(cases):
            content = b"%PDF-1.7\n" + os.urandom(3000) + b"\n%%EOF\n"
            row = await documents.upload_document(
                session,
                case,
                documents.NewDocument("plans.pdf", ["floorPlan.proposed"], PDF),
                _chunks(content),
                schema_name=council.schema_name,
                workflow=workflow.WORKFLOW,
                actor=str(officer.id),
            )
            made.append(Upload(council, str(case.id), str(row.id), content))
    assert len(made) == count, f"{council.slug}: too few planning cases take uploads"
    return made


async def _chunks(content: bytes) -> AsyncIterator[bytes]:
    yield content


def seeded_councils(label: str, count: int = 3) -> list[Any]:
    """Three (or ``count``) active districts holding planning, building control, licensing and
    land charges casework and ``FILES_PER_COUNCIL`` uploaded document files (``UPLOADS``), each
    with an officer; the seeders see them as the demo councils."""
    import importlib

    from tenancy import registry
    from tenancy.binding import TenantRef
    from tenancy.db import dispose_engines
    from tenancy.models import TenantKind

    document_root()
    councils = []
    for demo in DEMO_SLUGS[:count]:
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
            for tenant, _, officer in councils:
                UPLOADS[tenant.slug] = await upload_files(tenant, officer)
                await subscribe_integrator(tenant, officer)
        finally:
            await dispose_engines()

    asyncio.run(seed())
    return [tenant for tenant, _, _ in councils]


async def subscribe_integrator(council: Any, officer: Any) -> None:
    """A GIS integrator's webhook subscription to the council's planning events."""
    from services.core.webhooks import subscriptions
    from tenancy.binding import tenant_session

    async with tenant_session(council.schema_name) as session:
        await subscriptions.create(
            session,
            url=f"https://gis.example.org/hooks/{council.slug}",
            events=["case.created", "case.decided"],
            services=["planning"],
            description="GIS layer refresh",
            enabled=SERVICES,
            actor=f"user:{officer.id}",
        )
        await session.commit()


def vesta(*args: str, kill_at: int | None = None, log: Any = None) -> Any:
    """Run the CLI in a process of its own; ``kill_at`` arms the engine's kill hook (the point
    it dies at is appended to ``log``)."""
    import os
    import subprocess
    import sys

    env = os.environ.copy()
    if kill_at is not None:
        env["VESTA_REORG_KILL_AT"] = str(kill_at)
        env["VESTA_REORG_KILL_LOG"] = str(log)
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


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


ROLLED_BACK = "reorganisation.rolled_back"


def rolled_back_into(tenant: Any, reorg_id: Any) -> dict[str, Any]:
    """An existing council a rollback took copied rows out of: its fingerprint with the
    rollback's note in its audit log left out, and the notes the rollback wrote (``removed``:
    rows taken out, per table)."""
    from tenancy.db import sync_engine
    from tenancy.reorg.sqlgen import q, row_hash
    from tenancy.reorg.tables import tenant_tables
    from tenancy.sql import schema_sql

    schema = tenant_row(tenant.slug).schema_name
    prints = fingerprints(tenant)[tenant.slug]
    audit = next(s for s in tenant_tables() if s.is_audit)
    with sync_engine().connect() as connection:
        count, digest = connection.execute(
            schema_sql(
                f"SELECT count(*), CAST({row_hash(audit.columns, 's')} AS text) "
                f"FROM {{s}}.{q(audit.name)} s WHERE s.action <> '{ROLLED_BACK}'",
                s=schema,
            )
        ).one()
        notes = connection.execute(
            schema_sql(
                f"SELECT after FROM {{s}}.{q(audit.name)} WHERE action = '{ROLLED_BACK}' "
                "AND entity_id = :reorg",
                s=schema,
            ),
            {"reorg": str(reorg_id)},
        ).scalars()
        prints[audit.name] = [int(count), str(digest)]
        return {"fingerprint": prints, "notes": list(notes)}


def target_fingerprint(tenant: Any) -> dict[str, list[object]]:
    """A target council's fingerprint that two runs into different targets can share: each
    document's storage key is first checked to be ``<this target's schema>/<case>/<document>``
    with its file in the store, then the key is left out of the table checksums, and the files'
    contents are fingerprinted instead (``@files``: how many, and a digest of their bytes by
    document). Notes earlier rollbacks left in its audit log are left out."""
    import hashlib

    from tenancy.db import sync_engine
    from tenancy.reorg.sqlgen import fingerprint
    from tenancy.reorg.tables import tenant_tables
    from tenancy.sql import schema_sql

    schema = tenant_row(tenant.slug).schema_name
    held = stored(schema)
    digest = hashlib.sha256()
    result: dict[str, list[object]] = {}
    with sync_engine().connect() as connection:
        documents = connection.execute(
            schema_sql(
                "SELECT CAST(id AS text), CAST(case_id AS text), storage_key FROM {s}.documents "
                "WHERE storage_key IS NOT NULL ORDER BY id",
                s=schema,
            )
        ).all()
        for document, case, key in documents:
            assert key == f"{schema}/{case}/{document}", (document, key)
            assert key in held, f"no file for {key}"
            digest.update(f"{document}:{hashlib.sha256(held[key]).hexdigest()};".encode())
        for spec in tenant_tables():
            kept = tuple(c for c in spec.columns if c != spec.file_key)
            count, checksum = connection.execute(
                fingerprint(dataclasses.replace(spec, columns=kept), schema)
            ).one()
            result[spec.name] = [int(count), str(checksum)]
    if result.get("audit_log"):
        result["audit_log"] = rolled_back_into(tenant, None)["fingerprint"]["audit_log"]
    result["@files"] = [len(documents), digest.hexdigest()]
    return result


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


def targets_of(reorg_id: Any) -> list[Any]:
    """Every target council of a plan, in transfer order."""
    from tenancy.binding import platform_session_sync
    from tenancy.models import Tenant
    from tenancy.reorg.plan import transfers_of

    with platform_session_sync() as session:
        return [session.get(Tenant, t.target_tenant_id) for t in transfers_of(session, reorg_id)]


def roles_in(tenant_id: Any, granted_by: str | None = None) -> dict[str, set[str]]:
    """Who holds which roles in a council (by email), optionally only one grantor's grants."""
    from sqlalchemy import select

    from tenancy.binding import platform_session_sync
    from tenancy.principals import Membership, User

    query = (
        select(User.email, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.tenant_id == tenant_id)
    )
    if granted_by is not None:
        query = query.where(Membership.granted_by == granted_by)
    found: dict[str, set[str]] = {}
    with platform_session_sync() as session:
        for email, role in session.execute(query):
            found.setdefault(email, set()).add(role)
    return found


def ward_split(source: Any, label: str, *, actor: str = "test") -> Any:
    """Split ``source`` in two new councils by its sites' wards (alternate wards to each), the
    first target taking whatever the wards do not place."""
    import datetime as dt

    from conftest import unique_gss

    from tenancy.db import sync_engine
    from tenancy.reorg.plan_split import NewTarget, plan_split
    from tenancy.sql import schema_sql

    with sync_engine().connect() as connection:
        wards = [
            w
            for (w,) in connection.execute(
                schema_sql(
                    "SELECT DISTINCT ward_code FROM {s}.sites "
                    "WHERE ward_code IS NOT NULL ORDER BY 1",
                    s=source.schema_name,
                )
            )
        ]
    assert len(wards) >= 2, wards
    token = uuid.uuid4().hex[:5]
    west, east = f"{label}-w-{token}", f"{label}-e-{token}"
    return plan_split(
        name=f"{label} split {token}",
        vesting_date=dt.date(2027, 4, 1),
        source=source.slug,
        by_wards={
            west: {"wards": wards[0::2], "parishes": []},
            east: {"wards": wards[1::2], "parishes": []},
        },
        create=[NewTarget(s, s.title(), unique_gss("E06")) for s in (west, east)],
        default=west,
        actor=actor,
    )


def service_transfer(source: Any, into: Any, label: str, services: tuple[str, ...]) -> Any:
    import datetime as dt

    from tenancy.reorg.plan_split import plan_transfer

    return plan_transfer(
        name=f"{label} {uuid.uuid4().hex[:6]}",
        vesting_date=dt.date(2027, 4, 1),
        source=source.slug,
        services=list(services),
        into=into.slug,
        actor="test",
    )
