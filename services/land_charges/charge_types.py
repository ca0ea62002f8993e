"""The kinds of local land charge, as data: each with the part of the register it was kept in
under the Local Land Charges Rules 1977 (r.2(2), twelve parts), the charge type HM Land
Registry's register uses for it, and the sub-categories HM Land Registry accepts.

Since the Local Land Charges Rules 2018 the register is no longer divided into parts, but
HM Land Registry's migration format still records the old part (``old-register-part``), so a
council's legacy entries can be traced. Sub-category names are HM Land Registry's.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ChargeType:
    code: str
    name: str
    #: The part of the pre-2018 register (Local Land Charges Rules 1977, r.2(2)).
    register_part: str
    #: The charge type in HM Land Registry's register.
    hmlr_type: str
    #: Sub-categories allowed; empty means the type takes none.
    sub_categories: tuple[str, ...] = ()
    #: Financial charges state the amount secured and the interest (r.4 of the 2018 Rules).
    financial: bool = False


_PLANNING = (
    "Conditional planning consent",
    "Conservation area",
    "Enforcement notice",
    "Modification / rectification orders",
    "No permitted development / article 4",
    "Planning agreement",
    "Planning notice",
    "Tree preservation order (TPO)",
)
_OTHER = (
    "Ancient monuments",
    "Assets of community value",
    "Compulsory purchase or acquisition",
    "Highways and paths",
    "Licence",
    "Local acts",
    "New towns",
    "Pipeline",
    "Protected areas /sites",
    "Smoke control order",
    "Uncommon charges",
    "Water / drainage / environmental",
)
_HOUSING = (
    "Occupancy including house in multiple occupation (HMO)",
    "Grant",
    "Interim certificate under HMO",
    "Works, repairs or authority action",
    "Right to buy / right to acquire",
)

CHARGE_TYPES: dict[str, ChargeType] = {
    t.code: t
    for t in (
        ChargeType("general_financial", "General financial charge", "1", "Financial", (), True),
        ChargeType("specific_financial", "Specific financial charge", "2", "Financial", (), True),
        ChargeType("planning", "Planning charge", "3b", "Planning", _PLANNING),
        ChargeType("other", "Miscellaneous charge", "4", "Other", _OTHER),
        ChargeType("housing", "Housing or buildings charge", "4", "Housing / buildings", _HOUSING),
        ChargeType("land_compensation", "Land compensation charge", "6a", "Land compensation"),
        ChargeType("new_towns", "New towns charge", "7", "Other", ("New towns",)),
        ChargeType("civil_aviation", "Civil aviation charge", "8", "Other", ("Uncommon charges",)),
        ChargeType("opencast_coal", "Opencast coal charge", "9", "Other", ("Uncommon charges",)),
        ChargeType(
            "listed_building",
            "Listed building charge",
            "10",
            "Listed building",
            ("Enforcement notice", "Listed building"),
        ),
        ChargeType(
            "light_obstruction",
            "Light obstruction notice",
            "11",
            "Light obstruction notice",
        ),
        ChargeType(
            "drainage_scheme",
            "Drainage scheme charge",
            "12",
            "Other",
            ("Water / drainage / environmental",),
        ),
    )
}


def charge_type(code: str) -> ChargeType:
    """The charge type with that code; ``KeyError`` for an unknown one."""
    return CHARGE_TYPES[code]


__all__ = ["CHARGE_TYPES", "ChargeType", "charge_type"]
