"""The register's export in HM Land Registry's migration format, and life after migration:
LLC1 requests and register writes are refused with a pointer to HM Land Registry's service,
while CON29 enquiries, reads and the export carry on."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from conftest import make_user, sign_in
from llc_support import X0, Y0, charge, con29, created, llc1, pointers, problem, square

from services.land_charges.hmlr_export import schema

pytestmark = pytest.mark.asyncio

MIGRATED = {"status": "migrated", "migrationDate": "2026-05-18"}


async def test_export_validates_each_charge_and_reports_the_bad_ones(llc: Any, llc_base: str):
    good = await created(llc, f"{llc_base}/charges", charge())
    multi = {
        "type": "MultiPolygon",
        "coordinates": [square(X0, Y0, 5)["coordinates"], square(X0 + 50, Y0, 5)["coordinates"]],
    }
    described = await created(
        llc,
        f"{llc_base}/charges",
        charge(
            chargeType="specific_financial",
            subCategory=None,
            instrument="Charge",
            amountOriginallySecured="4250.00",
            rateOfInterest="2% above base rate",
            statutoryProvision="Building Act 1984 section 107",
            addressLine=None,
            postcode=None,
            uprn=None,
            geographicDescription="Land to the rear of 12 to 20 Mill Lane",
            geometry=multi,
        ),
    )
    no_postcode = await created(llc, f"{llc_base}/charges", charge(postcode=None))
    unmapped_body = charge(legacyReference="TPO-1998-0042")
    unmapped_body.pop("geometry")
    unmapped = await created(llc, f"{llc_base}/charges", unmapped_body)

    export = (await llc.get(f"{llc_base}/register/export")).json()

    assert export["total"] == 4
    numbers = [c["originating-authority-charge-identifier"] for c in export["charges"]]
    assert numbers == [good["chargeNumber"], described["chargeNumber"]]
    validator = jsonschema_rs.Draft202012Validator(schema())
    assert all(validator.is_valid(item) for item in export["charges"])
    tpo, financial = export["charges"]
    assert tpo["charge-type"] == "Planning"
    assert tpo["charge-sub-category"] == "Tree preservation order (TPO)"
    assert tpo["charge-address"] == {
        "line-1": "12 Mill Lane",
        "line-2": "Ashcombe",
        "postcode": "AS1 2BC",
        "unique-property-reference-number": 100012345678,
    }
    assert tpo["old-register-part"] == "3b"
    assert tpo["geometry"]["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::27700"
    assert financial["charge-geographic-description"].startswith("Land to the rear")
    assert (financial["amount-originally-secured"], financial["old-register-part"]) == (
        "4250.00",
        "2",
    )
    assert [f["properties"]["id"] for f in financial["geometry"]["features"]] == [1, 2]
    assert {f["geometry"]["type"] for f in financial["geometry"]["features"]} == {"Polygon"}
    rejected = {r["chargeNumber"]: r["errors"] for r in export["rejected"]}
    assert [e["pointer"] for e in rejected[no_postcode["chargeNumber"]]] == [
        "/charge-address/postcode"
    ]
    assert [e["pointer"] for e in rejected[unmapped["chargeNumber"]]] == ["/geometry"]
    assert "map it" in rejected[unmapped["chargeNumber"]][0]["detail"]


async def test_migration_needs_the_settings_administrator(
    app: Any, llc: Any, llc_base: str, llc_council: Any
):
    officer = make_user({llc_council.id: ["land_charges_officer"]}, name="Olu Officer")
    await sign_in(llc, officer)

    refused = await llc.put(f"{llc_base}/register/migration", json=MIGRATED)

    problem(refused, 403)
    status = (await llc.get(f"{llc_base}/register/migration")).json()
    assert (status["status"], status["officialSearchesHere"]) == ("local", True)


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"status": "migrated"}, "/migrationDate"),
        ({"status": "migrated", "migrationDate": "2099-01-01"}, "/migrationDate"),
        ({"status": "moved", "migrationDate": "2026-05-18"}, "/status"),
    ],
    ids=["no-date", "future-date", "unknown-status"],
)
async def test_a_bad_migration_record_is_refused(llc: Any, llc_base: str, body: Any, pointer: str):
    refused = problem(await llc.put(f"{llc_base}/register/migration", json=body), 422)

    assert pointers(refused) == [pointer]
    assert (await llc.get(f"{llc_base}/register/migration")).json()["status"] == "local"


async def test_a_migrated_register_refuses_llc1_but_answers_con29(llc: Any, llc_base: str):
    made = await created(llc, f"{llc_base}/charges", charge())
    open_llc1 = await created(llc, f"{llc_base}/searches", llc1())
    scheduled = {"status": "scheduled", "migrationDate": "2099-01-01"}
    assert (await llc.put(f"{llc_base}/register/migration", json=scheduled)).status_code == 200
    await created(llc, f"{llc_base}/searches", llc1())  # still ours until the day

    moved = await llc.put(f"{llc_base}/register/migration", json=MIGRATED)

    assert moved.status_code == 200, moved.text
    assert moved.json()["officialSearchesHere"] is False
    refused = problem(await llc.post(f"{llc_base}/searches", json=llc1()), 409)
    assert pointers(refused) == ["/searchType"]
    assert refused["type"].endswith("/register-migrated")
    assert "search-local-land-charges.service.gov.uk" in refused["detail"]
    assert refused["hmlrServiceUrl"] == "https://search-local-land-charges.service.gov.uk"
    assert refused["migratedOn"] == "2026-05-18"
    issue = problem(await llc.post(f"{llc_base}/searches/{open_llc1['id']}/issue"), 409)
    assert pointers(issue) == ["/searchType"]
    listed = await llc.get(f"{llc_base}/searches", params={"searchType": "llc1_official_search"})
    assert listed.json()["pagination"]["totalResults"] == 2
    problem(await llc.post(f"{llc_base}/charges", json=charge()), 409)
    url = f"{llc_base}/charges/{made['id']}"
    vary = await llc.patch(
        url, json={"reason": "x", "description": "y"}, headers={"If-Match": f'"{made["id"]}.1"'}
    )
    problem(vary, 409)
    problem(await llc.post(f"{url}/cancellation", json={"reason": "Revoked"}), 409)
    assert (await llc.get(url)).json()["version"] == 1
    assert (await llc.get(f"{llc_base}/register/export")).json()["total"] == 1

    enquiry = await created(
        llc, f"{llc_base}/searches", con29(searchType="con29o_enquiries", questions=["5"])
    )
    answered = await llc.post(
        f"{llc_base}/searches/{enquiry['id']}/answers",
        json={"answers": [{"question": "5", "answer": "No advertisement consents"}]},
    )
    assert answered.status_code == 200, answered.text
    issued = await llc.post(f"{llc_base}/searches/{enquiry['id']}/issue")
    assert issued.status_code == 200, issued.text
