"""A role's code names the one service its permissions concern.

The reorganisation engine (``tenancy``, which may not read the service registry) decides from a
role's code which service it belongs to when a single service moves to another council: only
the moved service's roles go with it (``tenancy.reorg.memberships.role_service``). That holds
only while every service role is ``<service>_…`` and grants nothing outside its service, and no
council-wide or platform role starts with a service's code.
"""

from __future__ import annotations

from services.core.permissions import COUNCIL_ROLES, PLATFORM_ROLES
from services.registry import load_services
from tenancy.reorg.memberships import role_service


def test_each_service_role_is_named_for_its_service_and_grants_only_it() -> None:
    services = list(load_services())
    codes = [s.code for s in services]
    for service in services:
        assert service.roles, service.code
        for role in service.roles:
            assert role_service(role.code, codes) == service.code, role.code
            outside = {
                g.resource for g in role.grants if not g.resource.startswith(f"{service.code}:")
            }
            assert not outside, (role.code, outside)


def test_council_wide_and_platform_roles_name_no_service() -> None:
    codes = [s.code for s in load_services()]
    for role in (*COUNCIL_ROLES, *PLATFORM_ROLES):
        assert role_service(role.code, codes) is None, role.code
