"""Temporary event notices (Licensing Act 2003, Part 5): the workflow a notice follows.

Placeholder until the service is built: one state and withdrawal.
"""

from __future__ import annotations

from services.core.workflow import Step, Workflow

_PLACEHOLDER = Workflow(
    "temporary event notice",
    "received",
    ("received", "withdrawn"),
    (Step("withdraw", frozenset({"received"}), ("withdrawn",)),),
)
#: The temporary event notice case types and their workflow (code -> workflow).
WORKFLOWS: dict[str, Workflow] = {}
