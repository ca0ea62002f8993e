"""Higher-risk buildings: work the Building Safety Regulator controls, never the council.

Building Act 1984 s.120D (inserted by the Building Safety Act 2022) and the Higher-Risk
Buildings (Descriptions and Supplementary Provisions) Regulations 2023: for the design and
construction regime a building is higher-risk if it is at least 18 metres high or has at least
7 storeys, and it contains at least 2 residential units, or it is a care home or hospital
meeting the same height condition. Work to such a building is "higher-risk building work"; the
Building Safety Regulator is its building control authority, so the council records a
referral with its reason and tells the applicant where to apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

HEIGHT_THRESHOLD_M = Decimal("18")
STOREY_THRESHOLD = 7
RESIDENTIAL_UNIT_THRESHOLD = 2
LEGAL_BASIS = (
    "Building Act 1984, s.120D; Higher-Risk Buildings (Descriptions and Supplementary "
    "Provisions) Regulations 2023"
)
REGULATOR = "Building Safety Regulator"
REGULATOR_URL = (
    "https://www.gov.uk/guidance/apply-for-building-control-approval-for-a-higher-risk-building"
)


@dataclass(frozen=True, slots=True)
class Building:
    """What the council is told about the building the work is to."""

    height_m: Decimal
    storeys: int
    residential_units: int
    care_home_or_hospital: bool = False


def referral_reason(building: Building) -> str | None:
    """Why the work is higher-risk building work, or ``None`` if it is not."""
    tall = []
    if building.height_m >= HEIGHT_THRESHOLD_M:
        tall.append(f"{building.height_m} m high (18 m or more)")
    if building.storeys >= STOREY_THRESHOLD:
        tall.append(f"{building.storeys} storeys (7 or more)")
    if not tall:
        return None
    if building.residential_units >= RESIDENTIAL_UNIT_THRESHOLD:
        use = f"{building.residential_units} residential units (2 or more)"
    elif building.care_home_or_hospital:
        use = "a care home or hospital"
    else:
        return None
    return (
        f"Higher-risk building: {' and '.join(tall)} with {use} ({LEGAL_BASIS}). The Building "
        f"Safety Regulator is the building control authority for this work; the council cannot "
        f"accept it. Apply to the {REGULATOR}."
    )


__all__ = [
    "HEIGHT_THRESHOLD_M",
    "LEGAL_BASIS",
    "REGULATOR",
    "REGULATOR_URL",
    "RESIDENTIAL_UNIT_THRESHOLD",
    "STOREY_THRESHOLD",
    "Building",
    "referral_reason",
]
