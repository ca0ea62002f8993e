"""Set-up for bench/authz.py: a realistic population of councils, officers and role grants, the
checks to time, and the enforcer variants compared with the production one."""

from __future__ import annotations

import argparse
import random
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

Check = tuple[UUID, UUID, str, str, bool]  # user, council, object, action, expected answer
Grant = tuple[UUID, UUID, str]  # user, council, role


# --- the population -----------------------------------------------------------------------


@dataclass(slots=True)
class Population:
    slug: str  # the one provisioned council, which (c) requests
    tenant_ids: list[UUID] = field(default_factory=list)
    seats: list[tuple[UUID, UUID]] = field(default_factory=list)  # (user, council)
    grants: list[Grant] = field(default_factory=list)  # membership rows
    permissions: dict[tuple[UUID, UUID], set[tuple[str, str]]] = field(default_factory=dict)
    universe: list[tuple[str, str]] = field(default_factory=list)  # every council permission
    allowed: set[tuple[UUID, UUID, str, str]] = field(default_factory=set)


def role_weight(code: str) -> float:
    """Most officers do casework; few lead, manage, audit or administer."""
    if "auditor" in code or code == "council_administrator":
        return 0.3
    return 1.0 if ("manager" in code or "leader" in code) else 4.0


def populate(args: argparse.Namespace) -> Population:
    """Councils (one provisioned; the rest registry rows only), officers and their memberships:
    1-3 roles each from the services the council uses and the core council roles; one seat in
    ten goes to someone who already works for another council. Written to the DB in bulk."""
    from app.auth.policy import effective_grants
    from services.core.permissions import COUNCIL_ROLES
    from services.registry import load_services
    from tenancy import registry
    from tenancy.binding import platform_session_sync
    from tenancy.identifiers import new_schema_name
    from tenancy.models import Tenant, TenantKind, TenantStatus
    from tenancy.principals import Membership, User

    rng = random.Random(args.seed)
    services = {s.code: [r.code for r in s.roles] for s in load_services()}
    roles = {r.code: r for s in load_services() for r in (*s.roles, *COUNCIL_ROLES)}
    perms = {
        c: {(g.resource, g.action.value) for g in effective_grants(r)} for c, r in roles.items()
    }
    kind = TenantKind.DISTRICT
    first = registry.create_tenant(slug="authz-0000", name="Authz 0", gss_code="E07900000",
                                   kind=kind, services=["planning"], actor="bench")  # fmt: skip
    pop = Population(first.slug, universe=sorted(set().union(*perms.values())))
    tenants, users, rows, earlier = [], [], [], []
    for i in range(args.tenants):
        used = ["planning", *(s for s in services if s != "planning" and rng.random() < 0.6)]
        tenant_id = first.id if i == 0 else uuid.uuid4()
        if i:
            tenants.append(Tenant(id=tenant_id, slug=f"authz-{i:04d}", name=f"Authz {i}",
                                  gss_code=f"E07{900000 + i}", kind=kind, enabled_services=used,
                                  status=TenantStatus.ACTIVE, schema_name=new_schema_name(),
                                  predecessor_ids=[]))  # fmt: skip
        pool = [code for s in used for code in services[s]] + [r.code for r in COUNCIL_ROLES]
        weights = [role_weight(code) for code in pool]
        pop.tenant_ids.append(tenant_id)
        newcomers: list[UUID] = []
        for _ in range(args.users):
            if earlier and rng.random() < 0.1:  # also works for an earlier council
                user_id = earlier.pop(rng.randrange(len(earlier)))
            else:
                user_id = uuid.uuid4()
                newcomers.append(user_id)
                users.append({"id": user_id, "issuer": "https://idp.bench.example",
                              "subject": str(user_id), "email": f"{user_id}@bench.example",
                              "display_name": "Bench officer"})  # fmt: skip
            held: set[str] = set()
            wanted = rng.choices((1, 2, 3), (60, 30, 10))[0]
            while len(held) < wanted:
                held.add(rng.choices(pool, weights)[0])
            pop.seats.append((user_id, tenant_id))
            pop.permissions[(user_id, tenant_id)] = set().union(*(perms[c] for c in held))
            for code in sorted(held):
                pop.grants.append((user_id, tenant_id, code))
                rows.append({"user_id": user_id, "tenant_id": tenant_id, "role": code,
                             "granted_by": "bench"})  # fmt: skip
        earlier += newcomers
    pop.allowed = {(u, t, o, a) for (u, t), held in pop.permissions.items() for o, a in held}
    with platform_session_sync() as session:
        session.add_all(tenants)
        session.flush()
        session.execute(User.__table__.insert(), users)
        session.execute(Membership.__table__.insert(), rows)
    return pop


def make_checks(pop: Population, count: int, share: float, rng: random.Random) -> list[Check]:
    """Exactly ``share`` allowed. Of the denied, two in three ask for a permission the person
    lacks in a council where they hold a role; one in three ask in a council of which they are
    not a member at all (the guard answers those with 404 before ``allows``)."""
    checks: list[Check] = []
    for n in range(count):
        want = n < round(count * share)
        while True:
            user, tenant = rng.choice(pop.seats)
            if want:
                obj, act = rng.choice(sorted(pop.permissions[(user, tenant)]))
            else:
                tenant = rng.choice(pop.tenant_ids) if rng.random() < 1 / 3 else tenant
                obj, act = rng.choice(pop.universe)
            if ((user, tenant, obj, act) in pop.allowed) == want:
                checks.append((user, tenant, obj, act, want))
                break
    rng.shuffle(checks)
    return checks


# --- enforcers ----------------------------------------------------------------------------


def policy_over(enforcer: Any) -> Any:
    """A ``Policy`` (the same lock and calls) around a given enforcer, without a DB read."""
    from app.auth.policy import Policy

    policy = object.__new__(Policy)
    policy._lock, policy._enforcer = threading.Lock(), enforcer
    return policy


def plain_enforcer(grants: Sequence[Grant]) -> Any:
    """``build_enforcer``, but a plain ``casbin.Enforcer`` (no index on object and action)."""
    import casbin

    from app.auth.policy import MODEL_PATH, domain, permission_rules, subject

    enforcer = casbin.Enforcer(str(MODEL_PATH))
    enforcer.add_policies(permission_rules())
    enforcer.add_grouping_policies([[subject(u), r, domain(t)] for u, t, r in grants])
    return enforcer


def bulk_enforcer(grants: Sequence[Grant]) -> Any:
    """The possible fix: ``build_enforcer``'s FastEnforcer, the role assignments set in one go
    and their links built once (``add_grouping_policies`` is quadratic in pycasbin 2.8)."""
    import casbin

    from app.auth.policy import MODEL_PATH, domain, permission_rules, subject

    enforcer = casbin.FastEnforcer(str(MODEL_PATH), cache_key_order=[2, 3])
    enforcer.add_policies(permission_rules())
    rules = [list(r) for r in dict.fromkeys((subject(u), r, domain(t)) for u, t, r in grants)]
    assertion = enforcer.model.model["g"]["g"]
    assertion.policy = rules
    assertion.policy_map = {",".join(rule): i for i, rule in enumerate(rules)}
    enforcer.build_role_links()
    return enforcer
