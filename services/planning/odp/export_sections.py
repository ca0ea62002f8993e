"""The sections of an ODP post-submission document built from parts of a case: the assessment
and appeal, public comments, consultee (specialist) responses and files; and the date formats.
Used by :mod:`services.planning.odp.export`, whose docstring has the lifecycle mapping.

Decisions: ODP's ``AssessmentDecision`` has only ``granted`` and ``refused``. The prior approval
outcomes are carried by ``priorApprovalRequired``, which only the prior approval types'
assessment (``PriorApprovalAssessment``, read from the schema per type) allows:
``prior_approval_not_required`` -> ``granted`` + ``false``; ``prior_approval_granted`` ->
``granted`` + ``true``; ``prior_approval_refused`` and ``refused`` -> ``refused`` + ``true``
(approval can only be refused where it is required); a plain ``granted`` leaves
``priorApprovalRequired`` out (it does not say which). ``split`` has no ODP value: its date and
notice are exported, the decision is not. Without a decision, a committee case's recommendation
implies ``priorApprovalRequired`` the same way. A committee case fills ``committee*`` (our
``committee_date`` is ``committeeSentDate``), a delegated one ``planningOfficerDecision*``.
Appeal decisions: ``split_decision`` -> ``splitDecision``, the others by name; a withdrawn appeal
without a decision date takes the UK date of its withdrawal.

Comments: public sentiment ``support``/``object``/``neutral`` -> ``supportive``/``objection``/
``neutral``; consultee position ``no_objection`` -> ``approved``, ``amendments_needed`` ->
``amendmentsNeeded``, ``objection`` -> ``objected``. ODP has no sentiment for a consultee's plain
``comment`` (or a response with no position): the response counts in ``totalComments`` but is
not listed, as every listed comment needs a sentiment. A public comment with exactly one topic is
exported by topic, with the schema's question for that topic; otherwise as one text (one text
cannot be split between several topics).

What the schema requires and a record may lack, so the record is left out of its list (it still
counts in the summary) and noted in ``omitted``: a public comment's author name and address, a
consultee's address (``line1``, ``town`` and ``postcode`` at least, under ODP's Address keys),
a file's MIME type and size. File ``id`` is a number in ODP: the file's position (from 1) in
the case's document list. File types outside ODP's list are dropped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from services.planning.odp.catalogue import branch_schema, load_schema, resolve

if TYPE_CHECKING:
    from services.planning.odp.export import (
        AppealView,
        CaseView,
        CommentView,
        ConsulteeView,
        DocumentView,
    )

_SHAPE = "postSubmissionApplication"
_UK = ZoneInfo("Europe/London")
_ADDRESS_KEYS = ("line1", "line2", "town", "county", "postcode", "country")
_ADDRESS_REQUIRED = frozenset({"line1", "town", "postcode"})
PUBLIC_SENTIMENTS = {"support": "supportive", "object": "objection", "neutral": "neutral"}
SPECIALIST_SENTIMENTS = {
    "no_objection": "approved",
    "amendments_needed": "amendmentsNeeded",
    "objection": "objected",
}
#: Our decision -> (AssessmentDecision, priorApprovalRequired) where the type has it.
DECISIONS: dict[str, tuple[str | None, bool | None]] = {
    "granted": ("granted", None),
    "refused": ("refused", True),
    "split": (None, None),
    "withdrawn": (None, None),
    "prior_approval_not_required": ("granted", False),
    "prior_approval_granted": ("granted", True),
    "prior_approval_refused": ("refused", True),
}
APPEAL_DECISIONS = {
    "allowed": "allowed",
    "dismissed": "dismissed",
    "split_decision": "splitDecision",
    "withdrawn": "withdrawn",
}


def _aware(value: datetime) -> datetime:
    """Naive values are refused: read as UTC they would be an hour out in summer time."""
    if value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()}: an aware datetime is required")
    return value


def utc(value: datetime) -> str:
    """An ``…At`` value: ISO 8601 in UTC with milliseconds and ``Z``."""
    return _aware(value).astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def london_date(value: datetime) -> date:
    """The UK calendar date of an instant (what a ``…Date`` member means for a council)."""
    return _aware(value).astimezone(_UK).date()


def _constants(definition: str) -> dict[str, str]:
    """An ``anyOf`` of constants -> {constant: description}, read from the schema."""
    root = load_schema(_SHAPE)
    node = resolve(root, root["definitions"][definition])
    return {b["const"]: b.get("description", "") for b in node["anyOf"]}


@cache
def file_types() -> frozenset[str]:
    """ODP's file type codes (``PrototypeFileType``)."""
    return frozenset(_constants("PrototypeFileType"))


