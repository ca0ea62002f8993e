"""The council's own building control charging scheme, and the fee a case owes under it.

Building (Local Authority Charges) Regulations 2010: each authority fixes its charges in a
scheme of its own (reg. 4), by charge type (a plan charge and an inspection charge for full
plans, a building notice charge, a regularisation charge, reg. 5) and by the category of work.
Plan, inspection and building notice charges are consideration for a service and bear VAT at
the standard rate; a regularisation charge is not, so the scheme may not put VAT on it.

A fee is worked out when a case is registered and kept on it (``fee_payable``, with its lines
in ``details["fee"]``), so a later change of scheme does not alter what an applicant was told.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.building_control.models import Charge
from services.core.cases.store import CaseRuleError, audit, snapshot

CHARGE_TYPES = ("plan", "inspection", "building_notice", "regularisation")
#: VAT treatments and the rate each bears (Value Added Tax Act 1994, s.2: standard rate 20%).
VAT_RATES = {
    "standard": Decimal("0.20"),
    "zero": Decimal("0"),
    "exempt": Decimal("0"),
    "outside_scope": Decimal("0"),
}
#: The charges a case of each type owes, in the order they are listed.
CHARGES_FOR: dict[str, tuple[str, ...]] = {
    "full_plans": ("plan", "inspection"),
    "building_notice": ("building_notice",),
    "regularisation": ("regularisation",),
}
PENNY = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class ChargeLine:
    charge_type: str
    category: str
    description: str
    net_amount: Decimal
    vat_treatment: str


@dataclass(frozen=True, slots=True)
class FeeLine:
    charge_type: str
    category: str
    net: Decimal
    vat: Decimal

    @property
    def total(self) -> Decimal:
        return self.net + self.vat

    def as_dict(self) -> dict[str, str]:
        return {
            "charge_type": self.charge_type,
            "category": self.category,
            "net": str(self.net),
            "vat": str(self.vat),
            "total": str(self.total),
        }


def check_scheme(lines: Sequence[ChargeLine]) -> None:
    """Raise :class:`CaseRuleError` (pointing at ``/charges/i/…``) for an unlawful scheme."""
    seen: set[tuple[str, str]] = set()
    for i, line in enumerate(lines):
        if line.net_amount < 0 or line.net_amount != line.net_amount.quantize(PENNY):
            raise CaseRuleError(
                f"/charges/{i}/netAmount", "an amount in pounds and pence, 0 or more"
            )
        if line.charge_type == "regularisation" and line.vat_treatment != "outside_scope":
            raise CaseRuleError(
                f"/charges/{i}/vatTreatment",
                "a regularisation charge is not subject to VAT: use outside_scope",
            )
        if (line.charge_type, line.category) in seen:
            raise CaseRuleError(
                f"/charges/{i}/category",
                f"the scheme already has a {line.charge_type} charge for {line.category!r}",
            )
        seen.add((line.charge_type, line.category))


async def scheme(session: AsyncSession) -> list[Charge]:
    rows = await session.scalars(select(Charge).order_by(Charge.category, Charge.charge_type))
    return list(rows)


async def replace_scheme(
    session: AsyncSession, lines: Sequence[ChargeLine], *, actor: str
) -> list[Charge]:
    """Replace the whole scheme with ``lines`` (checked first); each charge removed and each
    added is audited."""
    check_scheme(lines)
    for row in await scheme(session):
        audit(session, actor, "charge.removed", row, before=snapshot(row), after={})
    await session.execute(delete(Charge))
    rows = [
        Charge(
            charge_type=line.charge_type,
            category=line.category,
            description=line.description,
            net_amount=line.net_amount,
            vat_treatment=line.vat_treatment,
            created_by=actor,
        )
        for line in lines
    ]
    session.add_all(rows)
    await session.flush()
    for row in rows:
        audit(session, actor, "charge.added", row)
    return await scheme(session)


def fee_line(row: Charge) -> FeeLine:
    vat = (row.net_amount * VAT_RATES[row.vat_treatment]).quantize(PENNY, ROUND_HALF_UP)
    return FeeLine(row.charge_type, row.category, row.net_amount, vat)


async def fee_for(session: AsyncSession, case_type: str, category: str | None) -> list[FeeLine]:
    """The charges a case of ``case_type`` in work ``category`` owes under the scheme in force;
    a :class:`CaseRuleError` at ``/workCategory`` when the scheme has no such charge."""
    needed = CHARGES_FOR.get(case_type, ())
    if not needed:
        return []
    if category is None:
        raise CaseRuleError("/workCategory", "name the category of work to find its charge")
    rows = {
        r.charge_type: r
        for r in await session.scalars(
            select(Charge).where(Charge.category == category, Charge.charge_type.in_(needed))
        )
    }
    missing = [t for t in needed if t not in rows]
    if missing:
        raise CaseRuleError(
            "/workCategory",
            f"the council's charging scheme has no {' or '.join(missing)} charge for the work "
            f"category {category!r}",
        )
    return [fee_line(rows[t]) for t in needed]


__all__ = [
    "CHARGES_FOR",
    "CHARGE_TYPES",
    "VAT_RATES",
    "ChargeLine",
    "FeeLine",
    "check_scheme",
    "fee_for",
    "replace_scheme",
    "scheme",
]
