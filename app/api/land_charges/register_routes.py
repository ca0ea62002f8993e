"""The register as a whole: its export in HM Land Registry's migration format (each charge
validated; those that fail are listed with pointers, never dropped), and whether it has moved
to HM Land Registry (read by any land charges officer; set by the service's administrators)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import get, put
from litestar.params import JSONBody, QueryParameter
from sqlalchemy import select

from app.api.casework.shapes import Out, RecordedBy, Struct
from app.api.land_charges.deps import PREFIX, TAGS, council_name
from app.api.openapi_examples import example
from app.api.problem_docs import READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.tenant_context import CurrentTenant, TenantSession
from services.core.calendar import london_today
from services.land_charges import hmlr_export, migration
from services.land_charges.models import LandCharge, RegisterMigration
from services.land_charges.register import REGISTERED

FORMAT = "HM Land Registry local land charges bulk load"
EXPORT_ITEM = {
    "schema-version": "9.0",
    "registration-date": "2026-03-02",
    "charge-type": "Planning",
    "charge-sub-category": "Tree preservation order (TPO)",
    "statutory-provision": "Town and Country Planning Act 1990 section 198",
    "originating-authority": "Ashcombe District Council",
    "further-information-location": "Planning Services, Ashcombe Town Hall, AS1 1AA",
    "originating-authority-charge-identifier": "LLC/2026/00012",
    "migration-supplier": "Vesta",
    "migrating-authority": "Ashcombe District Council",
    "old-register-part": "3b",
}


class ExportError(Out):
    pointer: Annotated[str, example("/charge-address/postcode")]
    detail: Annotated[str, example('"postcode" is a required property')]


class RejectedCharge(Out):
    id: Annotated[UUID, example("0195f3c2-7a41-7c1e-9b3d-5f2a8e6d4c22")]
    charge_number: Annotated[str, example("LLC/2026/00013")]
    errors: list[ExportError]


class RegisterExport(Out):
    """``charges`` are ready for HM Land Registry's bulk load; ``rejected`` need fixing first."""

    format: Annotated[str, example("HM Land Registry local land charges bulk load, schema 9")]
    migrating_authority: Annotated[str, example("Ashcombe District Council")]
    exported_at: Annotated[dt.datetime, example("2026-06-01T08:00:00Z")]
    total: Annotated[int, example(2)]
    charges: Annotated[list[dict[str, Any]], example([EXPORT_ITEM])]
    rejected: list[RejectedCharge]


@get(
    PREFIX + "/register/export",
    opt=requires("land_charges", "register", "read"),
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="The register in HM Land Registry's migration format, each charge validated",
    description=(
        "Charges in force (and cancelled ones with `includeCancelled=true`, with their end "
        "date and reason) under HM Land Registry's field names, geometry as a British National "
        "Grid FeatureCollection. Every charge is validated against the package's JSON Schema; "
        "a charge that fails is listed in `rejected` with JSON pointers into its HM Land "
        "Registry form."
    ),
)
async def export_register(
    db_session: TenantSession,
    current_tenant: CurrentTenant,
    include_cancelled: Annotated[bool, QueryParameter(name="includeCancelled")] = False,
) -> RegisterExport:
    statement = select(LandCharge).order_by(LandCharge.charge_number)
    if not include_cancelled:
        statement = statement.where(LandCharge.status == REGISTERED)
    charges = (await db_session.scalars(statement)).all()
    authority = await council_name(current_tenant)
    result = hmlr_export.export_register(charges, migrating_authority=authority)
    return RegisterExport(
        format=f"{FORMAT}, schema {hmlr_export.SCHEMA_VERSION}",
        migrating_authority=authority,
        exported_at=dt.datetime.now(dt.UTC),
        total=len(charges),
        charges=result.charges,
        rejected=[
            RejectedCharge(
                id=r.charge.id,
                charge_number=r.charge.charge_number,
                errors=[ExportError(pointer=e["pointer"], detail=e["detail"]) for e in r.errors],
            )
            for r in result.rejected
        ],
    )


Status = Literal["local", "scheduled", "migrated"]
ServiceUrl = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^https://\S+$", max_length=500, examples=[migration.HMLR_SEARCH_SERVICE]
    ),
]


class MigrationIn(Struct):
    """``migrated`` needs the date the register moved (not in the future); ``scheduled`` the
    agreed date; ``local`` neither."""

    status: Annotated[Status, example("migrated")]
    migration_date: Annotated[dt.date, example("2026-05-18")] | None = None
    hmlr_service_url: ServiceUrl | None = None


class MigrationOut(Out):
    status: Annotated[str, example("migrated")]
    migration_date: Annotated[dt.date, example("2026-05-18")] | None
    hmlr_service_url: Annotated[str, example(migration.HMLR_SEARCH_SERVICE)]
    official_searches_here: Annotated[bool, example(False)]
    updated_at: Annotated[dt.datetime, example("2026-05-18T09:00:00Z")] | None
    updated_by: RecordedBy | None


def migration_out(row: RegisterMigration) -> MigrationOut:
    return MigrationOut(
        status=row.status,
        migration_date=row.migration_date,
        hmlr_service_url=row.hmlr_service_url,
        official_searches_here=not migration.is_migrated(row),
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )


@get(
    PREFIX + "/register/migration",
    opt=requires("land_charges", "settings", "read"),
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="Whether the register has moved to HM Land Registry",
)
async def read_register_migration(db_session: TenantSession) -> MigrationOut:
    return migration_out(await migration.read_migration(db_session))


@put(
    PREFIX + "/register/migration",
    opt=requires("land_charges", "settings", "administer"),
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record the register's migration to HM Land Registry (scheduled or done)",
)
async def set_register_migration(
    data: JSONBody[MigrationIn], db_session: TenantSession, actor: Actor
) -> MigrationOut:
    row = await migration.set_migration(
        db_session,
        status=data.status,
        migration_date=data.migration_date,
        hmlr_service_url=data.hmlr_service_url,
        today=london_today(),
        actor=actor,
    )
    await db_session.commit()
    return migration_out(row)


ROUTES = [export_register, read_register_migration, set_register_migration]
__all__ = ["ROUTES"]
