"""API clients end to end over HTTP: create, get a token with HTTP Basic, use it; every kind of
bad token is a 401; revocation and secret rotation bite at once; keys rotate without breaking
tokens already issued; the token endpoint and the client routes write their audit entries.

Every tenant route that exists today belongs to the pseudo-service ``core``, so to exercise the
guard's per-service rules the tests register two probe routes, declared exactly as a service's
routes will be (``requires("planning", …)``, ``requires("licensing", …)``), on a second instance
of the real app. The guard, token verification and database are the real ones.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest
from authz_support import (
    Turns,
    assert_problem,
    audit_entries,
    ensure_signing_key,
    http_client,
    new_tenant,
    now,
)
from litestar import get, post
from sqlalchemy import func, select
from token_forgery import forge, parts

from app.auth.tokens import KEYS, rotate_signing_key
from app.guards import requires
from app.tenant_context import CurrentTenant


@get("/api/v1/{tenant:str}/probe/planning", opt=requires("planning", "applications", "read"))
async def planning_probe(current_tenant: CurrentTenant) -> dict[str, str]:
    return {"tenant": current_tenant.slug, "service": "planning"}


@post(
    "/api/v1/{tenant:str}/probe/licensing",
    opt=requires("licensing", "applications", "write"),
    status_code=200,
)
async def licensing_write_probe(current_tenant: CurrentTenant) -> dict[str, str]:
    return {"tenant": current_tenant.slug, "service": "licensing"}


@pytest.fixture(scope="module", autouse=True)
def signing_key() -> None:
    ensure_signing_key()


@pytest.fixture(scope="module")
def probe_app() -> Any:
    from app.main import create_app

    app = create_app()
    app.register(planning_probe)
    app.register(licensing_write_probe)
    return app


@pytest.fixture
async def api(probe_app: Any) -> AsyncIterator[Any]:
    """An integrator's HTTP client: no cookies, only what each request sends."""
    async with http_client(probe_app) as http:
        yield http


@pytest.fixture
async def ops(api: Any, operator: Any) -> Turns:
    """The platform operator, taking turns on the integrator's client to manage API clients."""
    turns = Turns(api)
    await turns.sign_in("operator", operator)
    return turns


@pytest.fixture(scope="module")
def councils() -> tuple[Any, Any]:
    return (
        new_tenant("tokens", services=("planning", "licensing")),
        new_tenant("tokens-b", services=("planning", "licensing")),
    )


def basic(client_id: str, secret: str) -> dict[str, str]:
    raw = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {raw}"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def new_client(ops: Turns, **body: Any) -> dict[str, Any]:
    with ops.acting("operator") as http:
        response = await http.post("/api/v1/platform/clients", json={"name": "Integrator", **body})
    assert response.status_code == 201, response.text
    assert response.headers["cache-control"] == "no-store"
    return response.json()  # type: ignore[no-any-return]


async def token_response(api: Any, client_id: str, secret: str) -> Any:
    return await api.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, headers=basic(client_id, secret)
    )


async def token_for(api: Any, client: dict[str, Any]) -> str:
    response = await token_response(api, client["clientId"], client["clientSecret"])
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


async def test_client_credentials_end_to_end(ops: Turns, api: Any, councils: Any) -> None:
    ours, theirs = councils
    since = now()
    made = await new_client(ops, tenant=ours.slug, services=["licensing"])
    assert (made["tenant"], made["services"], made["write"]) == (ours.slug, ["licensing"], False)
    issued = await token_response(api, made["clientId"], made["clientSecret"])
    assert issued.status_code == 200, issued.text
    body = issued.json()
    assert (body["token_type"], body["expires_in"], body["scope"]) == ("Bearer", 600, "read")
    assert issued.headers["cache-control"] == "no-store"
    header, claims = parts(body["access_token"])
    assert (header["alg"], header["kid"]) == ("RS256", KEYS.signing_key().kid)
    assert (claims["sub"], claims["tenant"], claims["aud"]) == (
        made["clientId"],
        str(ours.id),
        "vesta-api",
    )
    auth = bearer(body["access_token"])

    own = await api.get(f"/api/v1/{ours.slug}/settings", headers=auth)
    assert own.status_code == 200, own.text
    assert "referenceFormat" in own.json()
    wrong_tenant = assert_problem(
        await api.get(f"/api/v1/{theirs.slug}/settings", headers=auth), 401
    )
    assert wrong_tenant["detail"] == "This access token is not valid for this council"
    not_granted = await api.get(f"/api/v1/{ours.slug}/probe/planning", headers=auth)
    assert assert_problem(not_granted, 403)["detail"].endswith("planning:applications:read")
    read_only = await api.post(f"/api/v1/{ours.slug}/probe/licensing", headers=auth)
    assert assert_problem(read_only, 403)["detail"].endswith("licensing:applications:write")
    core_write = await api.patch(
        f"/api/v1/{ours.slug}/settings", json={"publicContactPhone": "0"}, headers=auth
    )
    assert_problem(core_write, 403)

    writer = await new_client(ops, tenant=ours.slug, services=["licensing"], write=True)
    writer_auth = bearer(await token_for(api, writer))
    wrote = await api.post(f"/api/v1/{ours.slug}/probe/licensing", headers=writer_auth)
    assert wrote.status_code == 200, wrote.text
    assert wrote.json() == {"tenant": ours.slug, "service": "licensing"}
    planner = await new_client(ops, tenant=ours.slug, services=["planning"])
    planned = await api.get(
        f"/api/v1/{ours.slug}/probe/planning", headers=bearer(await token_for(api, planner))
    )
    assert planned.status_code == 200, planned.text

    [entry] = audit_entries("token.issued", actor=f"client:{made['clientId']}", since=since)
    assert (entry["tenant_id"], entry["detail"]) == (ours.id, {"expiresIn": 600})
    assert audit_entries("client.created", tenant_id=ours.id, since=since)


