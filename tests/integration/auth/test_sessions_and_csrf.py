"""Cookie sessions: CSRF on every unsafe cookie-authenticated request, sign-out, idle and absolute
lifetimes, the cookie's attributes, audit of sign-in and sign-out, disabled users, membership
changes taking effect on the next request, and no development sign-in in production.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from authz_support import (
    Turns,
    assert_problem,
    audit_entries,
    ensure_signing_key,
    holds,
    now,
    roles_of_email,
    stored_settings,
    unique_email,
)
from conftest import make_user, sign_in
from litestar.routes import HTTPRoute

from app.auth import principals

CSRF = "X-CSRF-Token"


def refused_csrf(response: Any) -> None:
    body = assert_problem(response, 403, "CSRF check failed")
    assert "CSRF token" in body["detail"]


async def signed_in(http: Any) -> bool:
    return bool((await http.get("/auth/session")).json()["signedIn"])


async def test_cookie_writes_without_the_csrf_token_are_refused_and_change_nothing(
    client: Any, make_tenant: Any
) -> None:
    tenant = make_tenant()
    token = client.headers.pop(CSRF)
    settings = f"/api/v1/{tenant.slug}/settings"
    target = make_user({tenant.id: ["council_auditor"]})
    email = unique_email()
    grant = {"email": email, "roles": ["council_auditor"]}
    attempts = [
        ("PATCH", settings, {"json": {"publicContactPhone": "01632 960000"}}),
        ("POST", f"/api/v1/{tenant.slug}/members", {"json": grant}),
        ("DELETE", f"/api/v1/{tenant.slug}/members/{target.id}/roles/council_auditor", {}),
        ("POST", "/api/v1/platform/clients", {"json": {"name": "csrf victim"}}),
    ]
    for method, url, kwargs in attempts:
        refused_csrf(await client.request(method, url, **kwargs))
        wrong = await client.request(method, url, headers={CSRF: token[::-1]}, **kwargs)
        refused_csrf(wrong)
    assert "publicContactPhone" not in stored_settings(tenant)
    assert roles_of_email(email, tenant.id) == set()
    assert holds(target.id, tenant.id, "council_auditor")
    assert "csrf victim" not in [
        c["name"] for c in (await client.get("/api/v1/platform/clients")).json()
    ]

    passed = await client.patch(
        settings, json={"publicContactPhone": "01632 960000"}, headers={CSRF: token}
    )
    assert passed.status_code == 200, passed.text
    assert stored_settings(tenant)["publicContactPhone"] == "01632 960000"


async def test_form_posts_need_the_csrf_field(client: Any, operator: Any) -> None:
    token = client.headers.pop(CSRF)
    refused_csrf(await client.post("/auth/sign-out", data={"next": "/"}))
    refused_csrf(await client.post("/auth/sign-out", data={"_csrf": "forged"}))
    refused_csrf(await client.post("/auth/dev", data={"user_id": str(operator.id)}))
    assert await signed_in(client)
    signed_out = await client.post("/auth/sign-out", data={"_csrf": token}, follow_redirects=False)
    assert signed_out.is_redirect, signed_out.text
    assert not await signed_in(client)


async def test_bearer_requests_need_no_csrf_token(anonymous: Any, operator: Any) -> None:
    ensure_signing_key()
    turns = Turns(anonymous)
    await turns.sign_in("operator", operator)
    with turns.acting("operator") as http:
        made = await http.post("/api/v1/platform/clients", json={"name": "ops bot", "write": True})
    assert made.status_code == 201, made.text
    credentials = made.json()
    issued = await anonymous.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(credentials["clientId"], credentials["clientSecret"]),
    )
    assert issued.status_code == 200, issued.text
    bearer = {"Authorization": f"Bearer {issued.json()['access_token']}"}
    turns.clear()
    created = await anonymous.post(
        "/api/v1/platform/clients", json={"name": "made by bearer"}, headers=bearer
    )
    assert created.status_code == 201, created.text
    assert created.json()["tenant"] is None
    with turns.acting("operator") as http:
        http.headers.pop(CSRF)
        # A browser that also sends a bearer token is the bearer client, not the cookie's user.
        beside = await http.post(
            "/api/v1/platform/clients", json={"name": "bearer beside a cookie"}, headers=bearer
        )
        assert beside.status_code == 201, beside.text
        refused_csrf(await http.post("/api/v1/platform/clients", json={"name": "cookie only"}))
    made_by_bearer = audit_entries("client.created", actor=f"client:{credentials['clientId']}")
    assert [e["detail"]["name"] for e in made_by_bearer] == [
        "made by bearer",
        "bearer beside a cookie",
    ]


async def test_sign_out_ends_the_session_for_good_and_is_audited(
    anonymous: Any, make_tenant: Any
) -> None:
    tenant = make_tenant()
    user = make_user({tenant.id: ["council_auditor"]})
    await sign_in(anonymous, user)
    settings = f"/api/v1/{tenant.slug}/settings"
    assert (await anonymous.get(settings)).status_code == 200
    cookie = anonymous.cookies.get("vesta_session")
    since = now()
    signed_out = await anonymous.post("/auth/sign-out", follow_redirects=False)
    assert signed_out.is_redirect
    assert signed_out.headers["location"] == "/auth/dev"
    assert_problem(await anonymous.get(settings), 401, "Sign-in required")
    anonymous.cookies.set("vesta_session", cookie, domain="testserver.local")
    assert_problem(await anonymous.get(settings), 401, "Sign-in required")
    [entry] = audit_entries("user.signed_out", actor=f"user:{user.id}", since=since)
    assert entry["tenant_id"] is None


async def test_sign_in_sets_a_hardened_cookie_and_is_audited(anonymous: Any) -> None:
    user = make_user({}, name="Cookie Inspector")
    await anonymous.get("/auth/dev")
    token = (await anonymous.get("/auth/session")).json()["csrfToken"]
    since = now()
    response = await anonymous.post(
        "/auth/dev", data={"user_id": str(user.id), "_csrf": token}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    [cookie] = [
        c for c in response.headers.get_list("set-cookie") if c.startswith("vesta_session=")
    ]
    attributes = {part.strip().split("=")[0].lower(): part for part in cookie.split(";")[1:]}
    assert "httponly" in attributes, cookie
    assert "secure" in attributes, cookie
    assert attributes["samesite"].strip().lower() == "samesite=lax", cookie
    assert attributes["path"].strip() == "Path=/", cookie
    [entry] = audit_entries("user.signed_in", actor=f"user:{user.id} <{user.email}>", since=since)
    assert entry["detail"] == {"method": "development"}


async def test_signing_in_issues_a_new_session_id(anonymous: Any) -> None:
    user = make_user({}, name="Fixation Victim")
    await anonymous.get("/auth/dev")
    token = (await anonymous.get("/auth/session")).json()["csrfToken"]
    planted = anonymous.cookies.get("vesta_session")
    assert planted
    await anonymous.post("/auth/dev", data={"user_id": str(user.id), "_csrf": token})
    assert await signed_in(anonymous)
    victims = anonymous.cookies.get("vesta_session")
    anonymous.cookies.clear()
    anonymous.cookies.set("vesta_session", planted, domain="testserver.local")
    attacker_signed_in = await signed_in(anonymous)
    assert victims != planted, "the session id was not renewed at sign-in"
    assert not attacker_signed_in, "the pre-sign-in session id is now signed in"


async def test_idle_sessions_expire_and_activity_keeps_them_alive(
    anonymous: Any, make_tenant: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = make_tenant()
    await sign_in(anonymous, make_user({tenant.id: ["council_auditor"]}))
    url = f"/api/v1/{tenant.slug}/settings"
    monkeypatch.setattr(principals, "IDLE_SECONDS", 0.6)
    for _ in range(4):  # 1.4 s in all, never idle for 0.6 s
        await asyncio.sleep(0.35)
        assert (await anonymous.get(url)).status_code == 200
    await asyncio.sleep(0.8)
    assert_problem(await anonymous.get(url), 401)
    monkeypatch.undo()
    assert_problem(await anonymous.get(url), 401)  # cleared, not merely refused
    assert not await signed_in(anonymous)


async def test_sessions_end_at_their_absolute_lifetime_however_busy(
    anonymous: Any, make_tenant: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = make_tenant()
    monkeypatch.setattr(principals, "ABSOLUTE_SECONDS", 1.5)
    await sign_in(anonymous, make_user({tenant.id: ["council_auditor"]}))
    url = f"/api/v1/{tenant.slug}/settings"
    for _ in range(2):
        await asyncio.sleep(0.3)
        assert (await anonymous.get(url)).status_code == 200
    await asyncio.sleep(1.1)
    assert_problem(await anonymous.get(url), 401)


async def test_a_disabled_users_session_stops_working(anonymous: Any, make_tenant: Any) -> None:
    from tenancy.binding import platform_session_sync
    from tenancy.principals import User

    tenant = make_tenant()
    user = make_user({tenant.id: ["council_auditor"]})
    await sign_in(anonymous, user)
    url = f"/api/v1/{tenant.slug}/settings"
    assert (await anonymous.get(url)).status_code == 200
    for disabled in (True, False):
        with platform_session_sync() as session:
            session.get(User, user.id).disabled = disabled  # type: ignore[union-attr]
        assert_problem(await anonymous.get(url), 401)  # and stays signed out once re-enabled
    assert not await signed_in(anonymous)


async def test_membership_changes_are_audited_and_apply_on_the_next_request(
    anonymous: Any, operator: Any, make_tenant: Any
) -> None:
    tenant = make_tenant()
    user = make_user({tenant.id: ["council_auditor"]}, name="Promoted Officer")
    settings = f"/api/v1/{tenant.slug}/settings"
    change = {"json": {"publicContactPhone": "01632 960001"}}
    base = f"/api/v1/{tenant.slug}/members/{user.id}/roles"
    operator_name = f"user:{operator.id} <{operator.email}>"
    people = Turns(anonymous)
    await people.sign_in("operator", operator)
    await people.sign_in("officer", user)
    since = now()
    with people.acting("officer") as officer:
        assert_problem(await officer.patch(settings, **change), 403, "Forbidden")
    with people.acting("operator") as admin:
        granted = await admin.post(
            f"/api/v1/{tenant.slug}/members",
            json={"email": user.email, "roles": ["council_administrator"]},
        )
        assert granted.status_code == 200, granted.text
    with people.acting("officer") as officer:
        assert (await officer.patch(settings, **change)).status_code == 200
    with people.acting("operator") as admin:
        assert (await admin.delete(f"{base}/council_administrator")).status_code == 204
    with people.acting("officer") as officer:
        assert_problem(await officer.patch(settings, **change), 403, "Forbidden")
    with people.acting("operator") as admin:
        assert (await admin.delete(f"{base}/council_auditor")).status_code == 204
    with people.acting("officer") as officer:
        assert_problem(await officer.get(settings), 404)
    [grant] = audit_entries(
        "membership.granted", tenant_id=tenant.id, actor=operator_name, since=since
    )
    assert grant["detail"]["role"] == "council_administrator"
    revoked = audit_entries(
        "membership.revoked", tenant_id=tenant.id, actor=operator_name, since=since
    )
    assert [e["detail"] for e in revoked] == [
        {"userId": str(user.id), "role": "council_administrator"},
        {"userId": str(user.id), "role": "council_auditor"},
    ]


async def test_no_development_sign_in_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    """The production app is driven without its lifespan (no database or listener needed for
    routing), which also keeps clear of the listener shutdown bug in test_policy_notifications."""
    from app.auth.routes import dev_sign_in_enabled
    from app.main import create_app

    monkeypatch.setenv("VESTA_ENV", "production")
    production = create_app()
    paths = {r.path for r in production.routes if isinstance(r, HTTPRoute)}
    assert "/auth/dev" not in paths
    assert {"/auth/session", "/auth/sign-out", "/oauth/token"} <= paths
    transport = httpx.ASGITransport(app=production)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver.local") as http:
        assert_problem(await http.get("/auth/dev"), 404)
        assert_problem(await http.post("/auth/dev", data={"user_id": "x"}), 404)
    monkeypatch.undo()
    assert dev_sign_in_enabled()
    development = {r.path for r in create_app().routes if isinstance(r, HTTPRoute)}
    assert "/auth/dev" in development


async def test_sign_out_answers_303_as_declared(client: Any) -> None:
    response = await client.post("/auth/sign-out", follow_redirects=False)
    assert response.status_code == 303


async def test_cookieless_requests_leave_no_session_behind(anonymous: Any) -> None:
    import redis

    from tenancy.settings import get_settings

    settings = get_settings()
    pattern = f"{settings.queue_namespace}-sessions:*"
    store = redis.Redis.from_url(settings.redis_url)
    try:
        before = len(list(store.scan_iter(pattern)))
        for _ in range(3):
            anonymous.cookies.clear()
            live = await anonymous.get("/health/live")
            assert live.status_code == 200
        after = len(list(store.scan_iter(pattern)))
    finally:
        store.close()
    assert after == before, f"{after - before} sessions stored for 3 anonymous requests"
    assert "set-cookie" not in live.headers, live.headers["set-cookie"]
