"""Building control descriptor data: permissions, roles and case types.

Clocks follow the Building Act 1984 (as amended by the Building Safety Act 2022), the Building
Regulations 2010 and the Building (Registered Building Control Approvers etc.) (England)
Regulations 2024. Many building control cases carry no statutory decision period at all; those
have ``clock=None`` and say why in their description.
"""

from __future__ import annotations

from services.registry import (
    Action,
    CaseType,
    ClockRule,
    ClockStart,
    ClockUnit,
    Permission,
    Role,
    read_only_role,
)

_BA = "Building Act 1984"
_BR = "Building Regulations 2010"
_RBCA = "Building (Registered Building Control Approvers etc.) (England) Regulations 2024"

# --- Permissions --------------------------------------------------------------------------------

_APPS = "building_control:applications"
_NOTICES = "building_control:notices"
_INSPECTIONS = "building_control:inspections"
_DANGEROUS = "building_control:dangerous_structures"
_ENFORCEMENT = "building_control:enforcement"
_DOCUMENTS = "building_control:documents"

APPLICATIONS_READ = Permission(_APPS, Action.READ, "View applications")
APPLICATIONS_WRITE = Permission(_APPS, Action.WRITE, "Register and progress applications")
APPLICATIONS_DECIDE = Permission(_APPS, Action.DECIDE, "Approve or reject plans; certify")
NOTICES_READ = Permission(_NOTICES, Action.READ, "View notices")
NOTICES_WRITE = Permission(_NOTICES, Action.WRITE, "Register notices")
NOTICES_DECIDE = Permission(_NOTICES, Action.DECIDE, "Accept or reject notices; s.81 notices")
INSPECTIONS_READ = Permission(_INSPECTIONS, Action.READ, "View site inspections")
INSPECTIONS_WRITE = Permission(_INSPECTIONS, Action.WRITE, "Book and record site inspections")
DANGEROUS_READ = Permission(_DANGEROUS, Action.READ, "View dangerous structure reports")
DANGEROUS_WRITE = Permission(_DANGEROUS, Action.WRITE, "Record call-outs and site findings")
DANGEROUS_DECIDE = Permission(_DANGEROUS, Action.DECIDE, "Order emergency works (ss.77-78)")
ENFORCEMENT_READ = Permission(_ENFORCEMENT, Action.READ, "View contravention cases")
ENFORCEMENT_WRITE = Permission(_ENFORCEMENT, Action.WRITE, "Investigate contraventions")
ENFORCEMENT_DECIDE = Permission(_ENFORCEMENT, Action.DECIDE, "Serve compliance/stop notices")
DOCUMENTS_READ = Permission(_DOCUMENTS, Action.READ, "View case documents")
DOCUMENTS_WRITE = Permission(_DOCUMENTS, Action.WRITE, "Upload documents")
SETTINGS_READ = Permission("building_control:settings", Action.READ, "View service settings")
SETTINGS_ADMINISTER = Permission(
    "building_control:settings", Action.ADMINISTER, "Change charges, templates and settings"
)
AUDIT_READ = Permission("building_control:audit", Action.READ, "Read the audit trail")

PERMISSIONS: tuple[Permission, ...] = (
    APPLICATIONS_READ,
    APPLICATIONS_WRITE,
    APPLICATIONS_DECIDE,
    NOTICES_READ,
    NOTICES_WRITE,
    NOTICES_DECIDE,
    INSPECTIONS_READ,
    INSPECTIONS_WRITE,
    DANGEROUS_READ,
    DANGEROUS_WRITE,
    DANGEROUS_DECIDE,
    ENFORCEMENT_READ,
    ENFORCEMENT_WRITE,
    ENFORCEMENT_DECIDE,
    DOCUMENTS_READ,
    DOCUMENTS_WRITE,
    SETTINGS_READ,
    SETTINGS_ADMINISTER,
    AUDIT_READ,
)

# --- Roles --------------------------------------------------------------------------------------

_SUPPORT: tuple[Permission, ...] = (
    APPLICATIONS_READ,
    APPLICATIONS_WRITE,
    NOTICES_READ,
    NOTICES_WRITE,
    INSPECTIONS_READ,
    INSPECTIONS_WRITE,
    DANGEROUS_READ,
    ENFORCEMENT_READ,
    DOCUMENTS_READ,
    DOCUMENTS_WRITE,
)
_SURVEYOR: tuple[Permission, ...] = (
    *_SUPPORT,
    APPLICATIONS_DECIDE,
    NOTICES_DECIDE,
    DANGEROUS_WRITE,
    DANGEROUS_DECIDE,
    ENFORCEMENT_WRITE,
)

