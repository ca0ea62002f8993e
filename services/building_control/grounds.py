"""The prescribed grounds on which a local authority must reject an initial notice, as data.

Building Act 1984 s.47(1) and the Building (Registered Building Control Approvers etc.)
(England) Regulations 2024, reg. 6(3) and Schedule 2. A rejection must cite at least one of
these; anything else is not a ground. Work that is higher-risk building work is not a ground
for rejection: the notice is invalid and the authority gives form 6 instead (reg. 7(1)-(2)),
which Vesta records as a referral to the Building Safety Regulator.

The paragraph number is given where it is certain; the others are cited by the Schedule.
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEDULE = (
    "Building (Registered Building Control Approvers etc.) (England) Regulations 2024, Sch. 2"
)


@dataclass(frozen=True, slots=True)
class Ground:
    code: str
    title: str
    summary: str
    paragraph: int | None = None

    @property
    def citation(self) -> str:
        return f"{SCHEDULE}, para. {self.paragraph}" if self.paragraph else SCHEDULE


GROUNDS: tuple[Ground, ...] = (
    Ground("form", "Form", "The notice is not in the prescribed form.", 1),
    Ground(
        "wrong_local_authority",
        "Wrong local authority",
        "None of the work described is in this authority's area.",
        2,
    ),
    Ground(
        "approver_capacity",
        "Capacity of approver",
        "The signatory is not a registered building control approver on the day of rejection, "
        "or their registration does not cover all the work described.",
        3,
    ),
    Ground(
        "inspector_registration",
        "Registered building inspector (s.54B)",
        "The building inspector named as advising on the notice was not registered when it "
        "was submitted, or not for all the work described.",
        5,
    ),
    Ground(
        "information_missing",
        "Information about the proposed work",
        "The notice and its plans lack required information: the location and description of "
        "the work, whether it concerns a new dwelling, when it will be regarded as commenced …",
        6,
    ),
    Ground(
        "fire_and_rescue_undertaking",
        "Fire and rescue authority",
        "Consultation with the fire and rescue authority is required and the notice gives no "
        "undertaking to consult.",
    ),
    Ground(
        "drain_connection",
        "Drain connection",
        "A drain or private sewer must discharge to an existing sewer and the notice describes "
        "no such arrangement.",
    ),
    Ground(
        "local_enactment",
        "Local enactments",
        "The authority is not satisfied the work will comply with a local enactment under "
        "which it may reject plans.",
    ),
    Ground(
        "earlier_notice",
        "Overlapping work",
        "The work is already the subject of an initial notice in force, or of plans deposited "
        "or a building notice given to the authority, on which work has started.",
    ),
)

BY_CODE = {ground.code: ground for ground in GROUNDS}


def unknown_grounds(codes: list[str]) -> list[int]:
    """Positions in ``codes`` that are not prescribed grounds."""
    return [i for i, code in enumerate(codes) if code not in BY_CODE]


__all__ = ["BY_CODE", "GROUNDS", "SCHEDULE", "Ground", "unknown_grounds"]
