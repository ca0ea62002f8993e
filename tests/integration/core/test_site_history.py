"""A site's history across services (``GET /api/v1/{tenant}/sites/{uprn}``): cases of every
service at the UPRN and each service's own records there (licences), newest first, only for
the services the caller can read, and never another council's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import make_user, sign_in
from service_fixtures import ALL_SERVICES

from services.core.cases.store import NewCase
from services.core.cases.timing import register_case
from services.core.store import read_settings
from services.licensing.models import Licence
from services.registry import registry
from tenancy.binding import tenant_session

pytestmark = pytest.mark.asyncio


@pytest.fixture
def council(make_tenant: Any) -> Any:
    """The planning fixtures' council, using every service."""
    return make_tenant("sites", services=ALL_SERVICES)


UPRN = "100012345678"  # the planning fixtures' householder application is here
ACTOR = "test:site-history"


async def _licensing_at(tenant: Any, uprn: str) -> None:
    """A premises licence application received on 1 Feb 2026 and the licence granted on
    10 Jan 2025 for the same premises."""
    descriptor = registry.get("licensing")
    async with tenant_session(tenant.schema_name) as session:
        settings = await read_settings(session)
        await register_case(
            session,
            NewCase(
                service="licensing",
                case_type="premises_licence_variation",
                received_date=dt.date(2026, 2, 1),
                description="Extend Friday and Saturday hours to 01:00",
                site={"address_line": "The Mill Tavern, 12 Mill Lane", "uprn": uprn},
            ),
            workflow=descriptor.workflow_for("premises_licence_variation"),
            settings=settings,
            actor=ACTOR,
        )
        session.add(
            Licence(
                number="PREM/25/00007",
                kind="premises_licence",
                holder_name="Mill Tavern Ltd",
                premises_name="The Mill Tavern",
                address_line="The Mill Tavern, 12 Mill Lane",
                uprn=uprn,
                granted_on=dt.date(2025, 1, 10),
                starts_on=dt.date(2025, 1, 10),
                created_by=ACTOR,
            )
        )
        await session.commit()


async def test_the_history_spans_services_newest_first(planner, council, new_application):
    application = await new_application()  # received 2 March 2026
    await _licensing_at(council, UPRN)
    both = make_user({council.id: ["planning_manager", "licensing_officer"]}, name="Both")
    await sign_in(planner, both)
    response = await planner.get(f"/api/v1/{council.slug}/sites/{UPRN}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["services"] == ["licensing", "planning"]
    assert [(r["service"], r["kind"], r["date"]) for r in body["records"]] == [
        ("planning", "case", "2026-03-02"),
        ("licensing", "case", "2026-02-01"),
        ("licensing", "licence", "2025-01-10"),
    ]
    planning, variation, licence = body["records"]
    assert planning["reference"] == application["reference"]
    assert planning["typeName"] == "Householder application"
    assert planning["current"] is True
    assert variation["typeName"] == "Premises licence: variation (s.34)"
    assert licence["reference"] == "PREM/25/00007"
    assert licence["current"] is True
    assert body["addressLine"] is not None


async def test_only_services_the_caller_can_read_are_shown(planner, council, new_application):
    await new_application()
    await _licensing_at(council, UPRN)
    # The planning manager holds no licensing role: the licence and its case stay hidden.
    body = (await planner.get(f"/api/v1/{council.slug}/sites/{UPRN}")).json()
    assert body["services"] == ["planning"]
    assert {r["service"] for r in body["records"]} == {"planning"}
    empty = (await planner.get(f"/api/v1/{council.slug}/sites/100099999999")).json()
    assert empty["records"] == []


async def test_another_council_sees_none_of_it(planner, council, new_application, outsider):
    await new_application()
    other, stranger = outsider
    await sign_in(planner, stranger)
    through_theirs = await planner.get(f"/api/v1/{council.slug}/sites/{UPRN}")
    assert through_theirs.status_code == 404
    through_own = await planner.get(f"/api/v1/{other.slug}/sites/{UPRN}")
    assert through_own.status_code == 200
    assert through_own.json()["records"] == []


async def test_a_malformed_uprn_is_a_clear_400(planner, council):
    response = await planner.get(f"/api/v1/{council.slug}/sites/12-Mill-Lane")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"] == [{"parameter": "uprn", "detail": "up to 12 digits"}]


def square(x: float, y: float, size: float) -> dict[str, Any]:
    """A square of ``size`` metres, British National Grid."""
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def charge(**fields: Any) -> dict[str, Any]:
    """A tree preservation order on 12 Mill Lane (``fields`` override or, as None, drop)."""
    body = {
        "chargeType": "planning",
        "subCategory": "Tree preservation order (TPO)",
        "statutoryProvision": "Town and Country Planning Act 1990 section 198",
        "originatingAuthority": "Ashcombe District Council",
        "furtherInformationLocation": "Planning Services, Ashcombe Town Hall, AS1 1AA",
        "description": "Oak tree (T1) in the rear garden",
        "registrationDate": "2026-03-02",
        "addressLine": "12 Mill Lane, Ashcombe",
        "uprn": UPRN,
        **fields,
    }
    return {k: v for k, v in body.items() if v is not None}


async def test_land_charges_show_by_address_and_by_where_the_site_is(
    planner, council, new_application
):
    site = {"addressLine": "12 Mill Lane, Ashcombe", "uprn": UPRN, "easting": 453025,
            "northing": 141025}  # fmt: skip
    await new_application(site=site)
    both = make_user({council.id: ["planning_manager", "land_charges_manager"]}, name="Both")
    await sign_in(planner, both)
    charges = f"/api/v1/{council.slug}/land-charges/charges"
    by_address = await planner.post(charges, json=charge(geometry=square(453020, 141020, 10)))
    covering = await planner.post(
        charges,
        json=charge(
            chargeType="listed_building",
            subCategory="Listed building",
            addressLine=None,
            uprn=None,
            geographicDescription="Mill Lane conservation area, east side",
            geometry=square(453000, 141000, 100),
            description="Listed terrace 10-14 Mill Lane",
        ),
    )
    away = await planner.post(
        charges,
        json=charge(
            uprn="100099999999", addressLine="1 Far Lane", geometry=square(460000, 150000, 10)
        ),
    )
    for response in (by_address, covering, away):
        assert response.status_code == 201, response.text
    body = (await planner.get(f"/api/v1/{council.slug}/sites/{UPRN}")).json()
    found = {r["reference"] for r in body["records"] if r["kind"] == "land_charge"}
    assert found == {by_address.json()["chargeNumber"], covering.json()["chargeNumber"]}
