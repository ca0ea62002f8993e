"""Operator routes for a council's OpenID Connect provider settings."""

from __future__ import annotations

import msgspec
from litestar import get, put
from litestar.params import FromPath, JSONBody

from app.guards import requires
from app.principal import Actor
from tenancy.binding import platform_session_sync
from tenancy.errors import InvalidTenantInput, TenantNotFound
from tenancy.principals import IdentityProvider
from tenancy.registry import get_tenant, record_platform_audit


class ProviderIn(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=True):
    issuer: str
    client_id: str
    client_secret_ref: str
    allowed_email_domains: list[str] = msgspec.field(default_factory=list)
    display_name: str = ""


class ProviderOut(msgspec.Struct, rename="camel", kw_only=True):
    issuer: str
    client_id: str
    client_secret_ref: str
    allowed_email_domains: list[str]
    display_name: str


PATH = "/api/v1/platform/tenants/{slug:str}/identity-provider"


@put(
    PATH,
    opt=requires("platform", "tenants", "write"),
    tags=["platform"],
    sync_to_thread=True,
    summary="Set the council's OpenID Connect provider",
)
def set_provider(slug: FromPath[str], data: JSONBody[ProviderIn], actor: Actor) -> ProviderOut:
    if not data.issuer.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise InvalidTenantInput("The issuer must be an https URL", pointer="/issuer")
    if not data.client_secret_ref.startswith("env:"):
        raise InvalidTenantInput(
            "Reference the secret as env:VARIABLE_NAME; secrets are not stored",
            pointer="/clientSecretRef",
        )
    with platform_session_sync() as session:
        tenant = get_tenant(session, slug)
        provider = session.get(IdentityProvider, tenant.id) or IdentityProvider(tenant_id=tenant.id)
        provider.issuer = data.issuer.rstrip("/")
        provider.client_id = data.client_id
        provider.client_secret_ref = data.client_secret_ref
        provider.allowed_email_domains = sorted({d.lower() for d in data.allowed_email_domains})
        provider.display_name = data.display_name or tenant.name
        session.add(provider)
        record_platform_audit(
            session,
            actor,
            "tenant.identity_provider_set",
            tenant.id,
            {"issuer": provider.issuer, "clientId": provider.client_id},
        )
        return _out(provider)


@get(
    PATH,
    opt=requires("platform", "tenants", "read"),
    tags=["platform"],
    sync_to_thread=True,
    summary="The council's OpenID Connect provider",
)
def show_provider(slug: FromPath[str]) -> ProviderOut:
    with platform_session_sync() as session:
        provider = session.get(IdentityProvider, get_tenant(session, slug).id)
        if provider is None:
            raise TenantNotFound(f"{slug} has no identity provider")
        return _out(provider)


def _out(provider: IdentityProvider) -> ProviderOut:
    return ProviderOut(
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret_ref=provider.client_secret_ref,
        allowed_email_domains=list(provider.allowed_email_domains),
        display_name=provider.display_name,
    )
