"""Public comments (representations) on a planning application: record them, redact personal
or offensive content, and publish them.

A comment is in support, objecting or neutral, about any of ODP's topics. What the public sees
once it is published is the redacted text if an officer redacted it, else the text as received.
The list is the ODP ``{data, pagination}`` envelope plus a ``summary`` of every comment on the
application by sentiment (whatever the filter), as the ODP post-submission summary counts them.
The rules are the case core's (:mod:`services.core.cases.comments`); these routes parse, call
the core and shape the response.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import get, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.openapi_examples import example, example_of, page_example, response_with_examples
from app.api.pagination import DEFAULT_PER_PAGE, PageParam, Pagination, PerPageParam, page_of
from app.api.planning.deps import APPLICATION, TAGS, load, on_application
from app.api.planning.schemas import AddressIn, Out, RecordedBy, Struct, Text, address_dict
from app.api.problem_docs import LIST_PROBLEMS, READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.tenant_context import TenantSession
from services.core.cases import comments
from services.core.cases.records import Comment
from services.planning import workflow as wf

READ = requires("planning", "comments", "read")
WRITE = requires("planning", "comments", "write")

Sentiment = Literal["support", "object", "neutral"]
#: ODP's public comment topics (``PublicCommentTopic``).
Topic = Literal["design", "use", "light", "privacy", "access", "noise", "traffic", "other"]


CommentText = Annotated[
    Text,
    example(
        "The dormer would overlook our garden at 14 Acacia Avenue. My neighbour, "
        "Mr J. Smith, agrees."
    ),
]
RedactedText = Annotated[
    Text,
    example("The dormer would overlook our garden at [address redacted]. [Redacted] agrees."),
]
AuthorName = Annotated[str, msgspec.Meta(min_length=1, max_length=300, examples=["Grace Hopper"])]
ReceivedAt = Annotated[dt.datetime, example("2026-03-12T08:47:00Z")]


class CommentIn(Struct):
    """``receivedAt`` defaults to now; a comment sent by post carries the day it arrived."""

    sentiment: Annotated[Sentiment, example("object")]
    text: CommentText
    topics: Annotated[list[Topic], msgspec.Meta(max_length=8, examples=[["privacy", "light"]])] = (
        msgspec.field(default_factory=list)
    )
    author_name: AuthorName | None = None
    author_address: AddressIn | None = None
    received_at: ReceivedAt | None = None


class RedactionIn(Struct):
    redacted_text: RedactedText


class CommentOut(Out):
    id: Annotated[UUID, example("0195fd12-8e4a-7b3c-a2d1-6f5e4d3c2b64")]
    sentiment: Annotated[str, example("object")]
    text: CommentText
    redacted: Annotated[bool, example(True)]
    redacted_text: RedactedText | None
    #: What is (or will be) published: the redacted text if there is one.
    public_text: RedactedText
    topics: Annotated[list[str], example(["privacy", "light"])]
    author_name: AuthorName | None
    author_address: (
        Annotated[
            dict[str, Any],
            example({"line1": "14 Acacia Avenue", "town": "London", "postcode": "SE22 8HT"}),
        ]
        | None
    )
    received_at: ReceivedAt
    published_at: Annotated[dt.datetime, example("2026-03-13T10:05:00Z")] | None
    created_by: RecordedBy


class CommentSummary(Out):
    total_comments: Annotated[int, example(7)]
    support: Annotated[int, example(2)]
    object: Annotated[int, example(4)]
    neutral: Annotated[int, example(1)]


class CommentPage(Out):
    data: list[CommentOut]
    pagination: Pagination
    summary: CommentSummary


PAGE_RESPONSE = response_with_examples(
    CommentPage,
    "A page of comments, and how many of all the application's comments take each side",
    comments={
        **page_example(example_of(CommentOut), 7),
        "summary": example_of(CommentSummary),
    },
)


def comment_out(row: Comment) -> CommentOut:
    return CommentOut(
        id=row.id,
        sentiment=row.sentiment,
        text=row.text,
        redacted=row.redacted,
        redacted_text=row.redacted_text,
        public_text=comments.public_text(row),
        topics=list(row.topics or ()),
        author_name=row.author_name,
        author_address=row.author_address,
        received_at=row.received_at,
        published_at=row.published_at,
        created_by=row.created_by,
    )


@get(
    APPLICATION + "/comments",
    opt=READ,
    tags=TAGS,
    responses={**LIST_PROBLEMS, 200: PAGE_RESPONSE},
    summary="Public comments, oldest first, with a summary by sentiment",
)
async def list_comments(
    application: FromPath[str],
    db_session: TenantSession,
    sentiment: Annotated[
        Sentiment | None, QueryParameter(description="Only comments with this sentiment")
    ] = None,
    page: PageParam = 1,
    per_page: PerPageParam = DEFAULT_PER_PAGE,
) -> CommentPage:
    case = await load(db_session, application, details=False)
    counts = await comments.sentiment_counts(db_session, case)
    rows = await comments.list_comments(
        db_session, case, sentiment=sentiment, limit=per_page, offset=(page - 1) * per_page
    )
    total = counts.get(sentiment, 0) if sentiment else sum(counts.values())
    envelope = page_of([comment_out(r) for r in rows], total, page, per_page)
    return CommentPage(
        data=envelope.data,
        pagination=envelope.pagination,
        summary=CommentSummary(
            total_comments=sum(counts.values()),
            support=counts.get("support", 0),
            object=counts.get("object", 0),
            neutral=counts.get("neutral", 0),
        ),
    )


@post(
    APPLICATION + "/comments",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Record a public comment (representation)",
    status_code=HTTP_201_CREATED,
)
async def create_comment(
    application: FromPath[str],
    data: JSONBody[CommentIn],
    db_session: TenantSession,
    actor: Actor,
) -> CommentOut:
    case = await load(db_session, application, details=False)
    new = comments.NewComment(
        sentiment=data.sentiment,
        text=data.text,
        topics=data.topics,
        author_name=data.author_name,
        author_address=address_dict(data.author_address),
        received_at=data.received_at,
    )
    row = await comments.record_comment(db_session, case, new, workflow=wf.WORKFLOW, actor=actor)
    await db_session.commit()
    return comment_out(row)


async def _comment(db_session: AsyncSession, application: str, comment_id: UUID) -> Comment:
    case = await load(db_session, application, details=False)
    return await on_application(db_session, case, Comment, comment_id)


@post(
    APPLICATION + "/comments/{comment_id:uuid}/redaction",
    opt=WRITE,
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Redact a comment: the redacted text is what will be published",
    status_code=200,
)
async def redact_comment(
    application: FromPath[str],
    comment_id: FromPath[UUID],
    data: JSONBody[RedactionIn],
    db_session: TenantSession,
    actor: Actor,
) -> CommentOut:
    row = await _comment(db_session, application, comment_id)
    await comments.redact_comment(db_session, row, data.redacted_text, actor=actor)
    await db_session.commit()
    return comment_out(row)


@post(
    APPLICATION + "/comments/{comment_id:uuid}/publication",
    opt=WRITE,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="Publish a comment (its redacted text, if redacted); publishing twice changes nothing",
    status_code=200,
)
async def publish_comment(
    application: FromPath[str], comment_id: FromPath[UUID], db_session: TenantSession, actor: Actor
) -> CommentOut:
    row = await _comment(db_session, application, comment_id)
    if await comments.publish_comment(db_session, row, actor=actor):
        await db_session.commit()
    return comment_out(row)


ROUTES = [list_comments, create_comment, redact_comment, publish_comment]
__all__ = ["ROUTES"]
