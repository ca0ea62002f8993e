"""Jobs carry their tenant: stamped at enqueue, resolved afresh and bound when processed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import dramatiq
import pytest
from dramatiq.results.errors import ResultFailure

from services.core.actors import summarise_tenant
from tenancy import registry
from tenancy.binding import TenantRef, tenant_session_sync
from tenancy.jobs import TENANT_OPTION, configure_broker, current_tenant, send_for_tenant
from tenancy.models import TenantStatus


@pytest.fixture(scope="module")
def worker() -> Iterator[dramatiq.Worker]:
    broker = configure_broker()
    broker.flush_all()
    running = dramatiq.Worker(broker, worker_threads=2, worker_timeout=100)
    running.start()
    yield running
    running.stop()


def seed_marker(tenant: Any, marker: str) -> None:
    from services.core.models import Setting

    with tenant_session_sync(tenant.schema_name) as session:
        session.add(Setting(key="registerUrl", value=marker, updated_by="test"))


def test_a_job_reads_only_its_own_tenant(worker: dramatiq.Worker, make_tenant: Any) -> None:
    a, b = make_tenant(), make_tenant()
    seed_marker(a, "https://a.example/register")
    seed_marker(b, "https://b.example/register")
    message_a = send_for_tenant(summarise_tenant, TenantRef.of(a))
    message_b = send_for_tenant(summarise_tenant, TenantRef.of(b))
    result_a = message_a.get_result(block=True, timeout=10_000)
    result_b = message_b.get_result(block=True, timeout=10_000)
    assert result_a["tenant"] == a.slug
    assert result_a["settings"] == {"registerUrl": "https://a.example/register"}
    assert result_b["settings"] == {"registerUrl": "https://b.example/register"}
    assert message_a.options[TENANT_OPTION] == str(a.id)


def test_enqueue_takes_the_tenant_bound_to_the_current_context(
    worker: dramatiq.Worker, make_tenant: Any
) -> None:
    tenant = make_tenant()
    token = current_tenant.set(TenantRef.of(tenant))
    try:
        message = summarise_tenant.send()
    finally:
        current_tenant.reset(token)
    assert message.get_result(block=True, timeout=10_000)["gssCode"] == tenant.gss_code


def test_a_tenant_bound_job_cannot_be_enqueued_without_a_tenant() -> None:
    with pytest.raises(RuntimeError, match="tenant-bound"):
        summarise_tenant.send()


def test_jobs_for_a_tenant_that_is_no_longer_active_do_not_run(
    worker: dramatiq.Worker, make_tenant: Any
) -> None:
    tenant = make_tenant()
    ref = TenantRef.of(tenant)
    registry.set_status(tenant.slug, TenantStatus.READ_ONLY, actor="test")
    message = send_for_tenant(summarise_tenant, ref)
    with pytest.raises(ResultFailure, match="read_only"):
        message.get_result(block=True, timeout=10_000)
