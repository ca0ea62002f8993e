"""ODP intake: type codes -> case types, application.json -> prototype conversion, and the
mapping of a validated submission onto the case core's fields.

Fixtures: the upstream ODP v0.7.7 examples under ``tests/fixtures/odp/`` and schema-generated
payloads of every application type (``tests/odp_payloads.py``).
"""

from __future__ import annotations

import copy
import json
import statistics
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from odp_payloads import SUBMITTED_AT, all_codes, minimal_payload

from services.planning.odp import application_types, check, validate
from services.planning.odp.convert import ConversionError, convert, to_prototype, warm_up
from services.planning.odp.intake import geometry, intake, parse_datetime
from services.planning.odp.types_map import (
    CASE_TYPE_RULES,
    PARENT_PROTOTYPE,
    UnknownApplicationType,
    case_type_for,
    code_translations,
    prototype_type_for,
)
from services.registry import ClockStart, ClockUnit, ServiceDescriptor, load_services

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "odp"
SHAPES = ("application", "prototypeApplication")
EXAMPLES = [p for s in SHAPES for p in sorted((FIXTURES / s).rglob("*.json"))]
APP_EXAMPLES = sorted((FIXTURES / "application").rglob("*.json"))
HOUSEHOLDER = "planningPermission/fullHouseholder.json"
# application.json has no place for these types' proposal details (advert sizes, hedgerow length).
UNCONVERTIBLE = {
    "advertConsent": "/data/proposal/advertType",
    "hedgerowRemovalNotice": "/data/proposal/hedgerowAgeLessThanThirty",
}


def load(path: Path | str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / path).read_text(encoding="utf-8"))
    return data


def example_id(path: Path) -> str:
    return str(path.relative_to(FIXTURES))


@pytest.fixture(scope="module")
def planning() -> ServiceDescriptor:
    return load_services().get("planning")


# --- type codes -> case types ------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_every_odp_code_maps_to_a_registered_case_type(
    shape: str, planning: ServiceDescriptor
) -> None:
    registered = {c.code for c in planning.case_types}
    codes = application_types(shape)
    assert len(codes) == {"application": 105, "prototypeApplication": 95}[shape]
    unmapped = {code for code in codes if case_type_for(code) not in registered}
    assert unmapped == set()
    assert set(CASE_TYPE_RULES.values()) <= registered
    if shape == "application":  # every rule covers a code (the prototype lacks "pp", "pa", ...)
        assert all(any(c == r or c.startswith(f"{r}.") for c in codes) for r in CASE_TYPE_RULES)


def test_parent_codes_become_a_prototype_child_with_the_same_case_type() -> None:
    app = set(application_types("application"))
    proto = set(application_types("prototypeApplication"))
    assert set(PARENT_PROTOTYPE) == app - proto
    for code in app:
        child = prototype_type_for(code)
        assert child in proto
        assert case_type_for(child) == case_type_for(code), code
        assert (child == code) == (code in proto)


@pytest.mark.parametrize(
    ("code", "case_type"),
    [("pp", "full_minor"), ("pp.full", "full_minor"), ("pa", "prior_approval"),
     ("ldc", "ldc_proposed"), ("wtt", "works_to_tpo_trees"),
     ("amendment", "variation_of_conditions"), ("approval", "discharge_of_conditions"),
     ("environmentalImpact", "screening_opinion"), ("obligation", "planning_obligation"),
     ("onshoreExtractionOilAndGas", "minerals"), ("pp.full.householder.retro", "householder"),
     ("pp.outline.major.some.waste", "outline_major"), ("pa.part1.classA",
     "prior_approval_larger_home_extension"), ("pa.part1.classAA", "prior_approval"),
     ("pa.part6.classB", "prior_notification_agricultural"),
     ("pa.part11.classB", "prior_notification_demolition"),
     ("pa.part16.classA", "prior_approval_telecoms"), ("wtt.notice", "trees_in_conservation_area"),
     ("ldc.breachOfCondition", "ldc_existing"), ("hazardousSubstanceConsent",
     "hazardous_substances_consent"), ("landDrainageConsent", "land_drainage_consent"),
     ("onshoreExtractionOilAndGas.review", "minerals_review"),
     ("onshoreExtractionOilAndGas.variation", "variation_of_conditions_major"),
     ("rightsOfWayOrder", "rights_of_way_order"),
     ("notifyCompletion", "notification_of_completion"),
     ("complianceConfirmation", "compliance_confirmation")],
)  # fmt: skip
def test_pinned_case_types(code: str, case_type: str) -> None:
    assert case_type_for(code) == case_type


