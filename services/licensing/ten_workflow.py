"""Temporary event notices (Licensing Act 2003, Part 5): the workflows a notice follows.

Standard notice (s.100)::

    received ─acknowledge─▶ acknowledged            (no objection when the period ends)
       │
       └─object─▶ objected ─arrange_hearing─▶ hearing ─decide─▶ acknowledged
                                (or dispensed with)           │ conditions_imposed (s.106A)
                                                              └ counter_notice (s.105)

Late notice (s.100A)::

    received ─acknowledge─▶ acknowledged
       └─object─▶ counter_notice                   (s.104A: no hearing)

A notice over a s.107 limit is registered straight into ``counter_notice``. The premises user
may withdraw until 24 hours before the event (s.103) from any open state. ``counter_notice``
and ``withdrawn`` are terminal.
"""

from __future__ import annotations

from services.core.workflow import Step, Workflow

RECEIVED = "received"
OBJECTED = "objected"
HEARING = "hearing"
ACKNOWLEDGED = "acknowledged"
CONDITIONS_IMPOSED = "conditions_imposed"
COUNTER_NOTICE = "counter_notice"
WITHDRAWN = "withdrawn"

STANDARD = "temporary_event_notice_standard"
LATE = "temporary_event_notice_late"

_STATES = (
    RECEIVED,
    OBJECTED,
    HEARING,
    ACKNOWLEDGED,
    CONDITIONS_IMPOSED,
    COUNTER_NOTICE,
    WITHDRAWN,
)
_ACKNOWLEDGE = Step(
    "acknowledge",
    frozenset({RECEIVED}),
    (ACKNOWLEDGED,),
    "The objection period ended without an objection",
)
_WITHDRAW = Step(
    "withdraw",
    frozenset({RECEIVED, OBJECTED, HEARING, ACKNOWLEDGED, CONDITIONS_IMPOSED}),
    (WITHDRAWN,),
    "The premises user withdraws the notice (s.103)",
)

STANDARD_WORKFLOW = Workflow(
    "standard temporary event notice",
    RECEIVED,
    _STATES,
    (
        _ACKNOWLEDGE,
        Step("object", frozenset({RECEIVED}), (OBJECTED,), "Police or EH object (s.104)"),
        Step(
            "arrange_hearing",
            frozenset({OBJECTED}),
            (HEARING,),
            "List a hearing, or record that all agree one is unnecessary (s.105(2))",
        ),
        Step(
            "decide",
            frozenset({HEARING}),
            (ACKNOWLEDGED, CONDITIONS_IMPOSED, COUNTER_NOTICE),
            "Consider the objection: acknowledge, impose conditions or give a counter notice",
        ),
        _WITHDRAW,
    ),
    activities={"further_objection": frozenset({OBJECTED, HEARING})},
)

LATE_WORKFLOW = Workflow(
    "late temporary event notice",
    RECEIVED,
    _STATES,
    (
        _ACKNOWLEDGE,
        Step(
            "object",
            frozenset({RECEIVED}),
            (COUNTER_NOTICE,),
            "An objection to a late notice means a counter notice (s.104A)",
        ),
        # A late notice is never heard or decided on an objection: these are never possible.
        Step("arrange_hearing", frozenset(), (HEARING,)),
        Step("decide", frozenset(), (ACKNOWLEDGED,)),
        _WITHDRAW,
    ),
    activities={"further_objection": frozenset()},
)

#: The temporary event notice case types and their workflow (code -> workflow).
WORKFLOWS: dict[str, Workflow] = {STANDARD: STANDARD_WORKFLOW, LATE: LATE_WORKFLOW}
