"""Export a planning case in the ODP post-submission format (``postSubmissionApplication.json``).

:func:`post_submission` turns a :class:`CaseView` (assembled by the API layer from our database)
into a document valid under the vendored schema (v0.7.7) for each of its 95 application types;
:func:`check` validates one. The application type is the submission's ``applicationType``: the
``submission`` member is the PrototypeApplication document we received, unchanged.

Our vocabulary -> ODP's (``data.application``):

=================  ===============================================  ================
our status         ``stage``                                        ``status``
=================  ===============================================  ================
``received``       ``submission``                                   ``undetermined``
``invalid``        ``validation``                                   ``undetermined``
``returned``       ``validation``                                   ``returned``
``consultation``   ``consultation`` (``appeal`` if one is lodged)   ``undetermined``
``assessment``     ``assessment`` (``appeal`` if one is lodged)     ``undetermined``
``determined``     ``assessment`` (``appeal`` if one is lodged)     ``determined``
``withdrawn``      ``assessment`` once validated (:func:`stage`)   ``withdrawn``
=================  ===============================================  ================

Decisions, appeal decisions, comment sentiments and the records left out: see
:mod:`services.planning.odp.export_sections`.

Where the schema requires what the case does not (yet) have, the examples upstream are followed
and nothing is invented: sections appear from the stage they do in the examples (``assessment``,
which requires ``expiryDate``, from the assessment stage and only with a ``target_date``); an
unassigned case has ``caseOfficer.name`` ``""``; records the format cannot carry without a fact
we lack (a comment with no author address, a file with no size…) are left out of the lists, still
counted in the summaries, and named in :attr:`Export.omitted`. ``…Date`` members are
``YYYY-MM-DD``; ``…At`` members ISO 8601 UTC with milliseconds and ``Z``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, Literal, get_args
from uuid import UUID

import jsonschema_rs

from services.planning.odp.catalogue import type_branches
from services.planning.odp.dispatch import dispatch_schema
from services.planning.odp.errors import MAX_ERRORS, OdpError, collect
from services.planning.odp.export_sections import (
    appeal,
    assessment,
    files,
    public_comments,
    specialist_comments,
    utc,
)
from services.planning.odp.validation import ValidationReport, is_uuid

SHAPE = "postSubmissionApplication"
#: The exact file the documents are valid under (upstream publishes no versioned URL for it).
SCHEMA_URL = (
    "https://raw.githubusercontent.com/theopensystemslab/digital-planning-data-schemas/"
    "v0.7.7/schemas/postSubmissionApplication.json"
)

CaseStatus = Literal[
    "received", "invalid", "consultation", "assessment", "determined", "withdrawn", "returned"
]
Stage = Literal["submission", "validation", "consultation", "assessment", "appeal"]
OdpStatus = Literal["undetermined", "determined", "withdrawn", "returned"]
CASE_STATUSES: tuple[CaseStatus, ...] = get_args(CaseStatus)


# --- the input, assembled by the API layer --------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConsultationView:
    """The statutory consultation period and whether a site notice was posted."""

    start_date: date
    end_date: date
    site_notice: bool


@dataclass(frozen=True, slots=True)
class AppealView:
    """An appeal to the Planning Inspectorate against the decision (or non-determination)."""

    lodged_date: date
    reason: str
    validated_date: date | None
    started_date: date | None
    decision: str | None  # "allowed" | "dismissed" | "split_decision" | "withdrawn"
    decision_date: date | None
    withdrawn_at: datetime | None


@dataclass(frozen=True, slots=True)
class CommentView:
    """A public comment (representation)."""

    id: UUID
    sentiment: str  # "support" | "object" | "neutral"
    text: str
    redacted_text: str | None
    topics: tuple[str, ...]  # ODP topic codes if known
    author_name: str | None
    author_address: dict[str, Any] | None  # ODP Address keys: line1, line2, town, county, …
    received_at: datetime
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class ConsulteeView:
    """A statutory or specialist consultee and its response."""

    id: UUID
    name: str
    organisation: str | None
    reason: str | None
    sent_at: datetime
    response: str | None
    response_at: datetime | None
    position: str | None  # "no_objection" | "objection" | "comment" | "amendments_needed"
    #: Added: the schema requires a consultee's address (ODP Address keys, as for comments).
    address: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A document on the case (its file is at ``url``)."""

    id: UUID
    name: str
    url: str
    types: tuple[str, ...]  # ODP file type codes; others are not exported
    description: str | None
    mime_type: str | None
    size_bytes: int | None
    submitted_at: datetime
    published_at: datetime | None
    #: Added: "application" | "appeal" | "specialistComment" | "publicComment".
    association: str = "application"
    #: Added: when the file itself was created, if known (else ``submitted_at`` is used).
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CaseView:
    """A planning case as the API layer assembles it from our database for export."""

    id: UUID
    reference: str
    organisation: str  # ODP organisation code, at most 4 characters
    submission: dict[str, Any]  # PrototypeApplication document; its applicationType is the type
    submitted_at: datetime
    received_at: datetime
    status: CaseStatus
    validated_at: datetime | None
    is_valid: bool | None
    published_at: datetime | None
    withdrawn_at: datetime | None
    withdrawn_reason: str | None
    consultation: ConsultationView | None
    public_comments_until_decision: bool
    target_date: date | None  # the statutory expiry (or extended) date
    decision: str | None  # see the module docstring
    decision_date: date | None
    decision_level: str | None  # "delegated" | "committee"
    committee_date: date | None
    decision_notice_url: str | None
    appeal: AppealView | None
    case_officer: str | None
    public_comments: tuple[CommentView, ...]
    consultees: tuple[ConsulteeView, ...]
    documents: tuple[DocumentView, ...]
    generated_at: datetime
    #: Added: the officer's recommendation to committee ("granted" | "refused" | "prior_…").
    officer_recommendation: str | None = None


