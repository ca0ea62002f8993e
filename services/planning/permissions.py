"""Planning (development management) descriptor data: permissions and roles.

The case types and their statutory clocks live in :mod:`services.planning.case_types`; the clock
constants that older modules import from here are re-exported below.
"""

from __future__ import annotations

from services.planning.case_types import EIGHT_WEEKS, PRIOR_APPROVAL, THIRTEEN_WEEKS
from services.registry import Action, Permission, Role, read_only_role

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

__all__ = [
    "EIGHT_WEEKS",
    "PERMISSIONS",
    "PRIOR_APPROVAL",
    "ROLES",
    "THIRTEEN_WEEKS",
]
