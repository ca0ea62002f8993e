"""Webhooks end to end: a council administrator subscribes a real local receiver, planning
writes made through the API become signed deliveries in the same transaction, and the delivery
job sends them — retrying a failing receiver with backoff until it abandons them, never
following a redirect, never sending a delivered row twice. A write that rolls back emits
nothing; the secret is shown once; bad URLs and events are 422s that store nothing; a council
with no subscriptions pays one query per write transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import dramatiq
import pytest
from conftest import make_user, sign_in, vesta
from cryptography.exceptions import InvalidTag
from sqlalchemy import event, func, select
from webhook_receiver import Receiver, running_receiver, verify

from services.core.models import AuditEntry
from services.core.store import record_audit
from services.core.webhooks import secrets
from services.core.webhooks.delivery import BACKOFF, MAX_ATTEMPTS, Run, deliver_due
from services.core.webhooks.models import WebhookDelivery, WebhookSubscription
from tenancy.binding import tenant_session, tenant_session_sync
from tenancy.db import async_engine
from tenancy.jobs import configure_broker

pytestmark = pytest.mark.asyncio


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


@pytest.fixture
def admin(council: Any) -> Any:
    return make_user({council.id: ["council_administrator"]}, name="Ada Administrator")


def hooks(council: Any) -> str:
    return f"/api/v1/{council.slug}/webhooks"


async def subscribe(http: Any, council: Any, admin: Any, back_to: Any, **body: Any) -> Any:
    """As the administrator, subscribe; then sign ``back_to`` in again. The created body."""
    await sign_in(http, admin)
    response = await http.post(hooks(council), json=body)
    assert response.status_code == 201, response.text
    await sign_in(http, back_to)
    return response.json()


def deliver(council: Any, **kw: Any) -> Run:
    with tenant_session_sync(council.schema_name) as session:
        return deliver_due(session, **kw)


def stored_deliveries(council: Any) -> list[WebhookDelivery]:
    with tenant_session_sync(council.schema_name) as session:
        rows = session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()
        session.expunge_all()
        return list(rows)


async def test_a_planning_write_reaches_the_receiver_signed(
    planner, officer, admin, council, new_application, receiver
):
    created = await subscribe(
        planner, council, admin, officer,
        url=receiver.url, events=["case.created", "case.status_changed"], services=["planning"],
    )  # fmt: skip
    await subscribe(planner, council, admin, officer, url=receiver.url, events=["case.decided"])
    application = await new_application()

    run = deliver(council)

    assert (run.delivered, run.failed) == (1, 0)
    [request] = receiver.received
    assert request.path == "/hooks"
    assert request.headers["content-type"] == "application/json"
    assert verify(created["secret"], request)
    assert not verify(secrets.new_secret(), request)
    body = json.loads(request.body)
    key = application["reference"].replace("/", "-")
    assert body == {
        "event": "case.created",
        "occurredAt": body["occurredAt"],
        "council": {"slug": council.slug, "gssCode": council.gss_code},
        "entity": "case",
        "entityId": application["id"],
        "caseId": application["id"],
        "service": "planning",
        "reference": application["reference"],
        "link": f"/api/v1/{council.slug}/planning/applications/{key}",
    }  # nothing personal: not the applicant, not the site, not the audit record
    [row] = stored_deliveries(council)
    assert request.headers["webhook-id"] == str(row.id)
    assert (row.status, row.attempts, row.last_status_code) == ("delivered", 1, 204)

    assert deliver(council).delivered == 0  # delivered rows are never sent again
    assert len(receiver.received) == 1

    validated = await planner.post(
        f"/api/v1/{council.slug}/planning/applications/{application['id']}/validation",
        json={"outcome": "valid"},
    )
    assert validated.status_code == 200, validated.text
    deliver(council)
    moved = json.loads(receiver.received[-1].body)
    assert (moved["event"], moved["previousStatus"], moved["status"]) == (
        "case.status_changed",
        "received",
        "consultation",
    )


async def test_the_delivery_job_sends_after_the_commit(
    planner, officer, admin, council, new_application, receiver
):
    """The real path: the commit enqueues the job, a Dramatiq worker runs it."""
    created = await subscribe(
        planner, council, admin, officer, url=receiver.url, events=["*"], services=["planning"]
    )
    broker = configure_broker()
    broker.flush_all()  # jobs other tests' commits queued are not this test's to run
    worker = dramatiq.Worker(broker, worker_threads=1, worker_timeout=100)
    worker.start()
    try:
        await new_application()
        assert receiver.arrived.wait(timeout=20), "the job did not deliver"
    finally:
        worker.stop()
    assert verify(created["secret"], receiver.received[0])
    assert json.loads(receiver.received[0].body)["event"] == "case.created"


async def test_vesta_settle_wakes_deliveries_whose_message_was_lost(
    planner, officer, admin, council, new_application, receiver
):
    """Due deliveries outlive a lost queue message: ``vesta settle`` wakes the council's job."""
    await subscribe(planner, council, admin, officer, url=receiver.url, events=["*"])
    broker = configure_broker()
    await new_application()
    broker.flush_all()  # the message the commit enqueued is lost
    assert {r.status for r in stored_deliveries(council)} == {"pending"}
    settled = json.loads(vesta("settle", "--tenant", council.slug, "--json").stdout)
    assert settled["tenants"][0]["webhooksWoken"] is True
    worker = dramatiq.Worker(broker, worker_threads=1, worker_timeout=100)
    worker.start()
    try:
        assert receiver.arrived.wait(timeout=20), "settle did not wake the delivery job"
    finally:
        worker.stop()
    again = json.loads(vesta("settle", "--tenant", council.slug, "--json").stdout)
    assert again["tenants"][0]["webhooksWoken"] is False  # nothing due: nothing woken


