"""Recipes for the webhook routes (``app/api/webhooks.py``): each makes the subscription it
needs directly in the council's schema, sends a valid request, and says whether a write landed.
Receivers are never contacted (nothing here runs the delivery job)."""

from __future__ import annotations

import uuid
from typing import Any

from authz_support import Outcome, Recipe
from sqlalchemy import func, select

BASE = "/api/v1/{tenant:str}/webhooks"
ONE = BASE + "/{webhook_id:uuid}"


def _subscription(tenant: Any, *, active: bool = True) -> Any:
    from services.core.webhooks import secrets
    from services.core.webhooks.models import WebhookSubscription
    from tenancy.binding import tenant_session_sync

    ident = uuid.uuid4()
    with tenant_session_sync(tenant.schema_name) as session:
        row = WebhookSubscription(
            id=ident,
            url=f"https://hooks.example/{ident}",
            events=["case.created"],
            secret_encrypted=secrets.encrypt(secrets.new_secret(), ident),
            active=active,
            paused_reason=None if active else "Paused for the matrix",
            created_by="test",
        )
        session.add(row)
    return ident


def _stored(tenant: Any, ident: Any) -> Any:
    from services.core.webhooks.models import WebhookSubscription
    from tenancy.binding import tenant_session_sync

    with tenant_session_sync(tenant.schema_name) as session:
        row = session.get(WebhookSubscription, ident)
        if row is not None:
            session.expunge(row)
        return row


def _pings(tenant: Any, ident: Any) -> int:
    from services.core.webhooks.models import WebhookDelivery
    from tenancy.binding import tenant_session_sync

    with tenant_session_sync(tenant.schema_name) as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(WebhookDelivery)
                .where(WebhookDelivery.subscription_id == ident, WebhookDelivery.event == "ping")
            )
            or 0
        )


def _url(tenant: Any, ident: Any = None, suffix: str = "") -> str:
    base = f"/api/v1/{tenant.slug}/webhooks"
    return base if ident is None else f"{base}/{ident}{suffix}"


async def _list(http: Any, tenant: Any) -> Outcome:
    return Outcome(await http.get(_url(tenant)))


async def _create(http: Any, tenant: Any) -> Outcome:
    url = f"https://hooks.example/{uuid.uuid4()}"
    response = await http.post(_url(tenant), json={"url": url, "events": ["case.created"]})

    def landed() -> bool:
        from services.core.webhooks.models import WebhookSubscription
        from tenancy.binding import tenant_session_sync

        with tenant_session_sync(tenant.schema_name) as session:
            found = session.scalar(
                select(WebhookSubscription.id).where(WebhookSubscription.url == url)
            )
        return found is not None

    return Outcome(response, landed)


async def _read(http: Any, tenant: Any) -> Outcome:
    return Outcome(await http.get(_url(tenant, _subscription(tenant))))


async def _patch(http: Any, tenant: Any) -> Outcome:
    ident = _subscription(tenant)
    text = f"Renamed {uuid.uuid4().hex[:6]}"
    response = await http.patch(
        _url(tenant, ident), json={"description": text}, headers={"If-Match": f'"{ident}.1"'}
    )
    return Outcome(response, lambda: _stored(tenant, ident).description == text)


async def _delete(http: Any, tenant: Any) -> Outcome:
    ident = _subscription(tenant)
    response = await http.delete(_url(tenant, ident), headers={"If-Match": f'"{ident}.1"'})
    return Outcome(response, lambda: _stored(tenant, ident) is None)


async def _deliveries(http: Any, tenant: Any) -> Outcome:
    return Outcome(await http.get(_url(tenant, _subscription(tenant), "/deliveries")))


async def _ping(http: Any, tenant: Any) -> Outcome:
    ident = _subscription(tenant)
    response = await http.post(_url(tenant, ident, "/ping"))
    return Outcome(response, lambda: _pings(tenant, ident) == 1)


async def _resume(http: Any, tenant: Any) -> Outcome:
    ident = _subscription(tenant, active=False)
    response = await http.post(_url(tenant, ident, "/resume"))
    return Outcome(response, lambda: _stored(tenant, ident).active is True)


WEBHOOK_RECIPES: dict[str, Recipe] = {
    f"GET {BASE}": Recipe(200, _list, lambda body: isinstance(body["data"], list)),
    f"POST {BASE}": Recipe(201, _create, lambda body: body["secret"].startswith("whsec_")),
    f"GET {ONE}": Recipe(200, _read, lambda body: body["active"] and "secret" not in body),
    f"PATCH {ONE}": Recipe(200, _patch, lambda body: body["description"].startswith("Renamed")),
    f"DELETE {ONE}": Recipe(204, _delete),
    f"GET {ONE}/deliveries": Recipe(200, _deliveries, lambda body: body["data"] == []),
    f"POST {ONE}/ping": Recipe(202, _ping, lambda body: body["event"] == "ping"),
    f"POST {ONE}/resume": Recipe(
        200, _resume, lambda body: body["active"] and body["pausedReason"] is None
    ),
}
