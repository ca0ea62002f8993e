"""The planning decision notice: what the authority decided, rendered as HTML and as a PDF.

A :class:`DecisionNotice` holds everything printed on the notice, already worked out by the
caller (the appeal deadline comes from :func:`services.core.deadlines.appeal_deadline`, the
signatory from the council's settings). It is checked when built, so a notice that could not be
lawfully issued (a refusal without reasons, conditions numbered 1, 2, 4) is never rendered.

The wording follows the Town and Country Planning Act 1990 and the Development Management
Procedure Order 2015 (art. 35: the notice states clearly and precisely the full reasons for each
condition and for any refusal, and tells the applicant about their right of appeal); prior
approvals cite the General Permitted Development Order 2015. The prose is in
``templates/decision_notice.html.j2``; the PDF is printed from the same HTML by
:mod:`services.core.rendering`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from services.core.rendering import html_to_pdf, render_html

__all__ = [
    "LEVELS",
    "OUTCOME_TITLES",
    "DecisionNotice",
    "NoticeCondition",
    "render_decision_notice_html",
    "render_decision_notice_pdf",
]

#: Each outcome a notice can record, with the heading it is printed under.
OUTCOME_TITLES: dict[str, str] = {
    "granted": "Grant of planning permission",
    "refused": "Refusal of planning permission",
    "split": "Split decision: planning permission granted in part and refused in part",
    "prior_approval_not_required": "Prior approval not required",
    "prior_approval_granted": "Prior approval granted",
    "prior_approval_refused": "Prior approval refused",
    "withdrawn": "Application withdrawn",
}
#: Who took the decision: an officer under delegated powers, or the planning committee.
LEVELS: dict[str, str] = {
    "delegated": "Officer decision under delegated powers",
    "committee": "Decision of the Planning Committee",
}

_WITH_REASONS = frozenset({"refused", "split", "prior_approval_refused"})
_WITH_CONDITIONS = frozenset({"granted", "split", "prior_approval_granted"})
_TEMPLATE = "decision_notice.html.j2"


@dataclass(frozen=True, slots=True)
class NoticeCondition:
    """A condition on a permission, with the reason for imposing it (DMPO 2015 art. 35(1)(a))."""

    number: int
    text: str
    reason: str | None


@dataclass(frozen=True, slots=True)
class DecisionNotice:
    """Everything printed on a decision notice; invalid combinations raise ``ValueError``."""

    council_name: str
    reference: str
    application_type: str  # the human name, e.g. "Householder application"
    site_address: str
    applicant_name: str
    agent_name: str | None
    description: str
    received_date: date
    valid_date: date | None
    outcome: str  # a key of OUTCOME_TITLES
    decision_date: date
    level: str  # a key of LEVELS
    conditions: tuple[NoticeCondition, ...]
    reasons_for_refusal: tuple[str, ...]
    informatives: tuple[str, ...]
    signatory_name: str
    signatory_title: str
    appeal_deadline: date | None
    appeal_guidance: str | None

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOME_TITLES:
            raise ValueError(
                f"unknown outcome {self.outcome!r}; expected one of {', '.join(OUTCOME_TITLES)}"
            )
        if self.level not in LEVELS:
            raise ValueError(
                f"unknown decision level {self.level!r}; expected one of {', '.join(LEVELS)}"
            )
        numbers = sorted(condition.number for condition in self.conditions)
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"conditions must be numbered 1 to {len(numbers)}, got {numbers}")
        if self.conditions and self.outcome not in _WITH_CONDITIONS:
            raise ValueError(f"a notice with outcome {self.outcome!r} cannot carry conditions")
        if self.outcome in _WITH_REASONS and not self.reasons_for_refusal:
            raise ValueError(f"a notice with outcome {self.outcome!r} must give its reasons")
        if self.reasons_for_refusal and self.outcome not in _WITH_REASONS:
            raise ValueError(f"a notice with outcome {self.outcome!r} has no reasons for refusal")
        if self.valid_date is not None and self.valid_date < self.received_date:
            raise ValueError("an application cannot be valid before it was received")
        if self.decision_date < self.received_date:
            raise ValueError("a decision cannot predate the application it decides")
        if self.appeal_deadline is not None and self.appeal_deadline <= self.decision_date:
            raise ValueError("the appeal deadline must fall after the decision date")

    @property
    def title(self) -> str:
        """The heading of the notice, from its outcome."""
        return OUTCOME_TITLES[self.outcome]

    @property
    def document_title(self) -> str:
        """The PDF title, repeated in the footer of every page so loose pages stay traceable."""
        kind = "Withdrawal notice" if self.outcome == "withdrawn" else "Decision notice"
        return f"{kind} {self.reference}"


def _context(notice: DecisionNotice) -> dict[str, Any]:
    return {
        "notice": notice,
        "title": notice.title,
        "level": LEVELS[notice.level],
        "conditions": sorted(notice.conditions, key=lambda condition: condition.number),
        "prior_approval": notice.outcome.startswith("prior_approval"),
    }


def render_decision_notice_html(notice: DecisionNotice) -> str:
    """The notice as an HTML page (every value escaped), as previewed and as printed."""
    return render_html("services.planning", _TEMPLATE, _context(notice))


def render_decision_notice_pdf(notice: DecisionNotice) -> bytes:
    """The notice as an A4 PDF; the same notice always gives the same bytes.

    The PDF records the decision date as its creation date, so re-issuing a copy later does not
    change the document.
    """
    return html_to_pdf(
        render_decision_notice_html(notice),
        title=notice.document_title,
        author=notice.council_name,
        created=datetime.combine(notice.decision_date, time(), tzinfo=UTC),
    )
