"""The planning decision notice as HTML and PDF, and the shared rendering it is printed with."""

from __future__ import annotations

import dataclasses
import re
import zlib
from datetime import date
from typing import Any

import pytest

from services.core.rendering import format_long_date, html_to_pdf, to_winansi
from services.planning.notice import (
    DecisionNotice,
    NoticeCondition,
    render_decision_notice_html,
    render_decision_notice_pdf,
)

# Typographic characters outside Latin-1 but inside Windows-1252 (spelt out for ruff's RUF001).
RSQUO, LDQUO, RDQUO, NDASH = "\u2019", "\u201c", "\u201d", "\u2013"

CONDITIONS = (
    NoticeCondition(
        3,
        "The first-floor window in the side elevation shall be obscure glazed.",
        "To protect the privacy of 3 Church Lane.",
    ),
    NoticeCondition(
        1,
        "The development shall begin within three years of the date of this permission.",
        "Required by section 91 of the Town and Country Planning Act 1990.",
    ),
    NoticeCondition(
        2,
        "The external materials shall match those of the existing house.",
        None,
    ),
)


def make_notice(**changes: Any) -> DecisionNotice:
    """A householder permission decided on Monday 2 March 2026: appeals close 12 weeks later."""
    notice = DecisionNotice(
        council_name="Borsetshire Council",
        reference="26/00001/HOUSE",
        application_type="Householder application",
        site_address="1 Church Lane, Ambridge, BS1 1AA",
        applicant_name="Sam Carter",
        agent_name="Plan Right Ltd",
        description="Single-storey rear extension",
        received_date=date(2026, 1, 5),
        valid_date=date(2026, 1, 6),
        outcome="granted",
        decision_date=date(2026, 3, 2),
        level="delegated",
        conditions=CONDITIONS,
        reasons_for_refusal=(),
        informatives=("The applicant may also need approval under the Building Regulations.",),
        signatory_name="Jo Bloggs",
        signatory_title="Head of Planning",
        appeal_deadline=date(2026, 5, 25),
        appeal_guidance="Appeals can be made online to the Planning Inspectorate.",
    )
    return dataclasses.replace(notice, **changes)


def refusal(**changes: Any) -> DecisionNotice:
    return make_notice(
        outcome="refused",
        conditions=(),
        reasons_for_refusal=(
            "The extension, by its depth and height, would harm the outlook of 3 Church Lane.",
            "The design would be out of keeping with the conservation area.",
        ),
        **changes,
    )


def pdf_text(pdf: bytes) -> str:
    """The text shown on the pages: each FlateDecode content stream inflated, strings decoded."""
    lines: list[str] = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue
        for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", content, re.DOTALL):
            lines.append(re.sub(rb"\\(.)", rb"\1", literal, flags=re.DOTALL).decode("cp1252"))
    return "\n".join(lines)


# --- HTML -----------------------------------------------------------------------------------


def test_user_text_is_escaped() -> None:
    html = render_decision_notice_html(
        make_notice(
            description='Rear extension <script>alert("x")</script>',
            applicant_name="Tom & Jerry <b>Ltd</b>",
        )
    )
    assert "<script>" not in html
    assert "Rear extension &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "Tom &amp; Jerry &lt;b&gt;Ltd&lt;/b&gt;" in html


def test_a_grant_lists_its_conditions_in_number_order_each_with_its_reason() -> None:
    html = render_decision_notice_html(make_notice())
    assert "<b>GRANTS planning permission</b>" in html
    assert "subject to the following conditions" in html
    assert "<h3>Conditions</h3>" in html
    items = re.findall(r"<li>(.*?)</li>", html.split("<h3>Conditions</h3>")[1].split("</ol>")[0])
    assert items == [
        "The development shall begin within three years of the date of this permission."
        "<br /><b>Reason:</b> Required by section 91 of the Town and Country Planning Act 1990.",
        "The external materials shall match those of the existing house.",
        "The first-floor window in the side elevation shall be obscure glazed."
        "<br /><b>Reason:</b> To protect the privacy of 3 Church Lane.",
    ]


@pytest.mark.parametrize("numbers", [(1, 3), (0, 1), (1, 1), (2,)])
def test_condition_numbers_must_run_from_one_without_gaps(numbers: tuple[int, ...]) -> None:
    conditions = tuple(NoticeCondition(number, "A condition.", "A reason.") for number in numbers)
    with pytest.raises(ValueError, match="numbered 1 to"):
        make_notice(conditions=conditions)