async def test_a_failing_receiver_is_retried_with_backoff_then_abandoned_and_paused(
    planner, officer, admin, council, new_application, receiver
):
    receiver.status = 503
    created = await subscribe(
        planner, council, admin, officer, url=receiver.url, events=["case.created"]
    )
    for _ in range(3):
        await new_application()
    now = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        run = deliver(council, now=now)
        assert (run.delivered, run.failed) == (0, 3)
        rows = stored_deliveries(council)
        assert {r.attempts for r in rows} == {attempt}
        assert {r.last_status_code for r in rows} == {503}
        if attempt < MAX_ATTEMPTS:
            assert {r.status for r in rows} == {"failed"}
            assert {r.next_attempt_at for r in rows} == {now + BACKOFF[attempt - 1]}
            assert deliver(council, now=now + BACKOFF[attempt - 1] / 2).failed == 0  # not yet
            now += BACKOFF[attempt - 1]
    assert {r.status for r in rows} == {"abandoned"}
    assert len(receiver.received) == 3 * MAX_ATTEMPTS
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 3  # same id each try
    assert deliver(council, now=now + dt.timedelta(days=1)).failed == 0

    await sign_in(planner, admin)
    shown = (await planner.get(f"{hooks(council)}/{created['id']}")).json()
    assert shown["active"] is False and "abandoned" in shown["pausedReason"]
    await sign_in(planner, officer)
    await new_application()  # while paused: no delivery is owed
    assert len(stored_deliveries(council)) == 3
    await sign_in(planner, admin)
    resumed = await planner.post(f"{hooks(council)}/{created['id']}/resume")
    assert resumed.status_code == 200, resumed.text
    assert (resumed.json()["active"], resumed.json()["pausedReason"]) == (True, None)


async def test_redirects_are_not_followed(
    planner, officer, admin, council, new_application, receiver
):
    receiver.status, receiver.location = 307, "http://127.0.0.1:9/elsewhere"
    await subscribe(planner, council, admin, officer, url=receiver.url, events=["case.created"])
    await new_application()
    assert deliver(council).failed == 1
    [row] = stored_deliveries(council)
    assert (row.status, row.last_status_code, row.last_error) == ("failed", 307, "HTTP 307")
    assert [r.path for r in receiver.received] == ["/hooks"]


async def test_a_write_that_rolls_back_emits_nothing(planner, officer, admin, council, receiver):
    await subscribe(planner, council, admin, officer, url=receiver.url, events=["*"])

    def note(session: Any, entity_id: str) -> None:
        record_audit(
            session, actor="test", action="case.created", entity="cases",
            entity_id=entity_id, before=None, after=None,
        )  # fmt: skip

    async def failing_write() -> None:
        async with tenant_session(council.schema_name) as session:
            note(session, "rolled-back")
            await session.flush()
            raise RuntimeError("the write failed")

    with pytest.raises(RuntimeError):
        await failing_write()
    async with tenant_session(council.schema_name) as session:
        savepoint = await session.begin_nested()
        note(session, "savepoint-rolled-back")
        await session.flush()
        await savepoint.rollback()
        note(session, "kept")

    assert [r.payload["entityId"] for r in stored_deliveries(council)] == ["kept"]


