"""Request recipes for the licence application and licence register routes, merged into
``TENANT_RECIPES``.

Each write recipe makes fresh fixtures straight through the licensing services inside a tenant
session (never through the HTTP client, which is signed in as the role under test): an
application at the stage its route needs (given in the past so its periods are over), or a
licence granted on Tuesday 1 April 2025 with its first annual fee (due Wednesday 1 April 2026)
raised. A read recipe's fixture is made once per council and shared. ``changed`` reads the
database.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from authz_planning_support import stored
from authz_support import Outcome, Recipe

from services.core.cases.models import Case
from services.core.cases.store import get_case
from services.core.store import read_settings
from services.licensing import annual_fees, decisions, hearings, premises, representations
from services.licensing.models import Hearing, Licence, LicenceEvent, LicenceFee, Representation
from tenancy.binding import tenant_session

ACTOR = "test"
BASE = "/api/v1/{tenant:str}/licensing"
APP = BASE + "/applications/{application:str}"
LIC = BASE + "/licences/{licence:str}"
CLOSED_GIVEN = dt.date(2026, 2, 26)  # its representation period ended on 26 March 2026


@dataclass(frozen=True, slots=True)
class Made:
    """What a recipe's fixture made: the application and/or licence, and record ids."""

    case: uuid.UUID | None = None
    version: int = 0
    licence: uuid.UUID | None = None
    record: uuid.UUID | None = None


def _applicant(name: str) -> dict[str, Any]:
    return {"name": name, "organisation": None, "email": None, "phone": None, "address": None}


async def _apply(session: Any, given: dt.date, case_type: str = "premises_licence_new") -> Case:
    premises_app = case_type != "personal_licence"
    new = premises.Application(
        case_type=case_type,
        received_date=given,
        description=f"Authz {uuid.uuid4().hex[:8]}",
        applicant=_applicant("Crown Inns Ltd" if premises_app else "Mary Okonjo"),
        site={"address_line": "14 High Street, Ashcombe"} if premises_app else None,
        premises_name="The Crown and Anchor" if premises_app else None,
        proposal={"activities": ["sale_of_alcohol"]},
    )
    settings = await read_settings(session)
    case = await premises.register_application(session, new, settings=settings, actor=ACTOR)
    return await get_case(session, premises.SERVICE, case.id, with_details=True)


async def _represent(session: Any, case: Case, party: str = "responsible_authority") -> Any:
    new = representations.NewRepresentation(
        party=party,
        authority="police" if party == "responsible_authority" else None,
        name="PC Dev Patel" if party == "responsible_authority" else "Jo Resident",
        received_date=min(case.received_date + dt.timedelta(days=5), premises.today()),
        grounds="Disorder at closing time",
        objectives=["prevention_of_crime_and_disorder"],
    )
    return await representations.add(session, case, new, actor=ACTOR)


async def _licence(session: Any, case_type: str = "premises_licence_new") -> Licence:
    """A licence granted on 1 April 2025 (personal licence: 17 March 2025)."""
    case = await _apply(session, dt.date(2025, 3, 3), case_type)
    if case_type != "personal_licence":
        await premises.close_representations(session, case, actor=ACTOR)
    decided = dt.date(2025, 4, 1 if case_type != "personal_licence" else 17)
    determination = decisions.Determination("granted", decided)
    await decisions.decide(session, case, determination, today=premises.today(), actor=ACTOR)
    return await session.get(Licence, uuid.UUID(case.details["licenceId"]))  # type: ignore[no-any-return]


async def _stage(tenant: Any, stage: str) -> Made:
    """A fresh fixture for ``stage``."""
    async with tenant_session(tenant.schema_name) as session:
        if stage in {"licence", "personal", "fee"}:
            kind = "personal_licence" if stage == "personal" else "premises_licence_new"
            licence = await _licence(session, kind)
            record = None
            if stage == "fee":
                fee = await annual_fees.raise_fee(
                    session, licence, due_on=dt.date(2026, 4, 1), amount=Decimal(180), actor=ACTOR
                )
                record = fee.id
            return Made(licence=licence.id, record=record)
        given = premises.today() if stage in {"received", "other_person"} else CLOSED_GIVEN
        case = await _apply(session, given)
        record = None
        if stage in {"other_person", "hearing", "listed"}:
            party = "other_person" if stage == "other_person" else "responsible_authority"
            record = (await _represent(session, case, party)).id
        if stage in {"awaiting", "hearing", "listed"}:
            await premises.close_representations(session, case, actor=ACTOR)
        if stage == "listed":
            hearing = await hearings.hearing_of(session, case)
            assert hearing is not None
            at = dt.datetime(2026, 4, 20, 9, tzinfo=dt.UTC)
            await hearings.list_hearing(
                session, hearing, scheduled_at=at, venue=None, notice_given_on=None, actor=ACTOR
            )
        await session.flush()
        return Made(case=case.id, version=case.version, record=record)


