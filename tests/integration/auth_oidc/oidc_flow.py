"""The OpenID Connect sign-in, driven as a browser would: a real provider, Vesta in-process.

The provider is ``oidc-provider-mock`` (a Flask app built on Authlib's server) run as its own
process on 127.0.0.1, with client registration and nonces required. Vesta runs in-process at
``https://testserver.local``: the provider redirects the browser there, and the test follows
that redirect by calling the in-process app with the code and state the provider returned.

The mock (0.3.x, the last release for Python 3.11) does not check PKCE code verifiers, so the
tests check Vesta's half: the challenge sent is the S256 of the verifier kept in the session.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import httpx
import pytest
from litestar.testing.transport import TestClientTransport

VESTA_URL = "https://testserver.local"
CALLBACK_URL = f"{VESTA_URL}/auth/callback"
LOCALHOST = "127.0.0.1"


@dataclasses.dataclass(frozen=True)
class Provider:
    """One running provider process, with one client registered for Vesta's callback."""

    issuer: str
    client_id: str
    client_secret: str

    async def set_user(self, sub: str, **claims: Any) -> None:
        async with httpx.AsyncClient(base_url=self.issuer, timeout=10) as http:
            response = await http.put(f"/users/{sub}", json=claims)
        assert response.status_code == 204, response.text

    async def authorize(self, authorization_url: str, sub: str) -> str:
        """Sign in at the provider as ``sub`` as a browser would (show the form, submit it) and
        return where the provider sends the browser back: ``/auth/callback?code=…&state=…``."""
        assert authorization_url.startswith(f"{self.issuer}/"), authorization_url
        async with httpx.AsyncClient(timeout=10) as http:
            page = await http.get(authorization_url)
            assert page.status_code == 200, page.text
            assert 'name="sub"' in page.text
            response = await http.post(authorization_url, data={"sub": sub})
        assert response.status_code == 302, response.text
        back = urlsplit(response.headers["location"])
        assert f"{back.scheme}://{back.netloc}{back.path}" == CALLBACK_URL, back
        return f"{back.path}?{back.query}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOCALHOST, 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def run_provider(start_timeout: float = 30.0) -> Iterator[Provider]:
    port = _free_port()
    issuer = f"http://{LOCALHOST}:{port}"
    command = [sys.executable, "-m", "oidc_provider_mock", "--host", LOCALHOST, "--port"]
    command += [str(port), "--require-registration", "true", "--require-nonce", "true"]
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            registration = _register_client(process, issuer, start_timeout, log)
            yield Provider(issuer, registration["client_id"], registration["client_secret"])
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def _register_client(
    process: subprocess.Popen[Any], issuer: str, timeout: float, log: Any
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=issuer, timeout=2) as http:
        while time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(httpx.HTTPError):
                if http.get("/.well-known/openid-configuration").status_code == 200:
                    body = {"redirect_uris": [CALLBACK_URL]}
                    response = http.post("/oauth2/clients", json=body)
                    assert response.status_code == 201, response.text
                    return dict(response.json())
            time.sleep(0.1)
    log.seek(0)
    pytest.fail(f"oidc-provider-mock did not start at {issuer}:\n{log.read()[-3000:]}")


class _Transport(TestClientTransport[Any], httpx.AsyncBaseTransport):
    """Litestar's test transport, usable in ``async with httpx.AsyncClient(...)``."""


def browser_for(client: Any) -> httpx.AsyncClient:
    """A fresh browser (its own cookies) on the in-process app, served through the operator
    client's event loop: the app's Redis and database connections live on that loop. Server
    errors come back as 500 responses, as a real browser would see them."""
    transport = _Transport(client=client, raise_server_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url=VESTA_URL)


async def configure(
    operator: Any,
    monkeypatch: pytest.MonkeyPatch,
    slug: str,
    provider: Provider,
    domains: list[str],
) -> None:
    """Point the council at ``provider`` through the operator API, the secret in the env."""
    variable = f"VESTA_TEST_OIDC_SECRET_{slug.replace('-', '_').upper()}"
    monkeypatch.setenv(variable, provider.client_secret)
    response = await operator.put(
        f"/api/v1/platform/tenants/{slug}/identity-provider",
        json={
            "issuer": provider.issuer,
            "clientId": provider.client_id,
            "clientSecretRef": f"env:{variable}",
            "allowedEmailDomains": domains,
        },
    )
    assert response.status_code == 200, response.text


async def invite(operator: Any, slug: str, email: str, *roles: str) -> dict[str, Any]:
    response = await operator.post(
        f"/api/v1/platform/tenants/{slug}/members", json={"email": email, "roles": list(roles)}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def begin(browser: httpx.AsyncClient, slug: str) -> tuple[str, dict[str, str]]:
    """``GET /auth/{slug}/sign-in``: the authorization URL and its query parameters."""
    response = await browser.get(f"/auth/{slug}/sign-in")
    assert response.status_code == 302, response.text
    url = response.headers["location"]
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    return url, query


async def signed_in(browser: httpx.AsyncClient) -> dict[str, Any]:
    return dict((await browser.get("/auth/session")).json())


def pending_sign_in(client: Any, browser: httpx.AsyncClient) -> dict[str, Any]:
    """What the server-side session holds for a sign-in in progress (state, nonce, verifier),
    read from the app's session store on the app's own event loop."""
    store = client.app.stores.get("sessions")
    raw = client.blocking_portal.call(store.get, browser.cookies["vesta_session"])
    assert raw is not None
    return dict(json.loads(raw)["oidc"])


def audit(action: str, since: dt.datetime, tenant_id: UUID | None = None) -> list[Any]:
    from sqlalchemy import select

    from tenancy.binding import platform_session_sync
    from tenancy.models import PlatformAuditEntry

    query = select(PlatformAuditEntry).where(
        PlatformAuditEntry.action == action, PlatformAuditEntry.at >= since
    )
    if tenant_id is not None:
        query = query.where(PlatformAuditEntry.tenant_id == tenant_id)
    with platform_session_sync() as session:
        entries = list(session.scalars(query.order_by(PlatformAuditEntry.at)))
        session.expunge_all()
    return entries


def stored_user(email: str) -> Any:
    from sqlalchemy import func, select

    from tenancy.binding import platform_session_sync
    from tenancy.principals import User

    with platform_session_sync() as session:
        user = session.scalars(select(User).where(func.lower(User.email) == email.lower())).one()
        session.expunge(user)
    return user
