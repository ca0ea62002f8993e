"""Assemble a planning case from the database into the ODP export's :class:`CaseView`."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.cases.models import Case, Submission
from services.core.cases.outcomes import Appeal
from services.core.cases.records import Comment, Consultation, Document
from services.planning.odp.export import (
    AppealView,
    CaseView,
    CommentView,
    ConsultationView,
    ConsulteeView,
    DocumentView,
)
from tenancy.binding import TenantRef

PUBLICITY = ("site_notice", "neighbour_letter", "newspaper_notice", "eia_development")


def organisation_code(tenant: TenantRef) -> str:
    """The ODP ``organisation`` (at most four characters): the slug's initials or its start."""
    words = [w for w in tenant.slug.split("-") if w]
    code = "".join(w[0] for w in words) if len(words) > 1 else tenant.slug[:4]
    return code[:4].upper()


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


async def case_view(
    session: AsyncSession, case: Case, submission: Submission, tenant: TenantRef, base_url: str
) -> CaseView:
    consultations = (
        await session.scalars(
            select(Consultation)
            .where(Consultation.case_id == case.id)
            .order_by(Consultation.sent_date)
        )
    ).all()
    comments = (
        await session.scalars(
            select(Comment).where(Comment.case_id == case.id).order_by(Comment.received_at)
        )
    ).all()
    documents = (
        await session.scalars(
            select(Document).where(Document.case_id == case.id).order_by(Document.uploaded_at)
        )
    ).all()
    appeal = await session.scalar(
        select(Appeal).where(Appeal.case_id == case.id).order_by(Appeal.lodged_date.desc()).limit(1)
    )
    consultation = None
    if case.consultation_start_date and case.consultation_end_date:
        consultation = ConsultationView(
            start_date=case.consultation_start_date,
            end_date=case.consultation_end_date,
            site_notice=any(c.kind == "site_notice" for c in consultations),
        )
    decided = case.decision is not None
    return CaseView(
        id=case.id,
        reference=case.reference,
        organisation=organisation_code(tenant),
        submission=submission.prototype,
        submitted_at=submission.submitted_at,
        received_at=_midnight(case.received_date)
        if case.submitted_at is None
        else max(case.submitted_at, _midnight(case.received_date)),
        status=case.status,  # type: ignore[arg-type]
        validated_at=case.validated_at,
        is_valid=(None if case.validated_at is None else case.status != "returned"),
        published_at=case.published_at,
        withdrawn_at=case.withdrawn_at,
        withdrawn_reason=case.withdrawn_reason if case.withdrawn_at else None,
        consultation=consultation,
        public_comments_until_decision=False,
        target_date=case.target_date,
        decision=case.decision,
        decision_date=case.decision_date,
        decision_level=case.decision_level,
        committee_date=case.committee_date,
        decision_notice_url=(f"{base_url}/decision/notice.html" if decided else None),
        appeal=(
            AppealView(
                lodged_date=appeal.lodged_date,
                reason=appeal.reason,
                validated_date=appeal.validated_date,
                started_date=appeal.started_date,
                decision=appeal.decision,
                decision_date=appeal.decision_date,
                withdrawn_at=appeal.withdrawn_at,
            )
            if appeal
            else None
        ),
        case_officer=case.officer_name,
        public_comments=tuple(
            CommentView(
                id=c.id,
                sentiment=c.sentiment,
                text=c.text,
                redacted_text=c.redacted_text,
                topics=tuple(c.topics or ()),
                author_name=c.author_name,
                author_address=c.author_address,
                received_at=c.received_at,
                published_at=c.published_at,
            )
            for c in comments
        ),
        consultees=tuple(
            ConsulteeView(
                id=c.id,
                name=c.consultee,
                organisation=c.organisation,
                reason=c.reason,
                sent_at=_midnight(c.sent_date),
                response=c.response,
                response_at=c.responded_at,
                position=c.position,
                address=c.address,
            )
            for c in consultations
            if c.kind not in PUBLICITY
        ),
        documents=tuple(
            DocumentView(
                id=d.id,
                name=d.name,
                url=d.origin_url or f"{base_url}/documents/{d.id}/content",
                types=tuple(d.types or ()),
                description=d.description,
                mime_type=d.mime_type,
                size_bytes=d.size_bytes,
                submitted_at=d.uploaded_at,
                published_at=d.published_at,
            )
            for d in documents
        ),
        generated_at=dt.datetime.now(dt.UTC),
        officer_recommendation=case.recommendation,
    )
