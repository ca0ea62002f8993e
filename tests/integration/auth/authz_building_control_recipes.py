"""Request recipes for the building control routes, merged into ``TENANT_RECIPES``.

Each write recipe makes a fresh case in the state its route needs straight through the building
control services inside a tenant session (never through the HTTP client, which is signed in as
the role under test), sends one valid request and reads the database to see whether it landed;
a read route's case is made once per council and shared.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from authz_support import Outcome, Recipe, media_type
from sqlalchemy import func, select

from services.building_control import casework, certificate, inspections, store
from services.building_control.higher_risk import Building
from services.building_control.models import Charge, Inspection
from services.core.cases.models import Case
from services.core.cases.store import NewCase
from services.core.store import read_settings
from tenancy.binding import tenant_session, tenant_session_sync

ACTOR = "test"
BASE = "/api/v1/{tenant:str}/building-control"
APP = BASE + "/applications/{application:str}"
NOTICE = BASE + "/initial-notices/{notice:str}"
CATEGORY = "extension_up_to_40m2"
HOUSE = Building(Decimal("7.5"), 2, 1)
SCHEME = [
    ("plan", "450.00", "standard"),
    ("inspection", "300.00", "standard"),
    ("building_notice", "700.00", "standard"),
    ("regularisation", "1050.00", "outside_scope"),
]


def scheme_body(description: str = "Extension up to 40 m²") -> dict[str, Any]:
    return {
        "charges": [
            {
                "chargeType": kind,
                "category": CATEGORY,
                "description": description,
                "netAmount": amount,
                "vatTreatment": vat,
            }
            for kind, amount, vat in SCHEME
        ]
    }


@dataclass(frozen=True, slots=True)
class Made:
    id: uuid.UUID
    version: int
    reference: str
    ids: dict[str, uuid.UUID] = field(default_factory=dict)


def today() -> dt.date:
    return store.today()


async def made(
    tenant: Any, kind: str = "full_plans", state: str = "received", *records: str
) -> Made:
    """A fresh case of ``kind`` in ``tenant`` (``approved`` if asked) with ``records``:
    ``inspection`` (booked), ``passed`` (a satisfactory completion inspection), ``certificate``."""
    async with tenant_session(tenant.schema_name) as session:
        settings = await read_settings(session)
        if not await session.scalar(select(func.count()).select_from(Charge)):
            session.add_all(
                Charge(charge_type=k, category=CATEGORY, description="Extension",
                       net_amount=Decimal(a), vat_treatment=v, created_by=ACTOR)
                for k, a, v in SCHEME
            )  # fmt: skip
            await session.flush()
        new = NewCase(
            service=store.SERVICE,
            case_type=kind,
            received_date=today() - dt.timedelta(days=0 if kind == "initial_notice" else 7),
            description=f"Rear extension {uuid.uuid4().hex[:8]}",
            details={"approver": {"name": "Northgate BC", "registration_number": "R-1"}},
            site={"address_line": "4 Quarry Road, Ashcombe"},
            parties=[{"role": "applicant", "name": "Jo Builder"}],
        )
        case = await store.register(
            session, new, building=HOUSE, work_category=CATEGORY if kind != "initial_notice"
            else None, settings=settings, actor=ACTOR,
        )  # fmt: skip
        if state == "approved":
            decision = casework.Decision("approved", today())
            await casework.decide(session, case, decision, settings=settings, actor=ACTOR)
        ids: dict[str, uuid.UUID] = {}
        if {"inspection", "passed", "certificate"} & set(records):
            row = await inspections.book(
                session, case, stage="completion", booked_for=today(), inspector_id=None,
                inspector_name="Helen Marsh", actor=ACTOR,
            )  # fmt: skip
            ids["inspection"] = row.id
            if {"passed", "certificate"} & set(records):
                await inspections.record(
                    session, case, row, outcome="satisfactory", inspected_date=today(),
                    notes=None, actor=ACTOR,
                )  # fmt: skip
        if "certificate" in records:
            await certificate.issue(session, case, issued_date=today(), actor=ACTOR)
        await session.commit()
        return Made(case.id, case.version, case.reference, ids)


def stored(tenant: Any, model: Any, **where: Any) -> Any:
    with tenant_session_sync(tenant.schema_name) as session:
        return session.scalars(select(model).filter_by(**where)).first()


def case_now(tenant: Any, case: Made) -> Any:
    return stored(tenant, Case, id=case.id)


def url(tenant: Any, case: Made, suffix: str = "", collection: str = "applications") -> str:
    path = suffix.format(**case.ids)
    return f"/api/v1/{tenant.slug}/building-control/{collection}/{case.id}{path}"


def reading(suffix: str, *how: Any, collection: str = "applications") -> Any:
    cases: dict[Any, Made] = {}

    async def send(http: Any, tenant: Any) -> Outcome:
        if tenant.id not in cases:
            cases[tenant.id] = await made(tenant, *how)
        return Outcome(await http.get(url(tenant, cases[tenant.id], suffix, collection)))

    return send


Landed = Callable[[Any, Made], bool]


def writing(
    method: str, suffix: str, body: Any, landed: Landed, *how: Any, collection: str = "applications"
) -> Any:
    async def send(http: Any, tenant: Any) -> Outcome:
        case = await made(tenant, *how)
        payload = body(case) if callable(body) else body
        response = await http.request(method, url(tenant, case, suffix, collection), json=payload)
        return Outcome(response, lambda: landed(tenant, case))

    return send


def status_is(state: str) -> Landed:
    return lambda tenant, case: case_now(tenant, case).status == state


def collection_get(path: str, **params: Any) -> Any:
    async def send(http: Any, tenant: Any) -> Outcome:
        await made(tenant)
        return Outcome(
            await http.get(f"/api/v1/{tenant.slug}/building-control{path}", params=params)
        )

    return send


async def _register(http: Any, tenant: Any) -> Outcome:
    description = f"Garage conversion {uuid.uuid4().hex[:8]}"
    await made(tenant)  # the charging scheme
    body = {
        "applicationType": "full_plans",
        "description": description,
        "workCategory": CATEGORY,
        "site": {"addressLine": "3 Church Row, Ashcombe"},
        "applicant": {"name": "Robin Applicant"},
        "building": {"heightM": "6", "storeys": 2, "residentialUnits": 1},
    }
    response = await http.post(f"/api/v1/{tenant.slug}/building-control/applications", json=body)
    return Outcome(response, lambda: stored(tenant, Case, description=description) is not None)


async def _patch(http: Any, tenant: Any) -> Outcome:
    case = await made(tenant)
    description = f"Two-storey side extension {uuid.uuid4().hex[:8]}"
    response = await http.patch(
        url(tenant, case), json={"description": description},
        headers={"If-Match": f'"{case.id}.{case.version}"'},
    )  # fmt: skip
    return Outcome(response, lambda: case_now(tenant, case).description == description)


async def _initial_notice(http: Any, tenant: Any) -> Outcome:
    description = f"Loft conversion {uuid.uuid4().hex[:8]}"
    body = {
        "description": description,
        "site": {"addressLine": "9 Kiln Lane, Ashcombe"},
        "approver": {"name": "Northgate Building Control Ltd", "registrationNumber": "R-1"},
        "building": {"heightM": "8", "storeys": 2, "residentialUnits": 1},
    }
    response = await http.post(f"/api/v1/{tenant.slug}/building-control/initial-notices", json=body)
    return Outcome(response, lambda: stored(tenant, Case, description=description) is not None)


async def _commencement(http: Any, tenant: Any) -> Outcome:
    case = await made(tenant)
    body = {"kind": "commencement_notice", "application": case.reference}
    response = await http.post(
        f"/api/v1/{tenant.slug}/building-control/commencement-notices", json=body
    )
    return Outcome(
        response,
        lambda: "earliest_start_date" in case_now(tenant, case).details,
    )


def _commencement_read() -> Any:
    notices: dict[Any, uuid.UUID] = {}

    async def send(http: Any, tenant: Any) -> Outcome:
        if tenant.id not in notices:
            case = await made(tenant)
            async with tenant_session(tenant.schema_name) as session:
                application = await session.get(Case, case.id)
                settings = await read_settings(session)
                notice = await casework.give_commencement_notice(
                    session,
                    application,
                    kind="commencement_notice",
                    given_date=today(),
                    commenced_date=None,
                    description=None,
                    settings=settings,
                    actor=ACTOR,
                )
                await session.commit()
                notices[tenant.id] = notice.id
        path = f"/api/v1/{tenant.slug}/building-control/commencement-notices/{notices[tenant.id]}"
        return Outcome(await http.get(path))

    return send


async def _replace_scheme(http: Any, tenant: Any) -> Outcome:
    await made(tenant)
    description = f"Extension {uuid.uuid4().hex[:8]}"
    response = await http.put(
        f"/api/v1/{tenant.slug}/building-control/charging-scheme", json=scheme_body(description)
    )
    return Outcome(response, lambda: stored(tenant, Charge, description=description) is not None)


def _extension(case: Made) -> dict[str, str]:
    return {"agreedDate": today().isoformat(),
            "newTargetDate": (today() + dt.timedelta(days=29)).isoformat()}  # fmt: skip


BUILDING_CONTROL_RECIPES: dict[str, Recipe] = {
    f"GET {BASE}/applications": Recipe(200, collection_get("/applications"), lambda b: "data" in b),
    f"POST {BASE}/applications": Recipe(201, _register, lambda b: b["feePayable"] == "900.00"),
    f"GET {APP}": Recipe(200, reading(""), lambda b: b["status"] == "received"),
    f"PATCH {APP}": Recipe(200, _patch, lambda b: b["description"].startswith("Two-storey")),
    f"GET {APP}/audit": Recipe(
        200, reading("/audit"), lambda b: b["pagination"]["totalResults"] > 0
    ),
    f"GET {APP}/extensions-of-time": Recipe(200, reading("/extensions-of-time"), lambda b: b == []),
    f"POST {APP}/extensions-of-time": Recipe(
        201,
        writing(
            "POST",
            "/extensions-of-time",
            _extension,
            lambda t, c: case_now(t, c).target_date == today() + dt.timedelta(days=29),
        ),
        lambda b: b["newTargetDate"] is not None,
    ),
    f"POST {APP}/decision": Recipe(
        200,
        writing("POST", "/decision", {"outcome": "approved"}, status_is("approved")),
        lambda b: b["status"] == "approved",
    ),
    f"POST {APP}/withdrawal": Recipe(
        200,
        writing("POST", "/withdrawal", {"reason": "Superseded"}, status_is("withdrawn")),
        lambda b: b["status"] == "withdrawn",
    ),
    f"GET {APP}/inspections": Recipe(
        200, reading("/inspections", "full_plans", "received", "inspection"), lambda b: len(b) == 1
    ),
    f"POST {APP}/inspections": Recipe(
        201,
        writing(
            "POST",
            "/inspections",
            {"stage": "dpc", "bookedFor": today().isoformat()},
            lambda t, c: stored(t, Inspection, case_id=c.id, stage="dpc") is not None,
        ),
        lambda b: b["stage"] == "dpc",
    ),
    f"POST {APP}/inspections/{{inspection_id:uuid}}/outcome": Recipe(
        200,
        writing(
            "POST",
            "/inspections/{inspection}/outcome",
            {"outcome": "satisfactory"},
            lambda t, c: stored(t, Inspection, id=c.ids["inspection"]).outcome is not None,
            "full_plans",
            "received",
            "inspection",
        ),
        lambda b: b["outcome"] == "satisfactory",
    ),
    f"POST {APP}/completion-certificate": Recipe(
        201,
        writing(
            "POST",
            "/completion-certificate",
            {},
            status_is("completed"),
            "full_plans",
            "approved",
            "passed",
        ),
        lambda b: b["number"].startswith("CC/"),
    ),
    f"GET {APP}/completion-certificate": Recipe(
        200,
        reading("/completion-certificate", "full_plans", "approved", "certificate"),
        lambda b: b["kind"] == "completion",
    ),
    f"GET {APP}/decision/notice.html": Recipe(
        200,
        reading("/decision/notice.html", "full_plans", "approved"),
        lambda r: media_type(r) == "text/html" and "Notice of approval of plans" in r.text,
    ),
    f"GET {APP}/decision/notice.pdf": Recipe(
        200,
        reading("/decision/notice.pdf", "full_plans", "approved"),
        lambda r: media_type(r) == "application/pdf" and r.content.startswith(b"%PDF"),
    ),
    f"GET {APP}/completion-certificate.html": Recipe(
        200,
        reading("/completion-certificate.html", "full_plans", "approved", "certificate"),
        lambda r: media_type(r) == "text/html" and "Completion certificate" in r.text,
    ),
    f"GET {APP}/completion-certificate.pdf": Recipe(
        200,
        reading("/completion-certificate.pdf", "full_plans", "approved", "certificate"),
        lambda r: media_type(r) == "application/pdf" and r.content.startswith(b"%PDF"),
    ),
    f"GET {BASE}/initial-notices": Recipe(
        200, collection_get("/initial-notices"), lambda b: "pagination" in b
    ),
    f"POST {BASE}/initial-notices": Recipe(
        201, _initial_notice, lambda b: b["status"] == "received"
    ),
    f"GET {NOTICE}": Recipe(
        200,
        reading("", "initial_notice", collection="initial-notices"),
        lambda b: b["status"] == "received",
    ),
    f"POST {NOTICE}/rejection": Recipe(
        200,
        writing(
            "POST",
            "/rejection",
            {"grounds": ["form"], "detail": "Not form 1"},
            status_is("rejected"),
            "initial_notice",
            collection="initial-notices",
        ),
        lambda b: b["status"] == "rejected",
    ),
    f"GET {BASE}/rejection-grounds": Recipe(
        200, collection_get("/rejection-grounds"), lambda b: len(b) >= 5
    ),
    f"POST {BASE}/commencement-notices": Recipe(
        201, _commencement, lambda b: b["kind"] == "commencement_notice"
    ),
    f"GET {BASE}/commencement-notices/{{notice:str}}": Recipe(
        200, _commencement_read(), lambda b: b["earliestStartDate"] is not None
    ),
    f"GET {BASE}/charging-scheme": Recipe(
        200, collection_get("/charging-scheme"), lambda b: len(b["charges"]) == 4
    ),
    f"PUT {BASE}/charging-scheme": Recipe(200, _replace_scheme, lambda b: len(b["charges"]) == 4),
}