@pytest.mark.parametrize("code", ["pp.ful", "preApp", "breach", "", "PP", "pa.part99"])
def test_unknown_codes_raise_a_specific_error(code: str) -> None:
    with pytest.raises(UnknownApplicationType, match="not an ODP application type"):
        case_type_for(code)
    with pytest.raises(UnknownApplicationType):
        prototype_type_for(code)


VALID, RECEIPT = ClockStart.DAY_AFTER_VALID_RECEIPT, ClockStart.DAY_AFTER_RECEIPT
WEEKS, MONTHS = ClockUnit.CALENDAR_WEEKS, ClockUnit.CALENDAR_MONTHS
NEW_CLOCKS = [
    # case type, (amount, unit, starts, extendable) or None for no statutory period, citation
    ("hazardous_substances_consent", (8, WEEKS, VALID, True), "Hazardous Substances"),
    ("land_drainage_consent", (2, MONTHS, RECEIPT, False), "s.23(3)(b)"),
    ("planning_obligation", (8, WEEKS, VALID, True), "106A"),
    ("minerals", (13, WEEKS, VALID, True), "art. 34(2)(a)"),
    ("minerals_review", (3, MONTHS, VALID, True), "Sch. 14"),
    ("ldc_listed_building_works", (8, WEEKS, VALID, True), "s.26H"),
    ("compliance_confirmation", None, "No statutory decision period"),
    ("rights_of_way_order", None, "No statutory decision period"),
    ("notification_of_completion", None, "No statutory decision period"),
    ("prior_approval_detailed_proposals", None, "No statutory decision period"),
]


@pytest.mark.parametrize(("case_type", "rule", "cites"), NEW_CLOCKS)
def test_new_case_types_carry_their_clock_and_its_legal_basis(
    planning: ServiceDescriptor, case_type: str, rule: tuple[Any, ...] | None, cites: str
) -> None:
    entry = planning.case_type(case_type)
    clock = entry.clock
    if rule is None:
        assert clock is None and entry.description.startswith(cites)
        return
    assert clock is not None and cites in clock.legal_basis
    assert (clock.amount, clock.unit, clock.starts, clock.extendable) == rule


# --- application.json -> prototype --------------------------------------------------------


@pytest.mark.parametrize("path", APP_EXAMPLES, ids=example_id)
def test_every_application_example_converts_to_a_valid_prototype(path: Path) -> None:
    payload = load(path)
    before = copy.deepcopy(payload)
    conversion = convert(payload)
    assert check(conversion.document).errors == ()
    assert conversion.document["applicationType"] == payload["data"]["application"]["type"]["value"]
    assert payload == before  # the source is not touched
    twin = FIXTURES / "prototypeApplication" / path.relative_to(FIXTURES / "application")
    assert twin.exists()  # upstream has every application example in the prototype shape too


def test_householder_conversion_matches_upstreams_own_prototype_example() -> None:
    conversion = convert(load(f"application/{HOUSEHOLDER}"))
    upstream = load(f"prototypeApplication/{HOUSEHOLDER}")
    ours = copy.deepcopy(conversion.document)
    # The examples differ in data only here: upstream's prototype example has no CIL answers.
    del ours["data"]["application"]["CIL"]
    assert ours == upstream
    assert conversion.dropped == ("/preAssessment",)
    assert conversion.translated == (
        ("/data/property/type", "residential.house.terrace", "residential.dwelling.house.terrace"),
    )
    unchanged = convert(upstream)  # a prototype payload is returned as it is (a copy)
    assert unchanged.document == upstream and unchanged.document is not upstream
    assert (unchanged.dropped, unchanged.translated) == ((), ())


