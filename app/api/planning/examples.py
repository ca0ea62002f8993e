"""Whole bodies for the OpenAPI document, where field examples are not enough: the two shapes
``POST …/planning/applications`` accepts, and the pages the list routes return.

:data:`ODP_SUBMISSION` is a complete, schema-valid ``prototypeApplication`` (ODP v0.7.7) for a
householder application, cut down to the members the schema requires; a real PlanX submission
also carries the applicant's answers (``responses``) and its documents (``files``).

:func:`example_of` composes a Struct's example from its fields' ``examples``
(:func:`app.api.planning.schemas.example`), so a page example shows the same record as the
record's own schema. Litestar (2.25) drops ``null`` members from example values when it
writes the document, so a whole-body example is only given where no required member is null:
an application page would lose its empty ``decision`` and ``withdrawnAt`` and no longer match
its schema, so the application routes rely on their fields' examples instead.
"""

from __future__ import annotations

from typing import Any

_NONE = object()

ODP_SCHEMAS = "https://theopensystemslab.github.io/digital-planning-data-schemas/v0.7.7/schemas"

OFFICER_ENTERED: dict[str, Any] = {
    "applicationType": "householder",
    "description": "Single-storey rear extension and loft conversion",
    "receivedDate": "2026-03-02",
    "site": {
        "addressLine": "12 Acacia Avenue, SE22 8HT",
        "uprn": "100021234567",
        "postcode": "SE22 8HT",
    },
    "applicant": {"name": "Ada Lovelace", "email": "ada@example.com"},
    "agent": {
        "name": "Sam Patel",
        "organisation": "Acacia Architects Ltd",
        "email": "sam@acacia-architects.example",
    },
    "feePayable": "258.00",
}

ODP_SUBMISSION: dict[str, Any] = {
    "applicationType": "pp.full.householder",
    "data": {
        "user": {"role": "applicant"},
        "applicant": {
            "name": {"first": "Ada", "last": "Lovelace"},
            "email": "ada@example.com",
            "phone": {"primary": "020 7946 0000"},
            "address": {"sameAsSiteAddress": True},
            "ownership": {
                "interest": "owner",
                "certificate": "a",
                "declaration": {"accurate": True},
            },
        },
        "application": {
            "declaration": {"accurate": True, "connection": {"value": "none"}},
            "fee": {
                "calculated": 258,
                "payable": 258,
                "exemption": {"disability": False, "resubmission": False},
                "reduction": {"alternative": False, "parishCouncil": False, "sports": False},
            },
        },
        "property": {
            "address": {
                "source": "Ordnance Survey",
                "uprn": "100021234567",
                "usrn": "21901234",
                "pao": "12",
                "street": "ACACIA AVENUE",
                "town": "LONDON",
                "postcode": "SE22 8HT",
                "title": "12, ACACIA AVENUE, LONDON",
                "singleLine": "12, ACACIA AVENUE, LONDON, SOUTHWARK, SE22 8HT",
                "latitude": 51.4574,
                "longitude": -0.0745,
                "x": 533800,
                "y": 174700,
            },
            "localAuthorityDistrict": ["Southwark"],
            "region": "London",
            "type": "residential.dwelling.house.semiDetached",
            "ward": "Dulwich Hill",
        },
        "proposal": {
            "description": "Single-storey rear extension and loft conversion",
            "projectType": ["extend.rear", "extend.roof.dormer"],
        },
    },
    "responses": [],
    "files": [],
    "metadata": {
        "id": "4b1d7a0e-3c52-4f8e-9a61-2d7c5e8f9b30",
        "organisation": "SWK",
        "source": "PlanX",
        "submittedAt": "2026-03-02T10:15:00Z",
        "schema": f"{ODP_SCHEMAS}/prototypeApplication.json",
        "service": {
            "flowId": "7d3c5b1a-2f4e-4c6d-8a9b-0e1f2a3b4c5d",
            "url": "https://www.planx.uk/southwark/apply-for-planning-permission/published",
            "files": {"required": [], "recommended": [], "optional": []},
            "fee": {"calculated": [], "payable": []},
        },
    },
}


__all__ = ["ODP_SUBMISSION", "OFFICER_ENTERED"]
