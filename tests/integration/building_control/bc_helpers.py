"""Request bodies and small helpers shared by the building control API tests."""

from __future__ import annotations

from typing import Any

SCHEME = {
    "charges": [
        {
            "chargeType": "plan",
            "category": "extension_up_to_40m2",
            "description": "Extension up to 40 m²",
            "netAmount": "450.00",
            "vatTreatment": "standard",
        },
        {
            "chargeType": "inspection",
            "category": "extension_up_to_40m2",
            "description": "Extension up to 40 m²",
            "netAmount": "300.00",
            "vatTreatment": "standard",
        },
        {
            "chargeType": "building_notice",
            "category": "extension_up_to_40m2",
            "description": "Extension up to 40 m²",
            "netAmount": "700.00",
            "vatTreatment": "standard",
        },
        {
            "chargeType": "regularisation",
            "category": "extension_up_to_40m2",
            "description": "Extension up to 40 m²",
            "netAmount": "1050.00",
            "vatTreatment": "outside_scope",
        },
    ]
}

HOUSE = {"heightM": "7.5", "storeys": 2, "residentialUnits": 1}

FULL_PLANS = {
    "applicationType": "full_plans",
    "description": "Two-storey rear extension",
    "receivedDate": "2026-03-02",
    "workCategory": "extension_up_to_40m2",
    "site": {"addressLine": "4 Quarry Road, Ashcombe, AS1 3QR", "uprn": "100012345679"},
    "applicant": {"name": "Jo Builder"},
    "building": HOUSE,
}

INITIAL_NOTICE = {
    "description": "Loft conversion with a rear dormer",
    "site": {"addressLine": "9 Kiln Lane, Ashcombe, AS1 5KL"},
    "approver": {"name": "Northgate Building Control Ltd", "registrationNumber": "RBCA-000123"},
    "building": HOUSE,
}


async def with_scheme(http: Any, base: str) -> None:
    response = await http.put(f"{base}/charging-scheme", json=SCHEME)
    assert response.status_code == 200, response.text


async def register(http: Any, base: str, **overrides: Any) -> dict[str, Any]:
    response = await http.post(f"{base}/applications", json={**FULL_PLANS, **overrides})
    assert response.status_code == 201, response.text
    return response.json()


def problem_pointer(response: Any) -> str:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    return str(response.json()["errors"][0]["pointer"])
