"""Completion and regularisation certificates: issued once the completion inspection found the
work satisfactory, numbered from the council's own sequence, rendered as HTML and PDF.

Building Regulations 2010, reg. 17: the local authority gives a completion certificate where,
after taking all reasonable steps, it is satisfied that the work complies with the relevant
requirements of Schedule 1; reg. 18: for unauthorised work, a regularisation certificate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import UTC, datetime, time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.building_control import inspections
from services.building_control import workflow as wf
from services.building_control.casework import not_offered
from services.building_control.models import Certificate
from services.core.cases.models import Case
from services.core.cases.store import CaseRuleError, audit, transition
from services.core.references import allocate_reference
from services.core.rendering import html_to_pdf, render_html

#: Per kind: the number's format (its own yearly sequence) and the heading and legal basis.
KINDS: dict[str, tuple[str, str, str]] = {
    "completion": (
        "CC/YYYY/NNNNN",
        "Completion certificate",
        "Building Act 1984; Building Regulations 2010, regulation 17",
    ),
    "regularisation": (
        "RC/YYYY/NNNNN",
        "Regularisation certificate",
        "Building Act 1984; Building Regulations 2010, regulation 18",
    ),
}


def kind_for(case: Case) -> str:
    return "regularisation" if case.case_type == "regularisation" else "completion"


async def certificate_of(session: AsyncSession, case: Case) -> Certificate | None:
    return await session.scalar(select(Certificate).where(Certificate.case_id == case.id))


async def issue(
    session: AsyncSession, case: Case, *, issued_date: dt.date, actor: str
) -> Certificate:
    """Issue the case's certificate: 409 naming what is missing unless a completion inspection
    was recorded satisfactory, and (by the workflow) unless the case can be certified."""
    not_offered(case, "certify")
    workflow = wf.workflow_for(case.case_type)
    workflow.apply(case.status, "certify")
    inspection = await inspections.satisfactory_completion(session, case)
    if inspection is None:
        raise CaseRuleError(
            "",
            "no completion inspection has been recorded as satisfactory: book and record the "
            "completion inspection first",
            status=409,
        )
    if issued_date < (inspection.inspected_date or inspection.booked_for):
        raise CaseRuleError("/issuedDate", "the certificate cannot precede the inspection")
    kind = kind_for(case)
    fmt = KINDS[kind][0]
    number = await allocate_reference(
        session, fmt=fmt, service=f"bc_{kind}_certificates", suffix="", year=issued_date.year
    )
    row = Certificate(
        case_id=case.id, number=number, kind=kind, issued_date=issued_date, issued_by=actor
    )
    session.add(row)
    await session.flush()
    audit(session, actor, "certificate.issued", row)
    await transition(session, case, workflow, "certify", actor=actor)
    return row


@dataclass(frozen=True, slots=True)
class CertificateDocument:
    """Everything printed on a certificate."""

    council_name: str
    number: str
    kind: str
    reference: str
    case_type_name: str
    site_address: str
    description: str
    owner_name: str
    deposited_date: dt.date
    inspected_date: dt.date | None
    issued_date: dt.date
    signatory: str

    @property
    def title(self) -> str:
        return KINDS[self.kind][1]

    @property
    def legal_basis(self) -> str:
        return KINDS[self.kind][2]


def render_certificate_html(document: CertificateDocument) -> str:
    return render_html(
        "services.building_control", "certificate.html.j2", {"c": document, "title": document.title}
    )


def render_certificate_pdf(document: CertificateDocument) -> bytes:
    """The certificate as an A4 PDF; the same certificate always gives the same bytes."""
    return html_to_pdf(
        render_certificate_html(document),
        title=f"{document.title} {document.number}",
        author=document.council_name,
        created=datetime.combine(document.issued_date, time(), tzinfo=UTC),
    )


__all__ = [
    "KINDS",
    "CertificateDocument",
    "certificate_of",
    "issue",
    "kind_for",
    "render_certificate_html",
    "render_certificate_pdf",
]
