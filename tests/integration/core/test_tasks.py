"""Officers' tasks through the API: on their own or on a case, listed soonest due first,
completed and reopened, audited; other councils and unreadable services cannot see them."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import make_user, sign_in

pytestmark = pytest.mark.asyncio


async def test_tasks_on_a_case_are_listed_completed_and_audited(
    planner, council, officer, new_application
):
    app = await new_application()
    tasks = f"/api/v1/{council.slug}/tasks"
    later = await planner.post(
        tasks,
        json={"title": "Write report", "case": app["reference"], "dueDate": "2099-01-10",
              "assigneeId": str(officer.id)},
    )  # fmt: skip
    assert later.status_code == 201, later.text
    assert later.json()["caseId"] == app["id"]
    assert later.json()["service"] == "planning"
    soon = await planner.post(
        tasks, json={"title": "Site visit", "dueDate": "2026-01-05", "assigneeId": str(officer.id)}
    )
    assert soon.json()["overdue"] is True
    assert soon.json()["service"] == "core"
    mine = (await planner.get(tasks, params={"assignee": "me"})).json()
    assert [t["title"] for t in mine["data"]] == ["Site visit", "Write report"]
    overdue = (await planner.get(tasks, params={"overdue": "true"})).json()
    assert [t["title"] for t in overdue["data"]] == ["Site visit"]
    done = await planner.patch(f"{tasks}/{soon.json()['id']}", json={"status": "done"})
    assert done.status_code == 200, done.text
    assert done.json()["completedAt"] is not None
    assert [t["title"] for t in (await planner.get(tasks)).json()["data"]] == ["Write report"]
    trail = await planner.get(f"/api/v1/{council.slug}/planning/applications/{app['id']}/audit")
    assert "task.created" in [e["action"] for e in trail.json()["data"]]


async def test_a_task_on_an_unknown_case_is_422_and_stores_nothing(planner, council):
    tasks = f"/api/v1/{council.slug}/tasks"
    response = await planner.post(tasks, json={"title": "Chase", "case": "26/99999/HOUSE"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/case"
    assert (await planner.get(tasks)).json()["pagination"]["totalResults"] == 0
    bad = await planner.post(tasks, json={"title": ""})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["pointer"] == "/title"


async def test_other_councils_and_other_services_cannot_see_tasks(
    planner, council, new_application, make_tenant: Any
):
    app = await new_application()
    tasks = f"/api/v1/{council.slug}/tasks"
    created = await planner.post(tasks, json={"title": "Write report", "case": app["id"]})
    task_id = created.json()["id"]
    other = make_tenant("other")
    await sign_in(planner, make_user({other.id: ["planning_manager"]}))
    assert (await planner.get(f"/api/v1/{other.slug}/tasks")).json()["data"] == []
    patched = await planner.patch(f"/api/v1/{other.slug}/tasks/{task_id}", json={"status": "done"})
    assert patched.status_code == 404
    assert (await planner.get(tasks)).status_code == 404
    on_case = await planner.post(
        f"/api/v1/{other.slug}/tasks", json={"title": "x", "case": app["id"]}
    )
    assert on_case.status_code == 422
    licensing_only = make_user({council.id: ["licensing_officer"]})
    await sign_in(planner, licensing_only)
    listed = (await planner.get(tasks)).json()
    assert listed["data"] == []
    hidden = await planner.patch(f"{tasks}/{task_id}", json={"status": "done"})
    assert hidden.status_code == 404
