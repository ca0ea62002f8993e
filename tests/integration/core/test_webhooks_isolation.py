"""Tenant isolation for every webhook route, read from the app's own route list: another
council's administrator gets 404 for this council's subscription through either council's path,
sees none of it in their own lists, and nothing is written. (Their OpenAPI documentation is
checked with every other route's, in ``test_openapi_docs.py``.)"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from conftest import make_user, sign_in
from litestar.routes import HTTPRoute
from sqlalchemy import func, select

from services.core.models import AuditEntry
from services.core.webhooks import secrets
from services.core.webhooks.models import WebhookDelivery, WebhookSubscription
from tenancy.binding import tenant_session_sync

BASE = "/api/v1/{tenant:str}/webhooks"
BODIES: dict[tuple[str, str], Any] = {
    ("GET", ""): None,
    ("POST", ""): {"url": "https://elsewhere.example/hook", "events": ["*"]},
    ("GET", "/{webhook_id:uuid}"): None,
    ("PATCH", "/{webhook_id:uuid}"): {"active": False},
    ("DELETE", "/{webhook_id:uuid}"): None,
    ("GET", "/{webhook_id:uuid}/deliveries"): None,
    ("POST", "/{webhook_id:uuid}/ping"): None,
    ("POST", "/{webhook_id:uuid}/resume"): None,
}


@cache
def webhook_routes() -> tuple[tuple[str, str], ...]:
    from app.main import create_app

    found = {
        (method, route.path.removeprefix(BASE))
        for route in create_app().routes
        if isinstance(route, HTTPRoute) and route.path.startswith(BASE)
        for handler in route.route_handlers
        for method in handler.http_methods - {"HEAD", "OPTIONS"}
    }
    return tuple(sorted(found, key=lambda r: (r[1], r[0])))


def test_every_webhook_route_has_a_body_entry() -> None:
    assert set(webhook_routes()) == BODIES.keys()


def subscription(tenant: Any) -> Any:
    from uuid_utils.compat import uuid7

    ident = uuid7()
    with tenant_session_sync(tenant.schema_name) as session:
        session.add(
            WebhookSubscription(
                id=ident,
                url="https://gis.example/hook",
                events=["*"],
                secret_encrypted=secrets.encrypt(secrets.new_secret(), ident),
                active=False,
                paused_reason="Paused to test isolation",
                created_by="test",
            )
        )
    return ident


def state(tenant: Any) -> tuple[Any, ...]:
    with tenant_session_sync(tenant.schema_name) as session:
        return (
            session.execute(select(WebhookSubscription.id, WebhookSubscription.version)).all(),
            session.scalar(select(func.count()).select_from(WebhookDelivery)),
            session.scalar(select(func.count()).select_from(AuditEntry)),
        )


@pytest.mark.parametrize(("method", "suffix"), webhook_routes(), ids=lambda v: str(v))
async def test_another_council_cannot_reach_a_webhook(
    anonymous, make_tenant, method, suffix
) -> None:
    council, other = make_tenant("hooks"), make_tenant("elsewhere")
    ident = subscription(council)
    other_ident = subscription(other)
    outsider = make_user({other.id: ["council_administrator"]}, name="Olly Outsider")
    await sign_in(anonymous, outsider)
    before, theirs = state(council), state(other)
    path = suffix.replace("{webhook_id:uuid}", str(ident))
    headers = {"If-Match": f'"{ident}.1"'}
    body = BODIES[method, suffix]

    via_own = await anonymous.request(
        method, f"/api/v1/{other.slug}/webhooks{path}", json=body, headers=headers
    )
    via_theirs = await anonymous.request(
        method, f"/api/v1/{council.slug}/webhooks{path}", json=body, headers=headers
    )

    assert via_theirs.status_code == 404, via_theirs.text
    if "{" in suffix:
        assert via_own.status_code == 404, via_own.text
        assert state(other) == theirs
    elif method == "GET":
        assert [s["id"] for s in via_own.json()["data"]] == [str(other_ident)]
    assert state(council) == before
