"""Building blocks of the planning request recipes (``authz_planning_recipes.py`` and
``authz_casework_recipes.py``): fresh applications in the state a route needs, made straight
through the planning store inside a tenant session (never through the HTTP client, which is
signed in as the role under test), and synchronous reads of what a write changed.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from authz_support import Outcome
from sqlalchemy import select

from services.core.cases.models import Case
from services.core.cases.outcomes import Condition
from services.core.cases.store import NewCase
from services.core.store import read_settings
from services.planning import casework, odp, store
from services.planning.odp.intake import intake
from services.planning.store import today
from tenancy.binding import tenant_session, tenant_session_sync

ACTOR = "test"
APPS = "/api/v1/{tenant:str}/planning/applications"
APP = APPS + "/{application:str}"
HOUSEHOLDER_ODP = Path(__file__).resolve().parents[2] / "fixtures" / "odp" / "application"
HOUSEHOLDER_ODP /= "planningPermission/fullHouseholder.json"


@dataclass(frozen=True, slots=True)
class Made:
    """An application made for one request: its id, version (for If-Match) and the ids of the
    records made with it, by name (``request``, ``appeal``, ``condition`` …)."""

    id: uuid.UUID
    version: int
    reference: str
    ids: dict[str, uuid.UUID] = field(default_factory=dict)


@cache
def _odp_intake() -> Any:
    return intake(odp.validate(json.loads(HOUSEHOLDER_ODP.read_text(encoding="utf-8"))))


def _householder() -> Any:
    return NewCase(
        service="planning",
        case_type="householder",
        received_date=today() - dt.timedelta(days=7),
        description=f"Rear extension {uuid.uuid4().hex[:8]}",
        site={
            "address_line": "12 Mill Lane, Ashcombe, AS1 2BC",
            "uprn": "100012345678",
            "latitude": 51.2,
            "longitude": -1.1,
        },
        parties=[{"role": "applicant", "name": "Sam Applicant", "email": "sam@example.org"}],
    )


Maker = Callable[[Any, Any, Any, Any], Awaitable[dict[str, uuid.UUID]]]
#: How to make each kind of record on an application, by the name ``made(records=…)`` takes:
#: ``(session, case, tenant, settings)`` -> the ids made, by name. The casework recipes add theirs.
MAKERS: dict[str, Maker] = {}


def maker(name: str) -> Callable[[Maker], Maker]:
    def register(function: Maker) -> Maker:
        MAKERS[name] = function
        return function

    return register


@maker("request")
async def _request(session: Any, case: Any, _tenant: Any, _settings: Any) -> dict[str, uuid.UUID]:
    row = await casework.request_item(
        session, case, kind="fee", detail="Pay the fee", required_item=True, actor=ACTOR
    )
    return {"request": row.id}


@maker("extension")
async def _extension(session: Any, case: Any, _tenant: Any, settings: Any) -> dict[str, uuid.UUID]:
    row = await casework.extend(
        session,
        case,
        agreed_date=today(),
        new_target_date=today() + dt.timedelta(days=300),
        reason="More time for amended plans",
        settings=settings,
        actor=ACTOR,
    )
    return {"extension": row.id}


@maker("appeal")
async def _appeal(session: Any, case: Any, _tenant: Any, settings: Any) -> dict[str, uuid.UUID]:
    row = await casework.lodge_appeal(
        session,
        case,
        kind="refusal",
        lodged_date=today(),
        reason="The extension is acceptable",
        procedure=None,
        appellant_reference=None,
        settings=settings,
        actor=ACTOR,
    )
    return {"appeal": row.id}


async def made(
    tenant: Any,
    state: str = "received",
    *,
    outcome: str = "granted",
    odp: bool = False,
    records: tuple[str, ...] = (),
) -> Made:
    """A fresh application in ``tenant``, in ``state`` (``received``, ``consultation``,
    ``assessment`` or ``determined`` with ``outcome``), with ``records`` made on it."""
    async with tenant_session(tenant.schema_name) as session:
        settings = await read_settings(session)
        if odp:
            case = await store.register_submission(
                session, _odp_intake(), settings=settings, actor=ACTOR
            )
        else:
            case = await store.register(session, _householder(), settings=settings, actor=ACTOR)
        if state != "received":
            await store.mark_valid(
                session,
                case,
                settings=settings,
                actor=ACTOR,
                consult=state == "consultation",
                validated_at=dt.datetime.now(dt.UTC),
            )
        if state == "determined":
            if outcome == "refused":
                text = "The extension would harm the neighbours' living conditions"
                session.add(
                    Condition(
                        case_id=case.id,
                        kind="refusal_reason",
                        position=1,
                        text=text,
                        created_by=ACTOR,
                    )
                )
            decision = casework.DecisionInput(outcome, today(), "delegated", None)
            await casework.determine(session, case, decision, settings=settings, actor=ACTOR)
        ids: dict[str, uuid.UUID] = {}
        for name in records:
            ids.update(await MAKERS[name](session, case, tenant, settings))
        await session.flush()
        return Made(case.id, case.version, case.reference, ids)


def stored(tenant: Any, model: Any, **where: Any) -> Any:
    """The first row of ``model`` in the council with these column values, or ``None``."""
    query = select(model).filter_by(**where)
    with tenant_session_sync(tenant.schema_name) as session:
        return session.scalars(query).first()


def case_now(tenant: Any, case: Made) -> Any:
    return stored(tenant, Case, id=case.id)


def url(tenant: Any, case: Made, suffix: str = "") -> str:
    path = suffix.format(**case.ids)
    return f"/api/v1/{tenant.slug}/planning/applications/{case.id}{path}"


Landed = Callable[[Any, Made], bool]


def reading(suffix: str, state: str = "received", **how: Any) -> Any:
    """Send: GET the application's ``suffix`` (``{name}`` is a record's id). A read changes
    nothing, so each council's application for one read route is made once, on first use, and
    read by every role in the matrix."""
    cases: dict[Any, Made] = {}

    async def send(http: Any, tenant: Any) -> Outcome:
        if tenant.id not in cases:
            cases[tenant.id] = await made(tenant, state, **how)
        return Outcome(await http.get(url(tenant, cases[tenant.id], suffix)))

    return send


def writing(
    method: str, suffix: str, body: Any, landed: Landed, state: str = "received", **how: Any
) -> Any:
    """Send: ``method`` the application's ``suffix`` with a JSON ``body`` (or ``body(case)``);
    it changed the council if ``landed(tenant, case)``."""

    async def send(http: Any, tenant: Any) -> Outcome:
        case = await made(tenant, state, **how)
        payload = body(case) if callable(body) else body
        response = await http.request(method, url(tenant, case, suffix), json=payload)
        return Outcome(response, lambda: landed(tenant, case))

    return send


def status_is(state: str) -> Landed:
    return lambda tenant, case: case_now(tenant, case).status == state


def record(model: Any, **where: Any) -> Landed:
    """Landed if the case has a ``model`` row with these values."""
    return lambda tenant, case: stored(tenant, model, case_id=case.id, **where) is not None


def by_id(model: Any, name: str, check: Callable[[Any], bool]) -> Landed:
    """Landed if ``check`` holds for the ``model`` row made under ``name``."""

    def landed(tenant: Any, case: Made) -> bool:
        row = stored(tenant, model, id=case.ids[name])
        return row is not None and check(row)

    return landed


def days_on(days: int) -> str:
    return (today() + dt.timedelta(days=days)).isoformat()