def _url(tenant: Any, made: Made, template: str) -> str:
    path = template.replace("{tenant:str}", tenant.slug)
    path = path.replace("{application:str}", str(made.case))
    path = path.replace("{licence:str}", str(made.licence))
    for name in ("representation_id", "fee_id"):
        path = path.replace("{" + name + ":uuid}", str(made.record))
    return path


Landed = Callable[[Any, Made], bool]
Body = Any


def reading(template: str, stage: str) -> Callable[[Any, Any], Awaitable[Outcome]]:
    cache: dict[Any, Made] = {}

    async def send(http: Any, tenant: Any) -> Outcome:
        if tenant.id not in cache:
            cache[tenant.id] = await _stage(tenant, stage)
        return Outcome(await http.get(_url(tenant, cache[tenant.id], template)))

    return send


def writing(
    method: str, template: str, stage: str, body: Body, landed: Landed
) -> Callable[[Any, Any], Awaitable[Outcome]]:
    async def send(http: Any, tenant: Any) -> Outcome:
        made = await _stage(tenant, stage)
        payload = body(made) if callable(body) else body
        headers = {"If-Match": f'"{made.case}.{made.version}"'} if made.case else {}
        response = await http.request(
            method, _url(tenant, made, template), json=payload, headers=headers
        )
        return Outcome(response, lambda: landed(tenant, made))

    return send


def case_is(check: Callable[[Case], bool]) -> Landed:
    return lambda tenant, made: check(stored(tenant, Case, id=made.case))


def event(kind: str) -> Landed:
    return lambda t, m: stored(t, LicenceEvent, licence_id=m.licence, kind=kind) is not None


def fee_is(check: Callable[[LicenceFee], bool]) -> Landed:
    return lambda tenant, made: check(stored(tenant, LicenceFee, id=made.record))


async def _create(http: Any, tenant: Any) -> Outcome:
    description = f"New premises licence {uuid.uuid4().hex[:8]}"
    body = {
        "applicationType": "premises_licence_new",
        "description": description,
        "site": {"addressLine": "3 Church Row, Ashcombe"},
        "applicant": {"name": "Robin Applicant"},
    }
    response = await http.post(f"/api/v1/{tenant.slug}/licensing/applications", json=body)
    return Outcome(response, lambda: stored(tenant, Case, description=description) is not None)


async def _list(http: Any, tenant: Any) -> Outcome:
    await _stage(tenant, "received")
    return Outcome(await http.get(f"/api/v1/{tenant.slug}/licensing/applications"))


async def _licences(http: Any, tenant: Any) -> Outcome:
    await _stage(tenant, "licence")
    return Outcome(await http.get(f"/api/v1/{tenant.slug}/licensing/licences"))


POLICE = {
    "party": "responsible_authority",
    "authority": "police",
    "name": "PC Dev Patel",
    "objectives": ["prevention_of_crime_and_disorder"],
    "grounds": "Disorder at closing time",
}
DETERMINATION = {"outcome": "refused", "reasons": "Disorder", "heldOn": "2026-04-20"}

