"""The webhook event catalogue and which audited writes raise which events (pure rules)."""

from __future__ import annotations

from typing import get_args

from services.core.webhooks.events import EVENTS, EventName, case_link, events_for, subscribed


def test_the_documented_names_are_the_accepted_names() -> None:
    assert set(get_args(EventName)) == {*EVENTS, "*"}


def test_case_writes_raise_case_events() -> None:
    assert events_for("case.created", "cases", None, {"status": "received"}) == [
        ("case.created", ())
    ]
    assert events_for("case.updated", "cases", {"description": "a"}, {"description": "b"}) == [
        ("case.updated", ())
    ]
    determined = events_for(
        "case.determine",
        "cases",
        {"status": "assessment", "decision": None},
        {"status": "determined", "decision": "granted"},
    )
    assert determined == [
        ("case.status_changed", (("previousStatus", "assessment"), ("status", "determined"))),
        ("case.decided", (("decision", "granted"),)),
    ]
    withdrawn = events_for(
        "case.withdraw", "cases", {"status": "consultation"}, {"status": "withdrawn"}
    )
    assert [name for name, _ in withdrawn] == ["case.status_changed", "case.withdrawn"]


def test_personal_records_and_unlisted_actions_raise_nothing() -> None:
    assert events_for("party.created", "parties", None, {"name": "Sam"}) == []
    assert events_for("comment.created", "comments", None, {"text": "x"}) == []
    assert events_for("webhook.created", "webhook_subscriptions", None, {}) == []
    assert events_for("licence.transferred", "licences", {}, {}) == [("licence.changed", ())]


def test_subscriptions_filter_by_event_and_service() -> None:
    assert subscribed(["*"], None, "case.created", None)
    assert subscribed(["case.created"], ["planning"], "case.created", "planning")
    assert not subscribed(["case.created"], ["licensing"], "case.created", "planning")
    assert not subscribed(["case.decided"], None, "case.created", "planning")
    assert subscribed(["case.decided"], None, "ping", None)  # a ping reaches any subscription


def test_links_point_at_the_service_route_of_the_case() -> None:
    assert case_link("ashcombe", "planning", "householder", "26-00042-HOUSE") == (
        "/api/v1/ashcombe/planning/applications/26-00042-HOUSE"
    )
    assert case_link("ashcombe", "licensing", "private_hire_driver", "26-00001-PHD") == (
        "/api/v1/ashcombe/licensing/taxi-applications/26-00001-PHD"
    )
    assert case_link("ashcombe", "land_charges", "register_charge", "x").endswith("/searches/x")
