"""Request recipes for the planning application routes and the worklist, merged into
``TENANT_RECIPES`` (with the sub-resources' recipes from ``authz_casework_recipes.py``).

Each recipe makes a fresh application in the state its route needs (see
``authz_planning_support.made``), then sends one valid request; a write's ``changed`` reads
the database.
"""

from __future__ import annotations

import uuid
from typing import Any

from authz_casework_recipes import CASEWORK_RECIPES
from authz_planning_support import (
    APP,
    APPS,
    by_id,
    case_now,
    days_on,
    made,
    reading,
    record,
    status_is,
    stored,
    url,
    writing,
)
from authz_recipes import Outcome, Recipe

from services.core.cases.models import Case
from services.core.cases.outcomes import Appeal
from services.core.cases.records import ValidationRequest


async def _worklist(http: Any, tenant: Any) -> Outcome:
    return Outcome(await http.get(f"/api/v1/{tenant.slug}/cases"))


async def _list(http: Any, tenant: Any) -> Outcome:
    case = await made(tenant)
    path = f"/api/v1/{tenant.slug}/planning/applications"
    return Outcome(await http.get(path, params={"reference": case.reference}))


async def _geojson(http: Any, tenant: Any) -> Outcome:
    await made(tenant)
    path = f"/api/v1/{tenant.slug}/planning/applications.geojson"
    return Outcome(await http.get(path, params={"bbox": "-1.2,51.1,-1.0,51.3", "limit": 1}))


async def _register(http: Any, tenant: Any) -> Outcome:
    description = f"Loft conversion {uuid.uuid4().hex[:8]}"
    body = {
        "applicationType": "householder",
        "description": description,
        "site": {"addressLine": "3 Church Row, Ashcombe, AS1 4DE"},
        "applicant": {"name": "Robin Applicant"},
    }
    response = await http.post(f"/api/v1/{tenant.slug}/planning/applications", json=body)
    return Outcome(response, lambda: stored(tenant, Case, description=description) is not None)


async def _patch(http: Any, tenant: Any) -> Outcome:
    case = await made(tenant)
    description = f"Two-storey side extension {uuid.uuid4().hex[:8]}"
    response = await http.patch(
        url(tenant, case),
        json={"description": description},
        headers={"If-Match": f'"{case.id}.{case.version}"'},
    )
    return Outcome(response, lambda: case_now(tenant, case).description == description)


REFUSED = {"outcome": "refused"}

