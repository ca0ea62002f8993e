"""Local land charges descriptor data: permissions, roles and case types.

Searches (the LLC1 official search and the CON29 enquiries) carry the 10 working day service
standard councils report against; it is not statutory, so those clocks say so in their legal
basis. Requests for environmental information carry the statutory 20 working days. Register
maintenance (registering, varying, cancelling charges) has no clock.
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

_LLCA = "Local Land Charges Act 1975"
_EIR = "Environmental Information Regulations 2004"
_SEARCH_CHARGES = "Local Authorities (England) (Charges for Property Searches) Regulations 2008"

# --- Permissions --------------------------------------------------------------------------------

_SEARCHES = "land_charges:searches"
_REGISTER = "land_charges:register"

SEARCHES_READ = Permission(_SEARCHES, Action.READ, "View search requests and answers")
SEARCHES_WRITE = Permission(_SEARCHES, Action.WRITE, "Log searches and draft answers")
SEARCHES_DECIDE = Permission(_SEARCHES, Action.DECIDE, "Sign off and issue search results")
REGISTER_READ = Permission(_REGISTER, Action.READ, "View the local land charges register")
REGISTER_WRITE = Permission(_REGISTER, Action.WRITE, "Register, vary and cancel charges")
DOCUMENTS_READ = Permission("land_charges:documents", Action.READ, "View documents")
DOCUMENTS_WRITE = Permission("land_charges:documents", Action.WRITE, "Upload documents")
SETTINGS_READ = Permission("land_charges:settings", Action.READ, "View service settings")
SETTINGS_ADMINISTER = Permission(
    "land_charges:settings", Action.ADMINISTER, "Change search fees and answer templates"
)
AUDIT_READ = Permission("land_charges:audit", Action.READ, "Read the land charges audit trail")

PERMISSIONS: tuple[Permission, ...] = (
    SEARCHES_READ,
    SEARCHES_WRITE,
    SEARCHES_DECIDE,
    REGISTER_READ,
    REGISTER_WRITE,
    DOCUMENTS_READ,
    DOCUMENTS_WRITE,
    SETTINGS_READ,
    SETTINGS_ADMINISTER,
    AUDIT_READ,
)

# --- Roles --------------------------------------------------------------------------------------

ROLES: tuple[Role, ...] = (
    Role(
        "land_charges_contributor",
        "Land charges contributor",
        (SEARCHES_READ, SEARCHES_WRITE, REGISTER_READ, DOCUMENTS_READ),
        "An officer in another team (highways, planning, building control) who answers CON29 "
        "questions for that team; cannot issue results or change the register.",
    ),
    Role(
        "land_charges_officer",
        "Land charges officer",
        (
            SEARCHES_READ,
            SEARCHES_WRITE,
            SEARCHES_DECIDE,
            REGISTER_READ,
            REGISTER_WRITE,
            DOCUMENTS_READ,
            DOCUMENTS_WRITE,
            SETTINGS_READ,
        ),
        "Maintains the register and issues official search results and CON29 replies.",
    ),
    Role(
        "land_charges_manager",
        "Land charges manager",
        PERMISSIONS,
        "Full control of the service, including fees, templates and the audit trail.",
    ),
    read_only_role("land_charges_auditor", "Land charges auditor (read only)", PERMISSIONS),
)

# --- Clocks -------------------------------------------------------------------------------------

_SERVICE_STANDARD = "service standard, not a statutory period"

OFFICIAL_SEARCH = ClockRule(
    10,
    ClockUnit.WORKING_DAYS,
    ClockStart.DAY_AFTER_RECEIPT,
    extendable=False,
    legal_basis=f"{_LLCA}, s.9 ({_SERVICE_STANDARD})",
)
CON29_ENQUIRIES = ClockRule(
    10,
    ClockUnit.WORKING_DAYS,
    ClockStart.DAY_AFTER_RECEIPT,
    extendable=False,
    legal_basis=f"{_SEARCH_CHARGES} ({_SERVICE_STANDARD})",
)
ENVIRONMENTAL_INFORMATION = ClockRule(
    20,
    ClockUnit.WORKING_DAYS,
    ClockStart.DAY_AFTER_RECEIPT,
    extendable=True,
    legal_basis=f"{_EIR}, regs. 5(2) and 7(1)",
)

# --- Case types ---------------------------------------------------------------------------------

CASE_TYPES: tuple[CaseType, ...] = (
    CaseType(
        "llc1_official_search",
        "Official search of the register (LLC1)",
        "LLC1",
        OFFICIAL_SEARCH,
        "Official certificate of search. Where the register has migrated to HM Land Registry "
        "under the Infrastructure Act 2015, HM Land Registry answers LLC1 searches instead.",
    ),
    CaseType(
        "con29r_enquiries",
        "CON29 Required enquiries",
        "CON29R",
        CON29_ENQUIRIES,
        "Law Society standard enquiries of the local authority (planning, roads, notices).",
    ),
    CaseType(
        "con29o_enquiries",
        "CON29 Optional enquiries",
        "CON29O",
        CON29_ENQUIRIES,
        "Law Society optional enquiries, answered only for the questions the buyer selects.",
    ),
    CaseType(
        "personal_search",
        "Personal search and environmental information request",
        "PS",
        ENVIRONMENTAL_INFORMATION,
        "Free inspection of the register, and requests for CON29 information, which fall under "
        "the 2004 Regulations: 20 working days after receipt, up to 40 for complex requests.",
    ),
    CaseType(
        "register_charge",
        "Register a local land charge",
        "REG",
        None,
        f"Registration on an originating authority's application ({_LLCA}, ss.5-6). The "
        "authority should register promptly, but no statutory period applies.",
    ),
    CaseType(
        "vary_charge",
        "Vary a registered charge",
        "VAR",
        None,
        "Variation when the charge or the land it affects changes; no statutory period.",
    ),
    CaseType(
        "cancel_charge",
        "Cancel a registered charge",
        "CAN",
        None,
        "Cancellation when a charge is discharged, revoked or quashed; no statutory period.",
    ),
    CaseType(
        "light_obstruction_notice",
        "Light obstruction notice",
        "LON",
        None,
        "Registration of a notice under the Rights of Light Act 1959, s.2; no statutory period.",
    ),
)
