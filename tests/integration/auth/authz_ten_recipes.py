"""Request recipes for the temporary event notice and taxi / private hire routes, merged into
``TENANT_RECIPES``.

Each write recipe makes what its route needs straight through the licensing services in a tenant
session (a notice given ten days ago for an event in a month, at premises of its own so the
s.107 limits never bite; an application with its checks; a granted licence), then sends one
valid request; ``changed`` reads the database. A read route's record is made once per council.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from authz_planning_support import stored
from authz_support import Outcome, Recipe

from services.core.calendar import LONDON, london_today
from services.core.cases.models import Case
from services.core.store import read_settings
from services.licensing import taxi_licences, taxi_rules, taxis, ten_objections, tens
from services.licensing.models import Licence, Representation
from tenancy.binding import tenant_session

ACTOR = "test"


@dataclass(frozen=True, slots=True)
class Ref:
    """What a recipe needs of something it made, read before the session closes."""

    id: uuid.UUID
    reference: str = ""
    number: str = ""
    holder_name: str = ""


LIC = "/api/v1/{tenant:str}/licensing"
NOTICES = LIC + "/temporary-event-notices"
NOTICE = NOTICES + "/{notice:str}"
APPS = LIC + "/taxi-applications"
APP = APPS + "/{application:str}"
LICENCES = LIC + "/taxi-licences"
LICENCE = LICENCES + "/{licence:str}"


def _given() -> dt.date:
    return london_today() - dt.timedelta(days=10)


def _notice() -> tens.NoticeIn:
    starts = dt.datetime.combine(london_today() + dt.timedelta(days=30), dt.time(18), LONDON)
    tag = uuid.uuid4().hex[:8]
    return tens.NoticeIn(
        given_on=_given(),
        premises_address=f"Hall {tag}, Church Road, Ashcombe",
        premises_user_name=f"Jo Baker {tag}",
        premises_user_born_on=dt.date(1980, 4, 12),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=5),
        max_attendance=100,
        activities=["sale_of_alcohol"],
        description=f"Fete {tag}",
    )


async def made_notice(tenant: Any, state: str = "received") -> Ref:
    async with tenant_session(tenant.schema_name) as session:
        settings = await read_settings(session)
        case, row = await tens.give_notice(session, _notice(), settings=settings, actor=ACTOR)
        if state in ("objected", "hearing"):
            objection = ten_objections.ObjectionIn("police", "PC Reid", case.received_date, "Noise")
            await ten_objections.object_to(session, case, row, objection, actor=ACTOR)
        if state == "hearing":
            await ten_objections.arrange_hearing(
                session,
                case,
                row,
                scheduled_at=None,
                venue=None,
                dispensed_reason="Agreed",
                actor=ACTOR,
            )
        return Ref(case.id, case.reference)


async def made_application(tenant: Any, *, checked: bool = False) -> Ref:
    async with tenant_session(tenant.schema_name) as session:
        settings = await read_settings(session)
        new = taxis.ApplicationIn(
            "private_hire_driver", london_today(), {"name": f"Sam {uuid.uuid4().hex[:6]}"}
        )
        case = await taxis.apply(session, new, settings=settings, actor=ACTOR)
        if checked:
            for name in taxi_rules.REQUIRED_CHECKS[case.case_type]:
                await taxis.record_check(
                    session,
                    case,
                    check=name,
                    outcome="passed",
                    checked_on=london_today(),
                    reference=None,
                    notes=None,
                    actor=ACTOR,
                )
        return Ref(case.id, case.reference)


async def made_licence(tenant: Any, *, suspended: bool = False) -> Ref:
    made = await made_application(tenant, checked=True)
    async with tenant_session(tenant.schema_name) as session:
        settings = await read_settings(session)
        case = await session.get(Case, made.id)
        assert case is not None
        decision = taxis.Decision("granted", london_today())
        licence = await taxis.decide(session, case, decision, settings=settings, actor=ACTOR)
        assert licence is not None
        if suspended:
            await taxi_licences.suspend(
                session,
                licence,
                reason="Medical",
                notice_on=london_today(),
                immediate=True,
                actor=ACTOR,
            )
        return Ref(licence.id, number=licence.number, holder_name=licence.holder_name)


Send = Callable[[Any, Any], Awaitable[Outcome]]


def once(make: Callable[[Any], Awaitable[Any]], path: Callable[[Any, Any], str]) -> Send:
    """A read: the record is made once per council and read by every role."""
    made: dict[Any, Any] = {}

    async def send(http: Any, tenant: Any) -> Outcome:
        if tenant.id not in made:
            made[tenant.id] = await make(tenant)
        return Outcome(await http.get(path(tenant, made[tenant.id])))

    return send


def base(tenant: Any) -> str:
    return f"/api/v1/{tenant.slug}/licensing"


def status_of(tenant: Any, case: Ref) -> str:
    return str(stored(tenant, Case, id=case.id).status)


def notice_action(state: str, suffix: str, body: Any, expect: str) -> Send:
    async def send(http: Any, tenant: Any) -> Outcome:
        case = await made_notice(tenant, state)
        url = f"{base(tenant)}/temporary-event-notices/{case.id}{suffix}"
        response = await http.post(url, json=body)
        return Outcome(response, lambda: status_of(tenant, case) == expect)

    return send


async def _give(http: Any, tenant: Any) -> Outcome:
    notice = _notice()
    body = {
        "givenDate": notice.given_on.isoformat(),
        "premises": {"addressLine": notice.premises_address},
        "premisesUser": {"name": notice.premises_user_name, "dateOfBirth": "1980-04-12"},
        "eventStartsAt": notice.starts_at.isoformat(),
        "eventEndsAt": notice.ends_at.isoformat(),
        "maxAttendance": 100,
        "activities": ["sale_of_alcohol"],
        "description": notice.description,
    }
    response = await http.post(f"{base(tenant)}/temporary-event-notices", json=body)
    return Outcome(
        response, lambda: stored(tenant, Case, description=notice.description) is not None
    )


async def _object(http: Any, tenant: Any) -> Outcome:
    case = await made_notice(tenant)
    name = f"PC {uuid.uuid4().hex[:6]}"
    body = {
        "authority": "police",
        "name": name,
        "receivedDate": _given().isoformat(),
        "grounds": "Noise",
    }
    response = await http.post(
        f"{base(tenant)}/temporary-event-notices/{case.id}/objections", json=body
    )
    return Outcome(response, lambda: stored(tenant, Representation, name=name) is not None)


async def _apply(http: Any, tenant: Any) -> Outcome:
    name = f"Sam {uuid.uuid4().hex[:8]}"
    body = {
        "licenceType": "private_hire_driver",
        "applicant": {"name": name},
        "receivedDate": london_today().isoformat(),
    }
    response = await http.post(f"{base(tenant)}/taxi-applications", json=body)
    return Outcome(
        response,
        lambda: (
            stored(tenant, Case, description=f"Private hire driver licence: {name}") is not None
        ),
    )


def app_action(
    suffix: str, body: Any, landed: Callable[[Any, Ref], bool], checked: bool = False
) -> Send:
    async def send(http: Any, tenant: Any) -> Outcome:
        case = await made_application(tenant, checked=checked)
        response = await http.post(f"{base(tenant)}/taxi-applications/{case.id}{suffix}", json=body)
        return Outcome(response, lambda: landed(tenant, case))

    return send


def licence_action(
    suffix: str, body: Any, landed: Callable[[Any, Ref], bool], suspended: bool = False
) -> Send:
    async def send(http: Any, tenant: Any) -> Outcome:
        licence = await made_licence(tenant, suspended=suspended)
        response = await http.post(f"{base(tenant)}/taxi-licences/{licence.id}{suffix}", json=body)
        return Outcome(response, lambda: landed(tenant, licence))

    return send


def licence_status(tenant: Any, licence: Ref) -> str:
    return str(stored(tenant, Licence, id=licence.id).status)


def renewals(tenant: Any, licence: Ref) -> bool:
    return (
        stored(tenant, Case, description=f"Renewal of {licence.number}: {licence.holder_name}")
        is not None
    )


REASON = {"reason": "Conviction for assault", "noticeDate": "2026-06-01"}

TEN_RECIPES: dict[str, Recipe] = {
    f"POST {NOTICES}": Recipe(201, _give, lambda b: b["status"] == "received"),
    f"GET {NOTICES}": Recipe(
        200,
        once(made_notice, lambda t, c: f"{base(t)}/temporary-event-notices"),
        lambda b: len(b["data"]) >= 1,
    ),
    f"GET {NOTICE}": Recipe(
        200,
        once(made_notice, lambda t, c: f"{base(t)}/temporary-event-notices/{c.id}"),
        lambda b: b["status"] == "received",
    ),
    f"GET {LIC}/temporary-event-limits": Recipe(
        200,
        once(
            made_notice,
            lambda t, c: f"{base(t)}/temporary-event-limits?year={london_today().year}&uprn=1",
        ),
        lambda b: b["premises"]["noticeLimit"] >= 15,
    ),
    f"GET {NOTICE}/objections": Recipe(
        200,
        once(
            lambda t: made_notice(t, "objected"),
            lambda t, c: f"{base(t)}/temporary-event-notices/{c.id}/objections",
        ),
        lambda b: len(b) == 1,
    ),
    f"POST {NOTICE}/objections": Recipe(201, _object, lambda b: b["authority"] == "police"),
    f"POST {NOTICE}/hearing": Recipe(
        201,
        notice_action("objected", "/hearing", {"dispensedReason": "All agree"}, "hearing"),
        lambda b: b["status"] == "dispensed",
    ),
    f"POST {NOTICE}/decision": Recipe(
        200,
        notice_action(
            "hearing", "/decision", {"outcome": "acknowledged", "reasons": "Fine"}, "acknowledged"
        ),
        lambda b: b["status"] == "acknowledged",
    ),
    f"POST {NOTICE}/acknowledgement": Recipe(
        200,
        notice_action("received", "/acknowledgement", None, "acknowledged"),
        lambda b: b["status"] == "acknowledged",
    ),
    f"POST {NOTICE}/withdrawal": Recipe(
        200,
        notice_action("received", "/withdrawal", {"reason": "Cancelled"}, "withdrawn"),
        lambda b: b["status"] == "withdrawn",
    ),
    f"POST {APPS}": Recipe(201, _apply, lambda b: b["status"] == "received"),
    f"GET {APPS}": Recipe(
        200,
        once(made_application, lambda t, c: f"{base(t)}/taxi-applications"),
        lambda b: len(b["data"]) >= 1,
    ),
    f"GET {APP}": Recipe(
        200,
        once(
            made_application,
            lambda t, c: f"{base(t)}/taxi-applications/{c.reference.replace('/', '-')}",
        ),
        lambda b: b["status"] == "received",
    ),
    f"POST {APP}/checks": Recipe(
        200,
        app_action(
            "/checks",
            {"check": "dvla", "outcome": "passed", "checkedDate": "2026-01-05"},
            lambda t, c: "dvla" in stored(t, Case, id=c.id).details["checks"],
        ),
        lambda b: "dvla" not in b["checksOutstanding"],
    ),
    f"POST {APP}/decision": Recipe(
        200,
        app_action(
            "/decision",
            {"outcome": "granted"},
            lambda t, c: status_of(t, c) == "granted",
            checked=True,
        ),
        lambda b: b["status"] == "granted",
    ),
    f"POST {APP}/withdrawal": Recipe(
        200,
        app_action("/withdrawal", {"reason": "Moved"}, lambda t, c: status_of(t, c) == "withdrawn"),
        lambda b: b["status"] == "withdrawn",
    ),
    f"GET {LICENCES}": Recipe(
        200,
        once(made_licence, lambda t, c: f"{base(t)}/taxi-licences"),
        lambda b: len(b["data"]) >= 1,
    ),
    f"GET {LICENCE}": Recipe(
        200,
        once(made_licence, lambda t, c: f"{base(t)}/taxi-licences/{c.number.replace('/', '-')}"),
        lambda b: b["status"] == "active",
    ),
    f"GET {LICENCE}/renewals": Recipe(
        200,
        once(made_licence, lambda t, c: f"{base(t)}/taxi-licences/{c.id}/renewals"),
        lambda b: b == [],
    ),
    f"POST {LICENCE}/renewals": Recipe(
        201,
        licence_action("/renewals", {"receivedDate": london_today().isoformat()}, renewals),
        lambda b: b["renewalOf"] is not None,
    ),
    f"POST {LICENCE}/suspension": Recipe(
        200,
        licence_action("/suspension", REASON, lambda t, lic: licence_status(t, lic) == "suspended"),
        lambda b: b["status"] == "suspended",
    ),
    f"POST {LICENCE}/revocation": Recipe(
        200,
        licence_action("/revocation", REASON, lambda t, lic: licence_status(t, lic) == "revoked"),
        lambda b: b["status"] == "revoked",
    ),
    f"POST {LICENCE}/reinstatement": Recipe(
        200,
        licence_action(
            "/reinstatement",
            {"reason": "Fit"},
            lambda t, lic: licence_status(t, lic) == "active",
            suspended=True,
        ),
        lambda b: b["status"] == "active",
    ),
}
