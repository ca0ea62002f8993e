"""Operator routes for API clients: create, list, rotate the secret, revoke."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Response

from app.auth.clients import create_client, list_clients, revoke_client, rotate_secret
from app.guards import requires
from app.principal import Actor
from tenancy.principals import ApiClient


class ClientCreate(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    tenant: str | None = None
    services: list[str] = msgspec.field(default_factory=list)
    write: bool = False


class ClientOut(msgspec.Struct, rename="camel", kw_only=True, omit_defaults=True):
    client_id: str
    name: str
    tenant: str | None
    platform: bool
    services: list[str]
    write: bool
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    client_secret: str | None = None

    @classmethod
    def of(cls, client: ApiClient, tenant: str | None, secret: str | None = None) -> ClientOut:
        return cls(
            client_id=client.client_id,
            name=client.name,
            tenant=tenant,
            platform=client.tenant_id is None,
            services=list(client.services),
            write=client.can_write,
            created_at=client.created_at,
            revoked_at=client.revoked_at,
            client_secret=secret,
        )


class PlatformClientsController(Controller):
    path = "/api/v1/platform/clients"
    tags = ["platform"]

    @post(
        "/",
        opt=requires("platform", "clients", "write"),
        sync_to_thread=True,
        status_code=201,
        summary="Create an API client (the secret is shown once)",
    )
    def create(self, data: JSONBody[ClientCreate], actor: Actor) -> Response[ClientOut]:
        issued = create_client(
            name=data.name,
            tenant_slug=data.tenant,
            services=data.services,
            can_write=data.write,
            actor=actor,
        )
        return Response(
            ClientOut.of(issued.client, data.tenant, issued.client_secret),
            status_code=201,
            headers={"Cache-Control": "no-store"},
        )

    @get(
        "/",
        opt=requires("platform", "clients", "read"),
        sync_to_thread=True,
        summary="List API clients",
    )
    def list_all(self, tenant: FromQuery[str | None] = None) -> list[ClientOut]:
        return [ClientOut.of(c, slug) for c, slug in list_clients(tenant)]

    @post(
        "/{client_id:str}/rotate",
        opt=requires("platform", "clients", "write"),
        sync_to_thread=True,
        status_code=200,
        summary="Issue a new secret; the old stops working",
    )
    def rotate(self, client_id: FromPath[str], actor: Actor) -> Response[ClientOut]:
        issued = rotate_secret(client_id, actor=actor)
        return Response(
            ClientOut.of(issued.client, None, issued.client_secret),
            headers={"Cache-Control": "no-store"},
        )

    @post(
        "/{client_id:str}/revoke",
        opt=requires("platform", "clients", "write"),
        sync_to_thread=True,
        status_code=200,
        summary="Revoke a client: refused at once",
    )
    def revoke(self, client_id: FromPath[str], actor: Actor) -> ClientOut:
        return ClientOut.of(revoke_client(client_id, actor=actor), None)
