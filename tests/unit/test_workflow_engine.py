"""The one workflow engine: steps between states, activities allowed in states, and the 409
it raises for anything else — including an action the workflow has no step for, and a
service whose workflows disagree about which states are closed."""

from __future__ import annotations

import pytest

from services.core.workflow import IllegalTransition, Step, Workflow
from services.registry import CaseType, ServiceDescriptor

LICENCE = Workflow(
    "licence",
    "received",
    ("received", "decided", "withdrawn"),
    (
        Step("decide", frozenset({"received"}), ("decided",)),
        Step("withdraw", frozenset({"received"}), ("withdrawn",)),
    ),
    {"represent": frozenset({"received"})},
)


def test_a_step_moves_the_case_and_a_closed_case_goes_nowhere() -> None:
    assert LICENCE.apply("received", "decide") == "decided"
    with pytest.raises(IllegalTransition) as refused:
        LICENCE.apply("decided", "withdraw")
    assert refused.value.allowed == ()
    assert "closed" in str(refused.value)


def test_an_action_the_workflow_lacks_is_a_409_not_a_crash() -> None:
    with pytest.raises(IllegalTransition) as refused:
        LICENCE.apply("received", "hold_hearing")
    assert refused.value.allowed == ("decide", "withdraw")


def test_activities_are_bound_to_states() -> None:
    LICENCE.require("received", "represent")
    with pytest.raises(IllegalTransition):
        LICENCE.require("decided", "represent")


def test_a_service_may_not_close_a_state_in_one_workflow_and_leave_it_open_in_another() -> None:
    notice = Workflow(
        "notice",
        "received",
        ("received", "decided"),
        (Step("decide", frozenset({"received"}), ("decided",)),
         Step("reopen", frozenset({"decided"}), ("received",))),
    )  # fmt: skip
    descriptor = ServiceDescriptor(
        code="example",
        name="Example",
        description="",
        case_types=(CaseType("notice", "Notice", "N", None),),
        permissions=(),
        roles=(),
        workflow=LICENCE,
        workflows={"notice": notice},
    )
    from services.registry import ServiceRegistry

    with pytest.raises(ValueError, match="closes"):
        ServiceRegistry().register(descriptor)