@dataclass(frozen=True, slots=True)
class Export:
    """A post-submission document and what the case holds that it could not carry."""

    document: dict[str, Any]
    omitted: tuple[str, ...] = ()


# --- vocabulary -------------------------------------------------------------------------------

_STATUS: dict[CaseStatus, OdpStatus] = {
    "received": "undetermined",
    "invalid": "undetermined",
    "consultation": "undetermined",
    "assessment": "undetermined",
    "determined": "determined",
    "withdrawn": "withdrawn",
    "returned": "returned",
}


def stage(view: CaseView) -> Stage:
    """The ODP process stage. A withdrawn case: not yet validated -> ``submission``, found
    invalid -> ``validation``, otherwise ``assessment``, as upstream's example and DPR's
    converter have it (even when withdrawn during the consultation period)."""
    if view.status == "received":
        return "submission"
    if view.status in ("invalid", "returned"):
        return "validation"
    if view.status == "withdrawn" or view.decision == "withdrawn":
        if view.validated_at is None:
            return "submission"
        return "assessment" if view.is_valid else "validation"
    if view.appeal is not None:
        return "appeal"
    return "consultation" if view.status == "consultation" else "assessment"


def status(view: CaseView) -> OdpStatus:
    """The ODP application status (a ``withdrawn`` decision counts as a withdrawn case)."""
    return "withdrawn" if view.decision == "withdrawn" else _STATUS[view.status]


# --- the document -----------------------------------------------------------------------------


def application_type(view: CaseView) -> str:
    """The submission's ``applicationType``, which must be one of the schema's 95 codes."""
    code = view.submission.get("applicationType")
    if not isinstance(code, str) or code not in type_branches(SHAPE):
        raise ValueError(f"case {view.reference}: the submission has no known applicationType")
    return code


