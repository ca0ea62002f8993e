"""The building control workflows, as data for the core engine.

- Full plans (Building Act 1984 s.16): deposited (``received``) → approved (possibly with
  conditions) or rejected; an approval ends with a completion certificate (``completed``) or
  lapses when work has not commenced within three years of deposit (s.32).
- Building notice: given (``received``) → completed, or lapsed after three years without work.
- Regularisation (Building Regulations 2010, reg. 18): received → a regularisation certificate
  (``completed``) or rejected.
- Initial notice from a registered building control approver (s.47): received → accepted
  (expressly, or treated as accepted when the rejection period passes) or rejected; an accepted
  notice can later be cancelled.
- Commencement and 'regarded as commenced' notices, and every other notice: recorded
  (``received``), or withdrawn if given in error.

Higher-risk building work is never council business: such a case goes straight from
``received`` to the terminal ``referred_to_bsr``. A state closed in one workflow is closed in
every workflow that has it (checked by the service registry).
"""

from __future__ import annotations

from services.core.workflow import Step, Workflow

RECEIVED = "received"
APPROVED = "approved"
REJECTED = "rejected"
COMPLETED = "completed"
LAPSED = "lapsed"
WITHDRAWN = "withdrawn"
REFERRED_TO_BSR = "referred_to_bsr"
ACCEPTED = "accepted"
CANCELLED = "cancelled"

_REFER = Step(
    "refer_to_bsr",
    frozenset({RECEIVED}),
    (REFERRED_TO_BSR,),
    "Higher-risk building work: the Building Safety Regulator is the building control "
    "authority, so the council records the referral and takes no further part",
)
_WITHDRAW = Step("withdraw", frozenset({RECEIVED}), (WITHDRAWN,))

#: Where work may be inspected and its start recorded.
_BUILDING = frozenset({RECEIVED, APPROVED})

FULL_PLANS = Workflow(
    name="full plans application",
    initial=RECEIVED,
    states=(RECEIVED, APPROVED, REJECTED, COMPLETED, LAPSED, WITHDRAWN, REFERRED_TO_BSR),
    steps=(
        Step("decide", frozenset({RECEIVED}), (APPROVED, REJECTED), "Approve or reject plans"),
        Step("certify", frozenset({APPROVED}), (COMPLETED,), "Issue the completion certificate"),
        Step("lapse", _BUILDING, (LAPSED,), "Work not commenced within 3 years of deposit"),
        _WITHDRAW,
        _REFER,
    ),
    activities={
        "extend": frozenset({RECEIVED}),
        "draft_conditions": frozenset({RECEIVED}),
        "inspect": _BUILDING,
        "commence": _BUILDING,
        "update_details": _BUILDING,
    },
)

BUILDING_NOTICE = Workflow(
    name="building notice",
    initial=RECEIVED,
    states=(RECEIVED, COMPLETED, LAPSED, WITHDRAWN, REFERRED_TO_BSR),
    steps=(
        Step("certify", frozenset({RECEIVED}), (COMPLETED,), "Issue the completion certificate"),
        Step("lapse", frozenset({RECEIVED}), (LAPSED,), "Work not commenced within 3 years"),
        _WITHDRAW,
        _REFER,
    ),
    activities={
        "inspect": frozenset({RECEIVED}),
        "commence": frozenset({RECEIVED}),
        "update_details": frozenset({RECEIVED}),
    },
)

REGULARISATION = Workflow(
    name="regularisation application",
    initial=RECEIVED,
    states=(RECEIVED, COMPLETED, REJECTED, WITHDRAWN, REFERRED_TO_BSR),
    steps=(
        Step("decide", frozenset({RECEIVED}), (REJECTED,), "Refuse a regularisation certificate"),
        Step(
            "certify", frozenset({RECEIVED}), (COMPLETED,), "Issue the regularisation certificate"
        ),
        _WITHDRAW,
        _REFER,
    ),
    activities={
        "draft_conditions": frozenset({RECEIVED}),
        "inspect": frozenset({RECEIVED}),
        "update_details": frozenset({RECEIVED}),
    },
)

INITIAL_NOTICE = Workflow(
    name="initial notice",
    initial=RECEIVED,
    states=(RECEIVED, ACCEPTED, REJECTED, CANCELLED, REFERRED_TO_BSR),
    steps=(
        Step("accept", frozenset({RECEIVED}), (ACCEPTED,), "Accepted, or treated as accepted"),
        Step("reject", frozenset({RECEIVED}), (REJECTED,), "Rejected on a prescribed ground"),
        Step("cancel", frozenset({ACCEPTED}), (CANCELLED,), "The approver cancels the notice"),
        _REFER,
    ),
)

NOTICE = Workflow(
    name="building control notice",
    initial=RECEIVED,
    states=(RECEIVED, WITHDRAWN),
    steps=(_WITHDRAW,),
)

#: Workflows by case type; every other case type follows :data:`NOTICE`.
WORKFLOWS = {
    "full_plans": FULL_PLANS,
    "building_notice": BUILDING_NOTICE,
    "regularisation": REGULARISATION,
    "initial_notice": INITIAL_NOTICE,
}

#: Case types that are applications for the council's own building control.
APPLICATION_TYPES = ("full_plans", "building_notice", "regularisation")
#: Case types whose approval (or notice) lapses if work has not commenced within 3 years.
LAPSING_TYPES = ("full_plans", "building_notice")
#: Case types that record the start of work on an application.
COMMENCEMENT_TYPES = ("commencement_notice", "regarded_as_commenced")
#: Outcomes of a decision on plans (s.16: approval may be conditional).
OUTCOMES = ("approved", "approved_with_conditions", "rejected")


def workflow_for(case_type: str) -> Workflow:
    return WORKFLOWS.get(case_type, NOTICE)


def offers(case_type: str, name: str) -> bool:
    """Whether cases of ``case_type`` have a step or an activity called ``name`` at all."""
    workflow = workflow_for(case_type)
    return name in workflow.activities or any(s.name == name for s in workflow.steps)


__all__ = [
    "ACCEPTED",
    "APPLICATION_TYPES",
    "APPROVED",
    "BUILDING_NOTICE",
    "CANCELLED",
    "COMMENCEMENT_TYPES",
    "COMPLETED",
    "FULL_PLANS",
    "INITIAL_NOTICE",
    "LAPSED",
    "LAPSING_TYPES",
    "NOTICE",
    "OUTCOMES",
    "RECEIVED",
    "REFERRED_TO_BSR",
    "REGULARISATION",
    "REJECTED",
    "WITHDRAWN",
    "WORKFLOWS",
    "offers",
    "workflow_for",
]
