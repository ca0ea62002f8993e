"""Request recipes for an application's sub-resources: consultations, public comments,
conditions, planning obligations and documents (``app/api/planning/casework_routes.py``).

The records each recipe needs are made with the application, by the makers registered here
(``made(..., records=("comment",))``). Documents go to a scratch local document store, never
the developer's ``.vesta`` one.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from authz_planning_support import (
    ACTOR,
    APP,
    by_id,
    days_on,
    made,
    maker,
    reading,
    record,
    stored,
    url,
    writing,
)
from authz_support import Outcome, Recipe, media_type
from uuid_utils.compat import uuid7

from services.core.cases.outcomes import Condition, Obligation, ObligationMilestone
from services.core.cases.records import Comment, Consultation, Document
from services.core.deadlines import ConsultationKind, consultation_end
from services.planning.store import today
from tenancy.storage import document_key, document_store_from_env

IDS = dict[str, uuid.UUID]
_SCRATCH = tempfile.TemporaryDirectory(prefix="vesta-authz-documents-")


@contextmanager
def scratch_documents() -> Iterator[None]:
    """Keep documents in a scratch local store while the block runs."""
    saved = {k: os.environ.get(k) for k in ("VESTA_DOCUMENT_STORE", "VESTA_DATA_DIR")}
    os.environ.update(VESTA_DOCUMENT_STORE="local", VESTA_DATA_DIR=_SCRATCH.name)
    document_store_from_env.cache_clear()
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        document_store_from_env.cache_clear()


async def _added(session: Any, name: str, row: Any) -> IDS:
    session.add(row)
    await session.flush()
    return {name: row.id}


@maker("consultation")
async def _consultation(session: Any, case: Any, _tenant: Any, _settings: Any) -> IDS:
    sent = today()
    row = Consultation(
        case_id=case.id,
        kind="consultee",
        consultee="Highways Authority",
        sent_date=sent,
        due_date=consultation_end(ConsultationKind.CONSULTEE, sent),
        created_by=ACTOR,
    )
    return await _added(session, "consultation", row)


@maker("comment")
async def _comment(session: Any, case: Any, _tenant: Any, _settings: Any) -> IDS:
    text = "It will block the light to my kitchen"
    row = Comment(case_id=case.id, sentiment="object", text=text, topics=["light"])
    row.created_by = ACTOR
    return await _added(session, "comment", row)


@maker("condition")
async def _condition(session: Any, case: Any, _tenant: Any, _settings: Any) -> IDS:
    row = Condition(
        case_id=case.id,
        kind="condition",
        position=1,
        text="Submit samples of the materials before work starts",
        reason="To protect the character of the area",
        requires_discharge=True,
        discharge_status="pending",
        created_by=ACTOR,
    )
    return await _added(session, "condition", row)


@maker("milestone")
async def _milestone(session: Any, case: Any, _tenant: Any, _settings: Any) -> IDS:
    """An s.106 obligation awaiting its trigger, with one instalment due 30 days after it."""
    ids = await _added(
        session,
        "obligation",
        Obligation(
            case_id=case.id,
            kind="s106",
            description="Affordable housing contribution",
            trigger_event="commencement",
            amount=Decimal("5000.00"),
            status="pending",
            created_by=ACTOR,
        ),
    )
    row = ObligationMilestone(
        obligation_id=ids["obligation"],
        description="First instalment",
        amount=Decimal("5000.00"),
        days_after_trigger=30,
    )
    return ids | await _added(session, "milestone", row)


@maker("document")
async def _document(session: Any, case: Any, tenant: Any, _settings: Any) -> IDS:
    row = Document(id=uuid7(), case_id=case.id, name="plan.pdf", types=["sitePlan.proposed"])
    row.source, row.mime_type, row.uploaded_by = "upload", "application/pdf", ACTOR
    row.storage_key = document_key(tenant.schema_name, case.id, row.id)
    with scratch_documents():
        stored_file = await document_store_from_env().put(
            row.storage_key, b"%PDF-1.4 site plan", content_type="application/pdf"
        )
    row.size_bytes, row.sha256 = stored_file.size, stored_file.sha256
    return await _added(session, "document", row)


def with_documents(send: Any) -> Any:
    async def scratch(http: Any, tenant: Any) -> Outcome:
        with scratch_documents():
            return await send(http, tenant)  # type: ignore[no-any-return]

    return scratch


async def _upload(http: Any, tenant: Any) -> Outcome:
    case = await made(tenant)
    name = f"elevations-{uuid.uuid4().hex[:6]}.pdf"
    with scratch_documents():
        response = await http.post(
            url(tenant, case, "/documents"),
            files={"file": (name, b"%PDF-1.4 elevations", "application/pdf")},
            data={"types": "elevations.proposed"},
        )
    return Outcome(
        response, lambda: stored(tenant, Document, case_id=case.id, name=name) is not None
    )


def _milestone_added(tenant: Any, case: Any) -> bool:
    row = stored(
        tenant, ObligationMilestone, obligation_id=case.ids["obligation"], days_after_trigger=60
    )
    return row is not None


def _paid(row: Any) -> bool:
    return row.paid_date is not None and row.paid_amount == Decimal("5000.00")


ASSESSMENT = {"state": "assessment"}
WITH_COMMENT = {"records": ("comment",)}
WITH_CONDITION = {"state": "assessment", "records": ("condition",)}
WITH_MILESTONE = {"state": "assessment", "records": ("milestone",)}
WITH_DOCUMENT = {"records": ("document",)}

CASEWORK_RECIPES: dict[str, Recipe] = {
    # Consultations
    f"GET {APP}/consultations": Recipe(
        200,
        reading("/consultations", "consultation", records=("consultation",)),
        lambda b: [c["status"] for c in b] == ["awaiting"],
    ),
    f"POST {APP}/consultations": Recipe(
        201,
        writing(
            "POST",
            "/consultations",
            {"kind": "site_notice"},
            record(Consultation, kind="site_notice"),
            "consultation",
        ),
        lambda b: b["consultee"] == "Site notice" and b["status"] == "awaiting",
    ),
    f"POST {APP}/consultations/{{consultation_id:uuid}}/response": Recipe(
        200,
        writing(
            "POST",
            "/consultations/{consultation}/response",
            {"position": "no_objection", "response": "No highway safety concerns"},
            by_id(Consultation, "consultation", lambda r: r.position == "no_objection"),
            "consultation",
            records=("consultation",),
        ),
        lambda b: b["status"] == "responded",
    ),
    # Public comments
    f"GET {APP}/comments": Recipe(
        200,
        reading("/comments", **WITH_COMMENT),
        lambda b: b["summary"]["totalComments"] == b["summary"]["object"] == 1,
    ),
    f"POST {APP}/comments": Recipe(
        201,
        writing(
            "POST",
            "/comments",
            {"sentiment": "support", "text": "A welcome improvement", "topics": ["design"]},
            record(Comment, sentiment="support"),
        ),
        lambda b: b["sentiment"] == "support" and b["publishedAt"] is None,
    ),
    f"POST {APP}/comments/{{comment_id:uuid}}/redaction": Recipe(
        200,
        writing(
            "POST",
            "/comments/{comment}/redaction",
            {"redactedText": "It will block the light to [redacted]"},
            by_id(Comment, "comment", lambda r: r.redacted),
            **WITH_COMMENT,
        ),
        lambda b: b["redacted"] is True and b["publicText"].endswith("[redacted]"),
    ),
    f"POST {APP}/comments/{{comment_id:uuid}}/publication": Recipe(
        200,
        writing(
            "POST",
            "/comments/{comment}/publication",
            None,
            by_id(Comment, "comment", lambda r: r.published_at is not None),
            **WITH_COMMENT,
        ),
        lambda b: b["publishedAt"] is not None,
    ),
    # Conditions
    f"GET {APP}/conditions": Recipe(
        200,
        reading("/conditions", **WITH_CONDITION),
        lambda b: [(c["kind"], c["position"]) for c in b] == [("condition", 1)],
    ),
    f"POST {APP}/conditions": Recipe(
        201,
        writing(
            "POST",
            "/conditions",
            {"kind": "informative", "text": "The Party Wall etc. Act 1996 may apply"},
            record(Condition, kind="informative"),
            **ASSESSMENT,
        ),
        lambda b: (b["kind"], b["position"]) == ("informative", 1),
    ),
    f"PUT {APP}/conditions/{{condition_id:uuid}}": Recipe(
        200,
        writing(
            "PUT",
            "/conditions/{condition}",
            {"text": "Build in brick to match the house", "reason": "Appearance"},
            by_id(Condition, "condition", lambda r: r.reason == "Appearance"),
            **WITH_CONDITION,
        ),
        lambda b: b["reason"] == "Appearance" and b["requiresDischarge"] is False,
    ),
    f"DELETE {APP}/conditions/{{condition_id:uuid}}": Recipe(
        204,
        writing(
            "DELETE",
            "/conditions/{condition}",
            None,
            lambda t, c: stored(t, Condition, id=c.ids["condition"]) is None,
            **WITH_CONDITION,
        ),
    ),
    f"POST {APP}/conditions/{{condition_id:uuid}}/discharge": Recipe(
        200,
        writing(
            "POST",
            "/conditions/{condition}/discharge",
            lambda c: {"dischargedDate": days_on(0), "dischargeReference": "26/00099/DOC"},
            by_id(Condition, "condition", lambda r: r.discharge_status == "discharged"),
            "determined",
            records=("condition",),
        ),
        lambda b: b["dischargeStatus"] == "discharged",
    ),
    # Planning obligations
    f"GET {APP}/obligations": Recipe(
        200,
        reading("/obligations", **WITH_MILESTONE),
        lambda b: [(o["status"], len(o["milestones"])) for o in b] == [("pending", 1)],
    ),
    f"POST {APP}/obligations": Recipe(
        201,
        writing(
            "POST",
            "/obligations",
            {"kind": "cil", "description": "CIL liability", "triggerEvent": "commencement"},
            record(Obligation, kind="cil"),
            **ASSESSMENT,
        ),
        lambda b: (b["kind"], b["status"]) == ("cil", "pending"),
    ),
    f"POST {APP}/obligations/{{obligation_id:uuid}}/milestones": Recipe(
        201,
        writing(
            "POST",
            "/obligations/{obligation}/milestones",
            {"description": "Second instalment", "daysAfterTrigger": 60},
            _milestone_added,
            **WITH_MILESTONE,
        ),
        lambda b: len(b["milestones"]) == 2,
    ),
    f"POST {APP}/obligations/{{obligation_id:uuid}}/trigger": Recipe(
        200,
        writing(
            "POST",
            "/obligations/{obligation}/trigger",
            lambda c: {"triggeredDate": days_on(0)},
            by_id(Obligation, "obligation", lambda r: r.triggered_date == today()),
            **WITH_MILESTONE,
        ),
        lambda b: b["status"] == "triggered" and b["milestones"][0]["status"] == "due",
    ),
    f"POST {APP}/obligations/{{obligation_id:uuid}}/milestones/{{milestone_id:uuid}}/payment": (
        Recipe(
            200,
            writing(
                "POST",
                "/obligations/{obligation}/milestones/{milestone}/payment",
                lambda c: {"paidDate": days_on(0), "paidAmount": "5000.00"},
                by_id(ObligationMilestone, "milestone", _paid),
                **WITH_MILESTONE,
            ),
            lambda b: b["status"] == "complied",
        )
    ),
    # Documents
    f"GET {APP}/documents": Recipe(
        200,
        reading("/documents", **WITH_DOCUMENT),
        lambda b: [(d["name"], d["hasContent"]) for d in b] == [("plan.pdf", True)],
    ),
    f"POST {APP}/documents": Recipe(
        201, _upload, lambda b: b["types"] == ["elevations.proposed"] and b["sizeBytes"] > 0
    ),
    f"GET {APP}/documents/{{document_id:uuid}}": Recipe(
        200,
        reading("/documents/{document}", **WITH_DOCUMENT),
        lambda b: b["mimeType"] == "application/pdf",
    ),
    f"GET {APP}/documents/{{document_id:uuid}}/content": Recipe(
        200,
        with_documents(reading("/documents/{document}/content", **WITH_DOCUMENT)),
        lambda r: media_type(r) == "application/pdf" and r.content.startswith(b"%PDF"),
    ),
    f"POST {APP}/documents/{{document_id:uuid}}/publication": Recipe(
        200,
        writing(
            "POST",
            "/documents/{document}/publication",
            None,
            by_id(Document, "document", lambda r: r.published_at is not None),
            **WITH_DOCUMENT,
        ),
        lambda b: b["publishedAt"] is not None,
    ),
}
