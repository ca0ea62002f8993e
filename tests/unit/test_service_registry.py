"""Unit tests for the content of the service registry (no database, no network).

They load the four service packages through ``load_services()`` and pin the statutory rules a
council would be challenged on (decision periods, representation windows, licence terms), plus
the RBAC invariants every service must keep: roles grant only declared permissions, reference
suffixes are unique, and auditor roles are strictly read-only.
"""

from __future__ import annotations

import re

import pytest

from services.registry import (
    Action,
    ClockRule,
    ClockStart,
    ClockUnit,
    Permission,
    Role,
    ServiceDescriptor,
    ServiceRegistry,
    load_services,
)

EXPECTED_CODES = ("building_control", "land_charges", "licensing", "planning")

WEEKS = ClockUnit.CALENDAR_WEEKS
DAYS = ClockUnit.CALENDAR_DAYS
YEARS = ClockUnit.CALENDAR_YEARS
WORKING = ClockUnit.WORKING_DAYS
VALID = ClockStart.DAY_AFTER_VALID_RECEIPT
RECEIPT = ClockStart.DAY_AFTER_RECEIPT
DEPOSIT = ClockStart.DAY_AFTER_DEPOSIT
NOTICE = ClockStart.DAY_AFTER_NOTICE_GIVEN
NOTICE_DAY = ClockStart.DAY_OF_NOTICE_GIVEN
RECEIPT_DAY = ClockStart.DAY_OF_RECEIPT
ISSUE = ClockStart.DAY_AFTER_ISSUE


@pytest.fixture(scope="module")
def services() -> ServiceRegistry:
    return load_services()


def _clock(services: ServiceRegistry, service: str, case_type: str) -> ClockRule:
    clock = services.get(service).case_type(case_type).clock
    assert clock is not None, f"{service}/{case_type} should carry a statutory clock"
    return clock


def _role(service: ServiceDescriptor, code: str) -> Role:
    matches = [role for role in service.roles if role.code == code]
    assert len(matches) == 1, f"{service.code} should define exactly one role {code!r}"
    return matches[0]


def _grants(role: Role, resource: str, action: Action) -> bool:
    return any(p.resource == resource and p.action is action for p in role.grants)


# --- Registration -------------------------------------------------------------------------------


def test_the_four_services_are_registered(services: ServiceRegistry) -> None:
    assert services.codes() == EXPECTED_CODES
    for code in EXPECTED_CODES:
        assert code in services
        assert services.get(code).code == code


def test_loading_twice_returns_the_same_descriptors(services: ServiceRegistry) -> None:
    before = {s.code: s for s in services}
    again = load_services()
    assert {s.code: s for s in again} == before
    assert all(again.get(code) is before[code] for code in EXPECTED_CODES)


@pytest.mark.parametrize(
    ("code", "act"),
    [
        ("planning", "Town and Country Planning Act 1990"),
        (
            "planning",
            "Town and Country Planning (Development Management Procedure) (England) Order 2015",
        ),
        ("building_control", "Building Act 1984"),
        ("building_control", "Building Safety Act 2022"),
        ("licensing", "Licensing Act 2003"),
        ("licensing", "Gambling Act 2005"),
        ("land_charges", "Local Land Charges Act 1975"),
    ],
)
def test_legislation_names_the_main_acts(services: ServiceRegistry, code: str, act: str) -> None:
    assert act in services.get(code).legislation


def test_unknown_case_type_is_a_key_error(services: ServiceRegistry) -> None:
    with pytest.raises(KeyError, match="no case type"):
        services.get("planning").case_type("not_a_case_type")


def test_registry_rejects_a_role_granting_an_undeclared_permission() -> None:
    declared = Permission("demo:things", Action.READ)
    rogue = Permission("demo:things", Action.DECIDE)
    descriptor = ServiceDescriptor(
        code="demo",
        name="Demo",
        description="",
        case_types=(),
        permissions=(declared,),
        roles=(Role("demo_role", "Demo role", (declared, rogue)),),
    )
    with pytest.raises(ValueError, match="undeclared"):
        ServiceRegistry().register(descriptor)


# --- Required case types ------------------------------------------------------------------------

