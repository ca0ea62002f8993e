"""Searches on the case core: the official search of the register (LLC1) and CON29 enquiries.

A search is a case (``register_case``) whose clock is the case type's 10 working day service
standard counted from the day after receipt, so the worklist shows it overdue by itself. The
search area is the case site's boundary (British National Grid).

- **LLC1** (Local Land Charges Act 1975, s.9; Local Land Charges Rules 2018, r.14-15): on issue
  the charges in force that the search area reveals are snapshotted into a
  :class:`SearchResult`, so the certificate always shows what was certified at its date.
  Refused once the register has moved to HM Land Registry.
- **CON29**: one :class:`EnquiryAnswer` per question asked; issuing needs every one answered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import LONDON
from services.core.cases.models import Case
from services.core.cases.store import CaseRuleError, NewCase, audit, transition
from services.core.cases.timing import register_case
from services.core.settings import CouncilSettings
from services.land_charges import con29, migration, register
from services.land_charges import geometry as geo
from services.land_charges import workflow as wf
from services.land_charges.charge_types import CHARGE_TYPES
from services.land_charges.models import EnquiryAnswer, LandCharge, SearchResult

SERVICE = "land_charges"


async def open_search(
    session: AsyncSession,
    new: NewCase,
    *,
    questions: tuple[str, ...],
    settings: CouncilSettings,
    actor: str,
) -> Case:
    """Register a search case; an LLC1 needs the register here and a search area, a CON29
    gets one answer row per question it asks."""
    if new.case_type == wf.OFFICIAL_SEARCH:
        await migration.require_local_register(
            session, pointer="/searchType", what=migration.LLC1_ELSEWHERE
        )
        if questions:
            raise CaseRuleError("/questions", "an official search (LLC1) asks no CON29 questions")
    try:
        asked = (
            con29.questions_for(new.case_type, questions) if new.case_type in wf.ENQUIRIES else ()
        )
    except KeyError as exc:
        raise CaseRuleError(
            f"/questions/{exc.args[0]}",
            "not a CON29 Part II (optional) question number; GET …/con29-questions lists them",
        ) from None
    if new.case_type == "con29o_enquiries" and not asked:
        raise CaseRuleError("/questions", "choose at least one optional (CON29O) question")
    case = await register_case(session, new, workflow=wf.WORKFLOW, settings=settings, actor=actor)
    for position, question in enumerate(asked):
        row = EnquiryAnswer(case_id=case.id, question=question.number, position=position)
        session.add(row)
    await session.flush()
    return case


async def answers_of(session: AsyncSession, case: Case) -> Sequence[EnquiryAnswer]:
    statement = (
        select(EnquiryAnswer)
        .where(EnquiryAnswer.case_id == case.id)
        .order_by(EnquiryAnswer.position)
    )
    return (await session.scalars(statement)).all()


async def answer(
    session: AsyncSession, case: Case, answers: Sequence[tuple[str, str]], *, actor: str
) -> None:
    """Record answers (question number, text); each must be a question this search asks."""
    wf.WORKFLOW.require(case.status, "answer")
    rows = {row.question: row for row in await answers_of(session, case)}
    for position, (number, _text) in enumerate(answers):
        if number not in rows:
            detail = (
                "not a question this search asks"
                if number in con29.QUESTIONS
                else "not a CON29 question number"
            )
            raise CaseRuleError(f"/answers/{position}/question", detail)
    now = dt.datetime.now(dt.UTC)
    for number, text in answers:
        row = rows[number]
        before = {"answer": row.answer}
        row.answer, row.answered_at, row.answered_by = text, now, actor
        await session.flush()
        audit(session, actor, "enquiry_answer.answered", row, before=before)


def _charge_entry(charge: LandCharge) -> dict[str, Any]:
    kind = CHARGE_TYPES[charge.charge_type]
    return {
        "id": str(charge.id),
        "chargeNumber": charge.charge_number,
        "chargeType": charge.charge_type,
        "chargeTypeName": kind.name,
        "subCategory": charge.sub_category,
        "statutoryProvision": charge.statutory_provision,
        "instrument": charge.instrument,
        "originatingAuthority": charge.originating_authority,
        "description": charge.description,
        "creationDate": charge.creation_date.isoformat() if charge.creation_date else None,
        "registrationDate": charge.registration_date.isoformat(),
        "expiryDate": charge.expiry_date.isoformat() if charge.expiry_date else None,
        "amountOriginallySecured": (
            str(charge.amount_originally_secured)
            if charge.amount_originally_secured is not None
            else None
        ),
        "rateOfInterest": charge.rate_of_interest,
        "land": charge.address_line or charge.geographic_description,
        "furtherInformationLocation": charge.further_information_location,
        "furtherInformationReference": charge.further_information_reference,
        "version": charge.version,
    }


async def issue(
    session: AsyncSession,
    case: Case,
    *,
    council_name: str,
    actor: str,
    at: dt.datetime | None = None,
) -> SearchResult:
    """Issue the search: snapshot its result, close the case as issued on today's date.
    ``case`` is loaded with its site and parties."""
    wf.WORKFLOW.apply(case.status, "issue")  # 409 before any work if it cannot be issued
    at = at or dt.datetime.now(dt.UTC)
    issued_on = at.astimezone(LONDON).date()
    applicant = next((p for p in case.parties if p.role == "applicant"), None)
    content: dict[str, Any] = {
        "councilName": council_name,
        "reference": case.reference,
        "caseType": case.case_type,
        "receivedDate": case.received_date.isoformat(),
        "property": (case.site.address_line if case.site else None),
        "uprn": (case.site.uprn if case.site else None),
        "applicant": applicant.name if applicant else None,
        "issuedOn": issued_on.isoformat(),
        "issuedAt": at.isoformat(),
    }
    if case.case_type == wf.OFFICIAL_SEARCH:
        await migration.require_local_register(
            session, pointer="/searchType", what=migration.LLC1_ELSEWHERE
        )
        boundary = case.site.boundary if case.site else None
        if boundary is None:
            raise CaseRuleError("/searchArea", "the search has no search area", status=409)
        charges = await register.revealed_by(session, geo.check(boundary), on=issued_on)
        content["charges"] = [_charge_entry(c) for c in charges]
        kind = "llc1"
    else:
        rows = await answers_of(session, case)
        unanswered = [r.question for r in rows if not r.answer]
        if unanswered:
            raise CaseRuleError(
                "/answers",
                f"{len(unanswered)} question(s) are unanswered: {', '.join(unanswered)}",
                status=409,
            )
        content["answers"] = [
            {
                "question": r.question,
                "title": con29.QUESTIONS[r.question].title,
                "summary": con29.QUESTIONS[r.question].summary,
                "answer": r.answer,
                "answeredBy": r.answered_by,
                "answeredAt": r.answered_at.isoformat() if r.answered_at else None,
            }
            for r in rows
        ]
        kind = "con29"
    result = SearchResult(
        case_id=case.id,
        kind=kind,
        issued_on=issued_on,
        issued_at=at,
        issued_by=actor,
        content=content,
    )
    session.add(result)
    await session.flush()
    audit(session, actor, "search_result.issued", result)
    await transition(
        session,
        case,
        wf.WORKFLOW,
        "issue",
        actor=actor,
        also={"decision": "issued", "decision_date": issued_on, "decided_by": actor},
    )
    return result


async def result_of(session: AsyncSession, case: Case) -> SearchResult | None:
    statement = select(SearchResult).where(SearchResult.case_id == case.id)
    return (await session.scalars(statement)).first()


__all__ = ["SERVICE", "answer", "answers_of", "issue", "open_search", "result_of"]
