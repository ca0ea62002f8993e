"""Local land charges: registers the land charges service descriptor at import.

The data (permissions, roles, case types and their clocks) lives in
:mod:`services.land_charges.permissions`; this module only assembles and registers it.
"""

from __future__ import annotations

from services.land_charges import models  # noqa: F401  (the register's tables)
from services.land_charges.permissions import CASE_TYPES, PERMISSIONS, ROLES
from services.land_charges.site_records import charges_at
from services.land_charges.workflow import WORKFLOW
from services.registry import ServiceDescriptor, registry

DESCRIPTOR: ServiceDescriptor = registry.register(
    ServiceDescriptor(
        code="land_charges",
        name="Local land charges",
        description=(
            "The local land charges register and property searches: official searches, CON29 "
            "enquiries, personal searches, and registering, varying and cancelling charges."
        ),
        case_types=CASE_TYPES,
        permissions=PERMISSIONS,
        roles=ROLES,
        workflow=WORKFLOW,
        site_records=charges_at,
        legislation=(
            "Local Land Charges Act 1975",
            "Local Land Charges Rules 1977",
            "Infrastructure Act 2015",
            "Local Land Charges Rules 2018",
            "Local Authorities (England) (Charges for Property Searches) Regulations 2008",
            "Environmental Information Regulations 2004",
            "Rights of Light Act 1959",
        ),
    )
)

__all__ = ["DESCRIPTOR"]
