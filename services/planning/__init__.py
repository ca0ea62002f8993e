"""Planning (development management): registers the planning service descriptor at import.

The data (permissions, roles, case types and their statutory clocks) lives in
:mod:`services.planning.permissions`; this module only assembles and registers it.
"""

from __future__ import annotations

from services.planning.permissions import CASE_TYPES, PERMISSIONS, ROLES
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
        ),
    )
)

__all__ = ["DESCRIPTOR"]
