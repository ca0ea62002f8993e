"""A GeoJSON FeatureCollection of applications for GIS layers:
``GET /api/v1/{tenant}/planning/applications.geojson``.

Each feature is the site's red-line boundary, or its point where there is no boundary;
applications without a location are left out (the response says how many).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from litestar import Request, Response, get
from litestar.params import QueryParameter
from sqlalchemy import and_, select

from app.api.planning.deps import PREFIX, TAGS
from app.api.problem_docs import LIST_PROBLEMS
from app.guards import requires
from app.problems import Problem
from app.tenant_context import TenantSession
from services.core.cases.models import Case, Site
from services.core.cases.queries import CaseFilter, filter_groups
from services.planning.store import SERVICE

GEOJSON = "application/geo+json"
MAX_FEATURES = 50_000


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        west, south, east, north = (float(v) for v in value.split(","))
    except ValueError as exc:
        raise Problem(
            400,
            "Invalid bbox",
            "bbox is minLongitude,minLatitude,maxLongitude,maxLatitude",
            errors=[{"parameter": "bbox", "detail": "four comma-separated numbers"}],
        ) from exc
    if west > east or south > north:
        raise Problem(
            400,
            "Invalid bbox",
            "bbox minimums must not exceed its maximums",
            errors=[{"parameter": "bbox", "detail": "min greater than max"}],
        )
    return west, south, east, north


def _geometry(site: Site) -> dict[str, Any] | None:
    if site.boundary:
        boundary = site.boundary
        return boundary.get("geometry", boundary) if boundary.get("type") == "Feature" else boundary
    if site.longitude is not None and site.latitude is not None:
        return {"type": "Point", "coordinates": [site.longitude, site.latitude]}
    return None


@get(
    PREFIX + "/applications.geojson",
    opt=requires("planning", "applications", "read"),
    tags=TAGS,
    responses=LIST_PROBLEMS,
    summary="Applications as a GeoJSON FeatureCollection for GIS layers",
    description=(
        "Filter by `status` (ODP syntax: comma = OR), `applicationType`, received date "
        "(`receivedDateFrom`/`receivedDateTo`), decision date (`councilDecisionDateFrom`/"
        "`councilDecisionDateTo`) and `bbox` (WGS84 lon/lat of the site point)."
    ),
    media_type=GEOJSON,
)
async def applications_geojson(
    request: Request[Any, Any, Any],
    db_session: TenantSession,
    status: Annotated[list[str] | None, QueryParameter(name="status")] = None,
    application_type: Annotated[list[str] | None, QueryParameter(name="applicationType")] = None,
    received_from: Annotated[dt.date | None, QueryParameter(name="receivedDateFrom")] = None,
    received_to: Annotated[dt.date | None, QueryParameter(name="receivedDateTo")] = None,
    decided_from: Annotated[dt.date | None, QueryParameter(name="councilDecisionDateFrom")] = None,
    decided_to: Annotated[dt.date | None, QueryParameter(name="councilDecisionDateTo")] = None,
    bbox: Annotated[str | None, QueryParameter(name="bbox")] = None,
    limit: Annotated[int, QueryParameter(name="limit", ge=1, le=MAX_FEATURES)] = 5_000,
) -> Response[dict[str, Any]]:
    where = CaseFilter(
        services=(SERVICE,),
        statuses=filter_groups(status),
        case_types=filter_groups(application_type),
        received_from=received_from,
        received_to=received_to,
        decided_from=decided_from,
        decided_to=decided_to,
    )
    statement = where.apply(select(Case, Site).join(Site, Site.case_id == Case.id))
    box = _bbox(bbox)
    if box is not None:
        west, south, east, north = box
        statement = statement.where(
            and_(
                Site.longitude.between(west, east),
                Site.latitude.between(south, north),
            )
        )
    statement = statement.order_by(Case.received_date.desc(), Case.id.desc()).limit(limit + 1)
    rows = (await db_session.execute(statement)).tuples().all()
    truncated = len(rows) > limit
    base = str(request.base_url).rstrip("/") + request.url.path.removesuffix(".geojson")
    features = []
    unlocated = 0
    for case, site in rows[:limit]:
        geometry = _geometry(site)
        if geometry is None:
            unlocated += 1
            continue
        features.append(
            {
                "type": "Feature",
                "id": str(case.id),
                "geometry": geometry,
                "properties": {
                    "reference": case.reference,
                    "applicationType": case.case_type,
                    "status": case.status,
                    "description": case.description,
                    "address": site.address_line,
                    "uprn": site.uprn,
                    "receivedDate": case.received_date.isoformat(),
                    "targetDate": case.target_date.isoformat() if case.target_date else None,
                    "decision": case.decision,
                    "decisionDate": case.decision_date.isoformat() if case.decision_date else None,
                    "url": f"{base}/{case.id}",
                },
            }
        )
    body = {
        "type": "FeatureCollection",
        "features": features,
        "metadata": {
            "returned": len(features),
            "withoutLocation": unlocated,
            "truncated": truncated,
        },
    }
    return Response(body, media_type=GEOJSON)
