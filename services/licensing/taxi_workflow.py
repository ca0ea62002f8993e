"""Taxi and private hire licences (driver, vehicle, operator): the workflow an application or
renewal follows.

Placeholder until the service is built: one state and withdrawal.
"""

from __future__ import annotations

from services.core.workflow import Step, Workflow

_PLACEHOLDER = Workflow(
    "taxi licence application",
    "received",
    ("received", "withdrawn"),
    (Step("withdraw", frozenset({"received"}), ("withdrawn",)),),
)
#: The taxi and private hire case types and their workflow (code -> workflow).
WORKFLOWS: dict[str, Workflow] = {}
