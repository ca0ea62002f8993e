"""Consultation and publicity on a planning application: statutory consultees, neighbour
letters, site and newspaper notices (and the longer EIA publicity), and consultees' replies.

The rules are the case core's (:mod:`services.core.cases.consultations` with its
``DMPO_RULES``): each step's last day is counted by
:func:`services.core.deadlines.consultation_end` (the sent date is day 1: 21 days for a site
notice, neighbour letter or consultee, 14 for a newspaper notice, 30 for EIA publicity), and
recording one widens the case's consultation period (earliest sent date to latest last day),
which the decision may not precede (DMPO 2015 art. 33). These routes parse, call and shape.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from app.api.openapi_examples import example
from app.api.planning.deps import APPLICATION, TAGS, load, on_application
from app.api.planning.schemas import AddressIn, Line, Out, RecordedBy, Struct, Text, address_dict
from app.api.problem_docs import READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.tenant_context import TenantSession
from services.core.cases import consultations
from services.core.cases.records import Consultation
from services.planning import store
from services.planning import workflow as wf

READ = requires("planning", "consultations", "read")
WRITE = requires("planning", "consultations", "write")

Kind = Literal[
    "site_notice", "neighbour_letter", "consultee", "newspaper_notice", "eia_development"
]
Position = Literal["no_objection", "objection", "comment", "amendments_needed"]
Email = Annotated[str, msgspec.Meta(pattern=r"^[^@\s]+@[^@\s]+$", max_length=320)]

Consultee = Annotated[Line, example("Conservation Officer")]
Organisation = Annotated[Line, example("Southwark Council Design and Conservation")]
ConsulteeEmail = Annotated[Email, example("planning.consultations@example.gov.uk")]
ConsultationReason = Annotated[Text, example("Site is in the Dulwich Wood conservation area")]
SentDate = Annotated[dt.date, example("2026-03-05")]
ConsulteeReply = Annotated[
    Text, example("No objection subject to a condition requiring samples of materials.")
]
RespondedAt = Annotated[dt.datetime, example("2026-03-19T16:20:00Z")]


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
        status=consultations.consultation_status(row, today),
        position=row.position,
        response=row.response,
        responded_at=row.responded_at,
        created_by=row.created_by,
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
    rows = await consultations.list_consultations(db_session, case)
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
    case = await load(db_session, application, details=False)
    new = consultations.NewConsultation(
        kind=data.kind,
        consultee=data.consultee,
        organisation=data.organisation,
        email=data.email,
        address=address_dict(data.address),
        reason=data.reason,
        sent_date=data.sent_date,
    )
    row = await consultations.consult(
        db_session, case, new, workflow=wf.WORKFLOW, rules=consultations.DMPO_RULES, actor=actor
    )
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
    row = await on_application(db_session, case, Consultation, consultation_id)
    reply = consultations.Reply(data.position, data.response, data.responded_at)
    await consultations.record_reply(
        db_session,
        case,
        row,
        reply,
        workflow=wf.WORKFLOW,
        rules=consultations.DMPO_RULES,
        actor=actor,
    )
    await db_session.commit()
    return consultation_out(row, store.today())


ROUTES = [list_consultations, create_consultation, respond_to_consultation]
__all__ = ["ROUTES"]
