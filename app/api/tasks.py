"""An officer's tasks: ``/api/v1/{tenant}/tasks``. A task may stand alone or belong to a case of
any service the officer can read; the worklist of tasks is filtered by assignee, status and
whether it is overdue."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Request, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy import func, select

from app.api.pagination import DEFAULT_PER_PAGE, Page, PageParam, PerPageParam, page_of
from app.auth.guard import readable_services
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import CurrentTenant, TenantSession
from services.core.calendar import london_today
from services.core.cases.records import Task
from services.core.cases.store import CaseNotFound, audit, get_case_any, snapshot

READ = requires("core", "tasks", "read")
WRITE = requires("core", "tasks", "write")


class TaskIn(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=True):
    title: Annotated[str, msgspec.Meta(min_length=1, max_length=300, examples=["Site visit"])]
    case: Annotated[str, msgspec.Meta(examples=["26/00042/HOUSE"])] | None = None
    assignee_id: UUID | None = None
    assignee_name: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    due_date: dt.date | None = None


class TaskPatch(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=True):
    status: Literal["open", "done"] | msgspec.UnsetType = msgspec.UNSET
    assignee_id: UUID | msgspec.UnsetType | None = msgspec.UNSET
    assignee_name: str | msgspec.UnsetType | None = msgspec.UNSET
    due_date: dt.date | msgspec.UnsetType | None = msgspec.UNSET


class TaskOut(msgspec.Struct, rename="camel", kw_only=True):
    id: UUID
    title: str
    service: str
    case_id: UUID | None
    assignee_id: UUID | None
    assignee_name: str | None
    due_date: dt.date | None
    overdue: bool
    status: str
    created_at: dt.datetime
    created_by: str
    completed_at: dt.datetime | None


def task_out(task: Task, today: dt.date) -> TaskOut:
    return TaskOut(
        id=task.id,
        title=task.title,
        service=task.service,
        case_id=task.case_id,
        assignee_id=task.assignee_id,
        assignee_name=task.assignee_name,
        due_date=task.due_date,
        overdue=task.status == "open" and task.due_date is not None and task.due_date < today,
        status=task.status,
        created_at=task.created_at,
        created_by=task.created_by,
        completed_at=task.completed_at,
    )


def _me(request: Request[Any, Any, Any]) -> UUID:
    ident = getattr(request.scope.get("user"), "id", None)
    if not isinstance(ident, UUID):
        raise Problem(400, "Invalid assignee", "`assignee=me` needs a signed-in officer")
    return ident


@get("/api/v1/{tenant:str}/tasks", opt=READ, tags=["council"], summary="Tasks, soonest due first")
async def list_tasks(
    request: Request[Any, Any, Any],
    db_session: TenantSession,
    current_tenant: CurrentTenant,
    page: PageParam = 1,
    per_page: PerPageParam = DEFAULT_PER_PAGE,
    assignee: Annotated[str | None, QueryParameter(name="assignee")] = None,
    status: Annotated[Literal["open", "done"] | None, QueryParameter(name="status")] = "open",
    overdue: Annotated[bool, QueryParameter(name="overdue")] = False,
) -> Page[TaskOut]:
    services = ("core", *readable_services(request.scope.get("user"), current_tenant))
    statement = select(Task).where(Task.service.in_(services))
    if assignee is not None:
        try:
            who = _me(request) if assignee == "me" else UUID(assignee)
        except ValueError as exc:
            raise Problem(
                400,
                "Invalid assignee",
                f"{assignee!r} is not an officer id (a UUID, or `me`)",
                errors=[{"parameter": "assignee", "detail": "not a UUID or `me`"}],
            ) from exc
        statement = statement.where(Task.assignee_id == who)
    if status is not None:
        statement = statement.where(Task.status == status)
    today = london_today()
    if overdue:
        statement = statement.where(Task.status == "open", Task.due_date < today)
    total = int(
        (
            await db_session.execute(select(func.count()).select_from(statement.subquery()))
        ).scalar_one()
    )
    rows = await db_session.scalars(
        statement.order_by(Task.due_date.asc().nulls_last(), Task.created_at)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return page_of([task_out(t, today) for t in rows], total, page, per_page)


@post(
    "/api/v1/{tenant:str}/tasks",
    opt=WRITE,
    tags=["council"],
    summary="Add a task, on its own or on a case (by id or reference)",
    status_code=HTTP_201_CREATED,
)
async def create_task(
    data: JSONBody[TaskIn],
    request: Request[Any, Any, Any],
    db_session: TenantSession,
    current_tenant: CurrentTenant,
    actor: Actor,
) -> TaskOut:
    service, case_id = "core", None
    if data.case is not None:
        readable = readable_services(request.scope.get("user"), current_tenant)
        try:
            case = await get_case_any(db_session, data.case, services=readable)
        except CaseNotFound as exc:
            raise Problem(
                422,
                "Invalid request",
                f"/case: {exc}",
                errors=[{"pointer": "/case", "detail": str(exc)}],
            ) from exc
        service, case_id = case.service, case.id
    task = Task(
        title=data.title,
        service=service,
        case_id=case_id,
        assignee_id=data.assignee_id,
        assignee_name=data.assignee_name,
        due_date=data.due_date,
        created_by=actor,
    )
    db_session.add(task)
    await db_session.flush()
    audit(db_session, actor, "task.created", task)
    await db_session.commit()
    return task_out(task, london_today())


@patch(
    "/api/v1/{tenant:str}/tasks/{task_id:uuid}",
    opt=WRITE,
    tags=["council"],
    summary="Complete, reopen, reassign or re-date a task",
)
async def update_task(
    task_id: FromPath[UUID],
    data: JSONBody[TaskPatch],
    request: Request[Any, Any, Any],
    db_session: TenantSession,
    current_tenant: CurrentTenant,
    actor: Actor,
) -> TaskOut:
    task = await db_session.get(Task, task_id)
    readable = ("core", *readable_services(request.scope.get("user"), current_tenant))
    if task is None or task.service not in readable:
        raise Problem(404, "Not found", "No such task")
    before = snapshot(task)
    changes = {
        f: getattr(data, f) for f in data.__struct_fields__ if getattr(data, f) is not msgspec.UNSET
    }
    if changes.get("status") == "done" and task.status != "done":
        task.completed_at = dt.datetime.now(dt.UTC)
    elif changes.get("status") == "open":
        task.completed_at = None
    for key, value in changes.items():
        setattr(task, key, value)
    await db_session.flush()
    audit(db_session, actor, "task.updated", task, before=before)
    await db_session.commit()
    return task_out(task, london_today())


ROUTES = [list_tasks, create_task, update_task]
