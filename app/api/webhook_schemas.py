"""Wire shapes of the webhook routes (``/api/v1/{tenant}/webhooks``), with OpenAPI examples
that tell one story: Ashcombe's GIS team subscribes to its planning cases."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from app.api.casework.shapes import Out, Patch, RecordedBy, Struct
from app.api.openapi_examples import example
from services.core.webhooks.events import EventName
from services.core.webhooks.models import WebhookDelivery, WebhookSubscription

SUBSCRIPTION_ID = "0195f3c2-4a10-7b3e-9d21-6c8e5f4a2b10"
DELIVERY_ID = "0195f3c9-0c4d-7e1a-8b6f-2d9c3a7e5f01"
CASE_ID = "0195f3c2-1b7e-7d4a-8c2f-3e9a6b1d5f70"
RECEIVER = "https://gis.ashcombe.example/hooks/vesta"
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3B4k1vGaQEo="  # noqa: S105 (an example)

Url = Annotated[str, msgspec.Meta(min_length=1, max_length=2000, examples=[RECEIVER])]
Events = Annotated[
    list[EventName],
    msgspec.Meta(
        min_length=1,
        max_length=40,
        examples=[["case.created", "case.status_changed", "case.decided"]],
        description="Event names (see the webhook event catalogue), or `*` for every event",
    ),
]
Services = Annotated[
    list[str],
    msgspec.Meta(max_length=10, examples=[["planning"]], description="Only these services"),
]
Description = Annotated[
    str, msgspec.Meta(min_length=1, max_length=300, examples=["GIS layer of live applications"])
]
DeliveryStatus = Literal["pending", "delivered", "failed", "abandoned"]


class WebhookCreate(Struct):
    """A new subscription: where to POST, which events, optionally only some services'."""

    url: Url
    events: Events
    services: Services | None = None
    description: Description | None = None


class WebhookPatch(Patch):
    """Change some of a subscription; ``active: false`` pauses it, ``true`` resumes it."""

    url: Url | msgspec.UnsetType = msgspec.UNSET
    events: Events | msgspec.UnsetType = msgspec.UNSET
    services: Services | msgspec.UnsetType | None = msgspec.UNSET
    description: Description | msgspec.UnsetType | None = msgspec.UNSET
    active: Annotated[bool, example(False)] | msgspec.UnsetType = msgspec.UNSET


class WebhookOut(Out):
    id: Annotated[UUID, example(SUBSCRIPTION_ID)]
    url: Url
    description: Description | None
    events: Events
    services: Services | None
    active: Annotated[bool, example(True)]
    paused_reason: (
        Annotated[str, example("Paused: the last 3 deliveries were abandoned after 6 tries each.")]
        | None
    )
    origin_authority: Annotated[str, example("E07000123")] | None
    created_by: RecordedBy
    created_at: Annotated[dt.datetime, example("2026-03-02T09:15:00Z")]
    version: Annotated[int, example(1)]

    @classmethod
    def of(cls, row: WebhookSubscription) -> WebhookOut:
        return cls(**{f: getattr(row, f) for f in WebhookOut.__struct_fields__})


class WebhookCreated(WebhookOut):
    """The new subscription, with its signing secret: shown this once, never again."""

    secret: Annotated[
        str,
        msgspec.Meta(
            examples=[SECRET],
            description="Verify each delivery's Webhook-Signature with it (Standard Webhooks)",
        ),
    ]


class DeliveryOut(Out):
    id: Annotated[UUID, example(DELIVERY_ID)]
    event: Annotated[str, example("case.created")]
    status: Annotated[DeliveryStatus, example("delivered")]
    attempts: Annotated[int, example(1)]
    last_status_code: Annotated[int, example(204)] | None
    last_error: Annotated[str, example("HTTP 503")] | None
    next_attempt_at: Annotated[dt.datetime, example("2026-03-02T09:21:00Z")] | None
    delivered_at: Annotated[dt.datetime, example("2026-03-02T09:15:02Z")] | None
    created_at: Annotated[dt.datetime, example("2026-03-02T09:15:00Z")]
    payload: Annotated[
        dict[str, object],
        example(
            {
                "event": "case.created",
                "occurredAt": "2026-03-02T09:15:00Z",
                "council": {"slug": "ashcombe", "gssCode": "E07000123"},
                "entity": "case",
                "entityId": CASE_ID,
                "caseId": CASE_ID,
                "service": "planning",
                "reference": "26/00042/HOUSE",
                "link": "/api/v1/ashcombe/planning/applications/26-00042-HOUSE",
            }
        ),
    ]

    @classmethod
    def of(cls, row: WebhookDelivery) -> DeliveryOut:
        return cls(**{f: getattr(row, f) for f in DeliveryOut.__struct_fields__})
