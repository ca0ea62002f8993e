"""Officers sign in through their council's OpenID provider: the whole flow, end to end.

Each test configures a council's provider through the operator API, grants (or not) a role by
email, and signs in with a fresh browser: Vesta's sign-in redirect, the provider's authorize form
(a real ``oidc-provider-mock`` process), then Vesta's callback with the provider's code and state.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from oidc_flow import (
    CALLBACK_URL,
    Provider,
    audit,
    begin,
    browser_for,
    configure,
    invite,
    pending_sign_in,
    run_provider,
    signed_in,
    stored_user,
)

DOMAIN = "example-council.gov.uk"


def person(domain: str = DOMAIN) -> tuple[str, str]:
    """A fresh (subject at the provider, email address)."""
    token = uuid.uuid4().hex[:8]
    return f"sub-{token}", f"officer.{token}@{domain}"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with run_provider() as running:
        yield running


@pytest.fixture(scope="module")
def other_provider() -> Iterator[Provider]:
    """A second council's provider: another process, so another issuer and other keys."""
    with run_provider() as running:
        yield running


@pytest.fixture
async def browser(client: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A signed-out browser (``client`` is the operator who configures the councils)."""
    async with browser_for(client) as http:
        yield http


@pytest.fixture
def new_browser(client: Any) -> Callable[[], httpx.AsyncClient]:
    return lambda: browser_for(client)


@pytest.fixture
async def council(client: Any, make_tenant: Any, provider: Any, monkeypatch: Any) -> Any:
    tenant = make_tenant()
    await configure(client, monkeypatch, tenant.slug, provider, [DOMAIN])
    return tenant


async def test_invited_officer_signs_in_and_the_invitation_is_bound(
    client: Any, council: Any, provider: Any, browser: Any
) -> None:
    since = now()
    sub, email = person()
    invited = await invite(client, council.slug, email, "council_auditor")
    assert invited["invited"] is True
    await provider.set_user(sub, email=email.upper(), email_verified=True, name="Jo Bloggs")

    url, query = await begin(browser, council.slug)
    assert query["response_type"] == "code"
    assert query["client_id"] == provider.client_id
    assert query["redirect_uri"] == CALLBACK_URL
    assert set(query["scope"].split()) >= {"openid", "email"}
    assert query["code_challenge_method"] == "S256"
    assert query["state"] and query["nonce"]
    pending = pending_sign_in(client, browser)
    assert pending["state"] == query["state"] and pending["nonce"] == query["nonce"]
    assert query["code_challenge"] == create_s256_code_challenge(pending["verifier"])

    back = await provider.authorize(url, sub)
    returned = parse_qs(urlsplit(back).query)
    assert returned["state"] == [query["state"]] and returned["code"]
    response = await browser.get(back)
    assert response.status_code == 302, response.text
    assert response.headers["location"] == "/"

    session = await signed_in(browser)
    assert session["signedIn"] is True
    assert session["user"]["id"] == invited["userId"]
    assert session["user"]["email"] == email
    assert session["user"]["displayName"] == "Jo Bloggs"
    user = stored_user(email)
    assert (user.issuer, user.subject) == (provider.issuer, sub)
    assert user.last_sign_in_at is not None
    members = (await client.get(f"/api/v1/{council.slug}/members")).json()
    assert [m["invited"] for m in members if m["email"] == email] == [False]

    settings = await browser.get(f"/api/v1/{council.slug}/settings")
    assert settings.status_code == 200, settings.text
    entries = audit("user.signed_in", since, council.id)
    assert [(e.actor, e.detail) for e in entries] == [
        (f"user:{user.id} <{email}>", {"method": "oidc"})
    ]


async def test_signed_in_officer_is_matched_on_issuer_and_subject_next_time(
    client: Any, council: Any, provider: Any, new_browser: Any
) -> None:
    sub, email = person()
    invited = await invite(client, council.slug, email, "council_auditor")
    await provider.set_user(sub, email=email, email_verified=True)
    async with new_browser() as first:
        url, _ = await begin(first, council.slug)
        assert (await first.get(await provider.authorize(url, sub))).status_code == 302
    # The provider now reports another address: the person is still found by (issuer, subject).
    _, renamed = person()
    await provider.set_user(sub, email=renamed, email_verified=True, name="Renamed")
    async with new_browser() as second:
        url, _ = await begin(second, council.slug)
        assert (await second.get(await provider.authorize(url, sub))).status_code == 302
        session = await signed_in(second)
    assert session["user"]["id"] == invited["userId"]
    assert session["user"]["displayName"] == "Renamed"


async def test_wrong_state_is_refused_and_signs_nobody_in(
    client: Any, council: Any, provider: Any, browser: Any
) -> None:
    since = now()
    sub, email = person()
    await invite(client, council.slug, email, "council_auditor")
    await provider.set_user(sub, email=email, email_verified=True)
    url, query = await begin(browser, council.slug)
    back = await provider.authorize(url, sub)
    forged = back.replace(f"state={query['state']}", "state=forged-state")
    assert forged != back

    response = await browser.get(forged)
    assert response.status_code == 400, response.text
    assert (await signed_in(browser))["signedIn"] is False
    assert stored_user(email).subject is None
    assert not audit("user.signed_in", since)
    failures = audit("user.sign_in_failed", since)
    assert [e.detail["reason"] for e in failures] == ["state mismatch"]


async def test_email_outside_the_allowed_domains_is_refused_and_audited(
    client: Any, council: Any, provider: Any, browser: Any
) -> None:
    since = now()
    sub, email = person("elsewhere.example")
    await invite(client, council.slug, email, "council_administrator")
    await provider.set_user(sub, email=email, email_verified=True)
    url, _ = await begin(browser, council.slug)

    response = await browser.get(await provider.authorize(url, sub))
    assert response.status_code == 403, response.text
    assert (await signed_in(browser))["signedIn"] is False
    assert stored_user(email).subject is None  # the invitation was not bound
    failures = audit("user.sign_in_failed", since, council.id)
    assert [(e.actor, e.detail["email"]) for e in failures] == [("anonymous", email)]
    assert not audit("user.signed_in", since)


async def test_person_with_no_role_is_refused_and_audited(
    council: Any, provider: Any, browser: Any
) -> None:
    since = now()
    sub, email = person()
    await provider.set_user(sub, email=email, email_verified=True)
    url, _ = await begin(browser, council.slug)

    response = await browser.get(await provider.authorize(url, sub))
    assert response.status_code == 403, response.text
    assert council.slug in response.json()["detail"]
    assert (await signed_in(browser))["signedIn"] is False
    failures = audit("user.sign_in_failed", since, council.id)
    assert [(e.detail["reason"], e.detail["email"]) for e in failures] == [("not invited", email)]
    assert (await browser.get(f"/api/v1/{council.slug}/settings")).status_code == 401


async def test_provider_refusal_is_a_401_and_audited(
    council: Any, provider: Any, browser: Any
) -> None:
    since = now()
    url, query = await begin(browser, council.slug)
    async with httpx.AsyncClient(timeout=10) as http:
        denied = await http.post(url, data={"action": "deny"})
    back = urlsplit(denied.headers["location"])
    returned = parse_qs(back.query)
    assert returned["error"] == ["access_denied"]
    # oidc-provider-mock 0.3 leaves ``state`` out of its error redirect (RFC 6749 4.1.2.1 says
    # to return it), and Vesta rightly refuses a callback without it; add it as a provider must.
    if "state" not in returned:
        assert (await browser.get(f"{back.path}?{back.query}")).status_code == 400
        back = back._replace(query=f"{back.query}&state={query['state']}")

    response = await browser.get(f"{back.path}?{back.query}")
    assert response.status_code == 401, response.text
    assert "access_denied" in response.json()["detail"]
    failures = audit("user.sign_in_failed", since, council.id)
    assert [e.detail["error"] for e in failures] == ["access_denied"]


async def test_replayed_code_signs_nobody_in(
    client: Any, council: Any, provider: Any, new_browser: Any
) -> None:
    since = now()
    sub, email = person()
    invited = await invite(client, council.slug, email, "council_auditor")
    await provider.set_user(sub, email=email, email_verified=True)
    async with new_browser() as officer, new_browser() as attacker:
        url, _ = await begin(officer, council.slug)
        back = await provider.authorize(url, sub)
        assert (await officer.get(back)).status_code == 302
        # The same callback again: its state was used up when the session was replaced.
        again = await officer.get(back)
        assert again.status_code == 400, again.text
        assert (await signed_in(officer))["user"]["id"] == invited["userId"]
        # The code carried into another browser's sign-in: the provider refuses a second use.
        _, query = await begin(attacker, council.slug)
        code = parse_qs(urlsplit(back).query)["code"][0]
        stolen = await attacker.get(f"/auth/callback?code={code}&state={query['state']}")
        assert stolen.status_code >= 400, stolen.text
        assert (await signed_in(attacker))["signedIn"] is False
    assert len(audit("user.signed_in", since, council.id)) == 1


async def test_code_the_provider_refuses_is_a_401_and_audited(
    council: Any, provider: Any, browser: Any
) -> None:
    since = now()
    _, query = await begin(browser, council.slug)
    response = await browser.get(f"/auth/callback?code=never-issued&state={query['state']}")
    assert response.status_code == 401, response.text
    assert audit("user.sign_in_failed", since, council.id)


async def test_code_from_another_sign_in_fails_the_nonce_check(
    client: Any, council: Any, provider: Any, new_browser: Any
) -> None:
    """A code issued for one sign-in, injected into another browser's sign-in (with that
    browser's own state) is refused: its ID token carries the first sign-in's nonce."""
    since = now()
    sub, email = person()
    await invite(client, council.slug, email, "council_auditor")
    await provider.set_user(sub, email=email, email_verified=True)
    async with new_browser() as first, new_browser() as second:
        first_url, first_query = await begin(first, council.slug)
        _, second_query = await begin(second, council.slug)
        assert first_query["nonce"] != second_query["nonce"]
        back = await provider.authorize(first_url, sub)
        code = parse_qs(urlsplit(back).query)["code"][0]

        response = await second.get(f"/auth/callback?code={code}&state={second_query['state']}")
        assert response.status_code == 401, response.text
        assert "identity token" in response.json()["detail"]
        assert (await signed_in(second))["signedIn"] is False
        assert (await signed_in(first))["signedIn"] is False
    assert not audit("user.signed_in", since)


async def test_invitation_is_not_claimed_through_another_councils_provider(
    client: Any,
    make_tenant: Any,
    provider: Any,
    other_provider: Any,
    monkeypatch: Any,
    new_browser: Any,
) -> None:
    home, elsewhere = make_tenant(), make_tenant()
    await configure(client, monkeypatch, home.slug, provider, [DOMAIN])
    await configure(client, monkeypatch, elsewhere.slug, other_provider, [])
    sub, email = person()
    await invite(client, home.slug, email, "council_administrator")
    # Someone at the other council's provider presents the invited person's address.
    await other_provider.set_user("impostor", email=email, email_verified=True)
    async with new_browser() as impostor:
        url, _ = await begin(impostor, elsewhere.slug)
        refused = await impostor.get(await other_provider.authorize(url, "impostor"))
        assert refused.status_code == 403, refused.text
    assert stored_user(email).subject is None, "the invitation was bound to the impostor"
    await provider.set_user(sub, email=email, email_verified=True)
    async with new_browser() as officer:
        url, _ = await begin(officer, home.slug)
        assert (await officer.get(await provider.authorize(url, sub))).status_code == 302


async def test_platform_invitation_is_not_claimed_through_a_councils_provider(
    client: Any, council: Any, provider: Any, monkeypatch: Any, browser: Any
) -> None:
    await configure(client, monkeypatch, council.slug, provider, [])  # any email domain
    _, email = person("vesta-operators.example")
    response = await client.post(
        "/api/v1/platform/members", json={"email": email, "roles": ["platform_operator"]}
    )
    assert response.status_code == 200, response.text
    await provider.set_user("council-impostor", email=email, email_verified=True)
    url, _ = await begin(browser, council.slug)

    response = await browser.get(await provider.authorize(url, "council-impostor"))
    assert (await signed_in(browser))["signedIn"] is False
    assert response.status_code == 403, response.text
    assert stored_user(email).subject is None
