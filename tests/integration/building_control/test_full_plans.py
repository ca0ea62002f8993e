"""Full plans applications through the API against real Postgres: registration with the fee
from the charging scheme, the five-week period and its extension to at most two months
(Building Act 1984 s.16(12)), conditional approval and rejection, If-Match, lists, and 409s /
422s that change nothing."""

from __future__ import annotations

from bc_helpers import FULL_PLANS, problem_pointer, register, with_scheme


async def test_registration_sets_reference_fee_and_five_week_period(bc, bc_base):
    await with_scheme(bc, bc_base)
    app = await register(bc, bc_base)
    assert app["reference"] == "26/00001/FP"
    assert app["status"] == "received"
    # Deposited Monday 2 March 2026: five weeks end Monday 6 April 2026, Easter Monday (flagged,
    # not moved); an extended period may run to Saturday 2 May 2026; the approval lapses if
    # work has not commenced by Friday 2 March 2029.
    dates = app["dates"]
    assert dates["statutoryDate"] == "2026-04-06"
    assert dates["statutoryDateNonWorkingDay"] == "Easter Monday"
    assert dates["extensionLimitDate"] == "2026-05-02"
    assert dates["lapseDate"] == "2029-03-02"
    # Plan charge 450 + 20% VAT and inspection charge 300 + 20% VAT.
    assert app["feePayable"] == "900.00"
    assert [(f["chargeType"], f["vat"], f["total"]) for f in app["fee"]] == [
        ("plan", "90.00", "540.00"),
        ("inspection", "60.00", "360.00"),
    ]


async def test_regularisation_fee_carries_no_vat(bc, bc_base):
    await with_scheme(bc, bc_base)
    app = await register(bc, bc_base, applicationType="regularisation")
    assert app["reference"].endswith("/REG")
    assert app["feePayable"] == "1050.00"
    assert app["fee"][0]["vat"] == "0.00"
    assert app["dates"]["statutoryDate"] is None
    assert app["dates"]["lapseDate"] is None


async def test_scheme_without_the_category_is_422_and_stores_nothing(bc, bc_base):
    await with_scheme(bc, bc_base)
    response = await bc.post(
        f"{bc_base}/applications", json={**FULL_PLANS, "workCategory": "new_dwelling"}
    )
    assert response.status_code == 422
    assert problem_pointer(response) == "/workCategory"
    listing = (await bc.get(f"{bc_base}/applications")).json()
    assert listing["pagination"]["totalResults"] == 0


async def test_scheme_puts_no_vat_on_regularisation(bc, bc_base):
    body = {
        "charges": [
            {
                "chargeType": "regularisation",
                "category": "extension_up_to_40m2",
                "description": "Extension",
                "netAmount": "1050.00",
                "vatTreatment": "standard",
            }
        ]
    }
    response = await bc.put(f"{bc_base}/charging-scheme", json=body)
    assert response.status_code == 422
    assert problem_pointer(response) == "/charges/0/vatTreatment"
    assert (await bc.get(f"{bc_base}/charging-scheme")).json()["charges"] == []


async def test_extension_agreed_in_time_to_at_most_two_months(bc, bc_base):
    await with_scheme(bc, bc_base)
    app = await register(bc, bc_base)
    url = f"{bc_base}/applications/{app['id']}/extensions-of-time"
    late = await bc.post(url, json={"agreedDate": "2026-04-07", "newTargetDate": "2026-04-24"})
    assert late.status_code == 422, late.text
    assert problem_pointer(late) == "/agreedDate"
    too_long = await bc.post(url, json={"agreedDate": "2026-03-30", "newTargetDate": "2026-05-03"})
    assert too_long.status_code == 422
    assert problem_pointer(too_long) == "/newTargetDate"
    assert (await bc.get(url)).json() == []
    # Agreed on the last day of the five weeks, to the last day of the two months.
    ok = await bc.post(url, json={"agreedDate": "2026-04-06", "newTargetDate": "2026-05-02"})
    assert ok.status_code == 201, ok.text
    assert ok.json()["previousTargetDate"] == "2026-04-06"
    body = (await bc.get(f"{bc_base}/applications/{app['id']}")).json()
    assert body["dates"]["targetDate"] == "2026-05-02"
    assert body["dates"]["statutoryDate"] == "2026-04-06"