@pytest.mark.parametrize("code", all_codes("application"))
def test_synthetic_payload_of_every_application_type_converts(code: str) -> None:
    payload = minimal_payload("application", code)
    if code in UNCONVERTIBLE:
        with pytest.raises(ConversionError) as raised:
            convert(payload)
        assert raised.value.errors[0].pointer == UNCONVERTIBLE[code]
        assert "the payload has no value for it" in raised.value.errors[0].detail
        with pytest.raises(ConversionError, match=r"/data/proposal/"):
            intake(validate(payload))  # so intake says why, too
        return
    document = to_prototype(payload)
    assert check(document).errors == ()
    assert document["applicationType"] == prototype_type_for(code)


@pytest.mark.parametrize(
    ("code", "pointer"),
    [("pp.full.householder", "/data/applicant/ownership"), ("ldc.proposed",
     "/data/applicant/ownership"), ("pa.part3.classMA", "/preAssessment"),
     ("listed", "/data/application/fee"), ("wtt.consent", "/data/application/fee"),
     ("pp.full.demolition", None), ("complianceConfirmation", None)],
)  # fmt: skip
def test_the_strict_minimum_converts_only_when_it_holds_what_the_prototype_requires(
    code: str, pointer: str | None
) -> None:
    payload = minimal_payload("application", code, convertible=False)
    if pointer is None:
        assert check(to_prototype(payload)).ok
        return
    with pytest.raises(ConversionError) as raised:
        convert(payload)
    assert [e.pointer for e in raised.value.errors] == [pointer]


def test_conversion_never_invents_what_the_payload_lacks() -> None:
    payload = minimal_payload("application", "pp.full.minor")
    payload["metadata"] = {k: v for k, v in payload["metadata"].items() if k != "service"}
    payload["metadata"]["source"] = "Any"  # any provider: no PlanX service metadata
    assert check(payload).ok
    with pytest.raises(ConversionError) as raised:
        convert(payload)
    assert raised.value.errors[0].pointer.startswith("/metadata/")
    land = minimal_payload("application", "pp.full.minor")
    vacant = {"value": "land.unused.vacant", "description": "Vacant land / derelict building"}
    land["data"]["property"]["type"] = vacant
    assert check(land).ok
    with pytest.raises(ConversionError, match="no counterpart PropertyType code"):
        convert(land)


def test_zero_fees_become_not_applicable_and_payable_fees_do_not() -> None:
    payload = minimal_payload("application", "listed")
    payload["data"]["application"]["fee"] = {
        "calculated": 0, "payable": 0, "exemption": {"disability": False, "resubmission": False},
        "reduction": {"alternative": False, "parishCouncil": False, "sports": False},
    }  # fmt: skip
    conversion = convert(payload)
    assert conversion.document["data"]["application"]["fee"] == {"notApplicable": True}
    assert ("/data/application/fee", "fee of 0", "notApplicable") in conversion.translated
    payload["data"]["application"]["fee"]["payable"] = 50
    with pytest.raises(ConversionError, match="carries no fee"):
        convert(payload)


def test_property_types_translate_by_description_then_to_the_nearest_ancestor() -> None:
    table = code_translations("PropertyType")
    assert table["residential.house.semiDetached"] == "residential.dwelling.house.semiDetached"
    assert table["commercial.storage"] == "commercial.industrial.light.storage"
    assert table["commercial.retail.beauty"] == "commercial.retail"
    assert "land.development" not in table and "military" not in table
    assert code_translations("ProjectType")["new agriculture.poultry"] == "new.agriculture.poultry"


