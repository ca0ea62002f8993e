"""Wire shapes for searches (LLC1 official searches and CON29 enquiries). The examples tell one
story: official search 26/00031/LLC1 of 12 Mill Lane, Ashcombe, received Thursday 24 December
2026, due by Tuesday 12 January 2027 (10 working days; 25 and 28 December and 1 January are
bank holidays)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from app.api.casework.shapes import Out, PartyIn, PartyOut, RecordedBy, Struct, Text, Uprn
from app.api.land_charges.charge_schemas import AddressLine, Geometry, Postcode
from app.api.openapi_examples import example

SearchType = Literal["llc1_official_search", "con29r_enquiries", "con29o_enquiries"]
QuestionNumber = Annotated[str, msgspec.Meta(min_length=1, max_length=12, examples=["3.9"])]
AnswerText = Annotated[Text, example("No enforcement notices have been served on the property.")]


class PropertyIn(Struct):
    address_line: AddressLine
    uprn: Uprn | None = None
    postcode: Postcode | None = None


class SearchIn(Struct):
    """A search request. An official search (LLC1) needs ``searchArea``; CON29 enquiries need
    ``property``. ``questions`` are the optional (CON29O) question numbers chosen."""

    search_type: Annotated[SearchType, example("llc1_official_search")]
    applicant: PartyIn
    received_date: Annotated[dt.date, example("2026-12-24")] | None = None
    search_area: Geometry | None = None
    property: PropertyIn | None = None
    questions: Annotated[list[QuestionNumber], example(["5", "22"])] = msgspec.field(
        default_factory=list
    )
    fee: Annotated[Decimal, example("25.00")] | None = None
    fee_paid_date: Annotated[dt.date, example("2026-12-24")] | None = None


class AnswerIn(Struct):
    question: QuestionNumber
    answer: AnswerText


class AnswersIn(Struct):
    answers: Annotated[
        list[AnswerIn],
        msgspec.Meta(
            min_length=1,
            examples=[[{"question": "3.9", "answer": "No enforcement notices have been served."}]],
        ),
    ]


class AnswerOut(Out):
    question: QuestionNumber
    title: Annotated[
        str, example("Notices, orders, directions and proceedings under planning acts")
    ]
    summary: Annotated[str, example("Enforcement")]
    part: Annotated[str, example("CON29R")]
    answer: AnswerText | None
    answered_at: Annotated[dt.datetime, example("2027-01-05T11:02:00Z")] | None
    answered_by: RecordedBy | None


class PropertyOut(Out):
    address_line: Annotated[str, example("12 Mill Lane, Ashcombe")] | None
    uprn: Annotated[str, example("100012345678")] | None
    postcode: Annotated[str, example("AS1 2BC")] | None


class SearchOut(Out):
    id: Annotated[UUID, example("0195f3c2-7a41-7c1e-9b3d-5f2a8e6d4c41")]
    reference: Annotated[str, example("26/00031/LLC1")]
    search_type: Annotated[str, example("llc1_official_search")]
    search_type_name: Annotated[str, example("Official search of the register (LLC1)")]
    status: Annotated[str, example("received")]
    allowed_actions: Annotated[list[str], example(["issue", "withdraw"])]
    received_date: Annotated[dt.date, example("2026-12-24")]
    target_date: Annotated[dt.date, example("2027-01-12")] | None
    days_to_target: Annotated[int, example(19)] | None
    overdue: Annotated[bool, example(False)]
    issued_on: Annotated[dt.date, example("2027-01-08")] | None
    property: PropertyOut | None
    search_area: Geometry | None
    applicant: PartyOut | None
    fee: Annotated[Decimal, example("25.00")] | None
    questions: list[AnswerOut]
    unanswered: Annotated[int, example(0)]
    version: Annotated[int, example(1)]
    created_at: Annotated[dt.datetime, example("2026-12-24T10:15:00Z")]


class QuestionOut(Out):
    number: QuestionNumber
    title: Annotated[
        str, example("Notices, orders, directions and proceedings under planning acts")
    ]
    summary: Annotated[str, example("Enforcement")]
    part: Annotated[str, example("CON29R")]


__all__ = [
    "AnswerIn",
    "AnswerOut",
    "AnswersIn",
    "PropertyIn",
    "PropertyOut",
    "QuestionOut",
    "SearchIn",
    "SearchOut",
]