@cache
def topic_questions() -> dict[str, str]:
    """ODP's public comment topics -> the question the schema gives for each."""
    return _constants("PublicCommentTopic")


def address(raw: Mapping[str, Any] | None) -> dict[str, str] | None:
    """An ODP Address from ours, or ``None`` if it lacks what the schema requires."""
    if not raw:
        return None
    out = {k: v.strip() for k in _ADDRESS_KEYS if isinstance(v := raw.get(k), str) and v.strip()}
    return out if out.keys() >= _ADDRESS_REQUIRED else None


# --- assessment and appeal ---------------------------------------------------------------------


@cache
def _assessment_members(code: str) -> frozenset[str]:
    """The members the type's assessment definition allows (they differ by type)."""
    root = load_schema(_SHAPE)
    data = resolve(root, branch_schema(_SHAPE, code)["properties"]["data"])
    section = resolve(root, data["properties"]["assessment"])
    return frozenset(section["properties"])


def assessment(view: CaseView, code: str, target: date) -> dict[str, Any]:
    """``data.assessment`` of a case of type ``code`` with expiry date ``target``."""
    allowed = _assessment_members(code)
    out: dict[str, Any] = {"expiryDate": target.isoformat()}
    decided, required = DECISIONS.get(view.decision or "", (None, None))
    recommended, implied = DECISIONS.get(view.officer_recommendation or "", (None, None))
    committee = view.decision_level == "committee" or (
        view.decision_level is None and view.committee_date is not None
    )
    if committee:
        if recommended is not None:
            out["planningOfficerRecommendation"] = recommended
        if view.committee_date is not None:
            out["committeeSentDate"] = view.committee_date.isoformat()
    if view.decision is not None and view.decision != "withdrawn":
        prefix = "committee" if committee else "planningOfficer"
        if decided is not None:
            out[f"{prefix}Decision"] = decided
        if view.decision_date is not None:
            out[f"{prefix}DecisionDate"] = view.decision_date.isoformat()
    else:
        required = implied
    if required is not None and "priorApprovalRequired" in allowed:
        out["priorApprovalRequired"] = required
    if view.decision_notice_url:
        out["decisionNotice"] = {"url": view.decision_notice_url}
    return out


def appeal(lodged: AppealView) -> dict[str, Any]:
    """``data.appeal``."""
    out: dict[str, Any] = {"lodgedDate": lodged.lodged_date.isoformat(), "reason": lodged.reason}
    if lodged.validated_date is not None:
        out["validatedDate"] = lodged.validated_date.isoformat()
    if lodged.started_date is not None:
        out["startedDate"] = lodged.started_date.isoformat()
    decision = lodged.decision or ("withdrawn" if lodged.withdrawn_at else None)
    if decision in APPEAL_DECISIONS:
        out["decision"] = APPEAL_DECISIONS[decision]
    decided = lodged.decision_date
    if decided is None and decision == "withdrawn" and lodged.withdrawn_at is not None:
        decided = london_date(lodged.withdrawn_at)
    if decided is not None:
        out["decisionDate"] = decided.isoformat()
    return out


# --- comments and files ------------------------------------------------------------------------


def _text(text: str, topics: tuple[str, ...]) -> str | list[dict[str, str]]:
    questions = topic_questions()
    if len(topics) == 1 and topics[0] in questions:
        return [{"topic": topics[0], "question": questions[topics[0]], "comment": text}]
    return text


