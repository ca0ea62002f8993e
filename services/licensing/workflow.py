"""Licence applications under the Licensing Act 2003 (premises licences, club premises
certificates, their variations, transfers, changes of designated premises supervisor, reviews,
and personal licences): the workflows the cases follow, as data for the core engine.

Contested applications (new premises licences and club certificates, variations, transfers,
DPS changes, reviews):

    received ─close_representations─▶ awaiting_decision ─decide─▶ decided
        │                                   ▲
        └──────────close_representations──▶ hearing ─decide─▶ decided
                                  (dispense_with_hearing ▲)

``received`` is while the representation (or police objection) period runs. When it ends the
authority closes it: with no relevant representations the application goes straight to a
decision (and must be granted as applied for, ss.18(2), 35(2), 44(2), 72(2), 85(2)); with
relevant ones (and always for a review, s.52) a hearing must be held. A hearing may be
dispensed with where all parties agree (Licensing Act 2003 (Hearings) Regulations 2005, reg. 9).

Minor variations (ss.41A-41D) are decided without a hearing within 15 working days, or are
deemed refused. Personal licences (s.120) are granted unless the police object, in which case a
hearing is held.
"""

from __future__ import annotations

from services.core.workflow import Step, Workflow

RECEIVED = "received"
AWAITING_DECISION = "awaiting_decision"
HEARING = "hearing"
DECIDED = "decided"
WITHDRAWN = "withdrawn"

OPEN = frozenset({RECEIVED, AWAITING_DECISION, HEARING})

#: Case types that name an existing licence and act on it.
ON_A_LICENCE = frozenset(
    {
        "premises_licence_variation",
        "premises_licence_minor_variation",
        "premises_licence_transfer",
        "premises_licence_dps_variation",
        "premises_licence_review",
        "club_premises_certificate_variation",
    }
)
#: Case types that create a licence when granted.
NEW_LICENCE = frozenset(
    {"premises_licence_new", "club_premises_certificate_new", "personal_licence"}
)
#: Every case type this workflow module governs.
CASE_TYPES = ON_A_LICENCE | NEW_LICENCE
#: Case types decided after a representation (or police objection) period.
CONTESTED = CASE_TYPES - {"premises_licence_minor_variation", "personal_licence"}
#: Case types only the police (and, for transfers, Home Office Immigration Enforcement) may
#: object to (ss.37(4), 42(6)).
POLICE_ONLY = frozenset({"premises_licence_transfer", "premises_licence_dps_variation"})

#: The kind of licence each case type acts on or creates.
LICENCE_KIND = {
    "premises_licence_new": "premises_licence",
    "premises_licence_variation": "premises_licence",
    "premises_licence_minor_variation": "premises_licence",
    "premises_licence_transfer": "premises_licence",
    "premises_licence_dps_variation": "premises_licence",
    "premises_licence_review": "premises_licence",
    "club_premises_certificate_new": "club_premises_certificate",
    "club_premises_certificate_variation": "club_premises_certificate",
    "personal_licence": "personal_licence",
}

_WITHDRAW = Step("withdraw", OPEN, (WITHDRAWN,), "The applicant withdraws the application")
_DECIDE = Step(
    "decide",
    frozenset({AWAITING_DECISION, HEARING}),
    (DECIDED,),
    "Record the authority's determination",
)
_DISPENSE = Step(
    "dispense_with_hearing",
    frozenset({HEARING}),
    (AWAITING_DECISION,),
    "All parties agree a hearing is unnecessary, or every relevant representation is withdrawn",
)

WORKFLOW = Workflow(
    name="licence application",
    initial=RECEIVED,
    states=(RECEIVED, AWAITING_DECISION, HEARING, DECIDED, WITHDRAWN),
    steps=(
        Step(
            "close_representations",
            frozenset({RECEIVED}),
            (AWAITING_DECISION, HEARING),
            "The representation period has ended: decide, or hold a hearing",
        ),
        _DISPENSE,
        _DECIDE,
        _WITHDRAW,
    ),
    activities={
        "represent": frozenset({RECEIVED}),
        "judge_representation": frozenset({RECEIVED}),
        "withdraw_representation": OPEN,
        "list_hearing": frozenset({HEARING}),
        "update_details": OPEN,
    },
)


def _never(name: str) -> Step:
    """A step this case type never takes, so asking for it is a 409 like any other."""
    return Step(name, frozenset(), (RECEIVED,), "Not possible for this case type")


