"""Carrying memberships over: the roles each person holding one in a source council will hold in
each target, granted by the run (``granted_by = "reorg:<id>"``, so a rollback takes back exactly
those grants and nothing a target already held).

Which roles go where, by the transfer's selector:

* a merge (``all``): every role the person holds in the source;
* a split (``area``, ``boundary``): every role, into every target — the source's officers served
  the whole area — unless the operator's *people allocation* lists the person: then only into
  the targets listed for them (:func:`allocate_people`, stored as ``selector["people"]``, the
  lower-cased emails of the people allocated to that transfer's target);
* a service transfer (``services``): only the roles of the moved services. Council-wide roles
  (``council_administrator``, ``council_auditor``) and other services' roles stay behind: a
  person gets no more of the receiving council than the work that moves to it.

A role's service: the tenancy layer cannot read the service registry, so it reads the role's
code, which names its service — ``licensing_officer`` is a ``licensing`` role (the longest
service code followed by ``_`` that the code starts with; service codes are those any council
has enabled). Every service's roles follow that convention and may grant only their own
service's permissions (the registry checks the grants; ``tests/architecture`` checks the codes),
so the code says what the role's permissions concern; a role naming no service is council-wide.

Done once per transfer: its grants and a checkpoint row (``@memberships``) commit in one
transaction, so a run killed in between has granted all of a transfer's roles or none.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session
from uuid_utils.compat import uuid7

from tenancy.binding import platform_session_sync
from tenancy.db import sync_engine
from tenancy.models import Tenant, utcnow
from tenancy.principals import Membership, User
from tenancy.registry import record_platform_audit
from tenancy.reorg.allocation import AREA_KINDS
from tenancy.reorg.errors import InvalidPlan, ReorganisationConflict
from tenancy.reorg.models import Checkpoint, Reorganisation, Transfer
from tenancy.reorg.plan import open_for_allocation, transfers_of
from tenancy.reorg.sqlgen import Leg

MEMBERSHIPS = "@memberships"
#: The selector key holding a split target's allocated people (lower-cased emails).
PEOPLE = "people"


def granted_by(reorg_id: UUID) -> str:
    return f"reorg:{reorg_id}"


def role_service(role: str, services: Iterable[str]) -> str | None:
    """The service ``role`` belongs to (its code's longest ``<service>_`` prefix), or ``None``
    for a council-wide role."""
    matching = [s for s in services if role.startswith(f"{s}_")]
    return max(matching, key=len) if matching else None


@dataclass(frozen=True, slots=True)
class Holding:
    """A role a person holds in a source council."""

    source_id: UUID
    user_id: UUID
    email: str
    name: str
    role: str


class MembershipPlan:
    """What a reorganisation's run grants: per transfer, the (person, role) pairs it carries."""

    def __init__(
        self, transfers: Sequence[Transfer], holdings: Sequence[Holding], services: Iterable[str]
    ) -> None:
        self.transfers = list(transfers)
        self.holdings = list(holdings)
        self.services = frozenset(services)
        self.listed = frozenset(e for t in self.transfers for e in t.selector.get(PEOPLE, []))

    @classmethod
    def load(cls, session: Session, reorg_id: UUID) -> MembershipPlan:
        transfers = transfers_of(session, reorg_id)
        rows = session.execute(
            select(
                Membership.tenant_id,
                Membership.user_id,
                User.email,
                User.display_name,
                Membership.role,
            )
            .join(User, User.id == Membership.user_id)
            .where(Membership.tenant_id.in_([t.source_tenant_id for t in transfers]))
            .order_by(func.lower(User.email), Membership.role)
        ).all()
        enabled = session.scalars(select(Tenant.enabled_services)).all()
        services = {s for codes in enabled for s in codes or ()}
        services |= {s for t in transfers for s in t.selector.get("services", [])}
        return cls(transfers, [Holding(*row) for row in rows], services)

    def carries(self, transfer: Transfer, holding: Holding) -> bool:
        """Whether ``transfer`` gives ``holding``'s role to its person in the target."""
        selector = transfer.selector or {}
        if holding.source_id != transfer.source_tenant_id:
            return False
        if selector.get("kind") == "services":
            return role_service(holding.role, self.services) in selector.get("services", [])
        email = holding.email.lower()
        return email not in self.listed or email in selector.get(PEOPLE, [])

    def grants(self, transfer: Transfer) -> list[Holding]:
        return [h for h in self.holdings if self.carries(transfer, h)]


def copy_memberships(reorg_id: UUID, legs: Sequence[Leg], kill: Callable[[str], None]) -> None:
    """Grant each transfer's people their roles in its target, once per transfer."""
    grantor = granted_by(reorg_id)
    for leg in legs:
        where = f"{leg.source_slug} #{leg.position}"
        with Session(sync_engine()) as session, session.begin():
            if session.get(Checkpoint, (leg.transfer_id, MEMBERSHIPS)):
                continue
            plan = MembershipPlan.load(session, reorg_id)
            transfer = next(t for t in plan.transfers if t.id == leg.transfer_id)
            grants = plan.grants(transfer)
            if grants:
                now = utcnow()
                session.execute(
                    insert(Membership)
                    .values(
                        [
                            {
                                "id": uuid7(),
                                "user_id": h.user_id,
                                "tenant_id": transfer.target_tenant_id,
                                "role": h.role,
                                "granted_by": grantor,
                                "granted_at": now,
                            }
                            for h in grants
                        ]
                    )
                    .on_conflict_do_nothing()
                )
            kill(f"memberships-granted {where}")
            session.add(
                Checkpoint(
                    transfer_id=leg.transfer_id,
                    table_name=MEMBERSHIPS,
                    position=-1,
                    rows_copied=len(grants),
                    rows_total=len(grants),
                    done=True,
                )
            )
            kill(f"memberships-checkpoint-written {where}")
        kill(f"memberships-committed {where}")


def revoke_memberships(session: Session, reorg_id: UUID) -> int:
    """Take back the grants a run made (inside the caller's transaction)."""
    result = session.execute(
        delete(Membership).where(Membership.granted_by == granted_by(reorg_id))
    )
    return int(result.rowcount or 0)


def people_report(session: Session, reorg_id: UUID) -> list[dict[str, Any]]:
    """Each person with a role in a source: the roles they hold there now, the roles they will
    hold in each target (``inTargets``), and those no transfer carries (``notCarried``)."""
    plan = MembershipPlan.load(session, reorg_id)
    slugs = dict(session.execute(select(Tenant.id, Tenant.slug)).tuples().all())
    first = slugs[plan.transfers[0].target_tenant_id] if plan.transfers else None
    by_person: dict[UUID, dict[str, Any]] = {}
    carried: set[tuple[UUID, UUID, str]] = set()
    for holding in plan.holdings:
        entry = by_person.setdefault(
            holding.user_id,
            {
                "email": holding.email,
                "name": holding.name,
                "now": {},
                "target": first,
                "targets": [],
                "roles": [],
                "inTargets": {},
                "notCarried": {},
                "allocated": holding.email.lower() in plan.listed,
            },
        )
        entry["now"].setdefault(slugs[holding.source_id], []).append(holding.role)
    for transfer in plan.transfers:
        target = slugs[transfer.target_tenant_id]
        for holding in plan.grants(transfer):
            entry = by_person[holding.user_id]
            roles = entry["inTargets"].setdefault(target, [])
            if holding.role not in roles:
                roles.append(holding.role)
            if holding.role not in entry["roles"]:
                entry["roles"].append(holding.role)
            carried.add((holding.source_id, holding.user_id, holding.role))
    for holding in plan.holdings:
        if (holding.source_id, holding.user_id, holding.role) not in carried:
            entry = by_person[holding.user_id]
            entry["notCarried"].setdefault(slugs[holding.source_id], []).append(holding.role)
    for entry in by_person.values():
        entry["targets"] = sorted(entry["inTargets"])
    return list(by_person.values())


def people_csv(text: str) -> dict[str, list[str]]:
    """An ``email,target_slug`` CSV (one line per person and target) as ``{email: [slugs]}``."""
    found: dict[str, list[str]] = {}
    rows = [r for r in csv.reader(io.StringIO(text)) if r and any(c.strip() for c in r)]
    if rows and rows[0][0].strip().lower() == "email":
        rows = rows[1:]
    for line, row in enumerate(rows, start=1):
        if len(row) != 2 or "@" not in row[0] or not row[1].strip():
            raise InvalidPlan(f"Line {line} is not email,target_slug", pointer="/people")
        slugs = found.setdefault(row[0].strip().lower(), [])
        if row[1].strip() not in slugs:
            slugs.append(row[1].strip())
    if not found:
        raise InvalidPlan("The people allocation names nobody", pointer="/people")
    return found


def allocate_people(
    key: str | UUID, people: Mapping[str, Sequence[str]], *, actor: str
) -> Reorganisation:
    """Send each person named only to the split targets named for them (replacing what an
    earlier allocation said of them); everyone else still goes to every target. Only before
    the run has carried any memberships over."""
    wanted = {email.strip().lower(): list(slugs) for email, slugs in people.items()}
    with platform_session_sync() as session:
        reorg, transfers = open_for_allocation(session, key)
        if any(t.selector.get("kind") not in AREA_KINDS for t in transfers):
            raise InvalidPlan("Only a split takes a people allocation", pointer="/people")
        if session.scalar(
            select(Checkpoint.transfer_id)
            .where(
                Checkpoint.transfer_id.in_([t.id for t in transfers]),
                Checkpoint.table_name == MEMBERSHIPS,
            )
            .limit(1)
        ):
            raise ReorganisationConflict("Memberships are carried over; roll back to reallocate")
        slugs = dict(session.execute(select(Tenant.id, Tenant.slug)).tuples().all())
        by_target = {slugs[t.target_tenant_id]: t for t in transfers}
        members = set(
            session.scalars(
                select(func.lower(User.email))
                .join(Membership, Membership.user_id == User.id)
                .where(Membership.tenant_id.in_([t.source_tenant_id for t in transfers]))
            )
        )
        for i, (email, targets) in enumerate(wanted.items()):
            if email not in members:
                raise InvalidPlan(f"{email} holds no role in the source", pointer=f"/people/{i}")
            for slug in targets:
                if slug not in by_target:
                    raise InvalidPlan(
                        f"{slug!r} is not a target of this plan", pointer=f"/people/{i}/target"
                    )
        for slug, transfer in by_target.items():
            kept = [e for e in transfer.selector.get(PEOPLE, []) if e not in wanted]
            chosen = [e for e, targets in wanted.items() if slug in targets]
            transfer.selector = {**transfer.selector, PEOPLE: sorted({*kept, *chosen})}
        record_platform_audit(
            session,
            actor,
            "reorganisation.people_allocated",
            None,
            {"reorganisation": str(reorg.id), "people": wanted},
        )
        return reorg


__all__ = [
    "MEMBERSHIPS",
    "MembershipPlan",
    "allocate_people",
    "copy_memberships",
    "granted_by",
    "people_csv",
    "people_report",
    "revoke_memberships",
    "role_service",
]