# --- intake -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=example_id)
def test_every_example_goes_through_intake(path: Path, planning: ServiceDescriptor) -> None:
    payload = load(path)
    result = intake(validate(payload))
    assert result.payload is payload
    assert result.shape == path.relative_to(FIXTURES).parts[0]
    assert planning.case_type(result.case_type)
    assert check(result.prototype).ok
    assert result.prototype_type == result.prototype["applicationType"]
    assert result.submitted_at.tzinfo is UTC
    assert result.received_date >= result.submitted_at.date()
    assert result.description
    assert result.parties[0].role == "applicant" and result.parties[0].name
    assert len(result.files) == len(payload["files"])
    assert all(isinstance(t, str) for f in result.files for t in f.types)


@pytest.mark.parametrize(
    ("shape", "code"),
    [(s, c) for s in SHAPES for c in all_codes(s) if (s, c) not in
     {("application", u) for u in UNCONVERTIBLE}],
)  # fmt: skip
def test_a_generated_payload_of_every_code_goes_through_intake(shape: str, code: str) -> None:
    result = intake(validate(minimal_payload(shape, code)))
    assert (result.odp_type, result.case_type) == (code, case_type_for(code))
    assert result.prototype_type == prototype_type_for(code)
    assert check(result.prototype).ok
    assert result.submitted_at == datetime(2025, 7, 14, 9, 30, tzinfo=UTC)
    assert result.received_date == date(2025, 7, 14)
    assert result.site.postcode == "SE22 8HT" and result.site.uprn == "100021234567"
    assert (result.site.easting, result.site.northing) == (533800.0, 174700.0)


@pytest.mark.parametrize("shape", SHAPES)
def test_householder_fields_are_pinned(shape: str) -> None:
    result = intake(validate(load(f"{shape}/{HOUSEHOLDER}")))
    assert (result.odp_type, result.prototype_type, result.case_type) == (
        "pp.full.householder", "pp.full.householder", "householder"
    )  # fmt: skip
    assert (result.submitted_at, result.fee_paid_at, result.received_date) == (
        datetime(2023, 10, 2, tzinfo=UTC), None, date(2023, 10, 2)
    )  # fmt: skip
    assert result.description.startswith("Roof extension to the rear of the property, incorp")
    assert result.fee_payable == Decimal("258")
    site = result.site
    assert (site.address_line, site.address["street"], site.ward_name) == (
        "40, STANSFIELD ROAD, LONDON, SW9 9RZ", "STANSFIELD ROAD", "Brixton North"
    )  # fmt: skip
    assert (site.uprn, site.usrn, site.postcode) == ("100021892955", "21901294", "SW9 9RZ")
    assert (site.latitude, site.longitude) == (51.4656522, -0.1185926)
    assert (site.easting, site.northing) == (530787.0, 175754.0)
    assert site.boundary is not None and site.boundary["type"] == "Polygon"
    assert site.boundary["coordinates"][0][0] == [-0.1186569035053321, 51.465703531871384]
    applicant, agent = result.parties
    assert (applicant.role, applicant.name, applicant.email) == (
        "applicant", "David Bowie", "ziggy@example.com"
    )  # fmt: skip
    assert applicant.address == site.address  # sameAsSiteAddress
    assert (agent.role, agent.name, agent.phone) == ("agent", "Ziggy Stardust", "01100 0110 0011")
    assert agent.address is not None and agent.address["line1"] == "40 Stansfield Road"
    assert [f.types for f in result.files] == [
        ("roofPlan.existing", "roofPlan.proposed"),
        ("sitePlan.existing", "sitePlan.proposed"),
        ("elevations.existing", "elevations.proposed"),
        ("floorPlan.existing", "floorPlan.proposed"),
    ]
    assert result.files[0].name == "https://api.editor.planx.dev/file/private/tbp4kiba/myPlans.pdf"