MINOR_VARIATION = Workflow(
    name="minor variation",
    initial=RECEIVED,
    states=(RECEIVED, DECIDED, WITHDRAWN),
    steps=(
        Step("decide", frozenset({RECEIVED}), (DECIDED,), "Grant or refuse (or deemed refusal)"),
        Step("withdraw", frozenset({RECEIVED}), (WITHDRAWN,)),
        _never("close_representations"),
        _never("dispense_with_hearing"),
    ),
    activities={
        "represent": frozenset({RECEIVED}),
        "judge_representation": frozenset({RECEIVED}),
        "withdraw_representation": frozenset({RECEIVED}),
        "update_details": frozenset({RECEIVED}),
    },
)

PERSONAL_LICENCE = Workflow(
    name="personal licence application",
    initial=RECEIVED,
    states=(RECEIVED, AWAITING_DECISION, HEARING, DECIDED, WITHDRAWN),
    steps=(
        Step(
            "refer_to_hearing",
            frozenset({RECEIVED}),
            (HEARING,),
            "The police gave an objection notice (s.120(5)): a hearing is needed",
        ),
        _DISPENSE,
        Step("decide", frozenset({RECEIVED, AWAITING_DECISION, HEARING}), (DECIDED,)),
        _WITHDRAW,
        _never("close_representations"),
    ),
    activities={
        "represent": frozenset({RECEIVED}),
        "judge_representation": frozenset({RECEIVED}),
        "withdraw_representation": OPEN,
        "list_hearing": frozenset({HEARING}),
        "update_details": OPEN,
    },
)

#: Case types whose workflow differs from :data:`WORKFLOW` (code -> workflow).
WORKFLOWS: dict[str, Workflow] = {
    **dict.fromkeys(CONTESTED, WORKFLOW),
    "premises_licence_minor_variation": MINOR_VARIATION,
    "personal_licence": PERSONAL_LICENCE,
}


def workflow_of(case_type: str) -> Workflow:
    return WORKFLOWS.get(case_type, WORKFLOW)


def check_step(case_type: str, state: str, action: str) -> Workflow:
    """The case type's workflow, once it is clear ``action`` is possible from ``state``;
    the engine raises ``IllegalTransition`` (a 409) otherwise. Every workflow here names every
    step the routes offer (those a case type never takes have no source state)."""
    workflow = workflow_of(case_type)
    workflow.apply(state, action)
    return workflow


# --- Outcomes -----------------------------------------------------------------------------------

GRANTED = "granted"
#: Outcomes of an application (new, variation, transfer, DPS change, personal licence).
APPLICATION_OUTCOMES = (
    GRANTED,
    "granted_modified_conditions",
    "granted_excluded_activities",
    "refused",
)
#: Outcomes of a minor variation (s.41B): granted, refused, or refused by default.
MINOR_OUTCOMES = (GRANTED, "refused", "deemed_refused")
#: Steps the authority may take on a review (s.52(4)), or none.
REVIEW_OUTCOMES = (
    "no_action",
    "conditions_modified",
    "activities_excluded",
    "dps_removed",
    "suspended",
    "revoked",
)
OUTCOMES = (*APPLICATION_OUTCOMES, "deemed_refused", *REVIEW_OUTCOMES)
GRANTING = frozenset({GRANTED, "granted_modified_conditions", "granted_excluded_activities"})


def outcomes_for(case_type: str) -> tuple[str, ...]:
    if case_type == "premises_licence_review":
        return REVIEW_OUTCOMES
    if case_type == "premises_licence_minor_variation":
        return MINOR_OUTCOMES
    if case_type in {"premises_licence_transfer", "premises_licence_dps_variation"}:
        return (GRANTED, "refused")
    if case_type == "personal_licence":
        return (GRANTED, "refused")
    return APPLICATION_OUTCOMES


__all__ = [
    "APPLICATION_OUTCOMES",
    "CASE_TYPES",
    "CONTESTED",
    "GRANTING",
    "LICENCE_KIND",
    "MINOR_VARIATION",
    "NEW_LICENCE",
    "ON_A_LICENCE",
    "OUTCOMES",
    "PERSONAL_LICENCE",
    "POLICE_ONLY",
    "REVIEW_OUTCOMES",
    "WORKFLOW",
    "WORKFLOWS",
    "check_step",
    "outcomes_for",
    "workflow_of",
]
