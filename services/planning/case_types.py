"""Planning case types and their statutory clocks.

Every application type Open Digital Planning defines maps onto one of these
(:mod:`services.planning.odp.types_map`). The clocks follow the Development Management Procedure
Order 2015 (DMPO), the General Permitted Development Order 2015 (GPDO) and the consent regimes
for listed buildings, advertisements, protected trees, hedgerows, hazardous substances, ordinary
watercourses, planning obligations and old mineral permissions. Each clock is a named module
constant, so a period changed in law is changed in one place and is easy to find. A case type
with no statutory decision period has ``clock=None`` and says why in its description.
"""

from __future__ import annotations

from services.registry import CaseType, ClockRule, ClockStart, ClockUnit

_TCPA = "Town and Country Planning Act 1990"
_DMPO = "Town and Country Planning (Development Management Procedure) (England) Order 2015"
_GPDO = "Town and Country Planning (General Permitted Development) (England) Order 2015"
_EIA = "Town and Country Planning (Environmental Impact Assessment) Regulations 2017"
_LB_ACT = "Planning (Listed Buildings and Conservation Areas) Act 1990"
_LB_REGS = "Planning (Listed Buildings and Conservation Areas) Regulations 1990"
_ADV_REGS = "Town and Country Planning (Control of Advertisements) (England) Regulations 2007"
_TPO_REGS = "Town and Country Planning (Tree Preservation) (England) Regulations 2012"
_PIP_ORDER = "Town and Country Planning (Permission in Principle) Order 2017"
_HS_REGS = "Planning (Hazardous Substances) Regulations 2015"
_OBLIGATION_REGS = (
    "Town and Country Planning (Modification and Discharge of Planning Obligations) "
    "Regulations 1992"
)
_CLPW_REGS = (
    "Planning (Listed Buildings) (Certificates of Lawfulness of Proposed Works) Regulations 2014"
)

# --- Clocks -------------------------------------------------------------------------------------

_WEEKS = ClockUnit.CALENDAR_WEEKS
_DAYS = ClockUnit.CALENDAR_DAYS
_MONTHS = ClockUnit.CALENDAR_MONTHS
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
LDC_LISTED_WORKS = ClockRule(8, _WEEKS, legal_basis=f"{_LB_ACT}, s.26H; {_CLPW_REGS}")
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
MINERALS = ClockRule(
    13, _WEEKS, legal_basis=f"{_DMPO}, art. 34(2)(a) (mineral working is major development, art. 2)"
)
MINERALS_REVIEW = ClockRule(
    3,
    _MONTHS,
    legal_basis="Environment Act 1995, Sch. 13, para. 9 and Sch. 14, para. 6",
)
HAZARDOUS_SUBSTANCES = ClockRule(8, _WEEKS, legal_basis=f"{_HS_REGS}, reg. 11")
LAND_DRAINAGE = ClockRule(
    2, _MONTHS, _RECEIPT, extendable=False, legal_basis="Land Drainage Act 1991, s.23(3)(b), (4)"
)
OBLIGATION = ClockRule(8, _WEEKS, legal_basis=f"{_TCPA}, ss.106A(7), 106B; {_OBLIGATION_REGS}")

# --- Case types ---------------------------------------------------------------------------------

_MAJOR = "Major development (DMPO art. 2), e.g. 10+ dwellings, 1,000 sq m floorspace or 1 ha."
_FROM_RECEIPT_DAY = "The period begins with the day of receipt (day 1)."
_NO_PERIOD = "No statutory decision period: "

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
        "ldc_listed_building_works",
        "Certificate of lawfulness of proposed works to a listed building",
        "CLPW",
        LDC_LISTED_WORKS,
        "Certifies that proposed works would not affect the building's special interest.",
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
        "prior_approval_detailed_proposals",
        "Prior approval of detailed proposals (mining, private Acts)",
        "PAM",
        None,
        _NO_PERIOD + "GPDO Sch. 2 Parts 17 and 18 require the authority's approval of detailed "
        "proposals or plans before work starts and set no deemed-approval period.",
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
        "compliance_confirmation",
        "Written confirmation of compliance with conditions",
        "COMP",
        None,
        _NO_PERIOD + "a request (fee under the 2012 Fees Regulations) for the authority to "
        "confirm that conditions have been complied with; no period is prescribed.",
    ),
    CaseType(
        "planning_obligation",
        "Modify or discharge a planning obligation (s.106A)",
        "OBL",
        OBLIGATION,
        "An appeal for non-determination lies under s.106B once 8 weeks have passed, unless "
        "a longer period has been agreed in writing.",
    ),
    CaseType(
        "minerals",
        "Minerals development, including onshore oil and gas",
        "MIN",
        MINERALS,
        "County matter. An application with an environmental statement is EIA development "
        "(16 weeks) instead.",
    ),
    CaseType(
        "minerals_review",
        "Review of old mineral permissions (ROMP)",
        "ROMP",
        MINERALS_REVIEW,
        "Conditions are treated as determined as applied for if no decision is given within "
        "3 months or a longer period agreed in writing (not where EIA applies).",
    ),
    CaseType(
        "hazardous_substances_consent",
        "Hazardous substances consent",
        "HAZ",
        HAZARDOUS_SUBSTANCES,
        "8 weeks from receipt, or a longer period agreed in writing.",
    ),
    CaseType(
        "land_drainage_consent",
        "Ordinary watercourse (land drainage) consent",
        "LDA",
        LAND_DRAINAGE,
        "Deemed consent if no decision is notified within two months after the later of the "
        "application and payment of the fee. Lead local flood authority function.",
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
        "rights_of_way_order",
        "Public path order (move or close a path)",
        "ROW",
        None,
        _NO_PERIOD + f"an order under {_TCPA} s.257 or Highways Act 1980 ss.118-119 is made, "
        "advertised and confirmed; no period for deciding the request is prescribed.",
    ),
    CaseType(
        "notification_of_completion",
        "Notification of completion",
        "NOC",
        None,
        _NO_PERIOD + "the developer tells the authority that permitted development is "
        "complete, as some GPDO classes require; nothing is decided.",
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
