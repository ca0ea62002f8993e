"""Background jobs that carry their tenant.

The broker (Dramatiq on Redis) is configured once per process from the settings. A tenant-bound
actor (declared with :func:`tenant_actor`) is always enqueued with a tenant id in its message
options — given explicitly with :func:`send_for_tenant`, or taken from the tenant the current job
runs for — and sending one without a tenant is an error. When the message is processed the id is
resolved afresh, a tenant that is gone or not active is refused (the message fails, unretried),
and the actor receives a session bound to the tenant's schema. Actors get explicit retry and
time limits and must be idempotent.
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


_message_tenant: ContextVar[str | None] = ContextVar("message_tenant", default=None)


class TenantMiddleware(Middleware):
    """Exposes the tenant id of the message being processed to the actor that runs it.

    Dramatiq logs and swallows exceptions raised in middleware hooks, so this only passes the id
    along; refusing a message (no tenant, tenant gone, tenant not active) happens in the actor
    wrapper, where an exception fails the message and reaches its result.
    """

    def before_process_message(self, broker: dramatiq.Broker, message: dramatiq.Message) -> None:
        _message_tenant.set(message.options.get(TENANT_OPTION))

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: dramatiq.Message,
        *,
        result: Any = None,
        exception: BaseException | None = None,
    ) -> None:
        _message_tenant.set(None)
        current_tenant.set(None)

    after_skip_message = after_process_message


class TenantActor(dramatiq.Actor[P, R]):
    """An actor whose messages always carry a tenant id; sending without one is an error."""

    def send_with_options(
        self,
        *,
        args: tuple[Any, ...] = (),
        kwargs: dict[str, Any] | None = None,
        delay: int | None = None,
        **options: Any,
    ) -> dramatiq.Message[R]:
        if TENANT_OPTION not in options:
            tenant = current_tenant.get()
            if tenant is None:
                raise RuntimeError(f"{self.actor_name} is tenant-bound: enqueue it for a tenant")
            options[TENANT_OPTION] = str(tenant.id)
        return super().send_with_options(args=args, kwargs=kwargs, delay=delay, **options)


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
            tenant_id = _message_tenant.get()
            if tenant_id is None:
                raise RuntimeError(f"{fn.__name__} ran without a tenant")
            tenant = load_tenant(UUID(tenant_id))
            token = current_tenant.set(tenant)
            try:
                with tenant_session_sync(tenant.schema_name) as session:
                    return fn(session, tenant, *args, **kwargs)
            finally:
                current_tenant.reset(token)

        configure_broker()
        return dramatiq.actor(
            run,
            actor_class=TenantActor,
            queue_name=queue_name,
            max_retries=max_retries,
            time_limit=time_limit,
            throws=(TenantNotFound, TenantNotActive),
            **options,
        )

    return decorate


def send_for_tenant(
    actor: dramatiq.Actor[..., Any], tenant: TenantRef, *args: Any
) -> dramatiq.Message:
    return actor.send_with_options(args=args, **{TENANT_OPTION: str(tenant.id)})
