"""ODP code mappings: application types -> case types, parent codes -> a prototype type, and
``application.json`` code lists -> the prototype's.

Every code either ODP submission shape defines (105 in ``application.json``, 95 in
``prototypeApplication.json``, the latter a subset) maps to a case type of
:mod:`services.planning.case_types`. The table below is read as longest-prefix rules: an entry
for ``pa.part6`` covers ``pa.part6`` and every ``pa.part6.*`` code unless a longer entry exists.
Codes are checked against the schemas first, so an unknown code raises
:class:`UnknownApplicationType` instead of falling into a family by accident.

Where the ODP code does not say enough to choose between a non-major and a major case type
(``pp.outline``, ``approval.reservedMatters``, ``amendment.minorMaterial``), the non-major one is
used: the major thresholds are facts the code does not assert, and an officer re-types the case
on validation if they are met.

Parent codes (upstream calls them "service descriptors": used to build type lists, not meant to
be submitted) exist only in ``application.json``. :func:`prototype_type_for` picks the child a
prototype document uses for them; :data:`PARENT_PROTOTYPE` records each choice and why. The
case type of a parent code is always the case type of that child.
"""

from __future__ import annotations

from functools import cache
from types import MappingProxyType

from services.planning.odp.catalogue import alternatives, load_schema, resolve, type_branches

#: ODP code (and, by prefix, its children) -> planning case type code.
CASE_TYPE_RULES: MappingProxyType[str, str] = MappingProxyType(
    {
        "advertConsent": "advertisement_consent",
        "amendment": "variation_of_conditions",
        "amendment.nonMaterial": "non_material_amendment",
        "approval": "discharge_of_conditions",
        "approval.reservedMatters": "reserved_matters_minor",
        "complianceConfirmation": "compliance_confirmation",
        "environmentalImpact": "screening_opinion",
        "environmentalImpact.scoping": "scoping_opinion",
        "hazardousSubstanceConsent": "hazardous_substances_consent",
        "hedgerowRemovalNotice": "hedgerow_removal_notice",
        "landDrainageConsent": "land_drainage_consent",
        "ldc": "ldc_proposed",
        "ldc.existing": "ldc_existing",
        "ldc.breachOfCondition": "ldc_existing",  # s.191(1)(c): a certificate of existing use
        "ldc.listedBuildingWorks": "ldc_listed_building_works",
        "listed": "listed_building_consent",
        "notifyCompletion": "notification_of_completion",
        "obligation": "planning_obligation",
        "onshoreExtractionOilAndGas": "minerals",
        "onshoreExtractionOilAndGas.review": "minerals_review",
        "onshoreExtractionOilAndGas.variation": "variation_of_conditions_major",  # minerals: major
        "pa": "prior_approval",
        "pa.part1.classA": "prior_approval_larger_home_extension",
        "pa.part6": "prior_notification_agricultural",
        "pa.part11": "prior_notification_demolition",
        "pa.part16": "prior_approval_telecoms",
        "pa.part17": "prior_approval_detailed_proposals",
        "pa.part18": "prior_approval_detailed_proposals",
        "pp": "full_minor",
        "pp.full.householder": "householder",
        "pp.full.major": "full_major",
        "pp.full.major.technicalDetails": "technical_details_major",
        "pp.full.minor.technicalDetails": "technical_details_minor",
        "pp.mineralExtraction": "minerals",
        "pp.outline": "outline_minor",
        "pp.outline.major": "outline_major",
        "pp.pip": "permission_in_principle",
        "rightsOfWayOrder": "rights_of_way_order",
        "wtt": "works_to_tpo_trees",
        "wtt.notice": "trees_in_conservation_area",
    }
)

#: application.json parent code -> (prototype type used for it, why that child).
PARENT_PROTOTYPE: MappingProxyType[str, tuple[str, str]] = MappingProxyType(
    {
        "pp": (
            "pp.full.minor",
            "full permission for non-major development is the DMPO's residual category; "
            "householder and major are special cases resting on facts the code does not assert",
        ),
        "pp.full": ("pp.full.minor", "as for pp"),
        "pa": (
            "pa.part3.classMA",
            "a Part 3 prior approval under the general procedure of GPDO Sch. 2 Part 3 para. W "
            "(56 days); its prototype branch carries a fee, so the payload's fee is kept",
        ),
        "ldc": (
            "ldc.proposed",
            "a certificate for proposed development (s.192) claims nothing about what already "
            "exists on the site; ldc.existing would",
        ),
        "wtt": (
            "wtt.consent",
            "the TPO consent regime needs a decision; the s.211 notice regime would let the "
            "works go ahead by default after 6 weeks",
        ),
        "amendment": (
            "amendment.minorMaterial",
            "s.73 can make any change s.96A can; calling the change non-material is a judgement "
            "for the authority",
        ),
        "approval": (
            "approval.conditions",
            "reserved matters are themselves details reserved by a condition of an outline "
            "permission",
        ),
        "environmentalImpact": (
            "environmentalImpact.screening",
            "screening comes first; a scoping request presupposes that EIA is needed",
        ),
        "obligation": (
            "obligation.modify",
            "s.106A(3)(a); a discharge request asserts the obligation serves no useful purpose",
        ),
        "onshoreExtractionOilAndGas": (
            "onshoreExtractionOilAndGas.other",
            "the family's own residual child",
        ),
    }
)


