"""The issued result of a search as a document: the official search certificate (LLC1) or the
CON29 replies, as HTML and as PDF, printed from the result frozen at issue."""

from __future__ import annotations

from litestar import Response, get
from litestar.params import FromPath

from app.api.casework.requests import pdf_response
from app.api.land_charges.deps import SEARCH, TAGS, load_search
from app.api.problem_docs import ACTION_PROBLEMS
from app.guards import requires
from app.problems import Problem
from app.tenant_context import TenantSession
from services.land_charges import certificate, searches
from services.land_charges.models import SearchResult

READ = requires("land_charges", "searches", "read")


async def _result(db_session: TenantSession, search: str) -> SearchResult:
    case = await load_search(db_session, search, details=False)
    result = await searches.result_of(db_session, case)
    if result is None:
        raise Problem(
            409,
            "Not issued",
            f"{case.reference} has not been issued yet, so it has no certificate or replies",
        )
    return result


@get(
    SEARCH + "/certificate.html",
    opt=READ,
    tags=TAGS,
    responses=ACTION_PROBLEMS,
    summary="The official search certificate or CON29 replies as HTML",
    media_type="text/html",
)
async def certificate_html(search: FromPath[str], db_session: TenantSession) -> str:
    return certificate.render_result_html(await _result(db_session, search))


@get(
    SEARCH + "/certificate.pdf",
    opt=READ,
    tags=TAGS,
    responses=ACTION_PROBLEMS,
    summary="The official search certificate or CON29 replies as PDF",
    media_type="application/pdf",
)
async def certificate_pdf(search: FromPath[str], db_session: TenantSession) -> Response[bytes]:
    result = await _result(db_session, search)
    return pdf_response(
        certificate.render_result_pdf(result), result.content["reference"] + f"-{result.kind}"
    )


ROUTES = [certificate_html, certificate_pdf]
__all__ = ["ROUTES"]
