"""The tenant registry: create, list, show and change tenants in ``platform.tenants``.

Every change writes a platform audit entry in the same transaction. Status changes follow
``provisioning → active ⇄ read_only → retired``; ``retired`` is final.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any
from uuid import UUID

from advanced_alchemy.repository import SQLAlchemySyncRepository
from sqlalchemy import Column, MetaData, Table, Text, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tenancy.binding import platform_session_sync
from tenancy.db import sync_engine
from tenancy.errors import InvalidTenantInput, TenantConflict, TenantNotFound
from tenancy.identifiers import (
    InvalidIdentifier,
    check_gss_code,
    check_slug,
    new_schema_name,
)
from tenancy.models import PlatformAuditEntry, Tenant, TenantKind, TenantStatus
from tenancy.provisioning import clone_template, ensure_template_current

ALLOWED_TRANSITIONS: dict[TenantStatus, frozenset[TenantStatus]] = {
    TenantStatus.PROVISIONING: frozenset({TenantStatus.ACTIVE}),
    TenantStatus.ACTIVE: frozenset({TenantStatus.READ_ONLY, TenantStatus.RETIRED}),
    TenantStatus.READ_ONLY: frozenset({TenantStatus.ACTIVE, TenantStatus.RETIRED}),
    TenantStatus.RETIRED: frozenset(),
}


pg_namespace = Table("pg_namespace", MetaData(), Column("nspname", Text), schema="pg_catalog")


class TenantRepository(SQLAlchemySyncRepository[Tenant]):
    model_type = Tenant


def record_platform_audit(
    session: Session, actor: str, action: str, tenant_id: UUID | None, detail: dict[str, Any]
) -> None:
    session.add(PlatformAuditEntry(actor=actor, action=action, tenant_id=tenant_id, detail=detail))


def _checked(value: str, check: Any, pointer: str) -> str:
    try:
        return check(value)
    except InvalidIdentifier as exc:
        raise InvalidTenantInput(str(exc), pointer=pointer) from exc


def get_tenant(session: Session, slug: str) -> Tenant:
    tenant = TenantRepository(session=session).get_one_or_none(slug=slug)
    if tenant is None:
        raise TenantNotFound(f"No tenant has the slug {slug!r}")
    return tenant


def list_tenants(session: Session, status: TenantStatus | None = None) -> Sequence[Tenant]:
    query = select(Tenant).order_by(Tenant.slug)
    if status is not None:
        query = query.where(Tenant.status == status)
    return session.scalars(query).all()


def create_tenant(
    *,
    slug: str,
    name: str,
    gss_code: str,
    kind: TenantKind,
    services: Iterable[str],
    actor: str,
    vesting_date: dt.date | None = None,
    activate: bool = True,
) -> Tenant:
    """Register a tenant, clone its schema from the template, and (normally) activate it."""
    slug = _checked(slug, check_slug, "/slug")
    gss_code = _checked(gss_code, check_gss_code, "/gssCode")
    if not name.strip():
        raise InvalidTenantInput("A tenant needs a name", pointer="/name")
    ensure_template_current()
    with platform_session_sync() as session:
        tenant = Tenant(
            slug=slug,
            name=name.strip(),
            gss_code=gss_code,
            kind=kind,
            status=TenantStatus.PROVISIONING,
            schema_name=new_schema_name(),
            enabled_services=sorted(set(services)),
            vesting_date=vesting_date,
            predecessor_ids=[],
        )
        session.add(tenant)
        try:
            session.flush()
        except IntegrityError as exc:
            raise _conflict(exc, slug, gss_code) from exc
        record_platform_audit(
            session,
            actor,
            "tenant.created",
            tenant.id,
            {
                "slug": slug,
                "name": tenant.name,
                "gssCode": gss_code,
                "kind": kind.value,
                "services": tenant.enabled_services,
                "schema": tenant.schema_name,
            },
        )
        # Registry row, schema and activation commit together: a failure leaves nothing behind.
        clone_template(session.connection(), tenant.schema_name)
        if activate:
            _change_status(session, tenant, TenantStatus.ACTIVE, actor)
    return tenant


def resume_provisioning(slug: str, *, actor: str) -> Tenant:
    """Finish provisioning a tenant whose earlier attempt stopped part-way (idempotent)."""
    with platform_session_sync() as session:
        tenant = get_tenant(session, slug)
        if tenant.status is not TenantStatus.PROVISIONING:
            return tenant
        schema_exists = session.execute(
            select(func.count())
            .select_from(pg_namespace)
            .where(pg_namespace.c.nspname == tenant.schema_name)
        ).scalar_one()
    if not schema_exists:
        provision_schema(tenant.schema_name)
    return set_status(slug, TenantStatus.ACTIVE, actor=actor)


def provision_schema(schema: str) -> None:
    """Clone the template into ``schema`` (one transaction: all or nothing)."""
    ensure_template_current()
    with sync_engine().begin() as connection:
        clone_template(connection, schema)


def _conflict(exc: IntegrityError, slug: str, gss_code: str) -> TenantConflict:
    message = str(exc.orig)
    if "uq_tenants_gss_code" in message:
        return TenantConflict(f"A tenant with GSS code {gss_code} exists", pointer="/gssCode")
    return TenantConflict(f"A tenant with slug {slug!r} exists", pointer="/slug")


def set_status(slug: str, status: TenantStatus, *, actor: str) -> Tenant:
    with platform_session_sync() as session:
        tenant = session.scalars(
            select(Tenant).where(Tenant.slug == slug).with_for_update()
        ).one_or_none()
        if tenant is None:
            raise TenantNotFound(f"No tenant has the slug {slug!r}")
        _change_status(session, tenant, status, actor)
        return tenant


def _change_status(session: Session, tenant: Tenant, status: TenantStatus, actor: str) -> None:
    current = TenantStatus(tenant.status)
    if status == current:
        return
    if status not in ALLOWED_TRANSITIONS[current]:
        allowed = ", ".join(sorted(s.value for s in ALLOWED_TRANSITIONS[current])) or "none"
        raise TenantConflict(
            f"A {current.value} tenant cannot become {status.value} (allowed: {allowed})",
            pointer="/status",
        )
    tenant.status = status
    if status is TenantStatus.RETIRED and tenant.retirement_date is None:
        tenant.retirement_date = dt.date.today()
    record_platform_audit(
        session,
        actor,
        "tenant.status_changed",
        tenant.id,
        {"from": current.value, "to": status.value},
    )


def update_tenant(slug: str, changes: dict[str, Any], *, actor: str) -> Tenant:
    """Apply an operator's changes (name, services, dates, status) with one audit entry each."""
    if "status" in changes:
        set_status(slug, TenantStatus(changes.pop("status")), actor=actor)
    with platform_session_sync() as session:
        tenant = session.scalars(
            select(Tenant).where(Tenant.slug == slug).with_for_update()
        ).one_or_none()
        if tenant is None:
            raise TenantNotFound(f"No tenant has the slug {slug!r}")
        if "enabled_services" in changes:
            before = list(tenant.enabled_services)
            after = sorted(set(changes.pop("enabled_services")))
            if after != before:
                tenant.enabled_services = after
                record_platform_audit(
                    session,
                    actor,
                    "tenant.services_changed",
                    tenant.id,
                    {
                        "enabled": sorted(set(after) - set(before)),
                        "disabled": sorted(set(before) - set(after)),
                    },
                )
        for field, value in changes.items():
            before_value = getattr(tenant, field)
            if value == before_value:
                continue
            if field == "name" and not str(value).strip():
                raise InvalidTenantInput("A tenant needs a name", pointer="/name")
            setattr(tenant, field, value)
            record_platform_audit(
                session,
                actor,
                f"tenant.{field}_changed",
                tenant.id,
                {"from": _jsonable(before_value), "to": _jsonable(value)},
            )
        return tenant


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
