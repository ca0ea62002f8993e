"""The one workflow engine: named steps between states, and activities allowed in states.

A service declares its :class:`Workflow` as data (``services/<service>/workflow.py``); the core
checks every transition and every state-bound activity against it, so an illegal move is
refused the same way everywhere: :class:`IllegalTransition`, which the API turns into a 409
problem naming what is allowed from the current state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class Step:
    """A transition: from any of ``sources`` to one of ``targets`` (the caller picks)."""

    name: str
    sources: frozenset[str]
    targets: tuple[str, ...]
    description: str = ""


class IllegalTransition(Exception):
    """``action`` is not possible while the case is ``state``."""

    def __init__(self, workflow: str, state: str, action: str, allowed: tuple[str, ...]) -> None:
        self.workflow = workflow
        self.state = state
        self.action = action
        self.allowed = allowed
        allowed_text = ", ".join(allowed) if allowed else "nothing (the case is closed)"
        super().__init__(
            f"{action!r} is not possible for a {workflow} in state {state!r}; "
            f"allowed now: {allowed_text}"
        )


@dataclass(frozen=True, slots=True)
class Workflow:
    """States, the initial state, the steps between states and where each activity is allowed.

    ``activities`` maps an activity (``consult``, ``comment``, ``extend`` …) to the states in
    which it may be recorded without changing state.
    """

    name: str
    initial: str
    states: tuple[str, ...]
    steps: tuple[Step, ...]
    activities: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        known = set(self.states)
        if self.initial not in known:
            raise ValueError(f"{self.name}: initial state {self.initial!r} is not a state")
        names = [s.name for s in self.steps]
        if len(names) != len(set(names)):
            raise ValueError(f"{self.name}: duplicate step names")
        for step in self.steps:
            unknown = (step.sources | set(step.targets)) - known
            if unknown:
                raise ValueError(f"{self.name}: step {step.name} names unknown states {unknown}")
        for activity, states in self.activities.items():
            if states - known:
                raise ValueError(f"{self.name}: activity {activity} names unknown states")
        object.__setattr__(self, "activities", MappingProxyType(dict(self.activities)))

    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(f"{self.name} has no step {name!r}")

    def available(self, state: str) -> tuple[str, ...]:
        """The steps possible from ``state``, in declaration order."""
        return tuple(s.name for s in self.steps if state in s.sources)

    def is_terminal(self, state: str) -> bool:
        return not self.available(state)

    def apply(self, state: str, action: str, target: str | None = None) -> str:
        """The state after ``action`` from ``state``; raises :class:`IllegalTransition` (also
        for an action this workflow has no step for: not possible, whatever the state)."""
        names = {s.name for s in self.steps}
        if action not in names:
            raise IllegalTransition(self.name, state, action, self.available(state))
        step = self.step(action)
        if state not in step.sources:
            raise IllegalTransition(self.name, state, action, self.available(state))
        if target is None:
            return step.targets[0]
        if target not in step.targets:
            raise ValueError(f"{action} leads to {', '.join(step.targets)}, not {target}")
        return target

    def require(self, state: str, activity: str) -> None:
        """Raise :class:`IllegalTransition` unless ``activity`` may be recorded in ``state``."""
        states = self.activities[activity]
        if state not in states:
            raise IllegalTransition(self.name, state, activity, self.available(state))


__all__ = ["IllegalTransition", "Step", "Workflow"]
