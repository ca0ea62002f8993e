"""Public comments (representations) on a case, for any service: record them, redact personal
or offensive content, and publish them.

A comment is in support, objecting or neutral. What the public sees once it is published is
the redacted text if an officer redacted it, else the text as received. Recording a comment
needs the workflow's ``comment`` activity in the case's state; redaction and publication are
allowed whatever the state (a decided case's comments stay on the register).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.calendar import LONDON
from services.core.cases.models import Case
from services.core.cases.records import Comment
from services.core.cases.store import CaseRuleError, audit, snapshot
from services.core.workflow import Workflow

SENTIMENTS = ("support", "object", "neutral")


@dataclass(frozen=True, slots=True)
class NewComment:
    """``received_at`` (timezone-aware) defaults to now; a comment sent by post carries the
    day it arrived. Repeated topics are kept once, in the order given."""

    sentiment: str
    text: str
    topics: Sequence[str] = ()
    author_name: str | None = None
    author_address: dict[str, Any] | None = None
    received_at: dt.datetime | None = None


def public_text(row: Comment) -> str:
    """What is (or will be) published: the redacted text if there is one."""
    return row.redacted_text if row.redacted and row.redacted_text else row.text


async def sentiment_counts(session: AsyncSession, case: Case) -> dict[str, int]:
    """How many of the case's comments take each side (sides with none are left out)."""
    statement = (
        select(Comment.sentiment, func.count())
        .where(Comment.case_id == case.id)
        .group_by(Comment.sentiment)
    )
    return dict((await session.execute(statement)).tuples().all())


async def list_comments(
    session: AsyncSession,
    case: Case,
    *,
    sentiment: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Comment]:
    """The case's comments oldest first, optionally of one sentiment, a page at a time."""
    statement = select(Comment).where(Comment.case_id == case.id)
    if sentiment is not None:
        statement = statement.where(Comment.sentiment == sentiment)
    statement = statement.order_by(Comment.received_at, Comment.id).limit(limit).offset(offset)
    return list(await session.scalars(statement))


async def record_comment(
    session: AsyncSession,
    case: Case,
    new: NewComment,
    *,
    workflow: Workflow,
    actor: str,
    case_noun: str = "application",
) -> Comment:
    """Record a comment received while the workflow allows comments: not in the future, nor
    before the case was received."""
    workflow.require(case.status, "comment")
    if new.sentiment not in SENTIMENTS:
        raise CaseRuleError("/sentiment", f"must be one of {', '.join(SENTIMENTS)}")
    now = dt.datetime.now(dt.UTC)
    received_at = new.received_at or now
    if received_at.tzinfo is None:
        raise CaseRuleError("/receivedAt", "give a time zone (e.g. Z or +01:00)")
    if received_at > now:
        raise CaseRuleError("/receivedAt", "a comment cannot arrive in the future")
    if received_at.astimezone(LONDON).date() < case.received_date:
        raise CaseRuleError("/receivedAt", f"a comment cannot precede the {case_noun}'s receipt")
    row = Comment(
        case_id=case.id,
        sentiment=new.sentiment,
        text=new.text,
        topics=list(dict.fromkeys(new.topics)),
        author_name=new.author_name,
        author_address=new.author_address,
        received_at=received_at,
        created_by=actor,
    )
    session.add(row)
    await session.flush()
    audit(session, actor, "comment.created", row)
    return row


async def redact_comment(
    session: AsyncSession, row: Comment, redacted_text: str, *, actor: str
) -> Comment:
    """Set the text to publish instead of the comment as received."""
    before = snapshot(row)
    row.redacted = True
    row.redacted_text = redacted_text
    await session.flush()
    audit(session, actor, "comment.redacted", row, before=before)
    return row


async def publish_comment(session: AsyncSession, row: Comment, *, actor: str) -> bool:
    """Publish the comment (its public text); whether it was published now rather than
    before: publishing twice changes nothing."""
    if row.published_at is not None:
        return False
    before = snapshot(row)
    row.published_at = dt.datetime.now(dt.UTC)
    await session.flush()
    audit(session, actor, "comment.published", row, before=before)
    return True


__all__ = [
    "SENTIMENTS",
    "NewComment",
    "list_comments",
    "public_text",
    "publish_comment",
    "record_comment",
    "redact_comment",
    "sentiment_counts",
]