def _application(view: CaseView, current: Stage) -> dict[str, Any]:
    out: dict[str, Any] = {"reference": view.reference, "stage": current, "status": status(view)}
    if view.published_at is not None:
        out["publishedAt"] = utc(view.published_at)
    if view.withdrawn_at is not None:
        out["withdrawnAt"] = utc(view.withdrawn_at)
    if view.withdrawn_reason:
        out["withdrawnReason"] = view.withdrawn_reason
    return out


def _validation(view: CaseView) -> dict[str, Any]:
    out: dict[str, Any] = {"receivedAt": utc(view.received_at)}
    if view.validated_at is not None:
        out["validatedAt"] = utc(view.validated_at)
    if view.is_valid is not None:
        out["isValid"] = view.is_valid
    return out


def export(view: CaseView) -> Export:
    """The post-submission document for ``view`` and the notes of what it leaves out."""
    code = application_type(view)
    current = stage(view)
    omitted: list[str] = []
    data: dict[str, Any] = {
        "application": _application(view, current),
        "localPlanningAuthority": {
            "publicCommentsAcceptedUntilDecision": view.public_comments_until_decision
        },
        "submission": {"submittedAt": utc(view.submitted_at)},
        "validation": _validation(view),
        "caseOfficer": {"name": view.case_officer or ""},
    }
    if view.consultation is not None:
        data["consultation"] = {
            "startDate": view.consultation.start_date.isoformat(),
            "endDate": view.consultation.end_date.isoformat(),
            "siteNotice": view.consultation.site_notice,
        }
    if current in ("assessment", "appeal"):
        if view.target_date is not None:
            data["assessment"] = assessment(view, code, view.target_date)
        elif view.decision is not None and view.decision != "withdrawn":
            omitted.append("/data/assessment: the decision (the case has no target date)")
    if view.appeal is not None:
        data["appeal"] = appeal(view.appeal)
    document: dict[str, Any] = {"applicationType": code, "data": data}
    if current not in ("submission", "validation") or view.public_comments or view.consultees:
        document["comments"] = {
            "public": public_comments(view.public_comments, omitted),
            "specialist": specialist_comments(view.consultees, omitted),
        }
    document["files"] = files(view.documents, omitted)
    document["submission"] = view.submission
    document["metadata"] = {
        "organisation": view.organisation,
        "id": str(view.id),
        "submittedAt": utc(view.submitted_at),
        "generatedAt": utc(view.generated_at),
        "schema": SCHEMA_URL,
    }
    return Export(document, tuple(omitted))


def post_submission(view: CaseView) -> dict[str, Any]:
    """The case as an ODP ``postSubmissionApplication`` document (``submission`` is shared with
    ``view``, not copied)."""
    return export(view).document


# --- validation -------------------------------------------------------------------------------


@cache
def _validator() -> jsonschema_rs.Validator:
    schema = dispatch_schema(SHAPE)  # picks the type's branch by applicationType, as on input
    cls = jsonschema_rs.validator_cls_for(schema)
    return cls(schema, validate_formats=True, formats={"uuid": is_uuid})


def warm_up() -> None:
    """Compile the post-submission validator now (once per process)."""
    _validator()
    type_branches(SHAPE)


def check(document: object, *, max_errors: int = MAX_ERRORS) -> ValidationReport:
    """Validate a post-submission document: its type code and (at most ``max_errors``) errors."""
    code = document.get("applicationType") if isinstance(document, dict) else None
    try:
        errors, total = collect(_validator().iter_errors(document), max_errors)
    except ValueError as exc:  # not JSON data
        errors, total = [OdpError("", f"cannot be validated as JSON: {exc}")], 1
    return ValidationReport(SHAPE, code if isinstance(code, str) else None, tuple(errors), total)


__all__ = [
    "CASE_STATUSES",
    "SCHEMA_URL",
    "AppealView",
    "CaseStatus",
    "CaseView",
    "CommentView",
    "ConsultationView",
    "ConsulteeView",
    "DocumentView",
    "Export",
    "application_type",
    "check",
    "export",
    "post_submission",
    "stage",
    "status",
    "warm_up",
]
