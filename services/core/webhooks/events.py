"""The webhook events: a documented, stable list of names, and which audited writes raise them.

Every audited write (:func:`services.core.store.record_audit`) is offered to :func:`events_for`,
which names the events it raises, if any, from its audit action, entity and changed columns.
Names are a contract with integrators: add new ones, never rename or drop one.

A payload says what happened and where to read it, never more: the event, when, the council,
the entity and its id, the case, service and reference it belongs to, the API path to read it,
and for a case's change of state its old and new status (and a decision's outcome). Nothing from
the audit's before/after record and no personal data: an integrator reads the rest through the
API, which applies its own access rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal
from uuid import UUID

#: Every event a subscription can ask for, with what it means.
EVENTS: dict[str, str] = {
    "case.created": "A case was registered: an application, notice, search or enquiry",
    "case.updated": "A case's details, dates or officer changed (not its state)",
    "case.status_changed": "A case moved to another state of its workflow",
    "case.decided": "A decision was recorded on a case",
    "case.withdrawn": "A case was withdrawn by whoever made it",
    "validation_request.created": "The council asked the applicant for something missing",
    "validation_request.responded": "The applicant answered a validation request",
    "consultation.created": "A consultee was consulted, or a notice was put up",
    "consultation.responded": "A consultee responded",
    "comment.published": "A public comment was published",
    "document.uploaded": "A document was added to a case",
    "document.published": "A document of a case was published",
    "condition.discharged": "A condition of a decision was discharged",
    "appeal.lodged": "An appeal was lodged against a decision or non-determination",
    "appeal.updated": "An appeal progressed (start, hearing, outcome)",
    "inspection.booked": "A building control inspection was booked",
    "inspection.recorded": "The outcome of a building control inspection was recorded",
    "certificate.issued": "A certificate (completion, search result …) was issued",
    "licence.granted": "A licence was granted",
    "licence.issued": "A licence was issued",
    "licence.renewed": "A licence was renewed",
    "licence.suspended": "A licence was suspended",
    "licence.revoked": "A licence was revoked",
    "licence.reinstated": "A suspended licence was reinstated",
    "licence.changed": "Something else was recorded on a licence (a variation, transfer …)",
    "land_charge.registered": "A local land charge was registered",
    "land_charge.varied": "A local land charge was varied",
    "land_charge.cancelled": "A local land charge was cancelled",
    "search_result.issued": "An official search result was issued",
    "ping": "Sent on request to test a subscription; never raised by a write",
}
EventName = Literal[
    "case.created",
    "case.updated",
    "case.status_changed",
    "case.decided",
    "case.withdrawn",
    "validation_request.created",
    "validation_request.responded",
    "consultation.created",
    "consultation.responded",
    "comment.published",
    "document.uploaded",
    "document.published",
    "condition.discharged",
    "appeal.lodged",
    "appeal.updated",
    "inspection.booked",
    "inspection.recorded",
    "certificate.issued",
    "licence.granted",
    "licence.issued",
    "licence.renewed",
    "licence.suspended",
    "licence.revoked",
    "licence.reinstated",
    "licence.changed",
    "land_charge.registered",
    "land_charge.varied",
    "land_charge.cancelled",
    "search_result.issued",
    "ping",
    "*",
]
EVERY = "*"
PING = "ping"
CASES = "cases"

#: Audit actions that raise the event of the same name.
_SAME_NAME = frozenset(EVENTS) - {PING} - {e for e in EVENTS if e.startswith("case.")}


@dataclass(frozen=True, slots=True)
class PendingEvent:
    """An event noted by an audited write, not yet matched to subscriptions."""

    event: str
    entity: str  # the audited table
    entity_id: str
    case_id: UUID | None
    occurred_at: dt.datetime
    extra: tuple[tuple[str, Any], ...] = ()


def _case_events(action: str, before: dict[str, Any], after: dict[str, Any]) -> list[tuple]:
    if action == "case.created":
        return [("case.created", ())]
    found: list[tuple] = []
    if "status" in after and before.get("status") != after["status"]:
        moved = (("previousStatus", before.get("status")), ("status", after["status"]))
        found.append(("case.status_changed", moved))
        if after.get("withdrawn_at") or action == "case.withdraw":
            found.append(("case.withdrawn", ()))
    else:
        found.append(("case.updated", ()))
    if after.get("decision") and before.get("decision") != after["decision"]:
        found.append(("case.decided", (("decision", after["decision"]),)))
    return found


def events_for(
    action: str,
    entity: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> list[tuple[str, tuple[tuple[str, Any], ...]]]:
    """The events (name, extra payload members) an audited write raises; often none."""
    if entity == CASES:
        return _case_events(action, before or {}, after or {})
    if action in _SAME_NAME:
        return [(action, ())]
    if action.startswith("licence.") and entity == "licences":
        return [("licence.changed", ())]
    return []


def subscribed(events: list[str], services: list[str] | None, event: str, service: str | None):
    """Whether a subscription (its events and services filter) wants ``event`` of ``service``."""
    if event != PING and EVERY not in events and event not in events:
        return False
    return not services or service in services


#: The API collection a case is read from, by service and (where it differs) case type.
_CASE_PATHS: dict[str, str] = {
    "planning": "planning/applications",
    "building_control": "building-control/applications",
    "building_control:initial_notice": "building-control/initial-notices",
    "building_control:commencement_notice": "building-control/commencement-notices",
    "licensing": "licensing/applications",
    "licensing:temporary_event_notice_standard": "licensing/temporary-event-notices",
    "licensing:temporary_event_notice_late": "licensing/temporary-event-notices",
    "land_charges": "land-charges/searches",
}
_TAXI_PREFIXES = ("hackney_carriage_", "private_hire_")


def case_link(slug: str, service: str, case_type: str, reference_key: str) -> str | None:
    """The API path of a case, for the payload's ``link``."""
    if service == "licensing" and case_type.startswith(_TAXI_PREFIXES):
        collection: str | None = "licensing/taxi-applications"
    else:
        collection = _CASE_PATHS.get(f"{service}:{case_type}") or _CASE_PATHS.get(service)
    return f"/api/v1/{slug}/{collection}/{reference_key}" if collection else None


def payload(
    pending: PendingEvent,
    *,
    council: dict[str, str],
    service: str | None,
    reference: str | None,
    link: str | None,
) -> dict[str, Any]:
    """The JSON body a subscription receives for ``pending``."""
    entity = pending.event.split(".")[0] if pending.event != PING else PING
    return {
        "event": pending.event,
        "occurredAt": pending.occurred_at.isoformat().replace("+00:00", "Z"),
        "council": council,
        "entity": entity,
        "entityId": pending.entity_id,
        "caseId": str(pending.case_id) if pending.case_id else None,
        "service": service,
        "reference": reference,
        "link": link,
        **dict(pending.extra),
    }
