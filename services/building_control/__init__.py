"""Building control: registers the building control service descriptor at import.

The data (permissions, roles, case types and their statutory clocks) lives in
:mod:`services.building_control.permissions` and the workflows in
:mod:`services.building_control.workflow`; this module only assembles and registers them.
"""

from __future__ import annotations

from services.building_control.permissions import CASE_TYPES, PERMISSIONS, ROLES
from services.building_control.store import settle_due
from services.building_control.workflow import NOTICE, WORKFLOWS
from services.registry import ServiceDescriptor, registry

DESCRIPTOR: ServiceDescriptor = registry.register(
    ServiceDescriptor(
        code="building_control",
        name="Building control",
        description=(
            "Local authority building control in England for work other than higher-risk "
            "building work (which the Building Safety Regulator controls): applications, "
            "notices from approvers, inspections, demolitions and dangerous structures."
        ),
        case_types=CASE_TYPES,
        permissions=PERMISSIONS,
        roles=ROLES,
        workflow=NOTICE,
        workflows=WORKFLOWS,
        sweeps=(settle_due,),
        legislation=(
            "Building Act 1984",
            "Building Safety Act 2022",
            "Building Regulations 2010",
            "Building (Registered Building Control Approvers etc.) (England) Regulations 2024",
            "Building (Higher-Risk Buildings Procedures) (England) Regulations 2023",
            "Building (Local Authority Charges) Regulations 2010",
        ),
    )
)

__all__ = ["DESCRIPTOR"]
