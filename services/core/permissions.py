"""Roles that belong to no single service: the council administrator and the read-only auditor
of a council, and the platform roles of the people who run Vesta.

Permissions here use the pseudo-services ``core`` (a council's own settings, members, audit) and
``platform`` (the tenant registry, API clients, reorganisations).
"""

from __future__ import annotations

from services.registry import Action, Permission, Role

SETTINGS_READ = Permission("core:settings", Action.READ, "View the council's settings")
SETTINGS_ADMINISTER = Permission("core:settings", Action.ADMINISTER, "Change council settings")
SERVICES_READ = Permission("core:services", Action.READ, "See which services the council uses")
MEMBERS_READ = Permission("core:members", Action.READ, "See who works for the council")
MEMBERS_ADMINISTER = Permission("core:members", Action.ADMINISTER, "Grant and remove roles")
AUDIT_READ = Permission("core:audit", Action.READ, "Read the council's audit trail")
CASES_READ = Permission("core:cases", Action.READ, "Search cases across services")
TASKS_READ = Permission("core:tasks", Action.READ, "See the council's tasks")
TASKS_WRITE = Permission("core:tasks", Action.WRITE, "Add, assign and complete tasks")
WEBHOOKS_READ = Permission("core:webhooks", Action.READ, "See webhook subscriptions, deliveries")
WEBHOOKS_ADMINISTER = Permission(
    "core:webhooks", Action.ADMINISTER, "Subscribe integrators' URLs to events, pause, resume"
)

COUNCIL_PERMISSIONS = (
    SETTINGS_READ,
    SETTINGS_ADMINISTER,
    SERVICES_READ,
    MEMBERS_READ,
    MEMBERS_ADMINISTER,
    AUDIT_READ,
    CASES_READ,
    TASKS_READ,
    TASKS_WRITE,
    WEBHOOKS_READ,
    WEBHOOKS_ADMINISTER,
)

# Anyone holding any role in a council may see its settings, which services it uses, and the
# cross-service worklist (which shows only the services the person can read).
EVERY_MEMBER = (SETTINGS_READ, SERVICES_READ, CASES_READ, TASKS_READ)
# And anyone who may change something in a council may keep tasks there.
EVERY_WRITER = (TASKS_WRITE,)

COUNCIL_ADMINISTRATOR = Role(
    "council_administrator",
    "Council administrator",
    (
        SETTINGS_READ,
        SETTINGS_ADMINISTER,
        SERVICES_READ,
        MEMBERS_READ,
        MEMBERS_ADMINISTER,
        AUDIT_READ,
        WEBHOOKS_READ,
        WEBHOOKS_ADMINISTER,
    ),
    "Manages the council's settings, webhooks and who holds which role, in this council only",
)
COUNCIL_AUDITOR = Role(
    "council_auditor",
    "Council auditor (read-only)",
    (SETTINGS_READ, SERVICES_READ, MEMBERS_READ, AUDIT_READ, CASES_READ, WEBHOOKS_READ),
    "Reads the council's settings, members, webhooks and audit trail; changes nothing",
)

TENANTS_READ = Permission("platform:tenants", Action.READ, "List and view councils")
TENANTS_WRITE = Permission("platform:tenants", Action.WRITE, "Provision and change councils")
SERVICES_CATALOGUE = Permission("platform:services", Action.READ, "Read the service registry")
CLIENTS_READ = Permission("platform:clients", Action.READ, "List API clients")
CLIENTS_WRITE = Permission("platform:clients", Action.WRITE, "Create, rotate, revoke clients")
PLATFORM_AUDIT = Permission("platform:audit", Action.READ, "Read the platform audit log")
MEMBERS_ANYWHERE = Permission("platform:members", Action.ADMINISTER, "Grant roles in any council")
TENANT_DATA_READ = Permission("platform:tenant_data", Action.READ, "Read council data (audited)")
REORGANISATIONS_READ = Permission(
    "platform:reorganisations", Action.READ, "See reorganisation plans, progress and reports"
)
REORGANISATIONS_WRITE = Permission(
    "platform:reorganisations", Action.WRITE, "Plan, run, verify, cut over and roll back"
)

PLATFORM_OPERATOR = Role(
    "platform_operator",
    "Platform operator",
    (
        TENANTS_READ,
        TENANTS_WRITE,
        SERVICES_CATALOGUE,
        CLIENTS_READ,
        CLIENTS_WRITE,
        PLATFORM_AUDIT,
        MEMBERS_ANYWHERE,
        REORGANISATIONS_READ,
        REORGANISATIONS_WRITE,
    ),
    "Provisions and reorganises councils, manages API clients and memberships; sees no "
    "council data",
)
PLATFORM_SUPPORT = Role(
    "platform_support",
    "Platform support (reads council data, audited)",
    (TENANTS_READ, SERVICES_CATALOGUE, TENANT_DATA_READ),
    "May read a council's data to help it; every such read is recorded in the platform audit",
)

COUNCIL_ROLES = (COUNCIL_ADMINISTRATOR, COUNCIL_AUDITOR)
PLATFORM_ROLES = (PLATFORM_OPERATOR, PLATFORM_SUPPORT)
