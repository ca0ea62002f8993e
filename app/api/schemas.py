"""Wire shapes (msgspec, camelCase) for platform and tenant routes."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from uuid import UUID

import msgspec

from services.core.models import AuditEntry
from tenancy.models import Tenant, TenantKind, TenantStatus

Slug = Annotated[str, msgspec.Meta(min_length=1, max_length=63, examples=["north-downs"])]
GssCode = Annotated[str, msgspec.Meta(pattern=r"^[EWSN]\d{8}$", examples=["E07000301"])]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class TenantCreate(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=True):
    slug: Slug
    name: Name
    gss_code: GssCode
    kind: TenantKind
    enabled_services: list[str] = msgspec.field(default_factory=list)
    vesting_date: dt.date | None = None


class TenantPatch(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=True):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    status: TenantStatus | msgspec.UnsetType = msgspec.UNSET
    enabled_services: list[str] | msgspec.UnsetType = msgspec.UNSET
    vesting_date: dt.date | msgspec.UnsetType | None = msgspec.UNSET
    retirement_date: dt.date | msgspec.UnsetType | None = msgspec.UNSET

    def changes(self) -> dict[str, Any]:
        return {
            field: getattr(self, field)
            for field in self.__struct_fields__
            if getattr(self, field) is not msgspec.UNSET
        }


class TenantOut(msgspec.Struct, rename="camel", kw_only=True):
    id: UUID
    slug: str
    name: str
    gss_code: str
    kind: TenantKind
    status: TenantStatus
    schema_name: str
    enabled_services: list[str]
    created_at: dt.datetime
    updated_at: dt.datetime
    vesting_date: dt.date | None
    retirement_date: dt.date | None
    successor_id: UUID | None
    predecessor_ids: list[UUID]

    @classmethod
    def of(cls, tenant: Tenant) -> TenantOut:
        return cls(**{field: getattr(tenant, field) for field in cls.__struct_fields__})


class AuditOut(msgspec.Struct, rename="camel", kw_only=True):
    id: UUID
    at: dt.datetime
    actor: str
    action: str
    detail: dict[str, Any] | None = None
    entity: str | None = None
    entity_id: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditOut:
        """A council audit entry (settings, a case or one of its records) on the wire."""
        return cls(
            id=entry.id,
            at=entry.at,
            actor=entry.actor,
            action=entry.action,
            entity=entry.entity,
            entity_id=entry.entity_id,
            before=entry.before,
            after=entry.after,
        )


class CaseTypeOut(msgspec.Struct, rename="camel", kw_only=True):
    code: str
    name: str
    reference_suffix: str
    clock: dict[str, Any] | None
    description: str


class RoleOut(msgspec.Struct, rename="camel", kw_only=True):
    code: str
    name: str
    description: str
    grants: list[str]


class ServiceOut(msgspec.Struct, rename="camel", kw_only=True):
    code: str
    name: str
    description: str
    legislation: list[str]
    case_types: list[CaseTypeOut]
    permissions: list[str]
    roles: list[RoleOut]
