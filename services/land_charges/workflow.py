"""The search workflow (LLC1 official searches and CON29 enquiries), as data for the core engine.

received → issued (the certificate or the replies are sent); or withdrawn before that. Answers
to CON29 questions are recorded while the search is received. Register entries are not cases
and follow no workflow: their history is :class:`services.land_charges.models.LandChargeEvent`.
"""

from __future__ import annotations

from services.core.workflow import Step, Workflow

RECEIVED = "received"
ISSUED = "issued"
WITHDRAWN = "withdrawn"

WORKFLOW = Workflow(
    name="land charges search",
    initial=RECEIVED,
    states=(RECEIVED, ISSUED, WITHDRAWN),
    steps=(
        Step("issue", frozenset({RECEIVED}), (ISSUED,), "Issue the certificate or replies"),
        Step("withdraw", frozenset({RECEIVED}), (WITHDRAWN,), "The applicant withdrew"),
    ),
    activities={"answer": frozenset({RECEIVED})},
)

#: The search case types this workflow serves, and which of them are official searches.
SEARCH_TYPES = ("llc1_official_search", "con29r_enquiries", "con29o_enquiries")
OFFICIAL_SEARCH = "llc1_official_search"
ENQUIRIES = frozenset({"con29r_enquiries", "con29o_enquiries"})
