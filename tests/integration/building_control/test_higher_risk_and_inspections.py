"""Higher-risk buildings are referred to the Building Safety Regulator, never processed (the
18 m / 7-storey / 2-unit boundaries); inspections by stage with their outcomes; and the
completion certificate, only after a satisfactory completion inspection (HTML and PDF)."""

from __future__ import annotations

import pytest
from bc_helpers import INITIAL_NOTICE, problem_pointer, register, with_scheme


@pytest.mark.parametrize(
    ("height", "storeys", "units", "care_home", "referred"),
    [
        ("18", 6, 2, False, True),  # exactly 18 m with 2 homes
        ("17.99", 6, 2, False, False),  # just under 18 m, 6 storeys
        ("12", 7, 2, False, True),  # 7 storeys, however low
        ("17.99", 7, 1, False, False),  # tall enough but one home only
        ("18", 6, 0, True, True),  # a care home of 18 m
        ("25", 9, 0, False, False),  # offices: not higher-risk
    ],
)
async def test_higher_risk_boundaries(bc, bc_base, height, storeys, units, care_home, referred):
    await with_scheme(bc, bc_base)
    building = {
        "heightM": height,
        "storeys": storeys,
        "residentialUnits": units,
        "careHomeOrHospital": care_home,
    }
    app = await register(bc, bc_base, building=building)
    assert (app["status"] == "referred_to_bsr") is referred
    if referred:
        assert app["allowedActions"] == []
        assert "Building Safety Regulator" in app["referral"]["reason"]
        assert app["feePayable"] is None
        inspect = await bc.post(
            f"{bc_base}/applications/{app['id']}/inspections",
            json={"stage": "foundations", "bookedFor": "2026-03-10"},
        )
        assert inspect.status_code == 409
    else:
        assert app["referral"] is None
        assert app["feePayable"] == "900.00"


async def test_higher_risk_initial_notice_is_referred(bc, bc_base):
    building = {"heightM": "30", "storeys": 10, "residentialUnits": 40}
    response = await bc.post(
        f"{bc_base}/initial-notices",
        json={**INITIAL_NOTICE, "building": building, "givenDate": "2026-11-02"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "referred_to_bsr"


async def test_bad_height_is_422_and_stores_nothing(bc, bc_base):
    await with_scheme(bc, bc_base)
    response = await bc.post(
        f"{bc_base}/applications",
        json={
            "applicationType": "full_plans",
            "description": "x",
            "workCategory": "extension_up_to_40m2",
            "site": {"addressLine": "1 High St"},
            "applicant": {"name": "A"},
            "building": {"heightM": "-1", "storeys": 2, "residentialUnits": 1},
        },
    )
    assert response.status_code == 422
    assert problem_pointer(response) == "/building/heightM"
    assert (await bc.get(f"{bc_base}/applications")).json()["data"] == []


async def test_inspections_lead_to_a_completion_certificate(bc, bc_base):
    await with_scheme(bc, bc_base)
    app = await register(bc, bc_base)
    url = f"{bc_base}/applications/{app['id']}"
    approved = await bc.post(
        f"{url}/decision", json={"outcome": "approved", "decisionDate": "2026-04-01"}
    )
    assert approved.status_code == 200, approved.text
    bad_stage = await bc.post(
        f"{url}/inspections", json={"stage": "roof_party", "bookedFor": "2026-04-20"}
    )
    assert bad_stage.status_code == 422
    assert problem_pointer(bad_stage) == "/stage"
    early = await bc.post(f"{url}/completion-certificate", json={})
    assert early.status_code == 409
    assert "completion inspection" in early.json()["detail"]
    foundations = await bc.post(
        f"{url}/inspections",
        json={"stage": "foundations", "bookedFor": "2026-04-20", "inspectorName": "Helen Marsh"},
    )
    assert foundations.status_code == 201, foundations.text
    found = foundations.json()
    no_notes = await bc.post(
        f"{url}/inspections/{found['id']}/outcome", json={"outcome": "defects"}
    )
    assert no_notes.status_code == 422
    assert problem_pointer(no_notes) == "/notes"
    defects = await bc.post(
        f"{url}/inspections/{found['id']}/outcome",
        json={"outcome": "defects", "notes": "Trench too shallow at the rear corner"},
    )
    assert defects.status_code == 200, defects.text
    assert defects.json()["inspectedDate"] == "2026-04-20"
    twice = await bc.post(
        f"{url}/inspections/{found['id']}/outcome", json={"outcome": "satisfactory"}
    )
    assert twice.status_code == 409
    completion = (
        await bc.post(f"{url}/inspections", json={"stage": "completion", "bookedFor": "2026-09-14"})
    ).json()
    not_ready = await bc.post(
        f"{url}/inspections/{completion['id']}/outcome", json={"outcome": "not_ready"}
    )
    assert not_ready.status_code == 200
    still = await bc.post(f"{url}/completion-certificate", json={})
    assert still.status_code == 409
    final = (
        await bc.post(f"{url}/inspections", json={"stage": "completion", "bookedFor": "2026-09-21"})
    ).json()
    passed = await bc.post(
        f"{url}/inspections/{final['id']}/outcome", json={"outcome": "satisfactory"}
    )
    assert passed.status_code == 200
    listed = (await bc.get(f"{url}/inspections")).json()
    assert [(i["stage"], i["outcome"]) for i in listed] == [
        ("foundations", "defects"),
        ("completion", "not_ready"),
        ("completion", "satisfactory"),
    ]
    issued = await bc.post(f"{url}/completion-certificate", json={"issuedDate": "2026-09-22"})
    assert issued.status_code == 201, issued.text
    assert issued.json()["number"] == "CC/2026/00001"
    assert (await bc.get(url)).json()["status"] == "completed"
    html = await bc.get(f"{url}/completion-certificate.html")
    assert html.status_code == 200
    assert "CC/2026/00001" in html.text and "Completion certificate" in html.text
    pdf = await bc.get(f"{url}/completion-certificate.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    again = await bc.post(f"{url}/completion-certificate", json={})
    assert again.status_code == 409
