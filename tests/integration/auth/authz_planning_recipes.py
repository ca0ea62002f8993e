"""Request recipes for the planning application routes and the worklist, merged into
``TENANT_RECIPES`` (with all the sub-resources' recipes from ``authz_casework_recipes.py``).

Each write recipe makes a fresh application in the state its route needs (see
``authz_planning_support.made``; a read route's is made once per council and shared, see
``reading``), then sends one valid request; a write's ``changed`` reads the database.
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
from authz_support import Outcome, Recipe, media_type

from services.core.cases.models import Case
from services.core.cases.outcomes import Appeal
from services.core.cases.records import Task, ValidationRequest
from tenancy.binding import tenant_session


async def _worklist(http: Any, tenant: Any) -> Outcome:
    return Outcome(await http.get(f"/api/v1/{tenant.slug}/cases"))


_SITES_MADE: set[Any] = set()


async def _site(http: Any, tenant: Any) -> Outcome:
    if tenant.id not in _SITES_MADE:
        await made(tenant)  # an application at UPRN 100012345678
        _SITES_MADE.add(tenant.id)
    return Outcome(await http.get(f"/api/v1/{tenant.slug}/sites/100012345678"))


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


async def _tasks(http: Any, tenant: Any) -> Outcome:
    return Outcome(await http.get(f"/api/v1/{tenant.slug}/tasks", params={"status": "open"}))


async def _add_task(http: Any, tenant: Any) -> Outcome:
    title = f"Chase fee {uuid.uuid4().hex[:8]}"
    response = await http.post(f"/api/v1/{tenant.slug}/tasks", json={"title": title})
    return Outcome(response, lambda: stored(tenant, Task, title=title) is not None)


async def _complete_task(http: Any, tenant: Any) -> Outcome:
    async with tenant_session(tenant.schema_name) as session:
        task = Task(title="Site visit", service="core", created_by="test")
        session.add(task)
        await session.commit()
        task_id = task.id
    response = await http.patch(f"/api/v1/{tenant.slug}/tasks/{task_id}", json={"status": "done"})
    return Outcome(response, lambda: stored(tenant, Task, id=task_id).status == "done")


REFUSED = {"outcome": "refused"}

PLANNING_RECIPES: dict[str, Recipe] = {
    "GET /api/v1/{tenant:str}/cases": Recipe(
        200, _worklist, lambda b: isinstance(b["data"], list) and "pagination" in b
    ),
    "GET /api/v1/{tenant:str}/sites/{uprn:str}": Recipe(
        200, _site, lambda b: b["uprn"] == "100012345678" and isinstance(b["records"], list)
    ),
    "GET /api/v1/{tenant:str}/tasks": Recipe(200, _tasks, lambda b: "pagination" in b),
    "POST /api/v1/{tenant:str}/tasks": Recipe(201, _add_task, lambda b: b["status"] == "open"),
    "PATCH /api/v1/{tenant:str}/tasks/{task_id:uuid}": Recipe(
        200, _complete_task, lambda b: b["status"] == "done"
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
        lambda r: media_type(r) == "text/html" and b"<" in r.content[:32],
    ),
    f"GET {APP}/decision/notice.pdf": Recipe(
        200,
        reading("/decision/notice.pdf", "determined"),
        lambda r: media_type(r) == "application/pdf" and r.content.startswith(b"%PDF"),
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


def casework_route_keys() -> set[str]:
    """The sub-resource routes as their handlers declare them (``casework_routes.ROUTES``)."""
    from app.api.planning.casework_routes import ROUTES

    return {f"{m} {p}" for h in ROUTES for p in h.paths for m in sorted(h.http_methods)}


PLANNING_RECIPES.update(CASEWORK_RECIPES)