REQUIRED_CASE_TYPES = {
    "planning": {
        "householder",
        "full_minor",
        "full_major",
        "outline_minor",
        "outline_major",
        "reserved_matters_minor",
        "reserved_matters_major",
        "listed_building_consent",
        "advertisement_consent",
        "ldc_existing",
        "ldc_proposed",
        "prior_approval_larger_home_extension",
        "prior_approval",
        "technical_details_minor",
        "technical_details_major",
        "permission_in_principle",
        "non_material_amendment",
        "variation_of_conditions",
        "discharge_of_conditions",
        "works_to_tpo_trees",
        "trees_in_conservation_area",
        "hedgerow_removal_notice",
        "eia_development",
    },
    "building_control": {
        "full_plans",
        "building_notice",
        "regularisation",
        "initial_notice",
        "commencement_notice",
        "completion",
        "demolition_notice",
        "dangerous_structure",
    },
    "licensing": {
        "premises_licence_new",
        "premises_licence_variation",
        "premises_licence_minor_variation",
        "premises_licence_transfer",
        "premises_licence_review",
        "club_premises_certificate_new",
        "personal_licence",
        "temporary_event_notice_standard",
        "temporary_event_notice_late",
        "gambling_premises_licence",
        "hackney_carriage_driver",
        "private_hire_driver",
        "hackney_carriage_vehicle",
        "private_hire_vehicle",
        "private_hire_operator",
        "street_trading",
        "scrap_metal_site",
        "scrap_metal_collector",
        "animal_activities",
    },
    "land_charges": {
        "llc1_official_search",
        "con29r_enquiries",
        "con29o_enquiries",
        "register_charge",
        "vary_charge",
        "cancel_charge",
    },
}


@pytest.mark.parametrize("code", EXPECTED_CODES)
def test_required_case_types_exist(services: ServiceRegistry, code: str) -> None:
    present = {c.code for c in services.get(code).case_types}
    assert REQUIRED_CASE_TYPES[code] <= present, REQUIRED_CASE_TYPES[code] - present


# --- Pinned statutory clocks --------------------------------------------------------------------

PINNED = [
    # service, case type, amount, unit, starts, extendable
    ("planning", "householder", 8, WEEKS, VALID, True),
    ("planning", "full_minor", 8, WEEKS, VALID, True),
    ("planning", "full_major", 13, WEEKS, VALID, True),
    ("planning", "outline_major", 13, WEEKS, VALID, True),
    ("planning", "eia_development", 16, WEEKS, VALID, True),
    ("planning", "prior_approval_larger_home_extension", 42, DAYS, RECEIPT, False),
    ("planning", "prior_approval", 56, DAYS, RECEIPT, False),
    ("planning", "non_material_amendment", 28, DAYS, VALID, True),
    ("planning", "technical_details_minor", 5, WEEKS, VALID, True),
    ("planning", "technical_details_major", 10, WEEKS, VALID, True),
    ("planning", "discharge_of_conditions", 8, WEEKS, RECEIPT, True),
    ("planning", "works_to_tpo_trees", 8, WEEKS, RECEIPT, False),
    ("planning", "trees_in_conservation_area", 6, WEEKS, NOTICE, False),
    ("planning", "hedgerow_removal_notice", 42, DAYS, RECEIPT_DAY, True),
    ("planning", "screening_opinion", 3, WEEKS, RECEIPT_DAY, True),
    ("building_control", "full_plans", 5, WEEKS, DEPOSIT, True),
    ("building_control", "initial_notice", 5, WORKING, NOTICE_DAY, False),
    ("building_control", "commencement_notice", 2, WORKING, NOTICE, False),
    ("building_control", "demolition_notice", 6, WEEKS, NOTICE, False),
    ("licensing", "premises_licence_new", 28, DAYS, RECEIPT, False),
    ("licensing", "premises_licence_variation", 28, DAYS, RECEIPT, False),
    ("licensing", "premises_licence_review", 28, DAYS, RECEIPT, False),
    ("licensing", "premises_licence_minor_variation", 15, WORKING, RECEIPT, False),
    ("licensing", "temporary_event_notice_standard", 3, WORKING, NOTICE, False),
    ("licensing", "temporary_event_notice_late", 3, WORKING, NOTICE, False),
    ("licensing", "hackney_carriage_driver", 3, YEARS, ISSUE, False),
    ("licensing", "private_hire_driver", 3, YEARS, ISSUE, False),
    ("licensing", "hackney_carriage_vehicle", 1, YEARS, ISSUE, False),
    ("licensing", "private_hire_vehicle", 1, YEARS, ISSUE, False),
    ("licensing", "private_hire_operator", 5, YEARS, ISSUE, False),
    ("licensing", "scrap_metal_site", 3, YEARS, ISSUE, False),
    ("land_charges", "llc1_official_search", 10, WORKING, RECEIPT, False),
    ("land_charges", "con29r_enquiries", 10, WORKING, RECEIPT, False),
    ("land_charges", "personal_search", 20, WORKING, RECEIPT, True),
]