async def test_the_secret_is_shown_once_and_kept_encrypted(planner, admin, council):
    await sign_in(planner, admin)
    response = await planner.post(
        hooks(council), json={"url": "https://gis.example/hook", "events": ["case.decided"]}
    )
    assert response.status_code == 201, response.text
    created = response.json()
    secret = created["secret"]
    assert secret.startswith("whsec_")
    assert response.headers["location"].endswith(created["id"])
    read = await planner.get(f"{hooks(council)}/{created['id']}")
    listed = await planner.get(hooks(council))
    assert "secret" not in read.json()
    assert [set(s) for s in listed.json()["data"]] == [set(read.json())]
    assert secret not in read.text + listed.text
    with tenant_session_sync(council.schema_name) as session:
        row = session.get(WebhookSubscription, created["id"])
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == created["id"]))
        audited = json.dumps([a.after for a in audit])
    assert secret not in row.secret_encrypted and secret not in audited
    assert secrets.decrypt(row.secret_encrypted, row.id) == secret
    with pytest.raises(InvalidTag):  # bound to its subscription: a copied ciphertext fails
        secrets.decrypt(row.secret_encrypted, council.id)


BAD = [
    ({"url": "http://gis.example/hook", "events": ["*"]}, "/url"),
    ({"url": "ftp://gis.example/hook", "events": ["*"]}, "/url"),
    ({"url": "https://10.1.2.3/hook", "events": ["*"]}, "/url"),
    ({"url": "https://169.254.169.254/latest", "events": ["*"]}, "/url"),
    ({"url": "https://me:pw@gis.example/hook", "events": ["*"]}, "/url"),
    ({"url": "https://gis.example/hook", "events": ["case.created", "case.eaten"]}, "/events/1"),
    ({"url": "https://gis.example/hook", "events": []}, "/events"),
    (
        {"url": "https://gis.example/hook", "events": ["*"], "services": ["licensing"]},
        "/services/0",
    ),
    ({"url": "https://gis.example/hook", "events": ["*"], "colour": "red"}, "/colour"),
]


@pytest.mark.parametrize(("body", "pointer"), BAD, ids=[p for _, p in BAD])
async def test_bad_input_is_422_with_a_pointer_and_stores_nothing(
    planner, admin, council, body, pointer
):
    await sign_in(planner, admin)
    response = await planner.post(hooks(council), json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert pointer in [e.get("pointer") for e in response.json()["errors"]]
    assert (await planner.get(hooks(council))).json()["pagination"]["totalResults"] == 0
    with tenant_session_sync(council.schema_name) as session:
        audited = session.scalar(
            select(func.count()).where(AuditEntry.entity == "webhook_subscriptions")
        )
    assert audited == 0


async def test_changes_need_if_match_and_a_pause_stops_new_deliveries(
    planner, officer, admin, council, new_application, receiver
):
    created = await subscribe(planner, council, admin, officer, url=receiver.url, events=["*"])
    one = f"{hooks(council)}/{created['id']}"
    await sign_in(planner, admin)
    assert (await planner.patch(one, json={"active": False})).status_code == 428
    stale = await planner.patch(one, json={"active": False}, headers={"If-Match": '"x.9"'})
    assert stale.status_code == 412
    bad = await planner.patch(
        one, json={"url": "http://gis.example/x"}, headers={"If-Match": f'"{created["id"]}.1"'}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["pointer"] == "/url"
    paused = await planner.patch(
        one, json={"active": False}, headers={"If-Match": f'"{created["id"]}.1"'}
    )
    assert paused.status_code == 200, paused.text
    assert paused.json()["version"] == 2 and paused.json()["pausedReason"].startswith("Paused by")
    assert paused.headers["etag"] == f'"{created["id"]}.2"'
    await sign_in(planner, officer)
    await new_application()
    assert stored_deliveries(council) == []

    await sign_in(planner, admin)
    ping = await planner.post(f"{one}/ping")  # a ping tests the receiver, even while paused
    assert ping.status_code == 202, ping.text
    assert deliver(council).delivered == 1
    assert json.loads(receiver.received[0].body)["event"] == "ping"
    listed = (await planner.get(f"{one}/deliveries", params={"status": "delivered"})).json()
    assert [(d["event"], d["attempts"]) for d in listed["data"]] == [("ping", 1)]
    gone = await planner.delete(one, headers={"If-Match": f'"{created["id"]}.2"'})
    assert gone.status_code == 204
    assert (await planner.get(one)).status_code == 404
    assert stored_deliveries(council) == []


async def test_no_subscriptions_costs_one_query_per_write(planner, council, new_application):
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    engine = async_engine().sync_engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        await new_application()
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    touching = [s for s in statements if "webhook_" in s]
    assert len(touching) == 1 and "webhook_subscriptions" in touching[0]
    assert stored_deliveries(council) == []
