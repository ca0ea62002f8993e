"""Searches: request an official search (LLC1) or CON29 enquiries, read and list them, answer
CON29 questions, issue the result, and read the certificate or replies as HTML or PDF.

An official search is refused (409, pointing at HM Land Registry's service) once the council's
register has moved to HM Land Registry; CON29 enquiries carry on."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED

from app.api.casework.shapes import party_out
from app.api.land_charges.deps import (
    PREFIX,
    SEARCH,
    SEARCHES,
    TAGS,
    council_name,
    load_search,
    migrated_problem,
)
from app.api.land_charges.search_schemas import (
    AnswerOut,
    AnswersIn,
    PropertyOut,
    QuestionOut,
    SearchIn,
    SearchOut,
)
from app.api.openapi_examples import example_of, page_example, response_with_examples
from app.api.pagination import DEFAULT_PER_PAGE, Page, PageParam, PerPageParam, page_of
from app.api.problem_docs import ACTION_PROBLEMS, LIST_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.tenant_context import CurrentTenant, TenantSession
from services.core.calendar import london_today
from services.core.cases.models import Case
from services.core.cases.queries import CaseFilter, count_cases, filter_groups, list_cases
from services.core.cases.store import CaseRuleError, NewCase
from services.core.store import read_settings
from services.land_charges import con29, searches
from services.land_charges import geometry as geo
from services.land_charges import workflow as wf
from services.land_charges.migration import RegisterMigrated
from services.land_charges.models import EnquiryAnswer
from services.registry import registry

READ = requires("land_charges", "searches", "read")
WRITE = requires("land_charges", "searches", "write")
DECIDE = requires("land_charges", "searches", "decide")


def _answer_out(row: EnquiryAnswer) -> AnswerOut:
    question = con29.QUESTIONS[row.question]
    return AnswerOut(
        question=row.question,
        title=question.title,
        summary=question.summary,
        part="CON29O" if question.optional else "CON29R",
        answer=row.answer,
        answered_at=row.answered_at,
        answered_by=row.answered_by,
    )


def search_out(case: Case, answers: list[EnquiryAnswer]) -> SearchOut:
    today = london_today()
    open_ = case.status == wf.RECEIVED
    site = case.site
    applicant = next((p for p in case.parties if p.role == "applicant"), None)
    return SearchOut(
        id=case.id,
        reference=case.reference,
        search_type=case.case_type,
        search_type_name=registry.get(searches.SERVICE).case_type(case.case_type).name,
        status=case.status,
        allowed_actions=list(wf.WORKFLOW.available(case.status)),
        received_date=case.received_date,
        target_date=case.target_date,
        days_to_target=(case.target_date - today).days if case.target_date and open_ else None,
        overdue=bool(open_ and case.target_date and case.target_date < today),
        issued_on=case.decision_date,
        property=(
            PropertyOut(address_line=site.address_line, uprn=site.uprn, postcode=site.postcode)
            if site and site.address_line
            else None
        ),
        search_area=site.boundary if site else None,
        applicant=party_out(applicant),
        fee=case.fee_payable,
        questions=[_answer_out(a) for a in answers],
        unanswered=sum(1 for a in answers if not a.answer),
        version=case.version,
        created_at=case.created_at,
    )


async def respond(
    db_session: Any, key: str, status: int = 200, **headers: str
) -> Response[SearchOut]:
    case = await load_search(db_session, key)
    answers = list(await searches.answers_of(db_session, case))
    return Response(search_out(case, answers), status_code=status, headers=headers)


def _new_case(data: SearchIn) -> NewCase:
    site: dict[str, Any] = {}
    if data.search_type == wf.OFFICIAL_SEARCH and data.search_area is None:
        raise CaseRuleError("/searchArea", "an official search needs the area to search")
    if data.search_type in wf.ENQUIRIES and data.property is None:
        raise CaseRuleError("/property", "CON29 enquiries are made about a property")
    if data.search_area is not None:
        try:
            area = geo.check(data.search_area)
        except geo.GeometryError as exc:
            raise CaseRuleError("/searchArea" + exc.pointer, exc.detail) from None
        centre = area.shape.centroid
        site.update(boundary=area.geojson, easting=centre.x, northing=centre.y)
    if data.property is not None:
        site.update(
            address_line=data.property.address_line,
            uprn=data.property.uprn,
            postcode=data.property.postcode,
        )
    received = data.received_date or london_today()
    if data.fee_paid_date is not None and data.fee_paid_date < received:
        raise CaseRuleError("/feePaidDate", "the fee cannot be paid before the search arrived")
    applicant = data.applicant
    return NewCase(
        service=searches.SERVICE,
        case_type=data.search_type,
        received_date=received,
        fee_paid_date=data.fee_paid_date,
        fee_payable=data.fee,
        description=registry.get(searches.SERVICE).case_type(data.search_type).name,
        site=site,
        parties=[
            {
                "role": "applicant",
                "name": applicant.name,
                "organisation": applicant.organisation,
                "email": applicant.email,
                "phone": applicant.phone,
                "address": applicant.address,
            }
        ],
    )


@post(
    SEARCHES,
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Request an official search (LLC1) or CON29 enquiries",
    description=(
        "The target date is the 10 working day service standard, counted from the day after "
        "receipt (England and Wales bank holidays excluded). Once the register has moved to "
        "HM Land Registry an official search is refused with 409 pointing at `/searchType` and "
        "HM Land Registry's Search Local Land Charges service; CON29 enquiries carry on."
    ),
    status_code=HTTP_201_CREATED,
)
async def create_search(
    data: JSONBody[SearchIn],
    request: Request[Any, Any, Any],
    db_session: TenantSession,
    actor: Actor,
) -> Response[SearchOut]:
    settings = await read_settings(db_session)
    try:
        case = await searches.open_search(
            db_session,
            _new_case(data),
            questions=tuple(data.questions),
            settings=settings,
            actor=actor,
        )
    except RegisterMigrated as exc:
        raise migrated_problem(exc) from None
    await db_session.commit()
    location = f"{request.url.path}/{case.id}"
    return await respond(db_session, str(case.id), HTTP_201_CREATED, Location=location)


SEARCH_EXAMPLE = example_of(SearchOut)


@get(
    SEARCHES,
    opt=READ,
    tags=TAGS,
    responses={
        200: response_with_examples(
            Page[SearchOut], "Searches", first_page=page_example(SEARCH_EXAMPLE, 1)
        ),
        **LIST_PROBLEMS,
    },
    summary="List searches, newest first (filter by searchType and status)",
)
async def list_searches(
    db_session: TenantSession,
    search_type: Annotated[list[str] | None, QueryParameter(name="searchType")] = None,
    status: Annotated[list[str] | None, QueryParameter(name="status")] = None,
    page: PageParam = 1,
    per_page: PerPageParam = DEFAULT_PER_PAGE,
) -> Page[SearchOut]:
    where = CaseFilter(
        services=(searches.SERVICE,),
        case_types=(wf.SEARCH_TYPES, *filter_groups(search_type)),
        statuses=filter_groups(status),
    )
    total = await count_cases(db_session, where)
    rows = await list_cases(db_session, where, limit=per_page, offset=(page - 1) * per_page)
    items = [search_out(c, list(await searches.answers_of(db_session, c))) for c in rows]
    return page_of(items, total, page, per_page)


@get(SEARCH, opt=READ, tags=TAGS, responses=READ_PROBLEMS, summary="One search, by id or reference")
async def read_search(search: FromPath[str], db_session: TenantSession) -> Response[SearchOut]:
    return await respond(db_session, search)


@post(
    SEARCH + "/answers",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Answer CON29 questions the search asks (422 for a question it does not ask)",
    status_code=200,
)
async def answer_questions(
    search: FromPath[str], data: JSONBody[AnswersIn], db_session: TenantSession, actor: Actor
) -> Response[SearchOut]:
    case = await load_search(db_session, search)
    pairs = [(a.question, a.answer) for a in data.answers]
    await searches.answer(db_session, case, pairs, actor=actor)
    await db_session.commit()
    return await respond(db_session, str(case.id))


@post(
    SEARCH + "/issue",
    opt=DECIDE,
    tags=TAGS,
    responses=ACTION_PROBLEMS,
    summary="Issue the official search certificate or the CON29 replies",
    description=(
        "An official search certifies the charges in force whose extent meets the search area "
        "now; the result is frozen, so later registrations never change it. CON29 replies "
        "need every question answered (409 otherwise)."
    ),
    status_code=200,
)
async def issue_search(
    search: FromPath[str], db_session: TenantSession, actor: Actor, current_tenant: CurrentTenant
) -> Response[SearchOut]:
    case = await load_search(db_session, search)
    try:
        await searches.issue(
            db_session, case, council_name=await council_name(current_tenant), actor=actor
        )
    except RegisterMigrated as exc:
        raise migrated_problem(exc) from None
    await db_session.commit()
    return await respond(db_session, str(case.id))


@get(
    PREFIX + "/con29-questions",
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="The CON29 (2016) questions: Part I (CON29R) and the optional Part II (CON29O)",
)
async def con29_questions() -> list[QuestionOut]:
    return [
        QuestionOut(
            number=q.number,
            title=q.title,
            summary=q.summary,
            part="CON29O" if q.optional else "CON29R",
        )
        for q in con29.QUESTIONS.values()
    ]


ROUTES = [
    create_search,
    list_searches,
    read_search,
    answer_questions,
    issue_search,
    con29_questions,
]
__all__ = ["ROUTES", "search_out"]