ROLES: tuple[Role, ...] = (
    Role(
        "building_control_technician",
        "Building control technical support officer",
        _SUPPORT,
        "Registers applications and notices, books inspections and keeps the statutory register.",
    ),
    Role(
        "building_control_surveyor",
        "Building control surveyor",
        _SURVEYOR,
        "Assesses plans, inspects work and attends dangerous structures. Must be a registered "
        "building inspector of a class covering the work (Building Act 1984, Part 2A).",
    ),
    Role(
        "building_control_manager",
        "Building control manager",
        PERMISSIONS,
        "Full control of the service, including enforcement sign-off, charges and the audit trail.",
    ),
    read_only_role(
        "building_control_auditor",
        "Building control auditor (read only)",
        PERMISSIONS,
        "Internal audit and Building Safety Regulator returns: reads everything, changes nothing.",
    ),
)

# --- Clocks -------------------------------------------------------------------------------------

FULL_PLANS = ClockRule(
    5,
    ClockUnit.CALENDAR_WEEKS,
    ClockStart.DAY_AFTER_DEPOSIT,
    extendable=True,
    legal_basis=f"{_BA}, s.16(12); {_BR}, reg. 14",
)
INITIAL_NOTICE = ClockRule(
    5,
    ClockUnit.WORKING_DAYS,
    ClockStart.DAY_OF_NOTICE_GIVEN,
    extendable=False,
    legal_basis=f"{_BA}, s.47; {_RBCA}, reg. 6(4)",
)
COMMENCEMENT_NOTICE = ClockRule(
    2,
    ClockUnit.WORKING_DAYS,
    ClockStart.DAY_AFTER_NOTICE_GIVEN,
    extendable=False,
    legal_basis=f"{_BR}, reg. 16(1)",
)
DEMOLITION_NOTICE = ClockRule(
    6,
    ClockUnit.CALENDAR_WEEKS,
    ClockStart.DAY_AFTER_NOTICE_GIVEN,
    extendable=False,
    legal_basis=f"{_BA}, ss.80-81",
)

# --- Case types ---------------------------------------------------------------------------------

CASE_TYPES: tuple[CaseType, ...] = (
    CaseType(
        "full_plans",
        "Full plans application",
        "FP",
        FULL_PLANS,
        "Decision within 5 weeks of deposit, or within an extended period agreed in writing "
        "before the 5 weeks run out that ends no later than 2 months from deposit.",
    ),
    CaseType(
        "building_notice",
        "Building notice",
        "BN",
        None,
        "No plans approval and so no decision period; work is inspected as it proceeds. Not "
        "available where the Regulatory Reform (Fire Safety) Order 2005 applies.",
    ),
    CaseType(
        "regularisation",
        "Regularisation application",
        "REG",
        None,
        f"Retrospective certificate for unauthorised work ({_BR}, reg. 18); no decision period.",
    ),
    CaseType(
        "initial_notice",
        "Initial notice from a registered building control approver",
        "IN",
        INITIAL_NOTICE,
        "Rejection only on the prescribed grounds (2024 Regulations, Sch. 2), within five "
        "working days beginning with the day the notice is given.",
    ),
    CaseType(
        "commencement_notice",
        "Notice of intention to start work",
        "CMN",
        COMMENCEMENT_NOTICE,
        "Not a decision deadline: the clock ends when the two-day wait after the day the notice "
        "was given has run (weekends and bank holidays do not count, reg. 2); work may start the "
        "next day.",
    ),
    CaseType(
        "regarded_as_commenced",
        "Notice that work is regarded as commenced",
        "RAC",
        None,
        "Tells the council the day the work reached the point at which it is regarded as "
        f"commenced ({_BR}, reg. 46A, inserted in 2023); linked to its application it stops "
        f"the approval lapsing ({_BA}, s.32). No period binds the council.",
    ),
    CaseType(
        "completion",
        "Completion notice and completion certificate",
        "CMP",
        None,
        f"The person carrying out the work notifies completion ({_BR}, reg. 16); the council "
        "issues a completion certificate under reg. 17. No statutory period binds the council.",
    ),
    CaseType(
        "competent_person_notification",
        "Competent person scheme notification",
        "CPS",
        None,
        f"Self-certified work notified by a scheme operator ({_BR}, reg. 20 and Sch. 3).",
    ),
    CaseType(
        "reversion",
        "Reversion of work to the local authority",
        "REV",
        None,
        f"Work reverts when an initial notice ceases to have effect ({_BA}, ss.52-53).",
    ),
    CaseType(
        "demolition_notice",
        "Notice of intended demolition (s.80)",
        "DEM",
        DEMOLITION_NOTICE,
        "The council may serve a s.81 notice within 6 weeks; demolition may begin once it has "
        "done so or the 6 weeks have run.",
    ),
    CaseType(
        "dangerous_structure",
        "Dangerous structure",
        "DS",
        None,
        f"Emergency response and court or emergency action ({_BA}, ss.77-78); no statutory clock.",
    ),
    CaseType(
        "contravention",
        "Contravention of building regulations",
        "ENF",
        None,
        f"Compliance and stop notices and s.36 notices ({_BA}, ss.35-36 as amended by the "
        "Building Safety Act 2022); no decision period.",
    ),
)
