"""Casbin RBAC with domains: who may do what, where.

Permission rules are global and few: one ``p`` rule per (role, permission) from the service
registry and the core/platform roles, valid in every domain. Only role assignments are per
council: one ``g`` rule per membership — ``g, user:<id>, <role>, <tenant id>`` (or ``platform``).
Each process applies a membership change as soon as it is announced on Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from uuid import UUID, uuid4

import casbin
import redis
import redis.asyncio as aioredis
from sqlalchemy import select

from services.core.permissions import COUNCIL_ROLES, EVERY_MEMBER, EVERY_WRITER, PLATFORM_ROLES
from services.registry import Action, Permission, Role, load_services
from tenancy.binding import platform_session_sync
from tenancy.principals import PLATFORM_DOMAIN, Membership
from tenancy.settings import get_settings

logger = logging.getLogger("vesta.policy")
logging.getLogger("casbin").setLevel(logging.WARNING)

MODEL_PATH = Path(__file__).with_name("rbac_model.conf")
# Identifies this process's own announcements, which it has already applied.
ORIGIN = f"{os.getpid()}-{uuid4().hex}"


def subject(user_id: UUID | str) -> str:
    return f"user:{user_id}"


def domain(tenant_id: UUID | None) -> str:
    return PLATFORM_DOMAIN if tenant_id is None else str(tenant_id)


def all_roles() -> dict[str, Role]:
    roles = {role.code: role for role in (*COUNCIL_ROLES, *PLATFORM_ROLES)}
    for service in load_services():
        roles.update({role.code: role for role in service.roles})
    return roles


def effective_grants(role: Role) -> tuple[Permission, ...]:
    """A role's own grants, plus what every member of a council may do (council roles only)."""
    if role in PLATFORM_ROLES:
        return role.grants
    extra = list(EVERY_MEMBER)
    if any(p.action is not Action.READ for p in role.grants):
        extra += EVERY_WRITER
    return (*role.grants, *(p for p in extra if p not in role.grants))


def permission_rules() -> list[list[str]]:
    return [
        [code, "*", grant.resource, grant.action.value]
        for code, role in sorted(all_roles().items())
        for grant in effective_grants(role)
    ]


def build_enforcer(memberships: Iterable[tuple[UUID, UUID | None, str]]) -> casbin.Enforcer:
    """A FastEnforcer indexed on (object, action): only the few rules naming the requested
    permission are evaluated, whatever the number of roles and councils.

    Role assignments are loaded in bulk — Casbin's ``add_grouping_policies`` checks each new rule
    against every earlier one, which is quadratic — and the role links built once.
    """
    enforcer = casbin.FastEnforcer(str(MODEL_PATH), cache_key_order=[2, 3])
    enforcer.add_policies(permission_rules())
    rules = sorted(
        {(subject(user_id), role, domain(tenant_id)) for user_id, tenant_id, role in memberships}
    )
    assertion = enforcer.get_model().model["g"]["g"]
    assertion.policy = [list(rule) for rule in rules]
    assertion.policy_map = {",".join(rule): index for index, rule in enumerate(rules)}
    enforcer.build_role_links()
    return enforcer


def load_memberships() -> list[tuple[UUID, UUID | None, str]]:
    with platform_session_sync() as session:
        rows = session.execute(select(Membership.user_id, Membership.tenant_id, Membership.role))
        return [tuple(row) for row in rows]  # type: ignore[misc]


class Policy:
    """The process's enforcer, kept in step with the memberships table.

    A membership change is committed, then announced on Redis with the rule it adds or removes;
    every process applies it at once (``apply``). ``reload`` rebuilds from the database, for
    start-up and for changes too broad to describe rule by rule.
    """

    CHANNEL_SUFFIX = "policy-changed"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._enforcer = build_enforcer(load_memberships())

    def reload(self) -> None:
        enforcer = build_enforcer(load_memberships())
        with self._lock:
            self._enforcer = enforcer

    def apply(self, change: dict[str, str]) -> None:
        """Apply an announced change; idempotent (a grant already held, a revoke of a role not
        held, and this process's own announcements change nothing)."""
        if change.get("origin") == ORIGIN:
            return
        op = change.get("op")
        if op not in ("grant", "revoke"):
            self.reload()
            return
        rule = [change["subject"], change["role"], change["domain"]]
        with self._lock:
            held = self._enforcer.has_grouping_policy(*rule)
            if op == "grant" and not held:
                self._enforcer.add_grouping_policy(*rule)
            elif op == "revoke" and held:
                self._enforcer.remove_grouping_policy(*rule)

    def allows(self, user_id: UUID, tenant_id: UUID | None, obj: str, action: str) -> bool:
        with self._lock:
            return bool(self._enforcer.enforce(subject(user_id), domain(tenant_id), obj, action))

    def roles_in(self, user_id: UUID, tenant_id: UUID | None) -> list[str]:
        with self._lock:
            return list(
                self._enforcer.get_roles_for_user_in_domain(subject(user_id), domain(tenant_id))
            )

    @classmethod
    def channel(cls) -> str:
        return f"{get_settings().queue_namespace}:{cls.CHANNEL_SUFFIX}"

    @classmethod
    def announce(cls, op: str, user_id: UUID, tenant_id: UUID | None, role: str) -> None:
        """Tell every process about a committed membership change."""
        message = {
            "op": op,
            "subject": subject(user_id),
            "role": role,
            "domain": domain(tenant_id),
            "origin": ORIGIN,
        }
        client = redis.Redis.from_url(get_settings().redis_url)
        try:
            client.publish(cls.channel(), json.dumps(message))
        finally:
            client.close()

    async def listen(self) -> None:
        """Apply every announced change until cancelled (run as a background task)."""
        client = aioredis.from_url(get_settings().redis_url)
        pubsub = client.pubsub()
        await pubsub.subscribe(self.channel())
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            # redis-py's subscribe can swallow a cancellation that arrives while it runs.
            await client.aclose()
            raise asyncio.CancelledError
        try:
            async for message in pubsub.listen():
                if message.get("type") != "message":
                    continue
                try:
                    change = json.loads(message["data"])
                except ValueError:
                    change = {}
                await asyncio.to_thread(self.apply, change)
        finally:
            with contextlib.suppress(Exception):
                await pubsub.unsubscribe()
                await pubsub.aclose()
                await client.aclose()


@lru_cache(maxsize=1)
def get_policy() -> Policy:
    """This process's policy, built on first use."""
    return Policy()


def membership_changed(op: str, user_id: UUID, tenant_id: UUID | None, role: str) -> None:
    """Apply a committed membership change here at once, and announce it to other processes."""
    change = {"op": op, "subject": subject(user_id), "role": role, "domain": domain(tenant_id)}
    if get_policy.cache_info().currsize:
        get_policy().apply(change)
    Policy.announce(op, user_id, tenant_id, role)
