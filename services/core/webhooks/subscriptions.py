"""Managing a council's webhook subscriptions: check a URL, create (the secret shown once),
change, pause and resume, delete, ping, and list subscriptions and their deliveries.

Every change is audited (entity ``webhook_subscriptions``, never with the secret). Bad input is a
:class:`~services.core.cases.store.CaseRuleError` naming the field, raised before anything is
written.

URLs must use HTTPS. Plain HTTP is accepted only for a receiver on this machine (``localhost``,
``127.0.0.1``, ``::1``), and only outside production, where loopback receivers are refused
altogether; addresses in private, link-local and other reserved ranges are refused everywhere, so
a subscription cannot point the deliverer at the council's internal network by IP address. (A
host name resolving to such an address is not caught here: production egress should go through a
proxy that refuses internal destinations.)
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from uuid_utils.compat import uuid7

from services.core.cases.store import CaseRuleError, jsonable
from services.core.store import record_audit
from services.core.webhooks import secrets
from services.core.webhooks.events import EVENTS, EVERY, PING, PendingEvent, payload
from services.core.webhooks.models import WebhookDelivery, WebhookSubscription
from services.core.webhooks.outbox import request_delivery
from tenancy.models import utcnow
from tenancy.settings import get_settings

ENTITY = "webhook_subscriptions"
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
SHOWN = ("url", "description", "events", "services", "active", "paused_reason")


def check_url(url: str, *, pointer: str = "/url") -> str:
    """``url`` if a subscription may use it, else a :class:`CaseRuleError` at ``pointer``."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    production = get_settings().is_production
    if parts.scheme not in ("https", "http") or not host:
        raise CaseRuleError(pointer, "must be an absolute https:// URL")
    if parts.username is not None or parts.password is not None:
        raise CaseRuleError(pointer, "must not carry a user name or password")
    if parts.fragment:
        raise CaseRuleError(pointer, "must not have a #fragment")
    if host in LOOPBACK_HOSTS:
        if production:
            raise CaseRuleError(pointer, "must not point at this machine")
        return url
    if parts.scheme != "https":
        raise CaseRuleError(pointer, "must use https:// (http only for localhost in development)")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return url
    if not address.is_global:
        raise CaseRuleError(pointer, f"must not point at a private or reserved address ({host})")
    return url


def check_events(events: Sequence[str], *, pointer: str = "/events") -> list[str]:
    if not events:
        raise CaseRuleError(pointer, "name at least one event, or `*` for every event")
    for index, name in enumerate(events):
        if name != EVERY and name not in EVENTS:
            raise CaseRuleError(f"{pointer}/{index}", f"{name!r} is not a webhook event")
    return sorted(set(events))


def check_services(
    services: Sequence[str] | None, enabled: Sequence[str], *, pointer: str = "/services"
) -> list[str] | None:
    if not services:
        return None
    for index, code in enumerate(services):
        if code not in enabled:
            raise CaseRuleError(f"{pointer}/{index}", f"the council does not use {code!r}")
    return sorted(set(services))


def shown(subscription: WebhookSubscription) -> dict[str, Any]:
    """What the audit records of a subscription (never its secret)."""
    return {key: jsonable(getattr(subscription, key)) for key in SHOWN}


async def create(
    session: AsyncSession,
    *,
    url: str,
    events: Sequence[str],
    services: Sequence[str] | None,
    description: str | None,
    enabled: Sequence[str],
    actor: str,
) -> tuple[WebhookSubscription, str]:
    """A new active subscription and its signing secret (which is not kept in the clear)."""
    checked = (check_url(url), check_events(events), check_services(services, enabled))
    ident, secret = uuid7(), secrets.new_secret()
    subscription = WebhookSubscription(
        id=ident,
        url=checked[0],
        events=checked[1],
        services=checked[2],
        description=description,
        secret_encrypted=secrets.encrypt(secret, ident),
        active=True,
        created_by=actor,
    )
    session.add(subscription)
    await session.flush()
    _audit(session, actor, "webhook.created", subscription, None)
    return subscription, secret


async def change(
    session: AsyncSession,
    subscription: WebhookSubscription,
    changes: Mapping[str, Any],
    *,
    enabled: Sequence[str],
    actor: str,
) -> None:
    """Apply a partial update (url, events, services, description, active)."""
    checked = dict(changes)
    if "url" in checked:
        checked["url"] = check_url(checked["url"])
    if "events" in checked:
        checked["events"] = check_events(checked["events"])
    if "services" in checked:
        checked["services"] = check_services(checked["services"], enabled)
    if checked.get("active") is False and subscription.active:
        checked["paused_reason"] = f"Paused by {actor}"
    elif checked.get("active") is True:
        checked["paused_reason"] = None
    before = shown(subscription)
    for key, value in checked.items():
        setattr(subscription, key, value)
    if shown(subscription) == before:
        return
    await session.flush()
    _audit(session, actor, "webhook.updated", subscription, before)
    if checked.get("active") is True:
        request_delivery(session)


async def resume(session: AsyncSession, subscription: WebhookSubscription, *, actor: str) -> None:
    """Switch a paused subscription back on; what waited while it was paused is sent."""
    await change(session, subscription, {"active": True}, enabled=(), actor=actor)


async def remove(session: AsyncSession, subscription: WebhookSubscription, *, actor: str) -> None:
    """Delete a subscription and its deliveries (pending ones are never sent)."""
    _audit(session, actor, "webhook.deleted", subscription, shown(subscription), after=False)
    await session.delete(subscription)
    await session.flush()


async def ping(
    session: AsyncSession, subscription: WebhookSubscription, *, council: dict[str, str]
) -> WebhookDelivery:
    """Queue a ``ping`` for the subscription (sent even while it is paused, to test it)."""
    note = PendingEvent(PING, ENTITY, str(subscription.id), None, utcnow())
    body = payload(note, council=council, service=None, reference=None, link=None)
    delivery = WebhookDelivery(subscription_id=subscription.id, event=PING, payload=body)
    session.add(delivery)
    await session.flush()
    request_delivery(session)
    return delivery


def _audit(
    session: AsyncSession,
    actor: str,
    action: str,
    subscription: WebhookSubscription,
    before: dict[str, Any] | None,
    *,
    after: bool = True,
) -> None:
    record_audit(
        session,
        actor=actor,
        action=action,
        entity=ENTITY,
        entity_id=str(subscription.id),
        before=before,
        after=shown(subscription) if after else None,
    )


async def find(session: AsyncSession, ident: UUID) -> WebhookSubscription | None:
    return await session.get(WebhookSubscription, ident)


async def listed(
    session: AsyncSession, *, page: int, per_page: int
) -> tuple[Sequence[WebhookSubscription], int]:
    total = await session.scalar(select(func.count()).select_from(WebhookSubscription))
    rows = await session.scalars(
        select(WebhookSubscription)
        .order_by(WebhookSubscription.created_at, WebhookSubscription.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return rows.all(), int(total or 0)


async def deliveries(
    session: AsyncSession,
    subscription: WebhookSubscription,
    *,
    page: int,
    per_page: int,
    status: str | None = None,
) -> tuple[Sequence[WebhookDelivery], int]:
    """The subscription's deliveries, newest first."""
    where = [WebhookDelivery.subscription_id == subscription.id]
    if status is not None:
        where.append(WebhookDelivery.status == status)
    total = await session.scalar(select(func.count()).select_from(WebhookDelivery).where(*where))
    rows = await session.scalars(
        select(WebhookDelivery)
        .where(*where)
        .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return rows.all(), int(total or 0)
