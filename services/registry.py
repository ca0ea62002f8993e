"""The service registry: the one extension point for regulatory services.

Each service package under ``services/`` registers one :class:`ServiceDescriptor` at import
time: its code, name, case types (each with its statutory clock rule and reference suffix),
the permissions its routes declare, and the roles that bundle them. Cross-service features
(worklists, search, audit, reorganisation, RBAC) read the registry and never special-case a
service. ``load_services()`` imports the packages listed in :data:`SERVICE_PACKAGES`.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from services.core.sites import SiteRecords
    from services.core.sweeps import Sweep
    from services.core.workflow import Workflow

SERVICE_PACKAGES = (
    "services.planning",
    "services.building_control",
    "services.licensing",
    "services.land_charges",
)


class Action(enum.StrEnum):
    READ = "read"
    WRITE = "write"
    DECIDE = "decide"
    ADMINISTER = "administer"


class ClockUnit(enum.StrEnum):
    """How a statutory period is counted (see the calendar module for the arithmetic)."""

    CALENDAR_DAYS = "calendar_days"
    CALENDAR_WEEKS = "calendar_weeks"
    CALENDAR_MONTHS = "calendar_months"
    CALENDAR_YEARS = "calendar_years"
    WORKING_DAYS = "working_days"


class ClockStart(enum.StrEnum):
    """The event a statutory period is counted from."""

    DAY_AFTER_VALID_RECEIPT = "day_after_valid_receipt"
    DAY_AFTER_RECEIPT = "day_after_receipt"
    DAY_AFTER_DEPOSIT = "day_after_deposit"
    DAY_AFTER_NOTICE_GIVEN = "day_after_notice_given"
    DAY_AFTER_ISSUE = "day_after_issue"
    DAY_AFTER_DECISION = "day_after_decision"
    # Periods "beginning with" the day of the event: that day is day 1.
    DAY_OF_RECEIPT = "day_of_receipt"
    DAY_OF_NOTICE_GIVEN = "day_of_notice_given"


@dataclass(frozen=True, slots=True)
class ClockRule:
    """A statutory period: ``amount`` units counted from ``starts``; ``None`` for no clock.

    ``extendable`` says whether an extension of time agreed in writing may move the target.
    ``legal_basis`` cites the provision that sets the period.
    """

    amount: int
    unit: ClockUnit
    starts: ClockStart = ClockStart.DAY_AFTER_VALID_RECEIPT
    extendable: bool = True
    legal_basis: str = ""


@dataclass(frozen=True, slots=True)
class CaseType:
    code: str
    name: str
    reference_suffix: str
    clock: ClockRule | None
    description: str = ""


@dataclass(frozen=True, slots=True)
class Permission:
    """``resource`` within the service, and an action on it (``planning:applications`` + write)."""

    resource: str
    action: Action
    description: str = ""


@dataclass(frozen=True, slots=True)
class Role:
    code: str
    name: str
    grants: tuple[Permission, ...]
    description: str = ""


READ_ONLY_DESCRIPTION = (
    "Internal audit and information governance: reads everything, changes nothing."
)


def read_only_role(
    code: str, name: str, permissions: tuple[Permission, ...], description: str = ""
) -> Role:
    """A service's auditor: every READ permission the service declares, nothing else."""
    reads = tuple(p for p in permissions if p.action is Action.READ)
    return Role(code, name, reads, description or READ_ONLY_DESCRIPTION)


@dataclass(frozen=True, slots=True)
class ServiceDescriptor:
    code: str
    name: str
    description: str
    case_types: tuple[CaseType, ...]
    permissions: tuple[Permission, ...]
    roles: tuple[Role, ...]
    legislation: tuple[str, ...] = field(default=())
    #: The case workflow (``services.core.workflow.Workflow``) the service's cases follow.
    workflow: Workflow | None = None
    #: Workflows for particular case types (code -> workflow), where they differ from
    #: ``workflow``: a licensing hearing and a temporary event notice follow different paths.
    workflows: Mapping[str, Workflow] = field(default_factory=dict, hash=False, compare=False)
    #: What the service keeps at a site besides its cases (licences, land charges …), for a
    #: site's history across services (``services.core.sites``); ``None`` when only cases.
    site_records: SiteRecords | None = field(default=None, hash=False, compare=False)
    #: What the passage of time settles (deemed acceptance, lapse …): ``services.core.sweeps``.
    sweeps: tuple[Sweep, ...] = field(default=(), hash=False, compare=False)

    def workflow_for(self, case_type: str) -> Workflow:
        """The workflow cases of ``case_type`` follow."""
        chosen = self.workflows.get(case_type, self.workflow)
        if chosen is None:
            raise KeyError(f"{self.code} declares no workflow for {case_type!r}")
        return chosen

    def all_workflows(self) -> tuple[Workflow, ...]:
        found = [] if self.workflow is None else [self.workflow]
        found += [w for w in self.workflows.values() if w not in found]
        return tuple(found)

    def closed_states(self) -> frozenset[str]:
        """States from which a case goes nowhere (decided, withdrawn, returned …), in any of
        the service's workflows (a state closed in one is closed in every one that has it)."""
        return frozenset(s for w in self.all_workflows() for s in w.states if w.is_terminal(s))

    def case_type(self, code: str) -> CaseType:
        for case_type in self.case_types:
            if case_type.code == code:
                return case_type
        raise KeyError(f"{self.code} has no case type {code!r}")


class ServiceRegistry:
    def __init__(self) -> None:
        self._services: dict[str, ServiceDescriptor] = {}

    def register(self, descriptor: ServiceDescriptor) -> ServiceDescriptor:
        existing = self._services.get(descriptor.code)
        if existing is not None and existing is not descriptor:
            raise ValueError(f"service {descriptor.code!r} is registered twice")
        _check_descriptor(descriptor)
        self._services[descriptor.code] = descriptor
        return descriptor

    def get(self, code: str) -> ServiceDescriptor:
        return self._services[code]

    def __contains__(self, code: object) -> bool:
        return code in self._services

    def __iter__(self) -> Iterator[ServiceDescriptor]:
        return iter(sorted(self._services.values(), key=lambda s: s.code))

    def codes(self) -> tuple[str, ...]:
        return tuple(sorted(self._services))


def _check_descriptor(descriptor: ServiceDescriptor) -> None:
    codes = [c.code for c in descriptor.case_types]
    if len(codes) != len(set(codes)):
        raise ValueError(f"{descriptor.code}: duplicate case type codes")
    unknown_types = set(descriptor.workflows) - set(codes)
    if unknown_types:
        raise ValueError(f"{descriptor.code}: workflows for unknown case types {unknown_types}")
    closed = descriptor.closed_states()
    for workflow in descriptor.all_workflows():
        open_here = {s for s in workflow.states if not workflow.is_terminal(s)} & closed
        if open_here:
            raise ValueError(
                f"{descriptor.code}: {workflow.name} leaves {open_here} open, which another "
                "workflow of the service closes; name the states differently"
            )
    declared = set(descriptor.permissions)
    for role in descriptor.roles:
        undeclared = set(role.grants) - declared
        if undeclared:
            raise ValueError(f"{descriptor.code}: role {role.code} grants undeclared {undeclared}")


registry = ServiceRegistry()


def load_services() -> ServiceRegistry:
    for package in SERVICE_PACKAGES:
        importlib.import_module(package)
    return registry
