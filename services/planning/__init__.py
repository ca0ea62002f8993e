"""Planning (development management): registers the planning service descriptor at import.

The data lives in :mod:`services.planning.permissions` (permissions and roles) and
:mod:`services.planning.case_types` (case types and their statutory clocks); this module only
assembles and registers it.
"""

from __future__ import annotations

from services.planning.case_types import CASE_TYPES
from services.planning.permissions import PERMISSIONS, ROLES
from services.planning.workflow import WORKFLOW
from services.registry import ServiceDescriptor, registry

DESCRIPTOR: ServiceDescriptor = registry.register(
    ServiceDescriptor(
        code="planning",
        name="Planning",
        description=(
            "Development management for a local planning authority in England: applications, "
            "consents, certificates, prior approvals, tree and hedgerow notices, appeals and "
            "enforcement."
        ),
        case_types=CASE_TYPES,
        permissions=PERMISSIONS,
        roles=ROLES,
        workflow=WORKFLOW,
        legislation=(
            "Town and Country Planning Act 1990",
            "Planning (Listed Buildings and Conservation Areas) Act 1990",
            "Planning and Compulsory Purchase Act 2004",
            "Town and Country Planning (Development Management Procedure) (England) Order 2015",
            "Town and Country Planning (General Permitted Development) (England) Order 2015",
            "Town and Country Planning (Environmental Impact Assessment) Regulations 2017",
            "Town and Country Planning (Control of Advertisements) (England) Regulations 2007",
            "Town and Country Planning (Tree Preservation) (England) Regulations 2012",
            "Town and Country Planning (Permission in Principle) Order 2017",
            "Hedgerows Regulations 1997",
            "Planning (Hazardous Substances) Act 1990",
            "Land Drainage Act 1991",
            "Environment Act 1995",
        ),
    )
)

__all__ = ["DESCRIPTOR"]
