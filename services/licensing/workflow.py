"""Licence applications under the Licensing Act 2003 (premises licences, club premises certificates,
variations, transfers, reviews, personal licences): the workflow every such case follows.

Placeholder until the service is built: one state and withdrawal.
"""

from __future__ import annotations

from services.core.workflow import Step, Workflow

_PLACEHOLDER = Workflow(
    "licence application",
    "received",
    ("received", "withdrawn"),
    (Step("withdraw", frozenset({"received"}), ("withdrawn",)),),
)
WORKFLOW = _PLACEHOLDER
#: Case types whose workflow differs from :data:`WORKFLOW` (code -> workflow).
WORKFLOWS: dict[str, Workflow] = {}
