"""Land charges data and rules: the CON29 questions asked by each kind of search, the charge
types against HM Land Registry's, the HM Land Registry export of a charge, and the 10 working
day service standard of searches (worked dates)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from services.core.calendar import deadline
from services.land_charges import con29, hmlr_export
from services.land_charges.charge_types import CHARGE_TYPES
from services.land_charges.models import LandCharge
from services.land_charges.permissions import CON29_ENQUIRIES, OFFICIAL_SEARCH


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Thu 24 Dec 2026: 25 Dec, 28 Dec (Boxing Day substitute), 1 Jan 2027 are bank holidays.
        (dt.date(2026, 12, 24), dt.date(2027, 1, 12)),
        # Wed 1 Apr 2026: Good Friday 3 Apr and Easter Monday 6 Apr.
        (dt.date(2026, 4, 1), dt.date(2026, 4, 17)),
        # Thu 27 Aug 2026: the summer bank holiday Mon 31 Aug.
        (dt.date(2026, 8, 27), dt.date(2026, 9, 11)),
    ],
)
def test_searches_are_due_10_working_days_after_receipt(received: dt.date, due: dt.date) -> None:
    assert deadline(OFFICIAL_SEARCH, received).target == due
    assert deadline(CON29_ENQUIRIES, received).target == due


def test_con29r_asks_part_one_and_the_chosen_optional_questions_in_form_order() -> None:
    asked = [q.number for q in con29.questions_for("con29r_enquiries", ("22", "5", "5"))]
    assert asked[:3] == ["1.1(a)", "1.1(b)", "1.1(c)"]
    assert asked[-3:] == ["3.15", "5", "22"]
    assert len(asked) == len(con29.REQUIRED) + 2 == 38


def test_con29o_asks_only_what_was_chosen() -> None:
    assert [q.number for q in con29.questions_for("con29o_enquiries", ("8",))] == ["8"]


@pytest.mark.parametrize(("chosen", "position"), [(("5", "99"), 1), (("3.1",), 0)])
def test_unknown_or_part_one_numbers_are_not_optional_choices(
    chosen: tuple[str, ...], position: int
) -> None:
    with pytest.raises(KeyError) as refused:
        con29.questions_for("con29o_enquiries", chosen)
    assert refused.value.args == (position,)


def test_every_charge_type_maps_onto_hmlr_and_an_old_register_part() -> None:
    parts = hmlr_export.schema()["properties"]["old-register-part"]["enum"]
    types = hmlr_export.schema()["properties"]["charge-type"]["enum"]
    for kind in CHARGE_TYPES.values():
        assert kind.register_part in parts, kind.code
        assert kind.hmlr_type in types, kind.code
    assert {k.code for k in CHARGE_TYPES.values() if k.financial} == {
        "general_financial",
        "specific_financial",
    }


def _charge(**kw: object) -> LandCharge:
    values: dict[str, object] = {
        "charge_number": "LLC/2026/00001",
        "charge_type": "specific_financial",
        "statutory_provision": "Building Act 1984 section 107",
        "originating_authority": "Ashcombe District Council",
        "further_information_location": "Ashcombe Town Hall",
        "registration_date": dt.date(2026, 3, 2),
        "amount_originally_secured": Decimal("4250"),
        "rate_of_interest": "2% above base rate",
        "geometry": {"type": "Point", "coordinates": [453000.0, 141000.0]},
        "geographic_description": "Land at Mill Lane",
    }
    values.update(kw)
    return LandCharge(**values)


def test_a_specific_financial_charge_exports_as_valid_hmlr_data() -> None:
    item = hmlr_export.hmlr_item(_charge(), migrating_authority="Ashcombe District Council")
    assert hmlr_export.problems(item) == []
    assert (item["charge-type"], item["old-register-part"]) == ("Financial", "2")
    assert item["amount-originally-secured"] == "4250.00"


def test_export_problems_point_into_the_hmlr_form() -> None:
    item = hmlr_export.hmlr_item(
        _charge(rate_of_interest=None, geometry=None), migrating_authority="Ashcombe"
    )
    found = {p["pointer"] for p in hmlr_export.problems(item)}
    assert {"/geometry", "/rate-of-interest"} <= found