def test_householder_in_a_conservation_area_is_pinned_and_the_same_in_both_shapes() -> None:
    path = "planningPermission/fullHouseholderInConservationArea.json"
    app, proto = (intake(validate(load(f"{shape}/{path}"))) for shape in SHAPES)
    for result in (app, proto):
        assert result.case_type == "householder"
        assert result.description == "Single storey rear extension."
        assert (result.site.uprn, result.site.ward_name) == ("200003442431", "Dulwich Village")
        assert result.site.boundary is not None
        assert result.site.boundary["type"] == "MultiPolygon"
        assert [f.types for f in result.files][1] == ("heritageStatement",)
    fields = ("case_type", "submitted_at", "received_date", "description", "fee_payable")
    assert [getattr(app, f) for f in fields] == [getattr(proto, f) for f in fields]
    assert (app.site, app.parties, app.files) == (proto.site, proto.parties, proto.files)


@pytest.mark.parametrize(
    ("submitted_at", "received"),
    [("2025-07-14T23:30:00Z", date(2025, 7, 15)),  # 00:30 BST the next day
     ("2025-07-15T00:30:00+01:00", date(2025, 7, 15)),
     ("2025-01-14T23:30:00Z", date(2025, 1, 14)),  # GMT: the same day
     ("2025-03-30T00:59:59Z", date(2025, 3, 30)),  # clocks go forward at 01:00 UTC
     ("2025-10-25T23:00:00Z", date(2025, 10, 26))],
)  # fmt: skip
def test_received_date_is_the_submission_day_in_london(submitted_at: str, received: date) -> None:
    for shape in SHAPES:
        payload = minimal_payload(shape, "pp.full.householder")
        payload["metadata"]["submittedAt"] = submitted_at
        assert intake(validate(payload)).received_date == received


def test_datetimes_and_geojson_in_every_form_the_schema_allows() -> None:
    assert parse_datetime(SUBMITTED_AT) == datetime(2025, 7, 14, 9, 30, tzinfo=UTC)
    assert parse_datetime("2025-07-14t10:30:00.5+01:00") == datetime(
        2025, 7, 14, 9, 30, 0, 500000, tzinfo=UTC
    )
    assert parse_datetime("2016-12-31T23:59:60z") == datetime(2017, 1, 1, tzinfo=UTC)
    point = {"type": "Point", "coordinates": [-0.1, 51.5]}
    feature = {"type": "Feature", "geometry": point, "properties": None}
    assert geometry(point) == point and geometry(feature) == point
    assert geometry({"type": "FeatureCollection", "features": [feature]}) == point
    assert geometry({"type": "FeatureCollection", "features": [feature, feature]}) == {
        "type": "GeometryCollection", "geometries": [point, point]
    }  # fmt: skip
    assert geometry({"type": "Feature", "geometry": None}) is None
    assert geometry(None) is None


def test_descriptions_fees_organisations_and_parent_codes() -> None:
    advert = intake(validate(load("prototypeApplication/advertConsent.json")))
    hedgerow = intake(validate(load("prototypeApplication/hedgerowRemovalNotice.json")))
    assert advert.description == "Consent to display an advertisement"  # the proposal has none
    assert hedgerow.description == "Notice to remove a hedge: Blocking pathway"
    listed = intake(validate(load("prototypeApplication/listedBuildingConsent.json")))
    assert listed.fee_payable is None  # {"notApplicable": true}
    assert listed.parties[0].organisation == "The Jim Henson Company"
    parent = intake(validate(minimal_payload("application", "pp")))
    assert (parent.odp_type, parent.prototype_type, parent.case_type) == (
        "pp", "pp.full.minor", "full_minor"
    )  # fmt: skip


def test_intake_with_conversion_is_fast() -> None:
    warm_up()
    submissions = [validate(load(p)) for p in APP_EXAMPLES]  # application.json: converted
    timings = []
    for submission in submissions * 5:
        start = time.perf_counter()
        intake(submission)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.005  # about 1 ms measured
    assert statistics.quantiles(timings, n=10)[-1] < 0.01