@pytest.mark.parametrize(
    ("service", "case_type", "amount", "unit", "starts", "extendable"),
    [pytest.param(*row, id=f"{row[0]}-{row[1]}") for row in PINNED],
)
def test_pinned_clock(
    services: ServiceRegistry,
    service: str,
    case_type: str,
    amount: int,
    unit: ClockUnit,
    starts: ClockStart,
    extendable: bool,
) -> None:
    clock = _clock(services, service, case_type)
    assert (clock.amount, clock.unit, clock.starts, clock.extendable) == (
        amount,
        unit,
        starts,
        extendable,
    )


@pytest.mark.parametrize(
    ("service", "case_type", "citation"),
    [
        ("planning", "householder", "art. 34(2)(b)"),
        ("planning", "full_major", "art. 34(2)(a)"),
        ("planning", "technical_details_major", "art. 34(2)(aa)"),
        ("planning", "non_material_amendment", "s.96A"),
        ("planning", "prior_approval_larger_home_extension", "Part 1"),
        ("planning", "trees_in_conservation_area", "s.211"),
        ("building_control", "full_plans", "s.16"),
        ("building_control", "initial_notice", "reg. 6(4)"),
        ("building_control", "demolition_notice", "ss.80-81"),
        ("licensing", "premises_licence_new", "reg. 22"),
        ("licensing", "temporary_event_notice_standard", "104"),
        ("licensing", "private_hire_operator", "s.55"),
        ("land_charges", "llc1_official_search", "not a statutory period"),
    ],
)
def test_legal_basis_cites_the_provision(
    services: ServiceRegistry, service: str, case_type: str, citation: str
) -> None:
    assert citation in _clock(services, service, case_type).legal_basis


def test_temporary_event_notices_explain_their_notice_periods(services: ServiceRegistry) -> None:
    licensing = services.get("licensing")
    standard = licensing.case_type("temporary_event_notice_standard").description
    late = licensing.case_type("temporary_event_notice_late").description
    assert "10 clear working days" in standard
    assert "5 to 9 working days" in late
    assert "counter notice" in late


@pytest.mark.parametrize(
    ("service", "case_type"),
    [
        ("planning", "enforcement"),
        ("building_control", "building_notice"),
        ("building_control", "regularisation"),
        ("building_control", "dangerous_structure"),
        ("licensing", "personal_licence"),
        ("land_charges", "register_charge"),
        ("land_charges", "vary_charge"),
        ("land_charges", "cancel_charge"),
    ],
)
def test_case_types_without_a_statutory_clock(
    services: ServiceRegistry, service: str, case_type: str
) -> None:
    entry = services.get(service).case_type(case_type)
    assert entry.clock is None
    assert entry.description, "an unclocked case type should say why it has no clock"


def test_every_clock_is_positive_and_cited(services: ServiceRegistry) -> None:
    for code, case_type in ((s.code, c) for s in services for c in s.case_types):
        if case_type.clock is None:
            continue
        assert case_type.clock.amount > 0, f"{code}/{case_type.code}"
        assert case_type.clock.legal_basis.strip(), f"{code}/{case_type.code} has no legal basis"


# --- Reference suffixes -------------------------------------------------------------------------


@pytest.mark.parametrize("code", EXPECTED_CODES)
def test_reference_suffixes_are_unique_and_well_formed(
    services: ServiceRegistry, code: str
) -> None:
    suffixes = [c.reference_suffix for c in services.get(code).case_types]
    assert len(suffixes) == len(set(suffixes)), f"{code} repeats a suffix: {sorted(suffixes)}"
    for suffix in suffixes:
        assert re.fullmatch(r"[A-Z][A-Z0-9]{1,5}", suffix), f"{code}: bad suffix {suffix!r}"


@pytest.mark.parametrize(
    ("case_type", "suffix"),
    [
        ("householder", "HOUSE"),
        ("full_minor", "FUL"),
        ("outline_minor", "OUT"),
        ("reserved_matters_minor", "RES"),
        ("listed_building_consent", "LBC"),
        ("advertisement_consent", "ADV"),
        ("ldc_existing", "LDCE"),
        ("ldc_proposed", "LDCP"),
        ("prior_approval", "PA"),
        ("technical_details_minor", "TDC"),
        ("permission_in_principle", "PIP"),
        ("non_material_amendment", "NMA"),
        ("variation_of_conditions", "VAR"),
        ("discharge_of_conditions", "DOC"),
        ("works_to_tpo_trees", "TPO"),
        ("trees_in_conservation_area", "TCA"),
    ],
)
def test_planning_suffixes_match_council_practice(
    services: ServiceRegistry, case_type: str, suffix: str
) -> None:
    assert services.get("planning").case_type(case_type).reference_suffix == suffix


# --- Permissions and roles ----------------------------------------------------------------------


