"""``vesta clients …``, ``vesta members …`` and ``vesta keys …``: access control from a shell,
for operators bootstrapping a platform and for integrators scripting their set-up."""

from __future__ import annotations

import json
from typing import Any

import click

from tenancy.errors import TenancyError


def _client_dict(client: Any, tenant: str | None, secret: str | None = None) -> dict[str, Any]:
    row = {
        "client_id": client.client_id,
        "name": client.name,
        "tenant": tenant,
        "platform": client.tenant_id is None,
        "services": list(client.services),
        "write": client.can_write,
        "revoked": client.revoked_at is not None,
    }
    if secret is not None:
        row["client_secret"] = secret
    return row


def _echo(payload: Any, as_json: bool, text: str) -> None:
    click.echo(json.dumps(payload, indent=2, default=str) if as_json else text)


@click.group()
def clients() -> None:
    """API clients for integrators (OAuth 2.0 client credentials)."""


@clients.command("create")
@click.option("--tenant", "tenant", help="The council the client works for")
@click.option("--platform", is_flag=True, help="An operator client instead of a council's")
@click.option("--services", default="", help="Comma-separated service codes")
@click.option("--write", is_flag=True, help="Allow writes (default: read-only)")
@click.option("--name", default="", help="What the client is (defaults to a generated name)")
@click.option("--json", "as_json", is_flag=True)
def clients_create(
    tenant: str | None, platform: bool, services: str, write: bool, name: str, as_json: bool
) -> None:
    from app.auth.clients import create_client

    if bool(tenant) == platform:
        raise click.UsageError("give exactly one of --tenant SLUG or --platform")
    codes = [c for c in services.split(",") if c]
    try:
        issued = create_client(
            name=name or f"{tenant or 'platform'} integration",
            tenant_slug=tenant,
            services=codes,
            can_write=write,
            actor="cli",
        )
    except TenancyError as exc:
        raise click.ClickException(exc.detail) from exc
    row = _client_dict(issued.client, tenant, issued.client_secret)
    _echo(row, as_json, f"client_id: {row['client_id']}\nclient_secret: {row['client_secret']}")


@clients.command("list")
@click.option("--tenant", default=None)
@click.option("--json", "as_json", is_flag=True)
def clients_list(tenant: str | None, as_json: bool) -> None:
    from app.auth.clients import list_clients

    rows = [_client_dict(c, slug) for c, slug in list_clients(tenant)]
    _echo(
        rows,
        as_json,
        "\n".join(
            f"{r['client_id']}  {r['tenant'] or 'platform'}  {','.join(r['services'])}  "
            f"{'write' if r['write'] else 'read'}{'  REVOKED' if r['revoked'] else ''}"
            for r in rows
        ),
    )


@clients.command("rotate")
@click.argument("client_id")
@click.option("--json", "as_json", is_flag=True)
def clients_rotate(client_id: str, as_json: bool) -> None:
    from app.auth.clients import rotate_secret

    try:
        issued = rotate_secret(client_id, actor="cli")
    except TenancyError as exc:
        raise click.ClickException(exc.detail) from exc
    row = _client_dict(issued.client, None, issued.client_secret)
    _echo(row, as_json, f"client_secret: {row['client_secret']}")


@clients.command("revoke")
@click.argument("client_id")
@click.option("--json", "as_json", is_flag=True)
def clients_revoke(client_id: str, as_json: bool) -> None:
    from app.auth.clients import revoke_client

    try:
        row = _client_dict(revoke_client(client_id, actor="cli"), None)
    except TenancyError as exc:
        raise click.ClickException(exc.detail) from exc
    _echo(row, as_json, f"{client_id} revoked")


@click.group()
def members() -> None:
    """Grant roles to people (e.g. the first platform operator)."""


@members.command("grant")
@click.option("--email", required=True)
@click.option("--name", default="")
@click.option("--tenant", default=None, help="Council slug (omit with --platform)")
@click.option("--platform", is_flag=True)
@click.option("--role", "roles", multiple=True, required=True)
@click.option("--json", "as_json", is_flag=True)
def members_grant(
    email: str, name: str, tenant: str | None, platform: bool, roles: tuple[str, ...], as_json: bool
) -> None:
    from app.auth.members import grant_roles
    from tenancy.binding import platform_session_sync
    from tenancy.registry import get_tenant

    if bool(tenant) == platform:
        raise click.UsageError("give exactly one of --tenant SLUG or --platform")
    try:
        tenant_id = None
        if tenant:
            with platform_session_sync() as session:
                tenant_id = get_tenant(session, tenant).id
        member = grant_roles(
            email=email, display_name=name, tenant_id=tenant_id, roles=roles, actor="cli"
        )
    except TenancyError as exc:
        raise click.ClickException(exc.detail) from exc
    row = {"user_id": str(member.user_id), "email": member.email, "roles": list(member.roles)}
    _echo(row, as_json, f"{member.email}: {', '.join(member.roles)}")


@click.group()
def keys() -> None:
    """The keys that sign API access tokens."""


@keys.command("rotate")
def keys_rotate() -> None:
    """Start signing with a new key; the old one verifies until its tokens expire."""
    from app.auth.tokens import rotate_signing_key

    click.echo(f"new signing key {rotate_signing_key()}")
