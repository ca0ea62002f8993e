"""The council's building control charging scheme: read it, or replace it whole."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from litestar import get, put
from litestar.params import JSONBody

from app.api.building_control.deps import PREFIX, TAGS
from app.api.building_control.schemas import Category, Money
from app.api.casework.shapes import Out, Struct, Text
from app.api.openapi_examples import example
from app.api.problem_docs import READ_PROBLEMS, WRITE_PROBLEMS
from app.guards import requires
from app.principal import Actor
from app.tenant_context import TenantSession
from services.building_control import charging
from services.building_control.models import Charge

ChargeType = Literal[charging.CHARGE_TYPES]  # type: ignore[valid-type]
VatTreatment = Literal[tuple(charging.VAT_RATES)]  # type: ignore[valid-type]
ChargeDescription = Annotated[Text, example("Single-storey or two-storey extension up to 40 m²")]


class BcChargeIn(Struct):
    charge_type: Annotated[ChargeType, example("plan")]
    category: Category
    description: ChargeDescription
    net_amount: Annotated[Decimal, example("450.00")]
    vat_treatment: Annotated[VatTreatment, example("standard")]


class SchemeIn(Struct):
    charges: Annotated[
        list[BcChargeIn],
        example(
            [
                {
                    "chargeType": "plan",
                    "category": "extension_small",
                    "description": "Single-storey extension under 40 m2: plan charge",
                    "netAmount": "450.00",
                    "vatTreatment": "standard",
                }
            ]
        ),
    ]


class BcChargeOut(Out):
    charge_type: Annotated[str, example("plan")]
    category: Category
    description: ChargeDescription
    net_amount: Annotated[Decimal, example("450.00")]
    vat_treatment: Annotated[str, example("standard")]
    vat: Annotated[Decimal, example("90.00")]
    total: Money


class SchemeOut(Out):
    charges: list[BcChargeOut]


def scheme_out(rows: list[Charge]) -> SchemeOut:
    out = []
    for row in rows:
        line = charging.fee_line(row)
        out.append(
            BcChargeOut(
                charge_type=row.charge_type,
                category=row.category,
                description=row.description,
                net_amount=row.net_amount,
                vat_treatment=row.vat_treatment,
                vat=line.vat,
                total=line.total,
            )
        )
    return SchemeOut(charges=out)


@get(
    PREFIX + "/charging-scheme",
    opt=requires("building_control", "settings", "read"),
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="The council's building control charging scheme",
)
async def read_scheme(db_session: TenantSession) -> SchemeOut:
    return scheme_out(await charging.scheme(db_session))


@put(
    PREFIX + "/charging-scheme",
    opt=requires("building_control", "settings", "administer"),
    tags=TAGS,
    responses=WRITE_PROBLEMS,
    summary="Replace the charging scheme (fees already worked out on cases do not change)",
    description=(
        "Each charge is a charge type for a work category, its amount before VAT and its VAT "
        "treatment. A regularisation charge is not subject to VAT (`outside_scope`)."
    ),
)
async def replace_scheme(
    data: JSONBody[SchemeIn], db_session: TenantSession, actor: Actor
) -> SchemeOut:
    lines = [
        charging.ChargeLine(
            charge_type=c.charge_type,
            category=c.category,
            description=c.description,
            net_amount=c.net_amount,
            vat_treatment=c.vat_treatment,
        )
        for c in data.charges
    ]
    rows = await charging.replace_scheme(db_session, lines, actor=actor)
    await db_session.commit()
    return scheme_out(rows)


ROUTES = [read_scheme, replace_scheme]
__all__ = ["ROUTES"]
