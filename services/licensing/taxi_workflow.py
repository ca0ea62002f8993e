"""Taxi and private hire licences (driver, vehicle, operator): the workflow an application or
renewal follows.

    received ─grant─▶ granted      (every required check recorded as passed)
       ├────refuse─▶ refused       (with reasons)
       └──withdraw─▶ withdrawn

Checks (DBS, medical, right to work, knowledge test, DVLA, vehicle test, insurance …) are
recorded while the application is ``received``.
"""

from __future__ import annotations

from services.core.workflow import Step, Workflow

RECEIVED = "received"
GRANTED = "granted"
REFUSED = "refused"
WITHDRAWN = "withdrawn"

CASE_TYPES = (
    "hackney_carriage_driver",
    "private_hire_driver",
    "hackney_carriage_vehicle",
    "private_hire_vehicle",
    "private_hire_operator",
)

WORKFLOW = Workflow(
    "taxi licence application",
    RECEIVED,
    (RECEIVED, GRANTED, REFUSED, WITHDRAWN),
    (
        Step("grant", frozenset({RECEIVED}), (GRANTED,), "Grant (or renew) the licence"),
        Step("refuse", frozenset({RECEIVED}), (REFUSED,), "Refuse, with reasons"),
        Step("withdraw", frozenset({RECEIVED}), (WITHDRAWN,), "The applicant withdraws"),
    ),
    activities={"record_check": frozenset({RECEIVED})},
)

#: The taxi and private hire case types and their workflow (code -> workflow).
WORKFLOWS: dict[str, Workflow] = dict.fromkeys(CASE_TYPES, WORKFLOW)
