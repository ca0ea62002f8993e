"""Planning (development management) descriptor data: permissions, roles and case types.

The statutory clocks follow the Development Management Procedure Order 2015 (DMPO), the General
Permitted Development Order 2015 (GPDO) and the consent regimes for listed buildings,
advertisements, protected trees and hedgerows. Each clock is a named module constant, so a period
changed in law is changed in one place and is easy to find.
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

_TCPA = "Town and Country Planning Act 1990"
_DMPO = "Town and Country Planning (Development Management Procedure) (England) Order 2015"
_GPDO = "Town and Country Planning (General Permitted Development) (England) Order 2015"
_EIA = "Town and Country Planning (Environmental Impact Assessment) Regulations 2017"
_LB_REGS = "Planning (Listed Buildings and Conservation Areas) Regulations 1990"
_ADV_REGS = "Town and Country Planning (Control of Advertisements) (England) Regulations 2007"
_TPO_REGS = "Town and Country Planning (Tree Preservation) (England) Regulations 2012"
_PIP_ORDER = "Town and Country Planning (Permission in Principle) Order 2017"

# --- Permissions --------------------------------------------------------------------------------

_APPS = "planning:applications"
APPLICATIONS_READ = Permission(_APPS, Action.READ, "View applications")
APPLICATIONS_WRITE = Permission(_APPS, Action.WRITE, "Register, validate and progress")
APPLICATIONS_DECIDE = Permission(_APPS, Action.DECIDE, "Determine under delegated powers")
CONSULTATIONS_READ = Permission("planning:consultations", Action.READ, "View consultations")
CONSULTATIONS_WRITE = Permission("planning:consultations", Action.WRITE, "Consult; log replies")
COMMENTS_READ = Permission("planning:comments", Action.READ, "View public comments")
COMMENTS_WRITE = Permission("planning:comments", Action.WRITE, "Record and redact comments")
DOCUMENTS_READ = Permission("planning:documents", Action.READ, "View case documents")
DOCUMENTS_WRITE = Permission("planning:documents", Action.WRITE, "Upload and publish documents")
CONDITIONS_READ = Permission("planning:conditions", Action.READ, "View conditions")
CONDITIONS_WRITE = Permission("planning:conditions", Action.WRITE, "Draft and track conditions")
OBLIGATIONS_READ = Permission("planning:obligations", Action.READ, "View s.106 obligations")
OBLIGATIONS_WRITE = Permission("planning:obligations", Action.WRITE, "Record s.106 obligations")
APPEALS_READ = Permission("planning:appeals", Action.READ, "View appeals")
APPEALS_WRITE = Permission("planning:appeals", Action.WRITE, "Prepare appeal statements")
ENFORCEMENT_READ = Permission("planning:enforcement", Action.READ, "View enforcement cases")
ENFORCEMENT_WRITE = Permission("planning:enforcement", Action.WRITE, "Investigate breaches")
ENFORCEMENT_DECIDE = Permission("planning:enforcement", Action.DECIDE, "Authorise notices")
SETTINGS_READ = Permission("planning:settings", Action.READ, "View service settings")
SETTINGS_ADMINISTER = Permission("planning:settings", Action.ADMINISTER, "Change settings")
AUDIT_READ = Permission("planning:audit", Action.READ, "Read the planning audit trail")

PERMISSIONS: tuple[Permission, ...] = (
    APPLICATIONS_READ,
    APPLICATIONS_WRITE,
    APPLICATIONS_DECIDE,
    CONSULTATIONS_READ,
    CONSULTATIONS_WRITE,
    COMMENTS_READ,
    COMMENTS_WRITE,
    DOCUMENTS_READ,
    DOCUMENTS_WRITE,
    CONDITIONS_READ,
    CONDITIONS_WRITE,
    OBLIGATIONS_READ,
    OBLIGATIONS_WRITE,
    APPEALS_READ,
    APPEALS_WRITE,
    ENFORCEMENT_READ,
    ENFORCEMENT_WRITE,
    ENFORCEMENT_DECIDE,
    SETTINGS_READ,
    SETTINGS_ADMINISTER,
    AUDIT_READ,
)

# --- Roles --------------------------------------------------------------------------------------

_CASEWORK: tuple[Permission, ...] = (
    APPLICATIONS_READ,
    APPLICATIONS_WRITE,
    CONSULTATIONS_READ,
    CONSULTATIONS_WRITE,
    COMMENTS_READ,
    COMMENTS_WRITE,
    DOCUMENTS_READ,
    DOCUMENTS_WRITE,
    CONDITIONS_READ,
)
_ASSESSMENT: tuple[Permission, ...] = (
    *_CASEWORK,
    CONDITIONS_WRITE,
    OBLIGATIONS_READ,
    APPEALS_READ,
    ENFORCEMENT_READ,
)
_SIGN_OFF: tuple[Permission, ...] = (
    APPLICATIONS_DECIDE,
    OBLIGATIONS_WRITE,
    APPEALS_WRITE,
    ENFORCEMENT_WRITE,
    ENFORCEMENT_DECIDE,
)
_ENFORCEMENT: tuple[Permission, ...] = (
    APPLICATIONS_READ,
    COMMENTS_READ,
    CONDITIONS_READ,
    DOCUMENTS_READ,
    DOCUMENTS_WRITE,
    APPEALS_READ,
    ENFORCEMENT_READ,
    ENFORCEMENT_WRITE,
)

ROLES: tuple[Role, ...] = (
    Role(
        "planning_technician",
        "Planning technician",
        _CASEWORK,
        "Registers and validates applications, sends consultations and publishes comments.",
    ),
    Role(
        "planning_case_officer",
        "Planning case officer",
        _ASSESSMENT,
        "Assesses applications and drafts reports and conditions; does not sign decisions.",
    ),
    Role(
        "planning_team_leader",
        "Planning team leader",
        (*_ASSESSMENT, *_SIGN_OFF),
        "Signs decisions and authorises enforcement notices under the scheme of delegation.",
    ),
    Role(
        "planning_enforcement_officer",
        "Planning enforcement officer",
        _ENFORCEMENT,
        "Investigates alleged breaches; notices are authorised by a team leader.",
    ),
    Role(
        "planning_manager",
        "Planning service manager",
        PERMISSIONS,
        "Full control of the service, including settings and the audit trail.",
    ),
    read_only_role("planning_auditor", "Planning auditor (read only)", PERMISSIONS),
)

# --- Clocks -------------------------------------------------------------------------------------

_WEEKS = ClockUnit.CALENDAR_WEEKS
_DAYS = ClockUnit.CALENDAR_DAYS
_RECEIPT = ClockStart.DAY_AFTER_RECEIPT
_RECEIPT_DAY = ClockStart.DAY_OF_RECEIPT

EIGHT_WEEKS = ClockRule(8, _WEEKS, legal_basis=f"{_DMPO}, art. 34(2)(b)")
THIRTEEN_WEEKS = ClockRule(13, _WEEKS, legal_basis=f"{_DMPO}, art. 34(2)(a)")
SIXTEEN_WEEKS_EIA = ClockRule(16, _WEEKS, legal_basis=f"{_DMPO}, art. 34(2); {_EIA}")
S73_MINOR = ClockRule(8, _WEEKS, legal_basis=f"{_TCPA}, s.73; {_DMPO}, art. 34(2)(b)")
S73_MAJOR = ClockRule(13, _WEEKS, legal_basis=f"{_TCPA}, s.73; {_DMPO}, art. 34(2)(a)")
TDC_MINOR = ClockRule(5, _WEEKS, legal_basis=f"{_DMPO}, art. 34(2)(bb)")
TDC_MAJOR = ClockRule(10, _WEEKS, legal_basis=f"{_DMPO}, art. 34(2)(aa)")
PIP = ClockRule(5, _WEEKS, legal_basis=f"{_PIP_ORDER}, as amended by SI 2017/1309")
SCREENING = ClockRule(3, _WEEKS, _RECEIPT_DAY, legal_basis=f"{_EIA}, reg. 6")
SCOPING = ClockRule(5, _WEEKS, _RECEIPT_DAY, legal_basis=f"{_EIA}, reg. 15")
LBC = ClockRule(8, _WEEKS, legal_basis=f"{_LB_REGS}, reg. 3")
ADVERT = ClockRule(8, _WEEKS, legal_basis=f"{_ADV_REGS}, reg. 14")
LDC_EXISTING = ClockRule(8, _WEEKS, legal_basis=f"{_TCPA}, s.191; {_DMPO}, art. 39")
LDC_PROPOSED = ClockRule(8, _WEEKS, legal_basis=f"{_TCPA}, s.192; {_DMPO}, art. 39")
NMA = ClockRule(28, _DAYS, legal_basis=f"{_TCPA}, s.96A; {_DMPO}, art. 10")
DISCHARGE = ClockRule(8, _WEEKS, _RECEIPT, legal_basis=f"{_DMPO}, arts. 27-30 and Sch. 6")
LARGER_HOME = ClockRule(
    42, _DAYS, _RECEIPT, extendable=False, legal_basis=f"{_GPDO}, Sch. 2, Part 1, para. A.4"
)
PRIOR_APPROVAL = ClockRule(
    56, _DAYS, _RECEIPT, extendable=False, legal_basis=f"{_GPDO}, Sch. 2, Part 3, para. W(11)"
)
TELECOMS = ClockRule(56, _DAYS, _RECEIPT, extendable=False, legal_basis=f"{_GPDO}, Sch. 2, Part 16")
PRIOR_NOTIFICATION = ClockRule(
    28, _DAYS, _RECEIPT, extendable=False, legal_basis=f"{_GPDO}, Sch. 2, Parts 6 and 11"
)
TPO = ClockRule(8, _WEEKS, _RECEIPT, extendable=False, legal_basis=f"{_TPO_REGS}, regs. 17, 19")
TCA = ClockRule(
    6, _WEEKS, ClockStart.DAY_AFTER_NOTICE_GIVEN, extendable=False, legal_basis=f"{_TCPA}, s.211"
)
HEDGEROW = ClockRule(42, _DAYS, _RECEIPT_DAY, legal_basis="Hedgerows Regulations 1997, reg. 5")

# --- Case types ---------------------------------------------------------------------------------

_MAJOR = "Major development (DMPO art. 2), e.g. 10+ dwellings, 1,000 sq m floorspace or 1 ha."
_FROM_RECEIPT_DAY = "The period begins with the day of receipt (day 1)."

CASE_TYPES: tuple[CaseType, ...] = (
    CaseType(
        "householder",
        "Householder application",
        "HOUSE",
        EIGHT_WEEKS,
        "Works to or within the curtilage of a single dwellinghouse.",
    ),
    CaseType("full_minor", "Full planning permission (non-major)", "FUL", EIGHT_WEEKS),
    CaseType("full_major", "Full planning permission (major)", "FULM", THIRTEEN_WEEKS, _MAJOR),
    CaseType(
        "outline_minor",
        "Outline planning permission (non-major)",
        "OUT",
        EIGHT_WEEKS,
        "Outline with some or all matters reserved (DMPO art. 5).",
    ),
    CaseType(
        "outline_major", "Outline planning permission (major)", "OUTM", THIRTEEN_WEEKS, _MAJOR
    ),
    CaseType(
        "reserved_matters_minor",
        "Reserved matters (non-major)",
        "RES",
        EIGHT_WEEKS,
        "Approval of matters reserved by an outline permission (DMPO art. 6).",
    ),
    CaseType("reserved_matters_major", "Reserved matters (major)", "RESM", THIRTEEN_WEEKS, _MAJOR),
    CaseType(
        "eia_development",
        "EIA development",
        "EIA",
        SIXTEEN_WEEKS_EIA,
        "Any application accompanied by an environmental statement.",
    ),
    CaseType("screening_opinion", "EIA screening opinion", "SCR", SCREENING, _FROM_RECEIPT_DAY),
    CaseType("scoping_opinion", "EIA scoping opinion", "SCO", SCOPING, _FROM_RECEIPT_DAY),
    CaseType(
        "listed_building_consent",
        "Listed building consent",
        "LBC",
        LBC,
        "Works affecting a listed building's special interest, including demolition.",
    ),
    CaseType(
        "advertisement_consent",
        "Advertisement consent",
        "ADV",
        ADVERT,
        "Express consent to display an advertisement.",
    ),
    CaseType(
        "ldc_existing",
        "Lawful development certificate (existing)",
        "LDCE",
        LDC_EXISTING,
        "Certifies that an existing use, operation or breach of condition is lawful.",
    ),
    CaseType(
        "ldc_proposed",
        "Lawful development certificate (proposed)",
        "LDCP",
        LDC_PROPOSED,
        "Certifies that a proposed use or operation would be lawful.",
    ),
    CaseType(
        "prior_approval_larger_home_extension",
        "Prior approval: larger home extension",
        "PAH",
        LARGER_HOME,
        "Neighbour consultation scheme; the work may go ahead if no decision is notified "
        "within 42 days following receipt. No extension by agreement.",
    ),
    CaseType(
        "prior_approval",
        "Prior approval (other GPDO classes)",
        "PA",
        PRIOR_APPROVAL,
        "For example Part 3 Class MA; deemed approval if no decision within 56 days.",
    ),
    CaseType(
        "prior_approval_telecoms",
        "Prior approval: electronic communications",
        "PAT",
        TELECOMS,
        "Deemed approval if no decision is notified within 56 days.",
    ),
    CaseType(
        "prior_notification_agricultural",
        "Prior notification: agricultural",
        "PAG",
        PRIOR_NOTIFICATION,
        "28 days to say whether prior approval is required.",
    ),
    CaseType(
        "prior_notification_demolition",
        "Prior notification: demolition",
        "PAD",
        PRIOR_NOTIFICATION,
        "28 days to say whether prior approval is required.",
    ),
    CaseType(
        "permission_in_principle",
        "Permission in principle",
        "PIP",
        PIP,
        "Minor housing-led development: settles location, land use and amount only.",
    ),
    CaseType(
        "technical_details_minor",
        "Technical details consent (non-major)",
        "TDC",
        TDC_MINOR,
        "Second stage following permission in principle.",
    ),
    CaseType(
        "technical_details_major",
        "Technical details consent (major)",
        "TDCM",
        TDC_MAJOR,
        "Second stage following permission in principle, for major development.",
    ),
    CaseType(
        "non_material_amendment",
        "Non-material amendment (s.96A)",
        "NMA",
        NMA,
        "28 days, or a longer period agreed in writing with the applicant.",
    ),
    CaseType(
        "variation_of_conditions",
        "Variation or removal of conditions (s.73)",
        "VAR",
        S73_MINOR,
        "Varying conditions on a non-major permission.",
    ),
    CaseType(
        "variation_of_conditions_major",
        "Variation or removal of conditions (major)",
        "VARM",
        S73_MAJOR,
        _MAJOR,
    ),
    CaseType(
        "discharge_of_conditions",
        "Approval of details reserved by condition",
        "DOC",
        DISCHARGE,
        "After the period a deemed discharge notice may be served.",
    ),
    CaseType(
        "works_to_tpo_trees",
        "Works to trees protected by a TPO",
        "TPO",
        TPO,
        "An appeal for non-determination lies once 8 weeks from receipt have passed.",
    ),
    CaseType(
        "trees_in_conservation_area",
        "Works to trees in a conservation area",
        "TCA",
        TCA,
        "s.211 notice; the works may go ahead after 6 weeks unless a TPO is made.",
    ),
    CaseType(
        "hedgerow_removal_notice",
        "Hedgerow removal notice",
        "HED",
        HEDGEROW,
        "42 days to serve a hedgerow retention notice, extendable by agreement. "
        + _FROM_RECEIPT_DAY,
    ),
    CaseType(
        "enforcement",
        "Alleged breach of planning control",
        "ENF",
        None,
        "No decision period; the immunity periods in TCPA 1990 s.171B apply.",
    ),
    CaseType(
        "pre_application",
        "Pre-application advice",
        "PRE",
        None,
        "Non-statutory advice under the council's charging scheme.",
    ),
)