class UnknownApplicationType(KeyError):
    """The code is not an application type of either ODP submission shape (v0.7.7)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"{code!r} is not an ODP application type code (schemas v0.7.7)")

    def __str__(self) -> str:
        return str(self.args[0])


@cache
def known_codes() -> frozenset[str]:
    """Every application type code of ``application.json`` and ``prototypeApplication.json``."""
    return frozenset(type_branches("application")) | frozenset(
        type_branches("prototypeApplication")
    )


def _longest_rule(code: str) -> str:
    parts = code.split(".")
    for end in range(len(parts), 0, -1):
        rule = CASE_TYPE_RULES.get(".".join(parts[:end]))
        if rule is not None:
            return rule
    raise UnknownApplicationType(code)  # a schema code no rule covers: a gap in the table


@cache
def case_type_for(odp_code: str) -> str:
    """The planning case type code for an ODP application type code (either shape)."""
    if odp_code not in known_codes():
        raise UnknownApplicationType(odp_code)
    return _longest_rule(odp_code)


def prototype_type_for(odp_code: str) -> str:
    """The ``applicationType`` a prototype document uses for ``odp_code``: the code itself, or
    for a parent code the child chosen in :data:`PARENT_PROTOTYPE`."""
    if odp_code not in known_codes():
        raise UnknownApplicationType(odp_code)
    parent = PARENT_PROTOTYPE.get(odp_code)
    return parent[0] if parent else odp_code


#: Families PlanX renamed (the inverse of its data-migration table) where no description matches.
_RENAMED = {
    "commercial.transport.rail.track": "commercial.transport.track",
    "residential.house": "residential.dwelling.house",
    "residential.multiple": "residential.dwelling",  # from residential.dwelling.*.multiple
}


def _code_list(schema: str, definition: str) -> dict[str, str]:
    """Code -> description of a code list (bare constants or ``{value, description}`` objects)."""
    root, out = load_schema(schema), {}
    for leaf in alternatives(root, root["definitions"][definition]):
        props = leaf.get("properties", {})
        if "const" in leaf:
            out[leaf["const"]] = leaf.get("description", "")
        elif "enum" in leaf:
            out.update((value, "") for value in leaf["enum"])
        elif "const" in resolve(root, props.get("value", {})):
            described = resolve(root, props.get("description", {}))
            out[resolve(root, props["value"])["const"]] = described.get("const", "")
    return out


@cache
def code_translations(definition: str) -> MappingProxyType[str, str]:
    """``application.json`` code -> prototype code, for the codes of code list ``definition``
    (``PropertyType``, ``ProjectType``, ...) that the prototype list lacks and can translate."""
    if definition not in load_schema("application")["definitions"]:
        return MappingProxyType({})
    source = _code_list("application", definition)
    target = _code_list("prototypeApplication", definition)
    by_description: dict[str, list[str]] = {}
    for code, text in target.items():
        by_description.setdefault(text.strip().lower(), []).append(code)

    def translate(code: str) -> str | None:
        if code in target:
            return code
        if code in _RENAMED:
            return translate(_RENAMED[code])
        text = source.get(code, "").strip().lower()
        matches = by_description.get(text, []) if text else []
        family = [m for m in matches if m.split(".")[0] == code.split(".")[0]]
        for candidates in (matches, family):
            if len(candidates) == 1:
                return candidates[0]
        parent = code.rpartition(".")[0]
        return translate(parent) if parent else None

    pairs = {code: translate(code) for code in source if code not in target}
    return MappingProxyType({code: to for code, to in pairs.items() if to})


__all__ = [
    "CASE_TYPE_RULES",
    "PARENT_PROTOTYPE",
    "UnknownApplicationType",
    "case_type_for",
    "code_translations",
    "known_codes",
    "prototype_type_for",
]
