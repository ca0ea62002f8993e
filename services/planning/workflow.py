"""The planning application workflow, as data for the core engine.

received → validation (invalid while requests are outstanding) → consultation → assessment →
determined; withdrawn or returned before a decision. Post-decision work (appeals, discharge of
conditions, obligations) happens on a determined case without changing its state.
"""

from __future__ import annotations

from services.core.workflow import Step, Workflow

RECEIVED = "received"
INVALID = "invalid"
CONSULTATION = "consultation"
ASSESSMENT = "assessment"
DETERMINED = "determined"
WITHDRAWN = "withdrawn"
RETURNED = "returned"

UNDETERMINED = frozenset({RECEIVED, INVALID, CONSULTATION, ASSESSMENT})
VALIDATING = frozenset({RECEIVED, INVALID})
LIVE = frozenset({*UNDETERMINED, DETERMINED})

WORKFLOW = Workflow(
    name="planning application",
    initial=RECEIVED,
    states=(RECEIVED, INVALID, CONSULTATION, ASSESSMENT, DETERMINED, WITHDRAWN, RETURNED),
    steps=(
        Step("invalidate", frozenset({RECEIVED}), (INVALID,), "Ask the applicant for more"),
        Step(
            "validate",
            VALIDATING,
            (CONSULTATION, ASSESSMENT),
            "Confirm the application is valid and start consultation (or go to assessment)",
        ),
        Step("return", VALIDATING, (RETURNED,), "Return an invalid application"),
        Step("start_assessment", frozenset({CONSULTATION}), (ASSESSMENT,)),
        Step("reconsult", frozenset({ASSESSMENT}), (CONSULTATION,)),
        Step("determine", frozenset({ASSESSMENT}), (DETERMINED,)),
        Step("withdraw", UNDETERMINED, (WITHDRAWN,)),
    ),
    activities={
        "request_validation_item": VALIDATING,
        "consult": frozenset({CONSULTATION, ASSESSMENT}),
        "comment": UNDETERMINED,
        "recommend": frozenset({ASSESSMENT}),
        "draft_conditions": frozenset({ASSESSMENT}),
        "discharge_conditions": frozenset({DETERMINED}),
        "extend": LIVE,
        "obligation": frozenset({ASSESSMENT, DETERMINED}),
        "appeal_against_decision": frozenset({DETERMINED}),
        "appeal_non_determination": UNDETERMINED - {RECEIVED, INVALID},
        "update_details": UNDETERMINED,
        "upload_document": frozenset({*LIVE, WITHDRAWN, RETURNED}),
    },
)

#: Case types decided without public consultation (certificates, amendments, details).
NO_CONSULTATION = frozenset(
    {
        "ldc_existing",
        "ldc_proposed",
        "non_material_amendment",
        "discharge_of_conditions",
        "screening_opinion",
        "scoping_opinion",
    }
)

#: Outcomes a planning decision can have.
OUTCOMES = (
    "granted",
    "refused",
    "split",
    "prior_approval_not_required",
    "prior_approval_granted",
    "prior_approval_refused",
)
