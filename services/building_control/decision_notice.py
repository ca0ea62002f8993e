"""The notice of a full plans decision (Building Act 1984, s.16): approval, approval subject to
conditions with the reason for each (s.16(3)-(4)), or rejection stating the defects (s.16(6)),
with when an approval lapses if work has not commenced (s.32). Rendered as HTML and PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import UTC, datetime, time

from services.core.rendering import html_to_pdf, render_html

#: How each outcome is headed on the notice.
HEADINGS = {
    "approved": "Notice of approval of plans",
    "approved_with_conditions": "Notice of approval of plans subject to conditions",
    "rejected": "Notice of rejection of plans",
}
LEGAL_BASIS = "Building Act 1984, section 16; Building Regulations 2010, regulation 14"


@dataclass(frozen=True, slots=True)
class NoticeCondition:
    number: int
    text: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class DecisionNotice:
    """Everything printed on the notice."""

    council_name: str
    reference: str
    case_type_name: str
    site_address: str
    description: str
    applicant_name: str
    deposited_date: dt.date
    outcome: str
    decision_date: dt.date
    conditions: tuple[NoticeCondition, ...]
    defects: tuple[str, ...]
    lapse_date: dt.date | None
    signatory: str

    @property
    def title(self) -> str:
        return HEADINGS.get(self.outcome, "Notice of decision on plans")

    @property
    def legal_basis(self) -> str:
        return LEGAL_BASIS


def render_notice_html(notice: DecisionNotice) -> str:
    return render_html(
        "services.building_control", "decision_notice.html.j2", {"n": notice, "title": notice.title}
    )


def render_notice_pdf(notice: DecisionNotice) -> bytes:
    """The notice as an A4 PDF; the same decision always gives the same bytes."""
    return html_to_pdf(
        render_notice_html(notice),
        title=f"{notice.title} {notice.reference}",
        author=notice.council_name,
        created=datetime.combine(notice.decision_date, time(), tzinfo=UTC),
    )


__all__ = [
    "HEADINGS",
    "DecisionNotice",
    "NoticeCondition",
    "render_notice_html",
    "render_notice_pdf",
]
