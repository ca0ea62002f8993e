"""Request bodies and small helpers for the land charges API tests.

Geometry is British National Grid (metres). The story: a 100 m square search area at
Mill Lane, Ashcombe, with charges placed inside it, on its edge and away from it.
"""

from __future__ import annotations

from typing import Any

X0, Y0 = 453_000.0, 141_000.0


def square(x: float, y: float, size: float) -> dict[str, Any]:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


#: The land searched: 453000-453100 E, 141000-141100 N.
SEARCH_AREA = square(X0, Y0, 100)


def charge(**overrides: Any) -> dict[str, Any]:
    """A tree preservation order charge on 12 Mill Lane, inside the search area."""
    body: dict[str, Any] = {
        "chargeType": "planning",
        "subCategory": "Tree preservation order (TPO)",
        "statutoryProvision": "Town and Country Planning Act 1990 section 198",
        "instrument": "Order",
        "originatingAuthority": "Ashcombe District Council",
        "furtherInformationLocation": "Planning Services, Ashcombe Town Hall, AS1 1AA",
        "furtherInformationReference": "TPO/2026/004",
        "description": "Oak tree (T1) in the rear garden",
        "registrationDate": "2026-03-02",
        "creationDate": "2026-02-20",
        "geometry": square(X0 + 20, Y0 + 20, 10),
        "addressLine": "12 Mill Lane, Ashcombe",
        "postcode": "AS1 2BC",
        "uprn": "100012345678",
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


def llc1(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "searchType": "llc1_official_search",
        "applicant": {"name": "Mill Lane Conveyancing LLP", "email": "searches@mlc.example"},
        "receivedDate": "2026-12-24",
        "searchArea": SEARCH_AREA,
        "property": {"addressLine": "12 Mill Lane, Ashcombe", "uprn": "100012345678"},
        "fee": "25.00",
    }
    body.update(overrides)
    return body


def con29(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "searchType": "con29r_enquiries",
        "applicant": {"name": "Mill Lane Conveyancing LLP"},
        "receivedDate": "2026-04-01",
        "property": {"addressLine": "12 Mill Lane, Ashcombe", "postcode": "AS1 2BC"},
    }
    body.update(overrides)
    return body


async def created(http: Any, url: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await http.post(url, json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def pointers(body: dict[str, Any]) -> list[str]:
    return [e.get("pointer") for e in body.get("errors", [])]
