"""The register through the API: entering charges (address XOR description, valid BNG
geometry), varying with If-Match, cancelling, history, and listing by area, type and status.
Every refused request is a problem+json with a pointer and leaves the register unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from llc_support import X0, Y0, charge, created, pointers, problem, square

pytestmark = pytest.mark.asyncio


async def count(http: Any, base: str) -> int:
    response = await http.get(f"{base}/charges")
    assert response.status_code == 200, response.text
    return int(response.json()["pagination"]["totalResults"])


async def test_a_charge_is_registered_with_a_number_and_its_history(llc: Any, llc_base: str):
    made = await created(llc, f"{llc_base}/charges", charge())

    assert made["chargeNumber"] == "LLC/2026/00001"
    assert (made["status"], made["version"]) == ("registered", 1)
    assert made["chargeTypeName"] == "Planning charge"
    by_number = await llc.get(f"{llc_base}/charges/LLC-2026-00001")
    assert by_number.status_code == 200
    assert by_number.headers["etag"] == f'"{made["id"]}.1"'
    history = (await llc.get(f"{llc_base}/charges/{made['id']}/history")).json()
    assert [e["kind"] for e in history] == ["registered"]


@pytest.mark.parametrize(
    ("overrides", "pointer"),
    [
        ({"geographicDescription": "Land behind Mill Lane"}, "/geographicDescription"),
        ({"addressLine": None, "postcode": None, "uprn": None}, "/addressLine"),
        ({"chargeType": "parking"}, "/chargeType"),
        ({"subCategory": "Listed building"}, "/subCategory"),
        ({"geometry": None}, "/geometry"),
        ({"geometry": {"type": "Circle", "coordinates": [1, 2]}}, "/geometry/type"),
        ({"geometry": square(-1.1, 51.2, 0.001)}, "/geometry/coordinates"),
        (
            {
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [[X0, Y0], [X0 + 10, Y0 + 10], [X0 + 10, Y0], [X0, Y0 + 10], [X0, Y0]]
                    ],
                }
            },
            "/geometry/coordinates",
        ),
        (
            {
                "geometry": {
                    **square(X0, Y0, 5),
                    "crs": {"type": "name", "properties": {"name": "EPSG:4326"}},
                }
            },
            "/geometry/crs",
        ),
        ({"chargeType": "specific_financial", "subCategory": None}, "/amountOriginallySecured"),
        ({"uprn": "12a"}, "/uprn"),
    ],
    ids=[
        "address-and-description",
        "neither",
        "unknown-type",
        "wrong-sub-category",
        "no-geometry",
        "not-a-geometry",
        "wgs84-coordinates",
        "self-intersecting",
        "other-crs",
        "financial-without-amount",
        "bad-uprn",
    ],
)
async def test_a_bad_charge_is_refused_with_a_pointer_and_nothing_stored(
    llc: Any, llc_base: str, overrides: dict[str, Any], pointer: str
):
    body = charge(**{k: v for k, v in overrides.items() if v is not None})
    for key in (k for k, v in overrides.items() if v is None):
        body.pop(key, None)

    body_out = problem(await llc.post(f"{llc_base}/charges", json=body), 422)

    assert pointer in pointers(body_out), body_out
    assert await count(llc, llc_base) == 0


async def test_a_legacy_charge_may_wait_to_be_mapped(llc: Any, llc_base: str):
    body = charge(legacyReference="TPO-1998-0042", originAuthority="E07000123")
    body.pop("geometry")

    made = await created(llc, f"{llc_base}/charges", body)

    assert made["geometry"] is None
    assert (await llc.get(f"{llc_base}/charges/TPO-1998-0042")).json()["id"] == made["id"]


async def test_variation_needs_if_match_and_keeps_before_and_after(llc: Any, llc_base: str):
    made = await created(llc, f"{llc_base}/charges", charge())
    url = f"{llc_base}/charges/{made['id']}"
    change = {"reason": "Order confirmed with modification", "description": "Oak tree T1 only"}

    assert (await llc.patch(url, json=change)).status_code == 428
    stale = await llc.patch(url, json=change, headers={"If-Match": f'"{made["id"]}.9"'})
    assert problem(stale, 412)["currentVersion"] == 1
    both = {**change, "geographicDescription": "Rear garden of 12 Mill Lane"}
    refused = await llc.patch(url, json=both, headers={"If-Match": f'"{made["id"]}.1"'})
    assert pointers(problem(refused, 422)) == ["/geographicDescription"]
    assert (await llc.get(url)).json()["version"] == 1

    varied = await llc.patch(url, json=change, headers={"If-Match": f'"{made["id"]}.1"'})

    assert varied.status_code == 200, varied.text
    assert (varied.json()["description"], varied.json()["version"]) == ("Oak tree T1 only", 2)
    history = (await llc.get(f"{url}/history")).json()
    assert [e["kind"] for e in history] == ["registered", "varied"]
    assert history[1]["before"] == {"description": "Oak tree (T1) in the rear garden"}
    assert history[1]["after"] == {"description": "Oak tree T1 only"}
    assert history[1]["reason"] == "Order confirmed with modification"


async def test_cancellation_is_kept_in_history_and_cannot_be_repeated(llc: Any, llc_base: str):
    made = await created(llc, f"{llc_base}/charges", charge())
    url = f"{llc_base}/charges/{made['id']}"
    early = await llc.post(
        f"{url}/cancellation", json={"reason": "Revoked", "cancelledOn": "2026-01-01"}
    )
    assert pointers(problem(early, 422)) == ["/cancelledOn"]

    cancelled = await llc.post(
        f"{url}/cancellation", json={"reason": "Order revoked", "cancelledOn": "2026-06-01"}
    )

    assert cancelled.status_code == 200, cancelled.text
    assert (cancelled.json()["status"], cancelled.json()["cancelledOn"]) == (
        "cancelled",
        "2026-06-01",
    )
    problem(await llc.post(f"{url}/cancellation", json={"reason": "Again"}), 409)
    vary = await llc.patch(
        url, json={"reason": "x", "description": "y"}, headers={"If-Match": f'"{made["id"]}.2"'}
    )
    problem(vary, 409)
    history = (await llc.get(f"{url}/history")).json()
    assert [e["kind"] for e in history] == ["registered", "cancelled"]


async def test_lists_filter_by_area_type_and_status(llc: Any, llc_base: str):
    inside = await created(llc, f"{llc_base}/charges", charge())
    far = await created(llc, f"{llc_base}/charges", charge(geometry=square(460_000, 150_000, 50)))
    listed = charge(chargeType="listed_building", subCategory="Listed building", instrument="List")
    building = await created(llc, f"{llc_base}/charges", listed)
    await llc.post(f"{llc_base}/charges/{building['id']}/cancellation", json={"reason": "Delisted"})

    def ids(response: Any) -> set[str]:
        assert response.status_code == 200, response.text
        return {c["id"] for c in response.json()["data"]}

    box = f"{X0},{Y0},{X0 + 100},{Y0 + 100}"
    assert ids(await llc.get(f"{llc_base}/charges", params={"bbox": box})) == {
        inside["id"],
        building["id"],
    }
    assert ids(await llc.get(f"{llc_base}/charges", params={"chargeType": "planning"})) == {
        inside["id"],
        far["id"],
    }
    assert ids(await llc.get(f"{llc_base}/charges", params={"status": "cancelled"})) == {
        building["id"]
    }
    bad = await llc.get(f"{llc_base}/charges", params={"bbox": "1,2,3"})
    assert problem(bad, 422)["errors"][0]["parameter"] == "bbox"
