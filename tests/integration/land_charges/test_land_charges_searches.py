"""Official searches (LLC1) and CON29 enquiries through the API: the 10 working day service
standard over bank holidays, what a search area reveals, the certificate frozen at issue, and
CON29 answers per question.

Worked dates (service standard: 10 working days counted from the day after receipt):
- received Thu 24 Dec 2026 -> due Tue 12 Jan 2027 (Fri 25 Dec, Mon 28 Dec (Boxing Day
  substitute) and Fri 1 Jan 2027 are bank holidays: days 1-10 are 29, 30, 31 Dec, 4-8 Jan,
  11 and 12 Jan).
- received Wed 1 Apr 2026 -> due Fri 17 Apr 2026 (Good Friday 3 Apr and Easter Monday 6 Apr).
"""

from __future__ import annotations

from typing import Any

import pytest
from llc_support import X0, Y0, charge, con29, created, llc1, pointers, problem, square

pytestmark = pytest.mark.asyncio


async def test_llc1_target_is_10_working_days_over_christmas(llc: Any, llc_base: str):
    search = await created(llc, f"{llc_base}/searches", llc1(receivedDate="2026-12-24"))

    assert (search["receivedDate"], search["targetDate"]) == ("2026-12-24", "2027-01-12")
    assert search["reference"].endswith("/LLC1")
    assert search["allowedActions"] == ["issue", "withdraw"]
    worklist = (await llc.get(llc_base.replace("/land-charges", "/cases"))).json()["data"]
    assert [c["reference"] for c in worklist] == [search["reference"]]


async def test_con29_target_is_10_working_days_over_easter(llc: Any, llc_base: str):
    search = await created(llc, f"{llc_base}/searches", con29(receivedDate="2026-04-01"))

    assert search["targetDate"] == "2026-04-17"


async def registered(http: Any, base: str, geometry: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return await created(http, f"{base}/charges", charge(geometry=geometry, **kw))


async def test_the_search_area_reveals_what_meets_it_and_nothing_else(llc: Any, llc_base: str):
    inside = await registered(llc, llc_base, square(X0 + 20, Y0 + 20, 10))
    overlapping = await registered(llc, llc_base, square(X0 + 90, Y0 + 90, 30))
    edge_only = await registered(llc, llc_base, square(X0 + 100, Y0, 50))  # shares the east edge
    tree_on_edge = await registered(
        llc, llc_base, {"type": "Point", "coordinates": [X0 + 100, Y0 + 50]}
    )
    far = await registered(llc, llc_base, square(X0 + 500, Y0 + 500, 10))
    multi = {
        "type": "MultiPolygon",
        "coordinates": [
            square(X0 + 400, Y0, 10)["coordinates"],
            square(X0 + 50, Y0 + 50, 5)["coordinates"],
        ],
    }
    multipart = await registered(llc, llc_base, multi)
    bbox_only = await registered(  # its bounding box meets the area, the line does not
        llc,
        llc_base,
        {"type": "LineString", "coordinates": [[X0 - 50, Y0 + 60], [X0 + 40, Y0 + 150]]},
    )
    cancelled = await registered(llc, llc_base, square(X0 + 60, Y0 + 10, 10))
    await llc.post(f"{llc_base}/charges/{cancelled['id']}/cancellation", json={"reason": "Revoked"})
    search = await created(llc, f"{llc_base}/searches", llc1())

    issued = await llc.post(f"{llc_base}/searches/{search['id']}/issue")

    assert issued.status_code == 200, issued.text
    assert issued.json()["status"] == "issued"
    html = (await llc.get(f"{llc_base}/searches/{search['id']}/certificate.html")).text
    revealed = {c["chargeNumber"] for c in (inside, overlapping, tree_on_edge, multipart)}
    hidden = {c["chargeNumber"] for c in (edge_only, far, bbox_only, cancelled)}
    assert all(number in html for number in revealed), html
    assert not any(number in html for number in hidden), html


async def test_the_certificate_shows_what_was_certified_at_issue(llc: Any, llc_base: str):
    first = await registered(llc, llc_base, square(X0 + 20, Y0 + 20, 10))
    search = await created(llc, f"{llc_base}/searches", llc1())
    url = f"{llc_base}/searches/{search['id']}"
    problem(await llc.get(f"{url}/certificate.html"), 409)
    await llc.post(f"{url}/issue")
    html = (await llc.get(f"{url}/certificate.html")).text
    pdf = await llc.get(f"{url}/certificate.pdf")

    later = await registered(llc, llc_base, square(X0 + 40, Y0 + 40, 10))

    again = (await llc.get(f"{url}/certificate.html")).text
    assert again == html
    assert "Official certificate of search" in html
    assert first["chargeNumber"] in html and later["chargeNumber"] not in html
    assert "Tree preservation order (TPO)" in html
    assert "Town and Country Planning Act 1990 section 198" in html
    assert "12 Mill Lane, Ashcombe" in html
    assert "24 December 2026" in html
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (await llc.get(f"{url}/certificate.pdf")).content == pdf.content
    problem(await llc.post(f"{url}/issue"), 409)


async def test_an_empty_search_certifies_no_registrations(llc: Any, llc_base: str):
    search = await created(llc, f"{llc_base}/searches", llc1())
    await llc.post(f"{llc_base}/searches/{search['id']}/issue")

    html = (await llc.get(f"{llc_base}/searches/{search['id']}/certificate.html")).text

    assert "no subsisting registrations" in html


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        (llc1(searchArea=None), "/searchArea"),
        (llc1(searchArea=square(-1.1, 51.2, 0.01)), "/searchArea/coordinates"),
        (con29(property=None), "/property"),
        (con29(questions=["5", "99"]), "/questions/1"),
        (con29(questions=["3.9"]), "/questions/0"),
        (con29(searchType="con29o_enquiries"), "/questions"),
    ],
    ids=[
        "llc1-no-area",
        "llc1-wgs84",
        "con29-no-property",
        "unknown-question",
        "part-one-as-optional",
        "con29o-none",
    ],
)
async def test_a_bad_search_is_refused_with_a_pointer(
    llc: Any, llc_base: str, body: Any, pointer: str
):
    body = {k: v for k, v in body.items() if v is not None}

    refused = problem(await llc.post(f"{llc_base}/searches", json=body), 422)

    assert pointers(refused) == [pointer]
    assert (await llc.get(f"{llc_base}/searches")).json()["data"] == []


