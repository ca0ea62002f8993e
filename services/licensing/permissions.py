"""Licensing descriptor data: permissions, roles and case types.

Covers alcohol, entertainment and late night refreshment (Licensing Act 2003), gambling premises
(Gambling Act 2005), taxis and private hire, street trading, scrap metal and animal activities.
Two kinds of clock appear here, and each case type's description says which it is:

* a representation or objection window that the council must wait out before deciding, and
* a licence term (counted from issue), where the statute fixes the standard duration.
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

_LA03 = "Licensing Act 2003"
_LA03_REGS = (
    "Licensing Act 2003 (Premises licences and club premises certificates) Regulations 2005"
)
_GA05 = "Gambling Act 2005"
_GA05_REGS = "Gambling Act 2005 (Premises Licences and Provisional Statements) Regulations 2007"
_TPCA = "Town Police Clauses Act 1847"
_LGMPA76 = "Local Government (Miscellaneous Provisions) Act 1976"
_LGMPA82 = "Local Government (Miscellaneous Provisions) Act 1982"
_SMDA = "Scrap Metal Dealers Act 2013"
_ANIMALS = "Animal Welfare (Licensing of Activities Involving Animals) (England) Regulations 2018"

# --- Permissions --------------------------------------------------------------------------------

_APPS = "licensing:applications"
_REPS = "licensing:representations"
_HEARINGS = "licensing:hearings"
_LICENCES = "licensing:licences"

APPLICATIONS_READ = Permission(_APPS, Action.READ, "View applications and notices")
APPLICATIONS_WRITE = Permission(_APPS, Action.WRITE, "Register and progress applications")
APPLICATIONS_DECIDE = Permission(_APPS, Action.DECIDE, "Grant uncontested applications")
REPRESENTATIONS_READ = Permission(_REPS, Action.READ, "View representations and objections")
REPRESENTATIONS_WRITE = Permission(_REPS, Action.WRITE, "Record representations")
HEARINGS_READ = Permission(_HEARINGS, Action.READ, "View hearings")
HEARINGS_WRITE = Permission(_HEARINGS, Action.WRITE, "Arrange hearings and serve notices")
HEARINGS_DECIDE = Permission(_HEARINGS, Action.DECIDE, "Record the sub-committee's decision")
LICENCES_READ = Permission(_LICENCES, Action.READ, "View the public register of licences")
LICENCES_WRITE = Permission(_LICENCES, Action.WRITE, "Issue, renew and amend licences")
LICENCES_DECIDE = Permission(_LICENCES, Action.DECIDE, "Suspend or revoke licences")
ENFORCEMENT_READ = Permission("licensing:enforcement", Action.READ, "View compliance cases")
ENFORCEMENT_WRITE = Permission("licensing:enforcement", Action.WRITE, "Record inspections")
DOCUMENTS_READ = Permission("licensing:documents", Action.READ, "View case documents")
DOCUMENTS_WRITE = Permission("licensing:documents", Action.WRITE, "Upload documents")
SETTINGS_READ = Permission("licensing:settings", Action.READ, "View service settings")
SETTINGS_ADMINISTER = Permission("licensing:settings", Action.ADMINISTER, "Change fees, policy")
AUDIT_READ = Permission("licensing:audit", Action.READ, "Read the licensing audit trail")

PERMISSIONS: tuple[Permission, ...] = (
    APPLICATIONS_READ,
    APPLICATIONS_WRITE,
    APPLICATIONS_DECIDE,
    REPRESENTATIONS_READ,
    REPRESENTATIONS_WRITE,
    HEARINGS_READ,
    HEARINGS_WRITE,
    HEARINGS_DECIDE,
    LICENCES_READ,
    LICENCES_WRITE,
    LICENCES_DECIDE,
    ENFORCEMENT_READ,
    ENFORCEMENT_WRITE,
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
    REPRESENTATIONS_READ,
    REPRESENTATIONS_WRITE,
    HEARINGS_READ,
    LICENCES_READ,
    DOCUMENTS_READ,
    DOCUMENTS_WRITE,
)
_OFFICER: tuple[Permission, ...] = (
    *_SUPPORT,
    APPLICATIONS_DECIDE,
    HEARINGS_WRITE,
    LICENCES_WRITE,
    ENFORCEMENT_READ,
    ENFORCEMENT_WRITE,
)

ROLES: tuple[Role, ...] = (
    Role(
        "licensing_support_officer",
        "Licensing support officer",
        _SUPPORT,
        "Checks and registers applications and logs representations; cannot grant.",
    ),
    Role(
        "licensing_officer",
        "Licensing officer",
        _OFFICER,
        "Grants uncontested applications under delegation, issues licences and inspects.",
    ),
    Role(
        "licensing_manager",
        "Licensing manager",
        PERMISSIONS,
        "Suspends and revokes licences, records hearing outcomes and administers the service.",
    ),
    read_only_role("licensing_auditor", "Licensing auditor (read only)", PERMISSIONS),
)

# --- Clocks -------------------------------------------------------------------------------------

_RECEIPT = ClockStart.DAY_AFTER_RECEIPT
_NOTICE = ClockStart.DAY_AFTER_NOTICE_GIVEN
_ISSUE = ClockStart.DAY_AFTER_ISSUE
_NOTICE_DAY = ClockStart.DAY_OF_NOTICE_GIVEN
_RECEIPT_DAY = ClockStart.DAY_OF_RECEIPT
_DAYS = ClockUnit.CALENDAR_DAYS
_WORKING = ClockUnit.WORKING_DAYS
_YEARS = ClockUnit.CALENDAR_YEARS


def _window(amount: int, unit: ClockUnit, starts: ClockStart, basis: str) -> ClockRule:
    """A fixed statutory window: nobody can agree to lengthen it."""
    return ClockRule(amount, unit, starts, extendable=False, legal_basis=basis)


REPRESENTATIONS_28_DAYS = _window(28, _DAYS, _RECEIPT, f"{_LA03_REGS}, reg. 22")
MINOR_VARIATION = _window(15, _WORKING, _RECEIPT, f"{_LA03}, ss.41A-41B")
TRANSFER = _window(14, _DAYS, _NOTICE_DAY, f"{_LA03}, s.42")
DPS_VARIATION = _window(14, _DAYS, _NOTICE_DAY, f"{_LA03}, s.37")
SUMMARY_REVIEW = _window(28, _DAYS, _RECEIPT, f"{_LA03}, s.53A")
TEN_OBJECTION = _window(3, _WORKING, _NOTICE, f"{_LA03}, ss.100A and 104")
GAMBLING_PREMISES = _window(28, _DAYS, _RECEIPT_DAY, f"{_GA05}, ss.159-161; {_GA05_REGS}")
HC_DRIVER = _window(3, _YEARS, _ISSUE, f"{_TPCA}, s.46; {_LGMPA76}, s.53(1)")
PH_DRIVER = _window(3, _YEARS, _ISSUE, f"{_LGMPA76}, ss.51 and 53(1)")
HC_VEHICLE = _window(1, _YEARS, _ISSUE, f"{_TPCA}, s.37; {_LGMPA76}, Part II")
PH_VEHICLE = _window(1, _YEARS, _ISSUE, f"{_LGMPA76}, s.48")
PH_OPERATOR = _window(5, _YEARS, _ISSUE, f"{_LGMPA76}, s.55(2)")
STREET_TRADING = _window(1, _YEARS, _ISSUE, f"{_LGMPA82}, s.3 and Sch. 4")
SCRAP_METAL = _window(3, _YEARS, _ISSUE, f"{_SMDA}, s.2 and Sch. 1, para. 1")

# --- Case types ---------------------------------------------------------------------------------

_REPS_28 = (
    "Representation window: 28 consecutive days starting the day after the application is "
    "given to the authority. A hearing follows if relevant representations are not withdrawn."
)
_POLICE_14 = (
    "Objection window for the police (and Home Office Immigration Enforcement): 14 days "
    "beginning with the day they are notified."
)
_TERM = "Licence term counted from issue; the target is the expiry and renewal date."
_TEN = (
    "Objection window: police and environmental health may object before the end of the third "
    "working day after the day they receive the notice."
)

CASE_TYPES: tuple[CaseType, ...] = (
    CaseType(
        "premises_licence_new",
        "Premises licence: new (s.17)",
        "PREM",
        REPRESENTATIONS_28_DAYS,
        _REPS_28,
    ),
    CaseType(
        "premises_licence_variation",
        "Premises licence: variation (s.34)",
        "PREMV",
        REPRESENTATIONS_28_DAYS,
        _REPS_28,
    ),
    CaseType(
        "premises_licence_minor_variation",
        "Premises licence: minor variation (s.41A)",
        "MINV",
        MINOR_VARIATION,
        "Decision deadline: 15 working days from the first working day after receipt; "
        "undecided applications are treated as refused and the fee returned. "
        "Representations close 10 working days after receipt.",
    ),
    CaseType(
        "premises_licence_transfer",
        "Premises licence: transfer (s.42)",
        "PREMT",
        TRANSFER,
        _POLICE_14,
    ),
    CaseType(
        "premises_licence_dps_variation",
        "Premises licence: change of DPS (s.37)",
        "DPS",
        DPS_VARIATION,
        _POLICE_14,
    ),
    CaseType(
        "premises_licence_review",
        "Premises licence: review (s.51)",
        "REV",
        REPRESENTATIONS_28_DAYS,
        _REPS_28,
    ),
    CaseType(
        "premises_licence_summary_review",
        "Premises licence: summary review (s.53A)",
        "SREV",
        SUMMARY_REVIEW,
        "Interim steps within 48 hours of receipt; the full review hearing must be held "
        "within 28 days after the day the application is received.",
    ),
    CaseType(
        "club_premises_certificate_new",
        "Club premises certificate: new (s.71)",
        "CPC",
        REPRESENTATIONS_28_DAYS,
        _REPS_28,
    ),
    CaseType(
        "club_premises_certificate_variation",
        "Club premises certificate: variation (s.84)",
        "CPCV",
        REPRESENTATIONS_28_DAYS,
        _REPS_28,
    ),
    CaseType(
        "personal_licence",
        "Personal licence (s.117)",
        "PERS",
        None,
        "No decision period. Where relevant offences are disclosed the police may object "
        "within 14 days of notification (s.120). Personal licences do not expire.",
    ),
    CaseType(
        "temporary_event_notice_standard",
        "Temporary event notice: standard",
        "TEN",
        TEN_OBJECTION,
        _TEN + " The notice must be given at least 10 clear working days before the event; "
        "an objection leads to a hearing and possibly a counter notice (s.105).",
    ),
    CaseType(
        "temporary_event_notice_late",
        "Temporary event notice: late",
        "LTEN",
        TEN_OBJECTION,
        _TEN + " Given 5 to 9 working days before the event; any objection means an "
        "automatic counter notice with no hearing (s.104A).",
    ),
    CaseType(
        "gambling_premises_licence",
        "Gambling premises licence (s.159)",
        "GAMB",
        GAMBLING_PREMISES,
        "Representation window of 28 days, beginning with the day the application is made.",
    ),
    CaseType(
        "small_society_lottery",
        "Small society lottery registration",
        "SSL",
        None,
        f"Registration under {_GA05}, Sch. 11, Part 5; no decision period.",
    ),
    CaseType(
        "hackney_carriage_driver",
        "Hackney carriage driver licence",
        "HCD",
        HC_DRIVER,
        _TERM + " Standard term 3 years; shorter only where the case requires it.",
    ),
    CaseType(
        "private_hire_driver",
        "Private hire driver licence",
        "PHD",
        PH_DRIVER,
        _TERM + " Standard term 3 years; shorter only where the case requires it.",
    ),
    CaseType(
        "hackney_carriage_vehicle",
        "Hackney carriage vehicle licence",
        "HCV",
        HC_VEHICLE,
        _TERM + " At most 1 year.",
    ),
    CaseType(
        "private_hire_vehicle",
        "Private hire vehicle licence",
        "PHV",
        PH_VEHICLE,
        _TERM + " At most 1 year.",
    ),
    CaseType(
        "private_hire_operator",
        "Private hire operator licence",
        "PHO",
        PH_OPERATOR,
        _TERM + " Standard term 5 years; shorter only where the case requires it.",
    ),
    CaseType(
        "street_trading",
        "Street trading licence or consent",
        "STR",
        STREET_TRADING,
        _TERM + " At most 12 months; only where the council has adopted Sch. 4.",
    ),
    CaseType("scrap_metal_site", "Scrap metal dealer: site licence", "SMS", SCRAP_METAL, _TERM),
    CaseType(
        "scrap_metal_collector",
        "Scrap metal dealer: collector's licence",
        "SMC",
        SCRAP_METAL,
        _TERM,
    ),
    CaseType(
        "animal_activities",
        "Animal activities licence",
        "ANI",
        None,
        f"Licence term of 1, 2 or 3 years set by the star rating at grant ({_ANIMALS}); "
        "no statutory decision period.",
    ),
)
