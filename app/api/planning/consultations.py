"""Consultation and publicity on a planning application: statutory consultees, neighbour
letters, site and newspaper notices (and the longer EIA publicity), and consultees' replies.

Each step's last day is counted by :func:`services.core.deadlines.consultation_end` (the sent
date is day 1: 21 days for a site notice, neighbour letter or consultee, 14 for a newspaper
notice, 30 for EIA publicity). Recording one widens the case's consultation period (earliest
sent date to latest last day), which the decision may not precede (DMPO 2015 art. 33).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.planning.deps import APPLICATION, TAGS, invalid, load
from app.api.planning.schemas import Out, RecordedBy, Struct, Text, example
from app.api.problem_docs import READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import TenantSession
from services.core.cases.models import Case
from services.core.cases.records import Consultation
from services.core.cases.store import (
    CaseRuleError,
    audit,
    lock_case,
    snapshot,
    update_case,
)
from services.core.deadlines import ConsultationKind, consultation_end
from services.planning import store
from services.planning import workflow as wf

READ = requires("planning", "consultations", "read")
WRITE = requires("planning", "consultations", "write")

Kind = Literal[
    "site_notice", "neighbour_letter", "consultee", "newspaper_notice", "eia_development"
]
Position = Literal["no_objection", "objection", "comment", "amendments_needed"]
Email = Annotated[str, msgspec.Meta(pattern=r"^[^@\s]+@[^@\s]+$", max_length=320)]
Line = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]

Consultee = Annotated[Line, example("Conservation Officer")]
Organisation = Annotated[Line, example("Southwark Council Design and Conservation")]
ConsulteeEmail = Annotated[Email, example("planning.consultations@example.gov.uk")]
ConsultationReason = Annotated[Text, example("Site is in the Dulwich Wood conservation area")]
SentDate = Annotated[dt.date, example("2026-03-05")]
ConsulteeReply = Annotated[
    Text, example("No objection subject to a condition requiring samples of materials.")
]
RespondedAt = Annotated[dt.datetime, example("2026-03-19T16:20:00Z")]

#: What a notice is called when no consultee is named (publicity has no addressee).
NOTICE_LABELS = {
    "site_notice": "Site notice",
    "newspaper_notice": "Newspaper notice",
    "eia_development": "EIA publicity",
}


class AddressIn(Struct):
    """A postal address under ODP's Address keys (``line1``, ``town`` and ``postcode`` are what
    the ODP export needs to list a consultee or a comment's author)."""

    line1: Annotated[Line, example("14 Acacia Avenue")]
    line2: Annotated[Line, example("East Dulwich")] | None = None
    town: Annotated[Line, example("London")] | None = None
    county: Annotated[Line, example("Greater London")] | None = None
    postcode: (
        Annotated[str, msgspec.Meta(min_length=5, max_length=10, examples=["SE22 8HT"])] | None
    ) = None
    country: Annotated[Line, example("United Kingdom")] | None = None


def address_dict(address: AddressIn | None) -> dict[str, Any] | None:
    """The address as stored: ODP keys, empty parts left out."""
    if address is None:
        return None
    return {k: v for k, v in msgspec.structs.asdict(address).items() if v is not None}


class ConsultationIn(Struct):
    """``sentDate`` is when the notice went up, the letter was served or the consultee received
    the request (today if left out); the period begins with that day."""

    kind: Annotated[Kind, example("consultee")]
    consultee: Consultee | None = None
    organisation: Organisation | None = None
    email: ConsulteeEmail | None = None
    address: AddressIn | None = None
    reason: ConsultationReason | None = None
    sent_date: SentDate | None = None


class ConsultationResponseIn(Struct):
    position: Annotated[Position, example("no_objection")]
    response: ConsulteeReply
    responded_at: RespondedAt | None = None


class ConsultationOut(Out):
    id: Annotated[UUID, example("0195f4b8-2c6d-7e0f-91a2-b3c4d5e6f786")]
    kind: Annotated[str, example("consultee")]
    consultee: Consultee
    organisation: Organisation | None
    email: Annotated[str, example("planning.consultations@example.gov.uk")] | None
    address: (
        Annotated[
            dict[str, Any],
            example({"line1": "14 Acacia Avenue", "town": "London", "postcode": "SE22 8HT"}),
        ]
        | None
    )
    reason: ConsultationReason | None
    sent_date: SentDate
    due_date: Annotated[dt.date, example("2026-03-25")]
    #: ``awaiting`` a reply, ``responded``, or ``expired`` (the period ended with no reply).
    status: Annotated[str, example("responded")]
    position: Annotated[str, example("no_objection")] | None
    response: ConsulteeReply | None
    responded_at: RespondedAt | None
    created_by: RecordedBy