async def test_con29_is_answered_per_question_then_issued(llc: Any, llc_base: str):
    search = await created(llc, f"{llc_base}/searches", con29(questions=["22", "5"]))
    url = f"{llc_base}/searches/{search['id']}"
    numbers = [q["question"] for q in search["questions"]]
    assert numbers[:2] == ["1.1(a)", "1.1(b)"] and numbers[-2:] == ["5", "22"]
    assert search["unanswered"] == len(numbers) == 38

    unknown = await llc.post(
        f"{url}/answers", json={"answers": [{"question": "3.99", "answer": "No"}]}
    )
    assert pointers(problem(unknown, 422)) == ["/answers/0/question"]
    not_asked = await llc.post(
        f"{url}/answers",
        json={
            "answers": [{"question": "3.9", "answer": "None"}, {"question": "7", "answer": "No"}]
        },
    )
    assert pointers(problem(not_asked, 422)) == ["/answers/1/question"]
    assert (await llc.get(url)).json()["unanswered"] == 38
    first = [{"question": n, "answer": f"Reply to {n}"} for n in numbers[:-1]]
    await llc.post(f"{url}/answers", json={"answers": first})
    early = problem(await llc.post(f"{url}/issue"), 409)
    assert "22" in early["detail"]

    done = await llc.post(
        f"{url}/answers", json={"answers": [{"question": "22", "answer": "Not registered"}]}
    )
    assert done.json()["unanswered"] == 0
    issued = await llc.post(f"{url}/issue")

    assert issued.status_code == 200, issued.text
    assert issued.json()["issuedOn"] is not None
    html = (await llc.get(f"{url}/certificate.html")).text
    assert "Replies to enquiries (CON29)" in html and "Not registered" in html
    late = await llc.post(f"{url}/answers", json={"answers": [{"question": "22", "answer": "x"}]})
    assert problem(late, 409)["allowedActions"] == []