LICENSING_RECIPES: dict[str, Recipe] = {
    f"POST {BASE}/applications": Recipe(201, _create, lambda b: b["status"] == "received"),
    f"GET {BASE}/applications": Recipe(200, _list, lambda b: len(b["data"]) >= 1),
    f"GET {APP}": Recipe(200, reading(APP, "received"), lambda b: b["status"] == "received"),
    f"PATCH {APP}": Recipe(
        200,
        writing(
            "PATCH",
            APP,
            "received",
            {"description": "Changed"},
            case_is(lambda c: c.description == "Changed"),
        ),
        lambda b: b["description"] == "Changed",
    ),
    f"POST {APP}/withdrawal": Recipe(
        200,
        writing(
            "POST",
            APP + "/withdrawal",
            "received",
            {"reason": "No longer needed"},
            case_is(lambda c: c.status == "withdrawn"),
        ),
        lambda b: b["status"] == "withdrawn",
    ),
    f"POST {APP}/representation-period/close": Recipe(
        200,
        writing(
            "POST",
            APP + "/representation-period/close",
            "closable",
            None,
            case_is(lambda c: c.status == "awaiting_decision"),
        ),
        lambda b: b["status"] == "awaiting_decision",
    ),
    f"POST {APP}/decision": Recipe(
        200,
        writing(
            "POST",
            APP + "/decision",
            "awaiting",
            {"outcome": "granted"},
            case_is(lambda c: c.decision == "granted"),
        ),
        lambda b: b["status"] == "decided" and b["licence"] is not None,
    ),
    f"GET {APP}/representations": Recipe(
        200, reading(APP + "/representations", "hearing"), lambda b: len(b) == 1
    ),
    f"POST {APP}/representations": Recipe(
        201,
        writing(
            "POST",
            APP + "/representations",
            "received",
            POLICE,
            lambda t, m: stored(t, Representation, case_id=m.case) is not None,
        ),
        lambda b: b["status"] == "relevant",
    ),
    f"POST {APP}/representations/{{representation_id:uuid}}/relevance": Recipe(
        200,
        writing(
            "POST",
            APP + "/representations/{representation_id:uuid}/relevance",
            "other_person",
            {"relevant": True},
            lambda t, m: stored(t, Representation, id=m.record).relevant is True,
        ),
        lambda b: b["status"] == "relevant",
    ),
    f"POST {APP}/representations/{{representation_id:uuid}}/withdrawal": Recipe(
        200,
        writing(
            "POST",
            APP + "/representations/{representation_id:uuid}/withdrawal",
            "other_person",
            None,
            lambda t, m: stored(t, Representation, id=m.record).withdrawn_at is not None,
        ),
        lambda b: b["status"] == "withdrawn",
    ),
    f"GET {APP}/hearing": Recipe(
        200, reading(APP + "/hearing", "hearing"), lambda b: b["startBy"] == "2026-04-27"
    ),
    f"PUT {APP}/hearing": Recipe(
        200,
        writing(
            "PUT",
            APP + "/hearing",
            "hearing",
            {"scheduledAt": "2026-04-20T09:00:00Z"},
            lambda t, m: stored(t, Hearing, case_id=m.case).status == "listed",
        ),
        lambda b: b["status"] == "listed",
    ),
    f"POST {APP}/hearing/dispensation": Recipe(
        200,
        writing(
            "POST",
            APP + "/hearing/dispensation",
            "hearing",
            {"reason": "All agree"},
            lambda t, m: stored(t, Hearing, case_id=m.case).status == "dispensed",
        ),
        lambda b: b["status"] == "dispensed",
    ),
    f"POST {APP}/hearing/determination": Recipe(
        200,
        writing(
            "POST",
            APP + "/hearing/determination",
            "listed",
            DETERMINATION,
            case_is(lambda c: c.decision == "refused"),
        ),
        lambda b: b["decision"]["heldOn"] == "2026-04-20",
    ),
    f"GET {BASE}/licences": Recipe(200, _licences, lambda b: len(b["data"]) >= 1),
    f"GET {LIC}": Recipe(200, reading(LIC, "licence"), lambda b: b["grantedOn"] == "2025-04-01"),
    f"GET {LIC}/events": Recipe(
        200, reading(LIC + "/events", "licence"), lambda b: b[0]["kind"] == "granted"
    ),
    f"POST {LIC}/ending": Recipe(
        201,
        writing(
            "POST",
            LIC + "/ending",
            "licence",
            {"kind": "surrendered", "on": "2026-05-01"},
            event("surrendered"),
        ),
        lambda b: b["kind"] == "surrendered",
    ),
    f"POST {LIC}/convictions": Recipe(
        201,
        writing(
            "POST",
            LIC + "/convictions",
            "personal",
            {"convictedOn": "2026-05-01", "offence": "Sale to a minor", "notifiedBy": "court"},
            event("conviction_notified"),
        ),
        lambda b: b["kind"] == "conviction_notified",
    ),
    f"POST {LIC}/sanctions": Recipe(
        201,
        writing(
            "POST",
            LIC + "/sanctions",
            "personal",
            {"action": "revoked", "reasons": "Relevant offence"},
            event("revoked"),
        ),
        lambda b: b["kind"] == "revoked",
    ),
    f"GET {LIC}/fees": Recipe(
        200, reading(LIC + "/fees", "fee"), lambda b: [f["dueOn"] for f in b] == ["2026-04-01"]
    ),
    f"POST {LIC}/fees": Recipe(
        201,
        writing(
            "POST",
            LIC + "/fees",
            "licence",
            {"dueOn": "2026-04-01", "amount": "180.00"},
            lambda t, m: stored(t, LicenceFee, licence_id=m.licence) is not None,
        ),
        lambda b: b["dueOn"] == "2026-04-01",
    ),
    f"POST {LIC}/fees/{{fee_id:uuid}}/payment": Recipe(
        200,
        writing(
            "POST",
            LIC + "/fees/{fee_id:uuid}/payment",
            "fee",
            {"amount": "180.00", "paidOn": "2026-04-01"},
            fee_is(lambda f: f.paid_on is not None),
        ),
        lambda b: b["status"] == "paid",
    ),
    f"POST {LIC}/fees/{{fee_id:uuid}}/grace-claim": Recipe(
        200,
        writing(
            "POST",
            LIC + "/fees/{fee_id:uuid}/grace-claim",
            "fee",
            {"ground": "dispute", "reason": "Wrong band", "claimedOn": "2026-04-01"},
            fee_is(lambda f: f.grace_claimed),
        ),
        lambda b: b["graceEndsOn"] == "2026-04-22",
    ),
    f"POST {LIC}/fees/{{fee_id:uuid}}/suspension-notice": Recipe(
        200,
        writing(
            "POST",
            LIC + "/fees/{fee_id:uuid}/suspension-notice",
            "fee",
            {"givenOn": "2026-04-02"},
            fee_is(lambda f: f.suspended_from is not None),
        ),
        lambda b: b["suspendedFrom"] == "2026-04-08",
    ),
}
