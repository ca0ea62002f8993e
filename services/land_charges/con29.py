"""The CON29 enquiries of local authorities (Law Society, 2016 edition), as data.

Part I (CON29R) is asked in every search; Part II (CON29O) questions only when the buyer picks
them. Each question keeps the form's number (``1.1(a)``, ``3.9``, ``22``) and a short summary
in our own words of what it asks. Answering is the council's reply to that question; fees are
set under the Local Authorities (England) (Charges for Property Searches) Regulations 2008.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Question:
    number: str
    title: str
    summary: str
    optional: bool


def _q(number: str, title: str, summary: str, *, optional: bool = False) -> Question:
    return Question(number, title, summary, optional)


_DECISIONS = "Planning and building decisions and pending applications"
_ROADS = "Roadways and footpaths"

REQUIRED: tuple[Question, ...] = (
    _q("1.1(a)", _DECISIONS, "Planning permissions granted, refused or pending"),
    _q("1.1(b)", _DECISIONS, "Listed building consents"),
    _q("1.1(c)", _DECISIONS, "Conservation area consents"),
    _q("1.1(d)", _DECISIONS, "Certificates of lawfulness of an existing use or development"),
    _q("1.1(e)", _DECISIONS, "Certificates of lawfulness of a proposed use or development"),
    _q("1.1(f)", _DECISIONS, "Certificates of lawfulness of proposed works to a listed building"),
    _q("1.1(g)", _DECISIONS, "Heritage partnership agreements"),
    _q("1.1(h)", _DECISIONS, "Listed building consent orders"),
    _q("1.1(i)", _DECISIONS, "Local listed building consent orders"),
    _q("1.1(j)", _DECISIONS, "Building regulations approvals"),
    _q("1.1(k)", _DECISIONS, "Building regulations completion certificates"),
    _q("1.1(l)", _DECISIONS, "Competent person self-certification certificates and notices"),
    _q("1.2", "Planning designations and proposals", "Local plan designations and proposals"),
    _q("2.1(a)", _ROADS, "Roads abutting the property maintained at public expense"),
    _q("2.1(b)", _ROADS, "Roads to be adopted under an agreement backed by a bond"),
    _q("2.1(c)", _ROADS, "Roads to be adopted under an agreement without a bond"),
    _q("2.1(d)", _ROADS, "Roads to be made up at the frontagers' expense"),
    _q("2.2", "Public rights of way", "Rights of way on the definitive map abutting or crossing"),
    _q("2.3", "Public rights of way", "Pending applications to record a right of way"),
    _q("2.4", "Public rights of way", "Orders to create, divert or stop up a right of way"),
    _q("2.5", "Public rights of way", "A plan of the rights of way, if any"),
    _q("3.1", "Land required for public purposes", "Land in a plan for public purposes"),
    _q("3.2", "Land to be acquired for road works", "Land to be taken for road works"),
    _q("3.3", "Drainage matters", "Sustainable drainage approvals and adoption agreements"),
    _q("3.4", "Nearby road schemes", "Road proposals within 200 metres"),
    _q("3.5", "Nearby railway schemes", "Railway or tramway proposals within 200 metres"),
    _q("3.6", "Traffic schemes", "Traffic orders and schemes on roads abutting the property"),
    _q("3.7", "Outstanding notices", "Statutory notices not yet complied with"),
    _q("3.8", "Contravention of building regulations", "Proceedings for breaching regulations"),
    _q("3.9", "Notices, orders, directions and proceedings under planning acts", "Enforcement"),
    _q("3.10", "Community infrastructure levy", "CIL liability, demands and appeals"),
    _q("3.11", "Conservation area", "Whether the property is in a conservation area"),
    _q("3.12", "Compulsory purchase", "Compulsory purchase orders affecting the property"),
    _q("3.13", "Contaminated land", "Entries on the contaminated land register and notices"),
    _q("3.14", "Radon gas", "Whether the property is in a radon affected area"),
    _q(
        "3.15",
        "Assets of community value",
        "Listing of the property as an asset of community value",
    ),
)

OPTIONAL: tuple[Question, ...] = tuple(
    _q(number, title, summary, optional=True)
    for number, title, summary in (
        ("4", "Road proposals by private bodies", "Private road schemes within 200 metres"),
        ("5", "Advertisements", "Advertisement consents and discontinuance notices"),
        ("6", "Completion notices", "Notices requiring development to be completed"),
        ("7", "Parks and countryside", "National parks and areas of outstanding natural beauty"),
        ("8", "Pipelines", "Pipelines recorded within 100 feet of the property"),
        ("9", "Houses in multiple occupation", "HMO licences and registration"),
        ("10", "Noise abatement", "Noise abatement zones"),
        ("11", "Urban development areas", "Urban development areas and corporations"),
        ("12", "Enterprise zones", "Enterprise zones, local development orders, BIDs"),
        ("13", "Inner urban improvement areas", "Improvement areas under the 1978 Act"),
        ("14", "Simplified planning zones", "Simplified planning zones"),
        ("15", "Land maintenance notices", "Notices to tidy land (s.215 notices)"),
        ("16", "Mineral consultation areas", "Mineral consultation and safeguarding areas"),
        ("17", "Hazardous substance consents", "Consents to keep hazardous substances"),
        ("18", "Environmental and pollution notices", "Pollution notices served"),
        ("19", "Food safety notices", "Improvement and prohibition notices on food premises"),
        ("20", "Hedgerow notices", "Hedgerow retention and replacement notices"),
        ("21", "Flood defence and land drainage consents", "Consents for works near watercourses"),
        ("22", "Common land, town and village greens", "Registration as common land or a green"),
    )
)

QUESTIONS: dict[str, Question] = {q.number: q for q in (*REQUIRED, *OPTIONAL)}


def questions_for(case_type: str, chosen: tuple[str, ...]) -> tuple[Question, ...]:
    """The questions a search asks, in form order: Part I for a CON29R search, then the chosen
    Part II questions (the whole of a CON29O search). Unknown or Part I numbers among
    ``chosen`` raise ``KeyError`` naming the position."""
    picked: list[Question] = []
    for position, number in enumerate(chosen):
        question = QUESTIONS.get(number)
        if question is None or not question.optional:
            raise KeyError(position)
        if question not in picked:
            picked.append(question)
    base = REQUIRED if case_type == "con29r_enquiries" else ()
    order = list(QUESTIONS)
    return (*base, *sorted(picked, key=lambda q: order.index(q.number)))


__all__ = ["OPTIONAL", "QUESTIONS", "REQUIRED", "Question", "questions_for"]