async def test_conditional_approval_records_conditions(bc, bc_base):
    await with_scheme(bc, bc_base)
    app = await register(bc, bc_base)
    url = f"{bc_base}/applications/{app['id']}/decision"
    missing = await bc.post(url, json={"outcome": "approved_with_conditions"})
    assert missing.status_code == 422
    assert problem_pointer(missing) == "/conditions"
    decided = await bc.post(
        url,
        json={
            "outcome": "approved_with_conditions",
            "decisionDate": "2026-04-01",
            "conditions": [{"text": "Provide FD30S door to kitchen", "reason": "Requirement B1"}],
        },
    )
    assert decided.status_code == 200, decided.text
    body = decided.json()
    assert body["status"] == "approved"
    assert body["decision"]["outcome"] == "approved_with_conditions"
    assert body["decision"]["decidedInTime"] is True
    assert body["allowedActions"] == ["certify", "lapse"]
    again = await bc.post(url, json={"outcome": "approved", "decisionDate": "2026-04-02"})
    assert again.status_code == 409
    assert again.json()["allowedActions"] == ["certify", "lapse"]
    notice = await bc.get(f"{url}/notice.html")
    assert notice.status_code == 200
    assert "Notice of approval of plans subject to conditions" in notice.text
    assert "Provide FD30S door to kitchen" in notice.text
    assert "Reason: Requirement B1" in notice.text
    assert "2 March 2029" in notice.text  # lapses three years after deposit (s.32)
    pdf = await bc.get(f"{url}/notice.pdf")
    assert pdf.content.startswith(b"%PDF")
    assert pdf.content == (await bc.get(f"{url}/notice.pdf")).content  # reproducible


async def test_rejection_needs_the_defects(bc, bc_base):
    await with_scheme(bc, bc_base)
    app = await register(bc, bc_base)
    url = f"{bc_base}/applications/{app['id']}/decision"
    bare = await bc.post(url, json={"outcome": "rejected", "decisionDate": "2026-04-01"})
    assert bare.status_code == 422
    assert problem_pointer(bare) == "/reasons"
    early = await bc.post(
        url, json={"outcome": "rejected", "decisionDate": "2026-03-01", "reasons": ["No calcs"]}
    )
    assert early.status_code == 422
    assert problem_pointer(early) == "/decisionDate"
    rejected = await bc.post(
        url, json={"outcome": "rejected", "decisionDate": "2026-04-10", "reasons": ["No calcs"]}
    )
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["decision"]["decidedInTime"] is False  # after Monday 6 April
    notice = (await bc.get(f"{url}/notice.html")).text
    assert "Notice of rejection of plans" in notice
    assert "1. No calcs" in notice
    assert "section 16(10)" in notice


async def test_no_notice_before_the_decision(bc, bc_base):
    await with_scheme(bc, bc_base)
    app = await register(bc, bc_base)
    undecided = await bc.get(f"{bc_base}/applications/{app['id']}/decision/notice.pdf")
    assert undecided.status_code == 409
    assert undecided.headers["content-type"].startswith("application/problem+json")


async def test_building_notice_has_no_decision(bc, bc_base):
    await with_scheme(bc, bc_base)
    app = await register(bc, bc_base, applicationType="building_notice")
    assert app["feePayable"] == "840.00"
    response = await bc.post(
        f"{bc_base}/applications/{app['id']}/decision", json={"outcome": "approved"}
    )
    assert response.status_code == 409


async def test_patch_needs_if_match_and_reads_by_reference(bc, bc_base):
    await with_scheme(bc, bc_base)
    app = await register(bc, bc_base)
    url = f"{bc_base}/applications/{app['reference'].replace('/', '-')}"
    read = await bc.get(url)
    assert read.status_code == 200
    assert read.headers["etag"] == f'"{app["id"]}.{app["version"]}"'
    missing = await bc.patch(url, json={"description": "Changed"})
    assert missing.status_code == 428
    stale = await bc.patch(
        url, json={"description": "Changed"}, headers={"If-Match": f'"{app["id"]}.99"'}
    )
    assert stale.status_code == 412
    ok = await bc.patch(
        url,
        json={"description": "Two-storey rear and side extension"},
        headers={"If-Match": read.headers["etag"]},
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["version"] == app["version"] + 1


async def test_list_filters(bc, bc_base):
    await with_scheme(bc, bc_base)
    fp = await register(bc, bc_base)
    await register(bc, bc_base, applicationType="building_notice", receivedDate="2026-05-11")
    listing = await bc.get(f"{bc_base}/applications", params={"applicationType": "full_plans"})
    assert [a["id"] for a in listing.json()["data"]] == [fp["id"]]
    dated = await bc.get(
        f"{bc_base}/applications",
        params={"receivedDateFrom": "2026-05-01", "receivedDateTo": "2026-05-31"},
    )
    assert [a["applicationType"] for a in dated.json()["data"]] == ["building_notice"]
    by_status = await bc.get(f"{bc_base}/applications", params={"status": "approved"})
    assert by_status.json()["data"] == []
