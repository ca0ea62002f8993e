"""The cross-service worklist and search (``GET /api/v1/{tenant}/cases``) over all four
services: one officer working planning, building control, licensing and land charges sees
each service's cases in one list, soonest target first, and can search them by text, case type
and site; someone holding one service's roles sees that service only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import make_user, sign_in
from litestar.testing import AsyncTestClient
from service_fixtures import ALL_SERVICES

from services.core.cases.store import NewCase
from services.core.cases.timing import register_case
from services.core.store import read_settings
from services.registry import registry
from tenancy.binding import tenant_session

pytestmark = pytest.mark.asyncio

ACTOR = "test:worklist"
UPRN = "100023456789"
#: (service, case type, description, received) — each with a statutory clock, so each has a
#: target date: 8 weeks, 5 weeks, 28 days and 10 working days from receipt.
CASES = (
    ("planning", "full_minor", "Two dwellings on land at Orchard Close", dt.date(2026, 3, 2)),
    ("building_control", "full_plans", "Loft conversion, 4 Orchard Close", dt.date(2026, 3, 2)),
    ("licensing", "premises_licence_new", "The Orchard Café: late night refreshment",
     dt.date(2026, 3, 2)),
    ("land_charges", "llc1_official_search", "Official search: 4 Orchard Close",
     dt.date(2026, 3, 2)),
)  # fmt: skip
ROLES = {
    "planning": "planning_manager",
    "building_control": "building_control_manager",
    "licensing": "licensing_manager",
    "land_charges": "land_charges_manager",
}


async def _register_all(tenant: Any) -> dict[str, str]:
    references = {}
    async with tenant_session(tenant.schema_name) as session:
        settings = await read_settings(session)
        for service, case_type, description, received in CASES:
            case = await register_case(
                session,
                NewCase(
                    service=service,
                    case_type=case_type,
                    received_date=received,
                    description=description,
                    site={"address_line": "4 Orchard Close, Ashcombe", "uprn": UPRN},
                ),
                workflow=registry.get(service).workflow_for(case_type),
                settings=settings,
                actor=ACTOR,
            )
            references[service] = case.reference
        await session.commit()
    return references


@pytest.fixture
def county(make_tenant: Any) -> Any:
    return make_tenant("worklist", services=ALL_SERVICES)


@pytest.fixture
async def http(app: Any) -> Any:
    async with AsyncTestClient(app=app, base_url="https://testserver.local") as client:
        yield client


async def test_every_service_shares_one_worklist(http: Any, county: Any) -> None:
    references = await _register_all(county)
    everyone = make_user({county.id: list(ROLES.values())}, name="One Officer")
    await sign_in(http, everyone)
    url = f"/api/v1/{county.slug}/cases"
    body = (await http.get(url, params={"perPage": 50})).json()
    rows = {row["service"]: row for row in body["data"]}
    assert set(rows) == set(ROLES)
    assert {s: r["reference"] for s, r in rows.items()} == references
    for service, case_type, _description, _received in CASES:
        expected = registry.get(service).case_type(case_type).name
        assert rows[service]["caseTypeName"] == expected
        assert rows[service]["targetDate"] is not None, service
    targets = [row["targetDate"] for row in body["data"]]
    assert targets == sorted(targets)
    assert rows["building_control"]["targetDate"] == "2026-04-06"  # 5 weeks from 2 March
    assert rows["planning"]["targetDate"] == "2026-04-27"  # 8 weeks from 2 March

    by_type = await http.get(url, params={"caseType": "full_plans,llc1_official_search"})
    assert {r["service"] for r in by_type.json()["data"]} == {"building_control", "land_charges"}
    by_text = await http.get(url, params={"query": "orchard close", "service": "licensing"})
    assert [r["service"] for r in by_text.json()["data"]] == ["licensing"]  # by its address
    at_site = await http.get(url, params={"uprn": UPRN})
    assert at_site.json()["pagination"]["totalResults"] == 4
    elsewhere = await http.get(url, params={"uprn": "100000000001"})
    assert elsewhere.json()["data"] == []


@pytest.mark.parametrize("service", sorted(ROLES))
async def test_one_services_officer_sees_that_service_only(
    http: Any, county: Any, service: str
) -> None:
    await _register_all(county)
    officer = make_user({county.id: [ROLES[service]]}, name="Single Service")
    await sign_in(http, officer)
    body = (await http.get(f"/api/v1/{county.slug}/cases")).json()
    assert [row["service"] for row in body["data"]] == [service]
    asked = await http.get(f"/api/v1/{county.slug}/cases", params={"service": "planning,licensing"})
    expected = [service] if service in ("planning", "licensing") else []
    assert [row["service"] for row in asked.json()["data"]] == expected


async def test_a_licence_term_is_not_a_deadline_before_the_grant(county: Any) -> None:
    """A private hire driver's 3-year term runs from the grant: before it, the application
    has no statutory or target date (it must not look due in three years' time)."""
    async with tenant_session(county.schema_name) as session:
        case = await register_case(
            session,
            NewCase(
                service="licensing",
                case_type="private_hire_driver",
                received_date=dt.date(2026, 3, 2),
                description="New private hire driver",
            ),
            workflow=registry.get("licensing").workflow_for("private_hire_driver"),
            settings=await read_settings(session),
            actor=ACTOR,
        )
        assert (case.statutory_date, case.target_date) == (None, None)