@pytest.mark.parametrize(
    "kind",
    [
        "expired",
        "not-yet-valid",
        "other-key-same-kid",
        "alg-none",
        "hs256-public-key-as-secret",
        "wrong-audience",
        "wrong-issuer",
        "tampered-scope",
        "garbage",
    ],
)
async def test_unacceptable_tokens_are_401(kind: str, ops: Turns, api: Any, councils: Any) -> None:
    ours = councils[0]
    made = await new_client(ops, tenant=ours.slug, services=["planning"])
    real = await token_for(api, made)
    url = f"/api/v1/{ours.slug}/settings"
    control = await api.get(url, headers=bearer(forge(real, "control")))
    assert control.status_code == 200, "the forging helper must make otherwise-valid tokens"
    refused = await api.get(url, headers=bearer(forge(real, kind)))
    assert_problem(refused, 401, "Unauthorised")
    assert refused.headers["www-authenticate"] == 'Bearer realm="vesta"'


@pytest.mark.parametrize("header", ["{token}", "Token {token}", "Bearer", "Bearer  ", "Basic x"])
async def test_authorization_without_the_bearer_scheme_is_401(
    header: str, ops: Turns, api: Any, councils: Any
) -> None:
    ours = councils[0]
    token = await token_for(api, await new_client(ops, tenant=ours.slug))
    response = await api.get(
        f"/api/v1/{ours.slug}/settings", headers={"Authorization": header.format(token=token)}
    )
    body = assert_problem(response, 401)
    assert "Bearer" in body["detail"] or "token" in body["detail"]


async def test_a_revoked_clients_unexpired_token_is_refused_at_once(
    ops: Turns, operator: Any, api: Any, councils: Any
) -> None:
    ours = councils[0]
    made = await new_client(ops, tenant=ours.slug)
    auth = bearer(await token_for(api, made))
    assert (await api.get(f"/api/v1/{ours.slug}/settings", headers=auth)).status_code == 200
    with ops.acting("operator") as http:
        revoked = await http.post(f"/api/v1/platform/clients/{made['clientId']}/revoke")
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["revokedAt"] is not None
    refused = assert_problem(await api.get(f"/api/v1/{ours.slug}/settings", headers=auth), 401)
    assert refused["detail"] == "This API client has been revoked"
    again = await token_response(api, made["clientId"], made["clientSecret"])
    assert (again.status_code, again.json()["error"]) == (401, "invalid_client")
    [entry] = audit_entries("client.revoked", tenant_id=ours.id)
    assert entry["actor"] == f"user:{operator.id} <{operator.email}>"
    assert entry["detail"] == {"clientId": made["clientId"]}


async def test_a_rotated_secret_stops_working_and_the_new_one_works(
    ops: Turns, api: Any, councils: Any
) -> None:
    made = await new_client(ops, tenant=councils[0].slug)
    with ops.acting("operator") as http:
        rotated = await http.post(f"/api/v1/platform/clients/{made['clientId']}/rotate")
    assert rotated.status_code == 200, rotated.text
    new_secret = rotated.json()["clientSecret"]
    assert new_secret and new_secret != made["clientSecret"]
    old = await token_response(api, made["clientId"], made["clientSecret"])
    assert (old.status_code, old.json()["error"]) == (401, "invalid_client")
    new = await token_response(api, made["clientId"], new_secret)
    assert new.status_code == 200, new.text