def public_comments(comments: Iterable[CommentView], omitted: list[str]) -> dict[str, Any]:
    """``comments.public``: the summary of every comment and the list of those ODP can carry."""
    listed: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    total = 0
    for comment in comments:
        total += 1
        sentiment = PUBLIC_SENTIMENTS.get(comment.sentiment)
        author = address(comment.author_address)
        if sentiment is None or not comment.author_name or author is None:
            lacking = "sentiment" if sentiment is None else "author name and address"
            omitted.append(f"/comments/public/comments: comment {comment.id} (its {lacking})")
            if sentiment is not None:
                counts[sentiment] += 1
            continue
        counts[sentiment] += 1
        metadata = {"submittedAt": utc(comment.received_at)}
        if comment.published_at is not None:
            metadata["publishedAt"] = utc(comment.published_at)
        item: dict[str, Any] = {
            "id": str(comment.id),
            "sentiment": sentiment,
            "comment": _text(comment.text, comment.topics),
            "author": {"name": {"singleLine": comment.author_name}, "address": author},
            "metadata": metadata,
        }
        if comment.redacted_text is not None:
            item["commentRedacted"] = _text(comment.redacted_text, comment.topics)
        listed.append(item)
    sentiment_counts = {k: counts[k] for k in ("supportive", "objection", "neutral")}
    return {
        "summary": {"totalComments": total, "sentiment": sentiment_counts},
        "comments": listed,
    }


def specialist_comments(consultees: Iterable[ConsulteeView], omitted: list[str]) -> dict[str, Any]:
    """``comments.specialist``: one entry per consultee, with its response if ODP can carry it."""
    listed: list[dict[str, Any]] = []
    counts: Counter[str] = Counter()
    consulted = responses = 0
    for consultee in consultees:
        consulted += 1
        sentiment = SPECIALIST_SENTIMENTS.get(consultee.position or "")
        responded = consultee.response_at is not None
        if responded:
            responses += 1
            if sentiment is not None:
                counts[sentiment] += 1
        where = address(consultee.address)
        if where is None:
            omitted.append(f"/comments/specialist/comments: consultee {consultee.id} (address)")
            continue
        entry: dict[str, Any] = {
            "id": str(consultee.id),
            "name": {"singleLine": consultee.name},
            "address": where,
            "firstConsultedAt": utc(consultee.sent_at),
            "comments": [],
        }
        if consultee.organisation:
            entry["organisationSpecialism"] = consultee.organisation
        if consultee.reason:
            entry["reason"] = consultee.reason
        if responded and consultee.response_at is not None and sentiment is not None:
            entry["comments"].append(
                {
                    "id": str(consultee.id),
                    "sentiment": sentiment,
                    "comment": consultee.response or "",
                    "metadata": {"submittedAt": utc(consultee.response_at)},
                }
            )
        elif responded:
            position = consultee.position or "none"
            omitted.append(
                f"/comments/specialist/comments: the response of consultee {consultee.id} "
                f"(position {position!r} has no ODP sentiment)"
            )
        listed.append(entry)
    return {
        "summary": {
            "totalConsulted": consulted,
            "totalComments": responses,
            "sentiment": {k: counts[k] for k in ("approved", "amendmentsNeeded", "objected")},
        },
        "comments": listed,
    }


def files(documents: Iterable[DocumentView], omitted: list[str]) -> list[dict[str, Any]]:
    """The top-level ``files``: each document with its ODP file types and metadata."""
    known = file_types()
    out: list[dict[str, Any]] = []
    for number, document in enumerate(documents, start=1):
        if document.mime_type is None or document.size_bytes is None:
            omitted.append(f"/files: document {document.id} (its MIME type or size)")
            continue
        metadata: dict[str, Any] = {
            "size": {"bytes": document.size_bytes},
            "mimeType": document.mime_type,
            "createdAt": utc(document.created_at or document.submitted_at),
            "submittedAt": utc(document.submitted_at),
        }
        if document.published_at is not None:
            metadata["publishedAt"] = utc(document.published_at)
        item: dict[str, Any] = {
            "id": number,
            "name": document.name,
            "association": document.association,
            "url": document.url,
            "type": [t for t in document.types if t in known],
            "metadata": metadata,
        }
        if document.description:
            item["description"] = document.description
        out.append(item)
    return out


__all__ = [
    "APPEAL_DECISIONS",
    "DECISIONS",
    "PUBLIC_SENTIMENTS",
    "SPECIALIST_SENTIMENTS",
    "address",
    "appeal",
    "assessment",
    "file_types",
    "files",
    "london_date",
    "public_comments",
    "specialist_comments",
    "topic_questions",
    "utc",
]
