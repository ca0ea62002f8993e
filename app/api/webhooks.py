"""A council's webhook subscriptions: ``/api/v1/{tenant}/webhooks``.

Council administrators subscribe integrators' URLs to events, change, pause, resume, ping and
delete them; council auditors read them and their deliveries. The signing secret is returned
once, by the create route. Deliveries are signed the Standard Webhooks way
(:mod:`services.core.webhooks.secrets`); the events and their payloads are described in
:mod:`services.core.webhooks.events`.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Request, Response, delete, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import (
    HTTP_200_OK,
    HTTP_201_CREATED,
    HTTP_202_ACCEPTED,
    HTTP_204_NO_CONTENT,
)

from app.api.casework.requests import IfMatch, etag, require_if_match
from app.api.pagination import DEFAULT_PER_PAGE, Page, PageParam, PerPageParam, page_of
from app.api.problem_docs import LIST_PROBLEMS, READ_PROBLEMS, problems
from app.api.webhook_schemas import (
    DeliveryOut,
    DeliveryStatus,
    WebhookCreate,
    WebhookCreated,
    WebhookOut,
    WebhookPatch,
)
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import CurrentTenant, TenantSession
from services.core.webhooks import subscriptions
from services.core.webhooks.models import WebhookSubscription
from services.core.webhooks.secrets import SecretsUnavailable

BASE = "/api/v1/{tenant:str}/webhooks"
ONE = BASE + "/{webhook_id:uuid}"
READ = requires("core", "webhooks", "read")
ADMINISTER = requires("core", "webhooks", "administer")
TAGS = ["webhooks"]
WebhookId = FromPath[UUID]


async def _found(db_session: TenantSession, webhook_id: UUID) -> WebhookSubscription:
    row = await subscriptions.find(db_session, webhook_id)
    if row is None:
        raise Problem(404, "Not found", "The council has no such webhook subscription")
    return row


def _fields(row: WebhookSubscription) -> dict[str, object]:
    return {f: getattr(row, f) for f in WebhookOut.__struct_fields__}


def _respond(row: WebhookSubscription) -> Response[WebhookOut]:
    return Response(WebhookOut.of(row), headers={"ETag": etag(row)})


@get(BASE, opt=READ, tags=TAGS, responses=LIST_PROBLEMS, summary="The council's webhooks")
async def list_webhooks(
    db_session: TenantSession,
    page: PageParam = 1,
    per_page: PerPageParam = DEFAULT_PER_PAGE,
) -> Page[WebhookOut]:
    rows, total = await subscriptions.listed(db_session, page=page, per_page=per_page)
    return page_of([WebhookOut.of(r) for r in rows], total, page, per_page)


@post(
    BASE,
    opt=ADMINISTER,
    tags=TAGS,
    responses=problems(422),
    status_code=HTTP_201_CREATED,
    summary="Subscribe a URL to events (the signing secret is in this response only)",
)
async def create_webhook(
    data: JSONBody[WebhookCreate],
    request: Request,
    db_session: TenantSession,
    current_tenant: CurrentTenant,
    actor: Actor,
) -> Response[WebhookCreated]:
    try:
        row, secret = await subscriptions.create(
            db_session,
            url=data.url,
            events=data.events,
            services=data.services,
            description=data.description,
            enabled=current_tenant.enabled_services,
            actor=actor,
        )
    except SecretsUnavailable as exc:
        raise Problem(503, "Webhooks unavailable", str(exc)) from exc
    body = WebhookCreated(**_fields(row), secret=secret)
    await db_session.commit()
    return Response(
        body,
        status_code=HTTP_201_CREATED,
        headers={"ETag": etag(row), "Location": f"{request.url.path}/{row.id}"},
    )


@get(ONE, opt=READ, tags=TAGS, responses=READ_PROBLEMS, summary="One webhook subscription")
async def read_webhook(webhook_id: WebhookId, db_session: TenantSession) -> Response[WebhookOut]:
    return _respond(await _found(db_session, webhook_id))


@patch(
    ONE,
    opt=ADMINISTER,
    tags=TAGS,
    responses=problems(412, 422, 428),
    summary="Change, pause or resume a webhook subscription (needs If-Match with its ETag)",
)
async def update_webhook(
    webhook_id: WebhookId,
    data: JSONBody[WebhookPatch],
    db_session: TenantSession,
    current_tenant: CurrentTenant,
    actor: Actor,
    if_match: IfMatch = None,
) -> Response[WebhookOut]:
    row = await _found(db_session, webhook_id)
    require_if_match(if_match, row)
    await subscriptions.change(
        db_session, row, data.changes(), enabled=current_tenant.enabled_services, actor=actor
    )
    response = _respond(row)
    await db_session.commit()
    return response


@delete(
    ONE,
    opt=ADMINISTER,
    tags=TAGS,
    responses=problems(412, 428),
    status_code=HTTP_204_NO_CONTENT,
    summary="Delete a webhook subscription and its deliveries (needs If-Match)",
)
async def delete_webhook(
    webhook_id: WebhookId, db_session: TenantSession, actor: Actor, if_match: IfMatch = None
) -> None:
    row = await _found(db_session, webhook_id)
    require_if_match(if_match, row)
    await subscriptions.remove(db_session, row, actor=actor)
    await db_session.commit()


@get(
    ONE + "/deliveries",
    opt=READ,
    tags=TAGS,
    responses=LIST_PROBLEMS,
    summary="A webhook's deliveries, newest first",
)
async def list_deliveries(
    webhook_id: WebhookId,
    db_session: TenantSession,
    page: PageParam = 1,
    per_page: PerPageParam = DEFAULT_PER_PAGE,
    status: Annotated[DeliveryStatus | None, QueryParameter(name="status")] = None,
) -> Page[DeliveryOut]:
    row = await _found(db_session, webhook_id)
    rows, total = await subscriptions.deliveries(
        db_session, row, page=page, per_page=per_page, status=status
    )
    return page_of([DeliveryOut.of(r) for r in rows], total, page, per_page)


@post(
    ONE + "/ping",
    opt=ADMINISTER,
    tags=TAGS,
    responses=READ_PROBLEMS,
    status_code=HTTP_202_ACCEPTED,
    summary="Send a `ping` event to test the receiver (also while paused)",
)
async def ping_webhook(
    webhook_id: WebhookId, db_session: TenantSession, current_tenant: CurrentTenant
) -> DeliveryOut:
    row = await _found(db_session, webhook_id)
    council = {"slug": current_tenant.slug, "gssCode": current_tenant.gss_code}
    delivery = await subscriptions.ping(db_session, row, council=council)
    body = DeliveryOut.of(delivery)
    await db_session.commit()
    return body


@post(
    ONE + "/resume",
    opt=ADMINISTER,
    tags=TAGS,
    responses=problems(412),
    status_code=HTTP_200_OK,
    summary="Switch a paused webhook back on; what waited is then sent",
)
async def resume_webhook(
    webhook_id: WebhookId, db_session: TenantSession, actor: Actor, if_match: IfMatch = None
) -> Response[WebhookOut]:
    row = await _found(db_session, webhook_id)
    require_if_match(if_match, row, required=False)
    await subscriptions.resume(db_session, row, actor=actor)
    response = _respond(row)
    await db_session.commit()
    return response


ROUTES = [
    list_webhooks,
    create_webhook,
    read_webhook,
    update_webhook,
    delete_webhook,
    list_deliveries,
    ping_webhook,
    resume_webhook,
]
