"""Request recipes for the land charges routes, merged into ``TENANT_RECIPES``.

Charges and searches a route needs are made straight through the service modules inside a
tenant session (never through the client, which is signed in as the role under test); a
write's ``changed`` reads the database. The matrix council is shared by every role, so the
migration recipe only ever schedules a migration: a migrated register would refuse the LLC1
recipes that follow it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from authz_support import Outcome, Recipe, media_type
from sqlalchemy import select

from services.core.cases.models import Case, Party
from services.core.cases.store import NewCase, get_case
from services.core.store import read_settings
from services.land_charges import register, searches
from services.land_charges.models import EnquiryAnswer, LandCharge, RegisterMigration
from tenancy.binding import tenant_session, tenant_session_sync

ACTOR = "test"
BASE = "/api/v1/{tenant:str}/land-charges"
CHARGE = BASE + "/charges/{charge:str}"
SEARCH = BASE + "/searches/{search:str}"
X, Y = 453_000.0, 141_000.0
AREA = {
    "type": "Polygon",
    "coordinates": [[[X, Y], [X + 100, Y], [X + 100, Y + 100], [X, Y + 100], [X, Y]]],
}


def _charge_fields(description: str) -> dict[str, Any]:
    return {
        "charge_type": "planning",
        "sub_category": "Tree preservation order (TPO)",
        "statutory_provision": "Town and Country Planning Act 1990 section 198",
        "originating_authority": "Ashcombe District Council",
        "further_information_location": "Ashcombe Town Hall",
        "registration_date": dt.date(2026, 3, 2),
        "description": description,
        "geometry": AREA,
        "address_line": "12 Mill Lane, Ashcombe",
        "postcode": "AS1 2BC",
    }


@dataclass(frozen=True, slots=True)
class Made:
    id: uuid.UUID
    version: int


async def _made_charge(tenant: Any) -> Made:
    async with tenant_session(tenant.schema_name) as session:
        row = await register.register_charge(
            session, _charge_fields(f"Oak {uuid.uuid4().hex[:6]}"), actor=ACTOR
        )
        return Made(row.id, row.version)


async def _made_search(
    tenant: Any, case_type: str = "con29o_enquiries", issued: bool = False
) -> Made:
    async with tenant_session(tenant.schema_name) as session:
        settings = await read_settings(session)
        site: dict[str, Any] = {"address_line": "12 Mill Lane, Ashcombe", "boundary": AREA}
        new = NewCase(
            service="land_charges",
            case_type=case_type,
            received_date=dt.date.today(),
            site=site,
            parties=[{"role": "applicant", "name": "Mill Lane Conveyancing LLP"}],
        )
        questions = ("5",) if case_type == "con29o_enquiries" else ()
        case = await searches.open_search(
            session, new, questions=questions, settings=settings, actor=ACTOR
        )
        if issued:
            loaded = await searches_case(session, case.id)
            await searches.issue(session, loaded, council_name="Matrix Council", actor=ACTOR)
        return Made(case.id, case.version)


async def searches_case(session: Any, case_id: uuid.UUID) -> Case:
    return await get_case(session, "land_charges", case_id, with_details=True)


def _stored(tenant: Any, model: Any, **where: Any) -> Any:
    with tenant_session_sync(tenant.schema_name) as session:
        return session.scalars(select(model).filter_by(**where)).first()


def _url(tenant: Any, suffix: str) -> str:
    return f"/api/v1/{tenant.slug}/land-charges{suffix}"


def _reading(path: str, make: Any = None) -> Any:
    """GET ``path`` (``{id}`` is what ``make`` made, once per council)."""
    made: dict[Any, Made] = {}

    async def send(http: Any, tenant: Any) -> Outcome:
        if make is not None and tenant.id not in made:
            made[tenant.id] = await make(tenant)
        suffix = path.format(id=made[tenant.id].id) if make is not None else path
        return Outcome(await http.get(_url(tenant, suffix)))

    return send


async def _register(http: Any, tenant: Any) -> Outcome:
    description = f"Beech {uuid.uuid4().hex[:8]}"
    body = {
        "chargeType": "planning",
        "subCategory": "Tree preservation order (TPO)",
        "statutoryProvision": "Town and Country Planning Act 1990 section 198",
        "originatingAuthority": "Ashcombe District Council",
        "furtherInformationLocation": "Ashcombe Town Hall",
        "description": description,
        "geometry": AREA,
        "geographicDescription": "Land at Mill Lane",
    }
    response = await http.post(_url(tenant, "/charges"), json=body)
    return Outcome(
        response, lambda: _stored(tenant, LandCharge, description=description) is not None
    )


async def _vary(http: Any, tenant: Any) -> Outcome:
    made = await _made_charge(tenant)
    description = f"Ash {uuid.uuid4().hex[:8]}"
    response = await http.patch(
        _url(tenant, f"/charges/{made.id}"),
        json={"reason": "Modified order", "description": description},
        headers={"If-Match": f'"{made.id}.{made.version}"'},
    )
    return Outcome(
        response, lambda: _stored(tenant, LandCharge, id=made.id).description == description
    )


async def _cancel(http: Any, tenant: Any) -> Outcome:
    made = await _made_charge(tenant)
    response = await http.post(
        _url(tenant, f"/charges/{made.id}/cancellation"), json={"reason": "Order revoked"}
    )
    return Outcome(response, lambda: _stored(tenant, LandCharge, id=made.id).status == "cancelled")


async def _schedule(http: Any, tenant: Any) -> Outcome:
    day = dt.date(2099, 1, 1) + dt.timedelta(days=uuid.uuid4().int % 3000)
    body = {"status": "scheduled", "migrationDate": day.isoformat()}
    response = await http.put(_url(tenant, "/register/migration"), json=body)

    def landed() -> bool:
        row = _stored(tenant, RegisterMigration, id=1)
        return row is not None and row.migration_date == day

    return Outcome(response, landed)


async def _open_search(http: Any, tenant: Any) -> Outcome:
    name = f"Conveyancer {uuid.uuid4().hex[:8]}"
    body = {
        "searchType": "llc1_official_search",
        "applicant": {"name": name},
        "searchArea": AREA,
    }
    response = await http.post(_url(tenant, "/searches"), json=body)

    def landed() -> bool:
        return _stored(tenant, Party, name=name) is not None

    return Outcome(response, landed)


async def _answer(http: Any, tenant: Any) -> Outcome:
    made = await _made_search(tenant)
    text = f"No consents {uuid.uuid4().hex[:6]}"
    response = await http.post(
        _url(tenant, f"/searches/{made.id}/answers"),
        json={"answers": [{"question": "5", "answer": text}]},
    )
    return Outcome(response, lambda: _stored(tenant, EnquiryAnswer, case_id=made.id).answer == text)


async def _issue(http: Any, tenant: Any) -> Outcome:
    made = await _made_search(tenant, "llc1_official_search")
    response = await http.post(_url(tenant, f"/searches/{made.id}/issue"))
    return Outcome(response, lambda: _stored(tenant, Case, id=made.id).status == "issued")


def _issued(tenant: Any) -> Any:
    return _made_search(tenant, "llc1_official_search", issued=True)


LAND_CHARGES_RECIPES: dict[str, Recipe] = {
    f"GET {BASE}/charges": Recipe(200, _reading("/charges"), lambda b: "pagination" in b),
    f"POST {BASE}/charges": Recipe(201, _register, lambda b: b["status"] == "registered"),
    f"GET {CHARGE}": Recipe(
        200, _reading("/charges/{id}", _made_charge), lambda b: b["status"] == "registered"
    ),
    f"PATCH {CHARGE}": Recipe(200, _vary, lambda b: b["version"] == 2),
    f"POST {CHARGE}/cancellation": Recipe(200, _cancel, lambda b: b["status"] == "cancelled"),
    f"GET {CHARGE}/history": Recipe(
        200,
        _reading("/charges/{id}/history", _made_charge),
        lambda b: [e["kind"] for e in b] == ["registered"],
    ),
    f"GET {BASE}/register/export": Recipe(
        200, _reading("/register/export"), lambda b: isinstance(b["charges"], list)
    ),
    f"GET {BASE}/register/migration": Recipe(
        200, _reading("/register/migration"), lambda b: b["officialSearchesHere"] is True
    ),
    f"PUT {BASE}/register/migration": Recipe(200, _schedule, lambda b: b["status"] == "scheduled"),
    f"GET {BASE}/con29-questions": Recipe(
        200, _reading("/con29-questions"), lambda b: b[0]["number"] == "1.1(a)"
    ),
    f"GET {BASE}/searches": Recipe(200, _reading("/searches"), lambda b: "pagination" in b),
    f"POST {BASE}/searches": Recipe(201, _open_search, lambda b: b["status"] == "received"),
    f"GET {SEARCH}": Recipe(
        200, _reading("/searches/{id}", _made_search), lambda b: b["status"] == "received"
    ),
    f"POST {SEARCH}/answers": Recipe(200, _answer, lambda b: b["unanswered"] == 0),
    f"POST {SEARCH}/issue": Recipe(200, _issue, lambda b: b["status"] == "issued"),
    f"GET {SEARCH}/certificate.html": Recipe(
        200,
        _reading("/searches/{id}/certificate.html", _issued),
        lambda r: "Official certificate of search" in r.text,
    ),
    f"GET {SEARCH}/certificate.pdf": Recipe(
        200,
        _reading("/searches/{id}/certificate.pdf", _issued),
        lambda r: media_type(r) == "application/pdf",
    ),
}
