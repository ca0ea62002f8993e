"""A site's history across every service: ``GET /api/v1/{tenant}/sites/{uprn}``.

Planning applications, building control cases, licence applications, searches … at the
UPRN, and what services keep there besides cases (licences in force, land charges), newest
first. Only the services the caller may read are shown (a site with nothing the caller may see
has an empty history); a person who is not a member of the council gets a 404, as everywhere.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

import msgspec
from litestar import Request, get
from litestar.params import FromPath

from app.api.openapi_examples import example, example_of, response_with_examples
from app.api.problem_docs import READ_PROBLEMS
from app.auth.guard import readable_services
from app.guards import requires
from app.problems import Problem
from app.tenant_context import CurrentTenant, TenantSession
from services.core.sites import SiteRecord, site_history


class SiteRecordOut(msgspec.Struct, rename="camel", kw_only=True):
    service: Annotated[str, example("planning")]
    #: ``case``, or a service's own record kind (``licence``, ``land_charge``).
    kind: Annotated[str, example("case")]
    id: Annotated[UUID, example("0195f3c2-7a41-7c1e-9b3d-5f2a8e6d4c10")]
    reference: Annotated[str, example("26/00042/HOUSE")]
    type: Annotated[str, example("householder")]
    type_name: Annotated[str, example("Householder application")]
    description: Annotated[str, example("Single-storey rear extension and loft conversion")]
    status: Annotated[str, example("consultation")]
    #: The day it began: received, granted or registered.
    date: Annotated[dt.date, example("2026-03-02")]
    #: Still open (a case) or in force (a licence, a charge).
    current: Annotated[bool, example(True)]
    address_line: Annotated[str, example("12 Acacia Avenue, SE22 8HT")] | None


class SiteHistoryOut(msgspec.Struct, rename="camel", kw_only=True):
    uprn: Annotated[str, example("100021234567")]
    address_line: Annotated[str, example("12 Acacia Avenue, SE22 8HT")] | None
    #: The services whose records are shown (those the caller may read).
    services: Annotated[list[str], example(["planning", "building_control", "licensing"])]
    records: list[SiteRecordOut]


def _out(record: SiteRecord) -> SiteRecordOut:
    return SiteRecordOut(
        service=record.service,
        kind=record.kind,
        id=record.id,
        reference=record.reference,
        type=record.type_code,
        type_name=record.type_name,
        description=record.description,
        status=record.status,
        date=record.on,
        current=record.current,
        address_line=record.address_line,
    )


@get(
    "/api/v1/{tenant:str}/sites/{uprn:str}",
    opt=requires("core", "cases", "read"),
    tags=["council"],
    responses={
        **READ_PROBLEMS,
        200: response_with_examples(
            SiteHistoryOut,
            "Everything the council holds at the site, newest first",
            history=example_of(SiteHistoryOut),
        ),
    },
    summary="A site's history across services, by UPRN",
)
async def site(
    uprn: FromPath[str],
    request: Request[Any, Any, Any],
    db_session: TenantSession,
    current_tenant: CurrentTenant,
) -> SiteHistoryOut:
    if not uprn.isdigit() or len(uprn) > 12:
        raise Problem(
            400,
            "Invalid UPRN",
            f"{uprn!r} is not a UPRN (up to 12 digits)",
            errors=[{"parameter": "uprn", "detail": "up to 12 digits"}],
        )
    services = readable_services(request.scope.get("user"), current_tenant)
    records = await site_history(db_session, uprn, services) if services else []
    address = next((r.address_line for r in records if r.address_line), None)
    return SiteHistoryOut(
        uprn=uprn,
        address_line=address,
        services=list(services),
        records=[_out(r) for r in records],
    )