def test_a_refusal_gives_its_reasons_and_has_no_conditions_section() -> None:
    html = render_decision_notice_html(refusal())
    assert "<b>REFUSES planning permission</b>" in html
    assert "GRANTS" not in html
    assert "<h3>Reasons for refusal</h3>" in html
    assert "would harm the outlook of 3 Church Lane.</li>" in html
    assert "out of keeping with the conservation area.</li>" in html
    assert "Conditions" not in html
    assert "or with any condition" not in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"outcome": "refused"}, "cannot carry conditions"),
        ({"outcome": "refused", "conditions": ()}, "must give its reasons"),
        ({"reasons_for_refusal": ("No.",)}, "has no reasons for refusal"),
        ({"outcome": "approved"}, "unknown outcome"),
        ({"level": "cabinet"}, "unknown decision level"),
        ({"decision_date": date(2026, 1, 4)}, "cannot predate"),
        ({"appeal_deadline": date(2026, 3, 2)}, "appeal deadline"),
    ],
)
def test_a_notice_that_could_not_be_issued_is_rejected(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        make_notice(**changes)


@pytest.mark.parametrize(
    ("outcome", "wording"),
    [
        ("prior_approval_not_required", "<b>PRIOR APPROVAL IS NOT REQUIRED</b>"),
        ("prior_approval_granted", "<b>PRIOR APPROVAL IS\nGRANTED</b>"),
        ("prior_approval_refused", "<b>PRIOR APPROVAL IS\nREFUSED</b>"),
    ],
)
def test_prior_approvals_cite_the_permitted_development_order(outcome: str, wording: str) -> None:
    changes: dict[str, Any] = {"outcome": outcome, "conditions": ()}
    if outcome == "prior_approval_refused":
        changes["reasons_for_refusal"] = ("The building is not suitable for conversion.",)
    html = render_decision_notice_html(make_notice(**changes))
    assert wording in html
    assert "(General Permitted Development) (England) Order 2015<br />" in html


def test_the_appeal_paragraph_gives_the_deadline_as_a_date_in_words() -> None:
    html = render_decision_notice_html(refusal())
    assert "<h2>Your right of appeal</h2>" in html
    assert "section 78 of the Town\nand Country Planning Act 1990" in html
    assert "<b>Any appeal must be made by 25 May 2026.</b>" in html
    assert "Appeals can be made online to the Planning Inspectorate." in html


def test_a_withdrawal_decides_nothing_and_offers_no_appeal() -> None:
    html = render_decision_notice_html(
        make_notice(outcome="withdrawn", conditions=(), appeal_deadline=None, appeal_guidance=None)
    )
    assert "<b>WITHDRAWN</b> on 2 March 2026" in html
    assert "Date withdrawn" in html
    assert "appeal" not in html.lower()


def test_a_committee_decision_says_so() -> None:
    html = render_decision_notice_html(make_notice(level="committee", agent_name=None))
    assert "Decision of the Planning Committee" in html
    assert "<b>Agent</b>" not in html


# --- PDF ------------------------------------------------------------------------------------


def test_the_pdf_is_an_a4_document_showing_the_reference_and_the_dates() -> None:
    pdf = render_decision_notice_pdf(refusal())
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    media_boxes = re.findall(rb"/MediaBox \[([^\]]*)\]", pdf)
    assert media_boxes
    assert {box.strip() for box in media_boxes} == {b"0 0 595.28 841.89"}
    text = pdf_text(pdf)
    assert "26/00001/HOUSE" in text
    assert "2 March 2026" in text
    assert "Any appeal must be made by 25 May 2026." in text
    assert "REFUSES planning permission" in text
    # The footer on every page; the page count is filled in when the file is written.
    assert "Decision notice 26/00001/HOUSE - page 1 of" in text


def test_the_pdf_numbers_conditions_in_order() -> None:
    text = pdf_text(render_decision_notice_pdf(make_notice()))
    conditions = text.split("\nConditions\n")[1].split("\nInformatives\n")[0]
    lines = [line.strip() for line in conditions.splitlines() if line.strip()]
    assert lines == [
        "1.",
        "The development shall begin within three years of the date of this permission.",
        "Reason:",
        "Required by section 91 of the Town and Country Planning Act 1990.",
        "2.",
        "The external materials shall match those of the existing house.",
        "3.",
        "The first-floor window in the side elevation shall be obscure glazed.",
        "Reason:",
        "To protect the privacy of 3 Church Lane.",
    ]


def test_the_pdf_prints_user_text_literally() -> None:
    text = pdf_text(render_decision_notice_pdf(make_notice(description="Shed <script>x</script>")))
    assert "Shed <script>x</script>" in text


def test_names_beyond_latin_1_are_printed_or_transliterated() -> None:
    pdf = render_decision_notice_pdf(
        make_notice(
            applicant_name=f"Siân O{RSQUO}Connor",
            agent_name=f"Llŷr Wyn {NDASH} Łukasz Dąbrowski 王",
            description=f"{LDQUO}Annex{RDQUO} for Mr Ŵ",
        )
    )
    text = pdf_text(pdf)
    assert f"Siân O{RSQUO}Connor" in text
    assert f"Llyr Wyn {NDASH} Lukasz Dabrowski ?" in text
    assert f"{LDQUO}Annex{RDQUO} for Mr W" in text


def test_the_same_notice_always_renders_to_the_same_bytes() -> None:
    assert render_decision_notice_pdf(make_notice()) == render_decision_notice_pdf(make_notice())
    assert b"/CreationDate (D:20260302000000Z)" in render_decision_notice_pdf(make_notice())


# --- Shared rendering -----------------------------------------------------------------------


def test_long_dates_have_no_leading_zero() -> None:
    assert format_long_date(date(2026, 5, 5)) == "5 May 2026"
    assert format_long_date(date(2026, 12, 25)) == "25 December 2026"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"Siân O{RSQUO}Connor {NDASH} £5 €", f"Siân O{RSQUO}Connor {NDASH} £5 €"),
        ("Ŵyn ap Llŷr", "Wyn ap Llyr"),
        ("Łódź", "Lódz"),
        ("x\u2212y \u2264 2\u200b", "x-y <= 2"),
        ("東京", "??"),
    ],
)
def test_text_is_reduced_to_what_the_standard_fonts_can_show(text: str, expected: str) -> None:
    assert to_winansi(text) == expected


def test_html_to_pdf_sets_the_title_and_is_reproducible() -> None:
    html = "<h1>Certificate</h1><p>Issued to <b>Siân</b>.</p>"
    first = html_to_pdf(html, title="LLC1 certificate 26/00042")
    assert first == html_to_pdf(html, title="LLC1 certificate 26/00042")
    assert "Issued to" in pdf_text(first)
    assert b"/Title (LLC1 certificate 26/00042)" in first