PLANNING_RECIPES: dict[str, Recipe] = {
    "GET /api/v1/{tenant:str}/cases": Recipe(
        200, _worklist, lambda b: isinstance(b["data"], list) and "pagination" in b
    ),
    f"GET {APPS}": Recipe(200, _list, lambda b: [a["status"] for a in b["data"]] == ["received"]),
    f"POST {APPS}": Recipe(
        201, _register, lambda b: (b["status"], b["applicationType"]) == ("received", "householder")
    ),
    f"GET {APPS}.geojson": Recipe(
        200, _geojson, lambda b: b["type"] == "FeatureCollection" and len(b["features"]) == 1
    ),
    f"GET {APP}": Recipe(200, reading(""), lambda b: b["status"] == "received"),
    f"PATCH {APP}": Recipe(200, _patch, lambda b: b["description"].startswith("Two-storey")),
    f"GET {APP}/appeal": Recipe(
        200,
        reading("/appeal", "determined", records=("appeal",), **REFUSED),
        lambda b: b["status"] == "lodged" and b["lodgedInTime"] is True,
    ),
    f"PATCH {APP}/appeal": Recipe(
        200,
        writing(
            "PATCH",
            "/appeal",
            lambda c: {"validatedDate": days_on(0)},
            by_id(Appeal, "appeal", lambda row: row.status == "validated"),
            "determined",
            records=("appeal",),
            **REFUSED,
        ),
        lambda b: b["status"] == "validated",
    ),
    f"POST {APP}/appeal": Recipe(
        201,
        writing(
            "POST",
            "/appeal",
            lambda c: {"kind": "refusal", "lodgedDate": days_on(0), "reason": "Harm overstated"},
            record(Appeal, kind="refusal"),
            "determined",
            **REFUSED,
        ),
        lambda b: b["status"] == "lodged",
    ),
    f"GET {APP}/appeal-deadline": Recipe(
        200,
        reading("/appeal-deadline", "determined", **REFUSED),
        lambda b: b["decision"] == "refused" and b["appealDeadlineDate"] is not None,
    ),
    f"POST {APP}/assessment": Recipe(
        200,
        writing(
            "POST",
            "/assessment",
            {"action": "start_assessment"},
            status_is("assessment"),
            "consultation",
        ),
        lambda b: b["status"] == "assessment",
    ),
    f"GET {APP}/audit": Recipe(
        200, reading("/audit"), lambda b: b["pagination"]["totalResults"] >= 1
    ),
    f"POST {APP}/decision": Recipe(
        200,
        writing(
            "POST",
            "/decision",
            {"outcome": "granted"},
            lambda t, c: case_now(t, c).decision == "granted",
            "assessment",
        ),
        lambda b: b["status"] == "determined" and b["decision"]["outcome"] == "granted",
    ),
    f"GET {APP}/decision/notice.html": Recipe(
        200,
        reading("/decision/notice.html", "determined"),
        lambda b: b["mediaType"] == "text/html" and b"<" in b["start"],
    ),
    f"GET {APP}/decision/notice.pdf": Recipe(
        200,
        reading("/decision/notice.pdf", "determined"),
        lambda b: b["mediaType"] == "application/pdf" and b["start"].startswith(b"%PDF"),
    ),
    f"GET {APP}/extensions-of-time": Recipe(
        200,
        reading("/extensions-of-time", records=("extension",)),
        lambda b: [e["counts"] for e in b] == [True],
    ),
    f"POST {APP}/extensions-of-time": Recipe(
        201,
        writing(
            "POST",
            "/extensions-of-time",
            lambda c: {"agreedDate": days_on(0), "newTargetDate": days_on(200)},
            lambda t, c: case_now(t, c).target_date.isoformat() == days_on(200),
        ),
        lambda b: b["counts"] is True,
    ),
    f"GET {APP}/odp": Recipe(200, reading("/odp", odp=True), lambda b: "data" in b),
    f"PUT {APP}/recommendation": Recipe(
        200,
        writing(
            "PUT",
            "/recommendation",
            {"recommendation": "granted", "report": "Acceptable in scale and design"},
            lambda t, c: case_now(t, c).recommendation == "granted",
            "assessment",
        ),
        lambda b: b["recommendation"] == "granted",
    ),
    f"POST {APP}/validation": Recipe(
        200,
        writing("POST", "/validation", {"outcome": "valid"}, status_is("consultation")),
        lambda b: b["status"] == "consultation",
    ),
    f"GET {APP}/validation-requests": Recipe(
        200,
        reading("/validation-requests", records=("request",)),
        lambda b: [r["status"] for r in b] == ["open"],
    ),
    f"POST {APP}/validation-requests": Recipe(
        201,
        writing(
            "POST",
            "/validation-requests",
            {"kind": "missing_document", "detail": "Send the floor plans"},
            record(ValidationRequest, kind="missing_document"),
        ),
        lambda b: b["status"] == "open",
    ),
    f"POST {APP}/validation-requests/{{request_id:uuid}}/cancel": Recipe(
        200,
        writing(
            "POST",
            "/validation-requests/{request}/cancel",
            None,
            by_id(ValidationRequest, "request", lambda row: row.status == "cancelled"),
            records=("request",),
        ),
        lambda b: b["status"] == "cancelled",
    ),
    f"POST {APP}/validation-requests/{{request_id:uuid}}/response": Recipe(
        200,
        writing(
            "POST",
            "/validation-requests/{request}/response",
            {"response": "Fee paid by card"},
            by_id(ValidationRequest, "request", lambda row: row.status == "responded"),
            records=("request",),
        ),
        lambda b: b["status"] == "responded",
    ),
    f"POST {APP}/withdrawal": Recipe(
        200,
        writing("POST", "/withdrawal", {"reason": "Plans changed"}, status_is("withdrawn")),
        lambda b: b["status"] == "withdrawn",
    ),
}


def _casework_routes() -> set[str]:
    """The sub-resource routes as their handlers declare them (``casework_routes.ROUTES``)."""
    from app.api.planning.casework_routes import ROUTES

    return {f"{m} {p}" for h in ROUTES for p in h.paths for m in sorted(h.http_methods)}


def _declared() -> set[str]:
    from authz_support import tenant_routes

    return {r.key for r in tenant_routes()}


assert set(CASEWORK_RECIPES) == _casework_routes(), set(CASEWORK_RECIPES) ^ _casework_routes()
# The sub-resource routes join the matrix once ``app/api/planning/routes.py`` registers them.
PLANNING_RECIPES.update({k: v for k, v in CASEWORK_RECIPES.items() if k in _declared()})