def consultation_out(row: Consultation, today: dt.date) -> ConsultationOut:
    if row.responded_at is not None:
        status = "responded"
    else:
        status = "expired" if today > row.due_date else "awaiting"
    return ConsultationOut(
        id=row.id,
        kind=row.kind,
        consultee=row.consultee,
        organisation=row.organisation,
        email=row.email,
        address=row.address,
        reason=row.reason,
        sent_date=row.sent_date,
        due_date=row.due_date,
        status=status,
        position=row.position,
        response=row.response,
        responded_at=row.responded_at,
        created_by=row.created_by,
    )


async def widen_period(session: AsyncSession, case: Case, row: Consultation, actor: str) -> None:
    """Stretch the case's consultation period to cover ``row``: it starts with the earliest
    sent date and ends with the latest last day of any step."""
    start, end = case.consultation_start_date, case.consultation_end_date
    await update_case(
        session,
        case,
        {
            "consultation_start_date": min(start, row.sent_date) if start else row.sent_date,
            "consultation_end_date": max(end, row.due_date) if end else row.due_date,
        },
        actor=actor,
        action="case.consultation_period",
    )


@get(
    APPLICATION + "/consultations",
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="Consultations and publicity, in the order they were sent",
)
async def list_consultations(
    application: FromPath[str], db_session: TenantSession
) -> list[ConsultationOut]:
    case = await load(db_session, application, details=False)
    rows = await db_session.scalars(
        select(Consultation)
        .where(Consultation.case_id == case.id)
        .order_by(Consultation.sent_date, Consultation.id)
    )
    today = store.today()
    return [consultation_out(row, today) for row in rows]


@post(
    APPLICATION + "/consultations",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Consult, notify a neighbour or put up a notice (the period is counted for you)",
    status_code=HTTP_201_CREATED,
)
async def create_consultation(
    application: FromPath[str],
    data: JSONBody[ConsultationIn],
    db_session: TenantSession,
    actor: Actor,
) -> ConsultationOut:
    case = await lock_case(db_session, await load(db_session, application, details=False))
    wf.WORKFLOW.require(case.status, "consult")
    consultee = data.consultee or NOTICE_LABELS.get(data.kind)
    if consultee is None:
        raise invalid("/consultee", f"name who receives the {data.kind.replace('_', ' ')}")
    sent = data.sent_date or store.today()
    if sent < case.received_date:
        raise invalid(
            "/sentDate",
            f"cannot precede the application's receipt on {case.received_date:%d %B %Y}",
        )
    row = Consultation(
        case_id=case.id,
        kind=data.kind,
        consultee=consultee,
        organisation=data.organisation,
        email=data.email,
        address=address_dict(data.address),
        reason=data.reason,
        sent_date=sent,
        due_date=consultation_end(ConsultationKind(data.kind), sent),
        created_by=actor,
    )
    db_session.add(row)
    await db_session.flush()
    audit(db_session, actor, "consultation.created", row)
    await widen_period(db_session, case, row, actor)
    await db_session.commit()
    return consultation_out(row, store.today())


@post(
    APPLICATION + "/consultations/{consultation_id:uuid}/response",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record a consultee's reply and its position",
    status_code=200,
)
async def respond_to_consultation(
    application: FromPath[str],
    consultation_id: FromPath[UUID],
    data: JSONBody[ConsultationResponseIn],
    db_session: TenantSession,
    actor: Actor,
) -> ConsultationOut:
    case = await load(db_session, application, details=False)
    row = await db_session.get(Consultation, consultation_id)
    if row is None or row.case_id != case.id:
        raise Problem(404, "Not found", "This application has no such consultation")
    wf.WORKFLOW.require(case.status, "consult")
    if row.kind != ConsultationKind.CONSULTEE:
        raise CaseRuleError(
            "",
            "only a consultee replies with a position; representations made in response to "
            "a notice or neighbour letter are recorded as comments",
            status=409,
        )
    if row.responded_at is not None:
        raise CaseRuleError(
            "", f"the consultee already replied on {row.responded_at:%d %B %Y}", status=409
        )
    now = dt.datetime.now(dt.UTC)
    responded_at = data.responded_at or now
    if responded_at.tzinfo is None:
        raise invalid("/respondedAt", "give a time zone (e.g. Z or +01:00)")
    if responded_at > now:
        raise invalid("/respondedAt", "a reply cannot arrive in the future")
    if store.local_date(responded_at) < row.sent_date:
        raise invalid("/respondedAt", "a reply cannot precede the consultation")
    before = snapshot(row)
    row.position = data.position
    row.response = data.response
    row.responded_at = responded_at
    await db_session.flush()
    audit(db_session, actor, "consultation.responded", row, before=before)
    await db_session.commit()
    return consultation_out(row, store.today())


ROUTES = [list_consultations, create_consultation, respond_to_consultation]
__all__ = ["ROUTES", "AddressIn", "address_dict"]
