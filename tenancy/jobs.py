"""Background jobs that carry their tenant.

The broker (Dramatiq on Redis) is configured once per process from the settings. A tenant-bound
actor (declared with :func:`tenant_actor`) is always enqueued with a tenant id in its message
options — taken from the tenant bound to the current request, or given explicitly with
:func:`send_for_tenant` — and :class:`TenantMiddleware` resolves that id afresh when the message
is processed, refuses tenants that are not active, and hands the actor a session bound to the
tenant's schema. Actors get explicit retry and time limits and must be idempotent.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar
from uuid import UUID

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import Middleware
from dramatiq.results import Results
from dramatiq.results.backends.redis import RedisBackend
from sqlalchemy import select

from tenancy.binding import TenantRef, platform_session_sync, tenant_session_sync
from tenancy.errors import TenantNotActive, TenantNotFound
from tenancy.models import Tenant, TenantStatus
from tenancy.settings import get_settings

TENANT_OPTION = "tenant_id"
current_tenant: ContextVar[TenantRef | None] = ContextVar("current_tenant", default=None)

P = ParamSpec("P")
R = TypeVar("R")


class TenantMiddleware(Middleware):
    """Stamps the current tenant on tenant-bound messages and binds it while they run."""

    @property
    def actor_options(self) -> set[str]:
        return {"tenant_bound"}

    def before_enqueue(
        self, broker: dramatiq.Broker, message: dramatiq.Message, delay: int
    ) -> None:
        actor = broker.get_actor(message.actor_name)
        if not actor.options.get("tenant_bound") or TENANT_OPTION in message.options:
            return
        tenant = current_tenant.get()
        if tenant is None:
            raise RuntimeError(f"{message.actor_name} is tenant-bound: enqueue it for a tenant")
        message.options[TENANT_OPTION] = str(tenant.id)

    def before_process_message(self, broker: dramatiq.Broker, message: dramatiq.Message) -> None:
        current_tenant.set(None)
        tenant_id = message.options.get(TENANT_OPTION)
        if tenant_id is not None:
            current_tenant.set(load_tenant(UUID(tenant_id)))

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: dramatiq.Message,
        *,
        result: Any = None,
        exception: BaseException | None = None,
    ) -> None:
        current_tenant.set(None)

    after_skip_message = after_process_message


def load_tenant(tenant_id: UUID) -> TenantRef:
    with platform_session_sync() as session:
        tenant = session.scalars(select(Tenant).where(Tenant.id == tenant_id)).one_or_none()
        if tenant is None:
            raise TenantNotFound(f"tenant {tenant_id} no longer exists")
        ref = TenantRef.of(tenant)
    if ref.status is not TenantStatus.ACTIVE:
        raise TenantNotActive(f"tenant {ref.slug} is {ref.status.value}; job not run")
    return ref


@functools.lru_cache(maxsize=1)
def configure_broker() -> RedisBroker:
    settings = get_settings()
    broker = RedisBroker(url=settings.redis_url, namespace=f"{settings.queue_namespace}-jobs")
    broker.add_middleware(TenantMiddleware())
    broker.add_middleware(
        Results(
            backend=RedisBackend(
                url=settings.redis_url, namespace=f"{settings.queue_namespace}-results"
            )
        )
    )
    dramatiq.set_broker(broker)
    return broker


def tenant_actor(
    *, queue_name: str = "default", max_retries: int = 5, time_limit: int = 60_000, **options: Any
) -> Callable[[Callable[..., R]], dramatiq.Actor[..., R]]:
    """Declare an actor whose first two arguments are a tenant-bound session and the tenant."""

    def decorate(fn: Callable[..., R]) -> dramatiq.Actor[..., R]:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> R:
            tenant = current_tenant.get()
            if tenant is None:
                raise RuntimeError(f"{fn.__name__} ran without a tenant")
            with tenant_session_sync(tenant.schema_name) as session:
                return fn(session, tenant, *args, **kwargs)

        configure_broker()
        return dramatiq.actor(
            run,
            queue_name=queue_name,
            max_retries=max_retries,
            time_limit=time_limit,
            tenant_bound=True,
            throws=(TenantNotFound, TenantNotActive),
            **options,
        )

    return decorate


def send_for_tenant(
    actor: dramatiq.Actor[..., Any], tenant: TenantRef, *args: Any
) -> dramatiq.Message:
    return actor.send_with_options(args=args, **{TENANT_OPTION: str(tenant.id)})