@pytest.mark.parametrize("code", EXPECTED_CODES)
def test_permissions_are_namespaced_and_unique(services: ServiceRegistry, code: str) -> None:
    service = services.get(code)
    assert len(service.permissions) == len(set(service.permissions))
    for permission in service.permissions:
        assert permission.resource.startswith(f"{code}:"), permission
    administer = {p.resource for p in service.permissions if p.action is Action.ADMINISTER}
    assert administer == {f"{code}:settings"}
    assert Permission(f"{code}:audit", Action.READ) in {
        Permission(p.resource, p.action) for p in service.permissions
    }


@pytest.mark.parametrize("code", EXPECTED_CODES)
def test_roles_grant_only_declared_permissions(services: ServiceRegistry, code: str) -> None:
    service = services.get(code)
    declared = set(service.permissions)
    for role in service.roles:
        assert role.grants, f"{role.code} grants nothing"
        assert set(role.grants) <= declared, set(role.grants) - declared


@pytest.mark.parametrize("code", EXPECTED_CODES)
def test_roles_are_unique_prefixed_and_use_every_permission(
    services: ServiceRegistry, code: str
) -> None:
    service = services.get(code)
    role_codes = [role.code for role in service.roles]
    assert len(role_codes) == len(set(role_codes))
    assert all(rc.startswith(f"{code}_") for rc in role_codes), role_codes
    granted = {p for role in service.roles for p in role.grants}
    assert granted == set(service.permissions), set(service.permissions) - granted


@pytest.mark.parametrize("code", EXPECTED_CODES)
def test_auditor_role_is_read_only_and_sees_everything(
    services: ServiceRegistry, code: str
) -> None:
    service = services.get(code)
    auditors = [role for role in service.roles if role.code.endswith("_auditor")]
    assert len(auditors) == 1, f"{code} needs exactly one read-only auditor role"
    (auditor,) = auditors
    assert all(p.action is Action.READ for p in auditor.grants), auditor.grants
    reads = {p for p in service.permissions if p.action is Action.READ}
    assert set(auditor.grants) == reads
    assert _grants(auditor, f"{code}:audit", Action.READ)


@pytest.mark.parametrize("code", EXPECTED_CODES)
def test_only_managers_administer_settings(services: ServiceRegistry, code: str) -> None:
    service = services.get(code)
    administrators = {
        role.code for role in service.roles if _grants(role, f"{code}:settings", Action.ADMINISTER)
    }
    assert administrators == {f"{code}_manager"}


def test_planning_decisions_are_signed_by_team_leaders(services: ServiceRegistry) -> None:
    planning = services.get("planning")
    apps = "planning:applications"
    assert _grants(_role(planning, "planning_team_leader"), apps, Action.DECIDE)
    assert _grants(_role(planning, "planning_team_leader"), "planning:enforcement", Action.DECIDE)
    for code in ("planning_case_officer", "planning_technician", "planning_enforcement_officer"):
        assert not _grants(_role(planning, code), apps, Action.DECIDE), code
    assert _grants(_role(planning, "planning_case_officer"), apps, Action.WRITE)
    assert not _grants(
        _role(planning, "planning_enforcement_officer"), "planning:enforcement", Action.DECIDE
    )


def test_building_control_surveyors_decide_and_technicians_do_not(
    services: ServiceRegistry,
) -> None:
    bc = services.get("building_control")
    apps = "building_control:applications"
    assert _grants(_role(bc, "building_control_surveyor"), apps, Action.DECIDE)
    assert _grants(
        _role(bc, "building_control_surveyor"), "building_control:notices", Action.DECIDE
    )
    assert not _grants(_role(bc, "building_control_technician"), apps, Action.DECIDE)
    assert _grants(_role(bc, "building_control_manager"), apps, Action.DECIDE)


def test_only_licensing_managers_revoke(services: ServiceRegistry) -> None:
    licensing = services.get("licensing")
    licences = "licensing:licences"
    assert _grants(_role(licensing, "licensing_manager"), licences, Action.DECIDE)
    assert not _grants(_role(licensing, "licensing_officer"), licences, Action.DECIDE)
    assert _grants(_role(licensing, "licensing_officer"), "licensing:applications", Action.DECIDE)
    assert not _grants(
        _role(licensing, "licensing_support_officer"), "licensing:applications", Action.DECIDE
    )


def test_land_charges_contributors_cannot_issue_results(services: ServiceRegistry) -> None:
    land_charges = services.get("land_charges")
    searches = "land_charges:searches"
    assert _grants(_role(land_charges, "land_charges_officer"), searches, Action.DECIDE)
    assert _grants(_role(land_charges, "land_charges_contributor"), searches, Action.WRITE)
    assert not _grants(_role(land_charges, "land_charges_contributor"), searches, Action.DECIDE)
    assert not _grants(
        _role(land_charges, "land_charges_contributor"), "land_charges:register", Action.WRITE
    )
