"""Licensing: registers the licensing service descriptor at import.

The data (permissions, roles, case types and their statutory clocks) lives in
:mod:`services.licensing.permissions`; this module only assembles and registers it.
"""

from __future__ import annotations

from services.licensing import taxi_workflow, ten_workflow, workflow
from services.licensing.deemed import SWEEPS
from services.licensing.permissions import CASE_TYPES, PERMISSIONS, ROLES
from services.licensing.site_records import licences_at
from services.registry import ServiceDescriptor, registry

DESCRIPTOR: ServiceDescriptor = registry.register(
    ServiceDescriptor(
        code="licensing",
        name="Licensing",
        description=(
            "Licensing authority functions in England: alcohol, entertainment and late night "
            "refreshment, gambling premises, taxis and private hire, street trading, scrap "
            "metal dealers and animal activities."
        ),
        case_types=CASE_TYPES,
        permissions=PERMISSIONS,
        roles=ROLES,
        workflow=workflow.WORKFLOW,
        workflows={**workflow.WORKFLOWS, **ten_workflow.WORKFLOWS, **taxi_workflow.WORKFLOWS},
        site_records=licences_at,
        sweeps=SWEEPS,
        legislation=(
            "Licensing Act 2003",
            "Licensing Act 2003 (Premises licences and club premises certificates) "
            "Regulations 2005",
            "Licensing Act 2003 (Hearings) Regulations 2005",
            "Gambling Act 2005",
            "Town Police Clauses Act 1847",
            "Local Government (Miscellaneous Provisions) Act 1976",
            "Local Government (Miscellaneous Provisions) Act 1982",
            "Scrap Metal Dealers Act 2013",
            "Animal Welfare Act 2006",
            "Animal Welfare (Licensing of Activities Involving Animals) (England) Regulations 2018",
        ),
    )
)

__all__ = ["DESCRIPTOR"]
