"""A full plans decision's notice (approval, conditional approval or rejection under s.16) as
HTML and PDF, built from the decision and the conditions or defects recorded with it."""

from __future__ import annotations

from litestar import Response, get
from litestar.params import FromPath
from sqlalchemy import select

from app.api.building_control.deps import APPLICATION, TAGS, council_name, settings_of, settled
from app.api.casework.requests import pdf_response
from app.api.problem_docs import ACTION_PROBLEMS
from app.guards import requires
from app.problems import Problem
from app.tenant_context import CurrentTenant, TenantSession
from services.building_control import decision_notice, store
from services.building_control import workflow as wf
from services.core.cases.outcomes import Condition
from services.registry import registry

READ = requires("building_control", "applications", "read")


async def _notice(
    db_session: TenantSession, application: str, tenant: CurrentTenant
) -> decision_notice.DecisionNotice:
    case = await settled(db_session, application, wf.APPLICATION_TYPES, "application")
    if case.decision not in decision_notice.HEADINGS or case.decision_date is None:
        raise Problem(
            409, "Not decided", f"{case.reference} has no decision on plans yet, so no notice"
        )
    rows = (
        await db_session.scalars(
            select(Condition).where(Condition.case_id == case.id).order_by(Condition.position)
        )
    ).all()
    applicant = next((p for p in case.parties if p.role == "applicant"), None)
    settings = await settings_of(db_session)
    return decision_notice.DecisionNotice(
        council_name=await council_name(tenant),
        reference=case.reference,
        case_type_name=registry.get(store.SERVICE).case_type(case.case_type).name,
        site_address=(case.site.address_line if case.site else None) or "",
        description=case.description,
        applicant_name=applicant.name if applicant else "",
        deposited_date=case.received_date,
        outcome=case.decision,
        decision_date=case.decision_date,
        conditions=tuple(
            decision_notice.NoticeCondition(r.position, r.text, r.reason)
            for r in rows
            if r.kind == "condition"
        ),
        defects=tuple(r.text for r in rows if r.kind == "refusal_reason"),
        lapse_date=store.lapse_date_of(case) if case.decision != "rejected" else None,
        signatory=settings.decision_notice_signatory or case.decided_by or "",
    )


@get(
    APPLICATION + "/decision/notice.html",
    opt=READ,
    tags=TAGS,
    responses=ACTION_PROBLEMS,
    summary="The notice of the decision on plans as HTML",
    media_type="text/html",
)
async def decision_notice_html(
    application: FromPath[str], db_session: TenantSession, current_tenant: CurrentTenant
) -> str:
    notice = await _notice(db_session, application, current_tenant)
    return decision_notice.render_notice_html(notice)


@get(
    APPLICATION + "/decision/notice.pdf",
    opt=READ,
    tags=TAGS,
    responses=ACTION_PROBLEMS,
    summary="The notice of the decision on plans as PDF",
    media_type="application/pdf",
)
async def decision_notice_pdf(
    application: FromPath[str], db_session: TenantSession, current_tenant: CurrentTenant
) -> Response[bytes]:
    notice = await _notice(db_session, application, current_tenant)
    return pdf_response(decision_notice.render_notice_pdf(notice), notice.reference + "-decision")


ROUTES = [decision_notice_html, decision_notice_pdf]
