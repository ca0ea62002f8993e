"""Sending deliveries: POST the JSON, signed; 2xx is delivered, anything else is tried again
later, with exponential backoff, until the last allowed try (then abandoned).

Each due row is taken with ``FOR UPDATE SKIP LOCKED`` and its outcome committed before the next
is taken, so two workers never send the same row at once and a delivered row is never sent
again. A worker killed between sending and committing sends that row again: receivers dedupe on
``Webhook-Id``, which is the delivery's id and the same on every try. Redirects are not followed
(a 3xx is a failure) and timeouts are short, so a slow receiver cannot hold a worker. A
subscription whose last :data:`PAUSE_AFTER` deliveries were all abandoned is paused.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import httpx
from cryptography.exceptions import InvalidTag
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from services.core.webhooks import secrets
from services.core.webhooks.events import PING
from services.core.webhooks.models import (
    ABANDONED,
    DELIVERED,
    FAILED,
    PENDING,
    WebhookDelivery,
    WebhookSubscription,
)
from tenancy.models import utcnow

#: Waits after the 1st, 2nd … failed try; one try more than there are waits, then abandoned.
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=8),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
PAUSE_AFTER = 3
TIMEOUT = httpx.Timeout(5.0, connect=3.0)
BATCH = 20
USER_AGENT = "Vesta-Webhooks/1"


@dataclass(frozen=True, slots=True)
class Run:
    """What one run did: rows delivered, tried and failed, and when the next try is due."""

    delivered: int
    failed: int
    more_due: bool
    next_due: dt.datetime | None


def _due(now: dt.datetime) -> Any:
    return (
        select(WebhookDelivery)
        .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
        .where(
            WebhookDelivery.status.in_((PENDING, FAILED)),
            WebhookDelivery.next_attempt_at <= now,
            or_(WebhookSubscription.active.is_(True), WebhookDelivery.event == PING),
        )
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(1)
        .with_for_update(of=WebhookDelivery, skip_locked=True)
    )


def body_of(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()


def headers_for(delivery: WebhookDelivery, secret: str, body: bytes) -> dict[str, str]:
    stamp = int(utcnow().timestamp())
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Webhook-Id": str(delivery.id),
        "Webhook-Timestamp": str(stamp),
        "Webhook-Signature": secrets.signature(secret, str(delivery.id), stamp, body),
    }


def _send(
    client: httpx.Client, url: str, headers: dict[str, str], body: bytes
) -> tuple[int | None, str | None]:
    try:
        response = client.post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    if 200 <= response.status_code < 300:
        return response.status_code, None
    return response.status_code, f"HTTP {response.status_code}"


def attempt(
    session: Session, delivery: WebhookDelivery, client: httpx.Client, now: dt.datetime
) -> bool:
    """Try ``delivery`` once and record the outcome; whether it was delivered."""
    subscription = session.get(WebhookSubscription, delivery.subscription_id)
    assert subscription is not None  # a foreign key, deleted with its subscription
    body = body_of(delivery.payload)
    try:
        secret = secrets.decrypt(subscription.secret_encrypted, subscription.id)
    except (secrets.SecretsUnavailable, InvalidTag) as exc:  # never sent unsigned
        code, error = None, f"cannot sign: {type(exc).__name__} {exc}"[:500]
    else:
        code, error = _send(client, subscription.url, headers_for(delivery, secret, body), body)
    delivery.attempts += 1
    delivery.last_status_code = code
    delivery.last_error = error
    if error is None:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = DELIVERED, now, None
        return True
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = ABANDONED, None
        session.flush()
        _pause_if_failing(session, subscription)
    else:
        delivery.status = FAILED
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
    return False


def _pause_if_failing(session: Session, subscription: WebhookSubscription) -> None:
    recent = session.scalars(
        select(WebhookDelivery.status)
        .where(
            WebhookDelivery.subscription_id == subscription.id,
            WebhookDelivery.status.in_((DELIVERED, ABANDONED)),
        )
        .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
        .limit(PAUSE_AFTER)
    ).all()
    if subscription.active and len(recent) == PAUSE_AFTER and set(recent) == {ABANDONED}:
        subscription.active = False
        subscription.paused_reason = (
            f"Paused: the last {PAUSE_AFTER} deliveries were abandoned after {MAX_ATTEMPTS} "
            "tries each. Fix the receiver, then resume the subscription."
        )


def next_due(session: Session) -> dt.datetime | None:
    """When the earliest waiting delivery of an active subscription is next due."""
    return session.scalar(
        select(func.min(WebhookDelivery.next_attempt_at))
        .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
        .where(
            WebhookDelivery.status.in_((PENDING, FAILED)),
            or_(WebhookSubscription.active.is_(True), WebhookDelivery.event == PING),
        )
    )


def deliver_due(
    session: Session,
    *,
    now: dt.datetime | None = None,
    client: httpx.Client | None = None,
    limit: int = BATCH,
) -> Run:
    """Send up to ``limit`` due deliveries of the session's council, committing each outcome."""
    now = now or utcnow()
    delivered = failed = taken = 0
    own = client is None
    http = client or httpx.Client(timeout=TIMEOUT, follow_redirects=False)
    try:
        while taken < limit:
            delivery = session.scalars(_due(now)).first()
            if delivery is None:
                break
            taken += 1
            if attempt(session, delivery, http, now):
                delivered += 1
            else:
                failed += 1
            session.commit()
    finally:
        if own:
            http.close()
    more = taken == limit and session.scalars(_due(now)).first() is not None
    session.commit()
    return Run(delivered, failed, more, next_due(session))


__all__ = ["BACKOFF", "MAX_ATTEMPTS", "PAUSE_AFTER", "Run", "attempt", "deliver_due"]