async def test_a_bad_secret_is_invalid_client_and_audited(
    ops: Turns, api: Any, councils: Any
) -> None:
    made = await new_client(ops, tenant=councils[0].slug)
    since = now()
    for client_id in (made["clientId"], "vc_no_such_client"):
        refused = await token_response(api, client_id, "wrong-secret")
        assert refused.status_code == 401
        assert refused.json() == {
            "error": "invalid_client",
            "error_description": "Unknown, revoked or wrong secret",
        }
        assert refused.headers["www-authenticate"] == 'Basic realm="vesta"'
        assert len(audit_entries("token.refused", actor=f"client:{client_id}", since=since)) == 1
    no_basic = await api.post("/oauth/token", data={"grant_type": "client_credentials"})
    assert (no_basic.status_code, no_basic.json()["error"]) == (401, "invalid_client")
    wrong_grant = await api.post(
        "/oauth/token",
        data={"grant_type": "password"},
        headers=basic(made["clientId"], made["clientSecret"]),
    )
    assert (wrong_grant.status_code, wrong_grant.json()["error"]) == (400, "unsupported_grant_type")


async def test_an_overlong_client_id_is_still_a_plain_invalid_client(api: Any) -> None:
    refused = await token_response(api, "vc_" + "x" * 300, "wrong-secret")
    assert refused.status_code == 401, refused.text
    assert refused.json()["error"] == "invalid_client"


FIRST_KEY_SCRIPT = """
import sys, threading
from app.auth.tokens import KEYS
worker = threading.Thread(target=KEYS.signing_key, daemon=True)
worker.start()
worker.join(4)
sys.exit(3 if worker.is_alive() else 0)
"""


def test_the_first_signing_key_is_created_on_demand_without_hanging() -> None:
    """Another process sees no active key (all retired for a moment) and must make one.

    Regression: the key cache used to hold its (non-reentrant) lock while creating the first
    key, which invalidates the cache under the same lock, so the first token deadlocked."""
    from sqlalchemy import update

    from tenancy.binding import platform_session_sync
    from tenancy.principals import SigningKey

    with platform_session_sync() as session:
        saved = dict(session.execute(select(SigningKey.kid, SigningKey.retired_at)).tuples().all())
        session.execute(update(SigningKey).values(retired_at=func.now() - dt.timedelta(seconds=1)))
    try:
        child = subprocess.run(
            [sys.executable, "-c", FIRST_KEY_SCRIPT], env=os.environ.copy(), timeout=60, check=False
        )
    finally:
        with platform_session_sync() as session:
            for kid, retired_at in saved.items():
                session.execute(
                    update(SigningKey).where(SigningKey.kid == kid).values(retired_at=retired_at)
                )
        KEYS.invalidate()
    assert child.returncode == 0, "KEYS.signing_key() never returned: deadlocked"


async def test_jwks_publishes_the_signing_key_and_nothing_private(api: Any) -> None:
    kid = KEYS.signing_key().kid
    for path in ("/oauth/jwks", "/.well-known/jwks.json"):
        response = await api.get(path)
        assert response.status_code == 200
        keys = response.json()["keys"]
        assert kid in [k["kid"] for k in keys]
        for key in keys:
            assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig")
            assert {"n", "e"} <= set(key)
            assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key), key


async def test_key_rotation_keeps_issued_tokens_valid_and_signs_new_ones_with_the_new_key(
    ops: Turns, api: Any, councils: Any
) -> None:
    ours = councils[0]
    made = await new_client(ops, tenant=ours.slug)
    before = await token_for(api, made)
    old_kid = parts(before)[0]["kid"]
    new_kid = await asyncio.to_thread(rotate_signing_key)
    assert new_kid != old_kid
    still = await api.get(f"/api/v1/{ours.slug}/settings", headers=bearer(before))
    assert still.status_code == 200, still.text
    after = await token_for(api, made)
    assert parts(after)[0]["kid"] == new_kid
    fresh = await api.get(f"/api/v1/{ours.slug}/settings", headers=bearer(after))
    assert fresh.status_code == 200, fresh.text
    published = {k["kid"] for k in (await api.get("/oauth/jwks")).json()["keys"]}
    assert {old_kid, new_kid} <= published


async def test_platform_clients_call_platform_routes_and_read_only_ones_cannot_write(
    ops: Turns, api: Any, councils: Any
) -> None:
    ours = councils[0]
    reader = await new_client(ops)
    assert (reader["tenant"], reader["platform"]) == (None, True)
    auth = bearer(await token_for(api, reader))
    listed = await api.get("/api/v1/platform/tenants", headers=auth)
    assert listed.status_code == 200, listed.text
    assert listed.json()["pagination"]["totalResults"] >= 1
    create = await api.post("/api/v1/platform/clients", json={"name": "nope"}, headers=auth)
    assert_problem(create, 403, "Forbidden")
    assert_problem(await api.get(f"/api/v1/{ours.slug}/settings", headers=auth), 401)

    writer = await new_client(ops, write=True)
    made = await api.post(
        "/api/v1/platform/clients",
        json={"name": "made by a platform client", "tenant": ours.slug},
        headers=bearer(await token_for(api, writer)),
    )
    assert made.status_code == 201, made.text
    council_client = bearer(await token_for(api, await new_client(ops, tenant=ours.slug)))
    assert_problem(await api.get("/api/v1/platform/tenants", headers=council_client), 403)
