"""Annual fees on a premises licence and suspension for non-payment (Licensing Act 2003,
s.55A), in worked dates: a licence granted on Tuesday 1 April 2025 owes its first annual fee on
Wednesday 1 April 2026; notice of suspension given on Thursday 2 April 2026 takes effect on
Wednesday 8 April at the earliest (two working days after, Good Friday 3 April and Easter
Monday 6 April not counting); a claim of dispute made by the due date holds suspension off for
21 days beginning the day after (to Wednesday 22 April); paying ends the suspension."""

from __future__ import annotations

from typing import Any

import pytest
from test_premises_applications import granted_licence

pytestmark = pytest.mark.asyncio


async def raised(http: Any, base: str, licence: dict[str, Any], due: str) -> dict[str, Any]:
    response = await http.post(
        f"{base}/licences/{licence['id']}/fees", json={"dueOn": due, "amount": "180.00"}
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_unpaid_fee_suspends_by_notice_and_payment_reinstates(lic, lic_base):
    licence = await granted_licence(lic, lic_base, "2025-03-03", "2025-04-01")
    fees = f"{lic_base}/licences/{licence['id']}/fees"
    not_anniversary = await lic.post(fees, json={"dueOn": "2026-03-31", "amount": "180.00"})
    assert not_anniversary.status_code == 422
    assert not_anniversary.json()["errors"][0]["pointer"] == "/dueOn"
    fee = await raised(lic, lic_base, licence, "2026-04-01")
    assert (fee["status"], fee["noticeFrom"], fee["graceEndsOn"]) == ("unpaid", "2026-04-02", None)
    again = await lic.post(fees, json={"dueOn": "2026-04-01", "amount": "180.00"})
    assert again.status_code == 409

    notice = f"{fees}/{fee['id']}/suspension-notice"
    on_due_date = await lic.post(notice, json={"givenOn": "2026-04-01"})
    assert on_due_date.status_code == 409
    assert on_due_date.json()["errors"][0]["pointer"] == "/givenOn"
    too_soon = await lic.post(notice, json={"givenOn": "2026-04-02", "takesEffectOn": "2026-04-07"})
    assert too_soon.status_code == 422
    assert too_soon.json()["errors"][0]["pointer"] == "/takesEffectOn"
    assert "Wednesday 08 April 2026" in too_soon.json()["errors"][0]["detail"]
    assert (await lic.get(f"{lic_base}/licences/{licence['id']}")).json()["status"] == "active"

    given = await lic.post(notice, json={"givenOn": "2026-04-02"})
    assert given.status_code == 200, given.text
    assert (given.json()["suspendedFrom"], given.json()["status"]) == ("2026-04-08", "suspended")
    suspended = (await lic.get(f"{lic_base}/licences/{licence['id']}")).json()
    assert (suspended["status"], suspended["suspended"], suspended["inForce"]) == (
        "suspended",
        True,
        True,
    )
    assert suspended["suspendedFrom"] == "2026-04-08"
    assert (await lic.post(notice, json={"givenOn": "2026-04-03"})).status_code == 409

    pay = f"{fees}/{fee['id']}/payment"
    part = await lic.post(pay, json={"amount": "170.00", "paidOn": "2026-05-01"})
    assert part.json()["errors"][0]["pointer"] == "/amount"
    paid = await lic.post(pay, json={"amount": "180.00", "paidOn": "2026-05-01"})
    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "paid"
    assert (await lic.post(pay, json={"amount": "180.00"})).status_code == 409
    after = (await lic.get(f"{lic_base}/licences/{licence['id']}")).json()
    assert (after["status"], after["suspended"], after["suspendedFrom"]) == ("active", False, None)
    assert after["nextFeeDueOn"] == "2027-04-01"
    events = (await lic.get(f"{lic_base}/licences/{licence['id']}/events")).json()
    assert [(e["kind"], e["on"]) for e in events] == [
        ("granted", "2025-04-01"),
        ("suspended_for_non_payment", "2026-04-08"),
        ("reinstated", "2026-05-01"),
    ]


async def test_a_dispute_claimed_by_the_due_date_gives_21_days_grace(lic, lic_base):
    licence = await granted_licence(lic, lic_base, "2025-03-03", "2025-04-01")
    fee = await raised(lic, lic_base, licence, "2026-04-01")
    url = f"{lic_base}/licences/{licence['id']}/fees/{fee['id']}"
    claim = {"ground": "dispute", "reason": "The holder says the band is wrong"}
    late = await lic.post(f"{url}/grace-claim", json={**claim, "claimedOn": "2026-04-02"})
    assert late.status_code == 422
    assert late.json()["errors"][0]["pointer"] == "/claimedOn"
    claimed = await lic.post(f"{url}/grace-claim", json={**claim, "claimedOn": "2026-04-01"})
    assert claimed.status_code == 200, claimed.text
    assert (claimed.json()["graceEndsOn"], claimed.json()["noticeFrom"]) == (
        "2026-04-22",
        "2026-04-23",
    )
    in_grace = await lic.post(f"{url}/suspension-notice", json={"givenOn": "2026-04-22"})
    assert in_grace.status_code == 409
    assert "Wednesday 22 April 2026" in in_grace.json()["detail"]
    # Notice on Thursday 23 April: Friday 24 and Monday 27 April are the two working days.
    given = await lic.post(f"{url}/suspension-notice", json={"givenOn": "2026-04-23"})
    assert given.json()["suspendedFrom"] == "2026-04-27"
    events = (await lic.get(f"{lic_base}/licences/{licence['id']}/events")).json()
    assert [(e["kind"], e["on"]) for e in events] == [
        ("granted", "2025-04-01"),
        ("fee_disputed", "2026-04-01"),
        ("suspended_for_non_payment", "2026-04-27"),
    ]


async def test_a_personal_licence_pays_no_annual_fee(lic, lic_base):
    body = {
        "applicationType": "personal_licence",
        "description": "Personal licence",
        "applicant": {"name": "Mary Okonjo"},
        "receivedDate": "2026-03-02",
    }
    app = (await lic.post(f"{lic_base}/applications", json=body)).json()
    decided = await lic.post(
        f"{lic_base}/applications/{app['id']}/decision",
        json={"outcome": "granted", "decisionDate": "2026-03-16"},
    )
    licence = decided.json()["licence"]
    response = await lic.post(
        f"{lic_base}/licences/{licence['id']}/fees", json={"dueOn": "2027-03-16", "amount": "37"}
    )
    assert response.status_code == 409
    assert (await lic.get(f"{lic_base}/licences/{licence['id']}/fees")).json() == []
