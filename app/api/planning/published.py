"""What an application publishes: the decision notice (HTML and PDF), the case in the ODP
post-submission format, and the case's own audit trail."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath
from sqlalchemy import select

from app.api.casework.requests import council_name, pdf_response
from app.api.openapi_examples import page_example, response_with_examples
from app.api.pagination import DEFAULT_PER_PAGE, Page, PageParam, PerPageParam, page_of
from app.api.planning.deps import APPLICATION, TAGS, load, settings_of
from app.api.planning.odp_view import case_view
from app.api.problem_docs import ACTION_PROBLEMS, LIST_PROBLEMS
from app.api.schemas import AuditOut
from app.guards import requires
from app.problems import Problem
from app.tenant_context import CurrentTenant, TenantSession
from services.core import store as core_store
from services.core.cases.models import Case, Submission
from services.core.cases.outcomes import Condition
from services.planning import casework, notice
from services.planning.odp.export import post_submission
from services.registry import registry

READ = requires("planning", "applications", "read")
AUDIT_READ = requires("planning", "audit", "read")


AUDIT_RESPONSE = response_with_examples(
    Page[AuditOut],
    "A page of the application's audit trail, newest first",
    audit_trail=page_example(
        {
            "id": "0195f4b8-2c6e-7a10-8b21-c3d4e5f60718",
            "at": "2026-03-05T09:14:27Z",
            "actor": "user:0195f3c2-1b7e-7d4a-8c2f-3e9a6b1d5f70 <priya.shah@example.gov.uk>",
            "action": "consultation.created",
            "detail": None,
            "entity": "consultations",
            "entityId": "0195f4b8-2c6d-7e0f-91a2-b3c4d5e6f786",
            "before": None,
            "after": {"kind": "site_notice", "sent_date": "2026-03-05", "due_date": "2026-03-25"},
        },
        23,
    ),
)


async def _notice(db_session: Any, case: Case, tenant: Any) -> notice.DecisionNotice:
    if case.decision is None or case.decision_date is None:
        raise Problem(409, "Not determined", f"{case.reference} has no decision yet, so no notice")
    rows = (
        await db_session.scalars(
            select(Condition).where(Condition.case_id == case.id).order_by(Condition.position)
        )
    ).all()
    settings = await settings_of(db_session)
    parties = list(case.parties)
    applicant = next((p for p in parties if p.role == "applicant"), None)
    agent = next((p for p in parties if p.role == "agent"), None)
    conditions = [r for r in rows if r.kind == "condition"]
    return notice.DecisionNotice(
        council_name=await council_name(tenant),
        reference=case.reference,
        application_type=registry.get("planning").case_type(case.case_type).name,
        site_address=(case.site.address_line if case.site else None) or "",
        applicant_name=applicant.name if applicant else "",
        agent_name=agent.name if agent else None,
        description=case.description,
        received_date=case.received_date,
        valid_date=case.valid_from_date,
        outcome=case.decision,
        decision_date=case.decision_date,
        level=case.decision_level or "delegated",
        conditions=tuple(
            notice.NoticeCondition(number=i, text=r.text, reason=r.reason)
            for i, r in enumerate(conditions, 1)
        ),
        reasons_for_refusal=tuple(r.text for r in rows if r.kind == "refusal_reason"),
        informatives=tuple(r.text for r in rows if r.kind == "informative"),
        signatory_name=settings.decision_notice_signatory or case.decided_by or "",
        signatory_title="Head of Planning",
        appeal_deadline=casework.appeal_deadline_for(case),
        appeal_guidance=None,
    )


@get(
    APPLICATION + "/decision/notice.html",
    opt=READ,
    tags=TAGS,
    responses=ACTION_PROBLEMS,
    summary="The decision notice as HTML",
    media_type="text/html",
)
async def decision_notice_html(
    application: FromPath[str], db_session: TenantSession, current_tenant: CurrentTenant
) -> str:
    case = await load(db_session, application)
    return notice.render_decision_notice_html(await _notice(db_session, case, current_tenant))


@get(
    APPLICATION + "/decision/notice.pdf",
    opt=READ,
    tags=TAGS,
    responses=ACTION_PROBLEMS,
    summary="The decision notice as PDF",
    media_type="application/pdf",
)
async def decision_notice_pdf(
    application: FromPath[str], db_session: TenantSession, current_tenant: CurrentTenant
) -> Response[bytes]:
    case = await load(db_session, application)
    pdf = notice.render_decision_notice_pdf(await _notice(db_session, case, current_tenant))
    return pdf_response(pdf, case.reference + "-decision-notice")


@get(
    APPLICATION + "/odp",
    opt=READ,
    tags=TAGS,
    responses=ACTION_PROBLEMS,
    summary="The application in the ODP post-submission format (postSubmissionApplication.json)",
)
async def read_odp(
    application: FromPath[str],
    request: Request[Any, Any, Any],
    db_session: TenantSession,
    current_tenant: CurrentTenant,
) -> dict[str, Any]:
    case = await load(db_session, application, details=False)
    submission = await db_session.scalar(select(Submission).where(Submission.case_id == case.id))
    if submission is None:
        raise Problem(
            409,
            "Not an ODP submission",
            f"{case.reference} was entered by an officer, not submitted in the ODP format, so "
            "it has no ODP submission to publish",
        )
    base_url = str(request.base_url).rstrip("/") + request.url.path.removesuffix("/odp")
    view = await case_view(db_session, case, submission, current_tenant, base_url)
    return post_submission(view)


@get(
    APPLICATION + "/audit",
    opt=AUDIT_READ,
    tags=TAGS,
    responses={**LIST_PROBLEMS, 200: AUDIT_RESPONSE},
    summary="Every change to this application and its records, newest first",
)
async def read_case_audit(
    application: FromPath[str],
    db_session: TenantSession,
    page: PageParam = 1,
    per_page: PerPageParam = DEFAULT_PER_PAGE,
) -> Page[AuditOut]:
    case = await load(db_session, application, details=False)
    rows, total = await core_store.list_audit(
        db_session, page=page, per_page=per_page, case_id=case.id
    )
    return page_of([AuditOut.of(r) for r in rows], total, page, per_page)


ROUTES = [decision_notice_html, decision_notice_pdf, read_odp, read_case_audit]
