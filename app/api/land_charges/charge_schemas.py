"""Wire shapes for register entries (msgspec, camelCase). The examples tell one story: tree
preservation order charge LLC/2026/00012 on 12 Mill Lane, Ashcombe, registered 2 March 2026.

Geometry is GeoJSON in British National Grid (EPSG:27700, metres).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

import msgspec

from app.api.casework.shapes import Out, Patch, RecordedBy, Struct, Text, Uprn
from app.api.openapi_examples import example
from services.land_charges.charge_types import CHARGE_TYPES
from services.land_charges.models import LandCharge, LandChargeEvent

SQUARE = [[453100, 141200], [453120, 141200], [453120, 141220], [453100, 141220], [453100, 141200]]
Geometry = Annotated[dict[str, Any], example({"type": "Polygon", "coordinates": [SQUARE]})]
ChargeType = Annotated[str, example("planning")]
SubCategory = Annotated[str, example("Tree preservation order (TPO)")]
Provision = Annotated[
    Text,
    example(
        "Town and Country Planning Act 1990 section 198", "Town and Country Planning Act 1990 s.198"
    ),
]
Instrument = Annotated[str, msgspec.Meta(min_length=1, max_length=120, examples=["Order"])]
Authority = Annotated[
    str, msgspec.Meta(min_length=1, max_length=300, examples=["Ashcombe District Council"])
]
InfoLocation = Annotated[Text, example("Planning Services, Ashcombe Town Hall, AS1 1AA")]
InfoReference = Annotated[
    str, msgspec.Meta(min_length=1, max_length=255, examples=["TPO/2026/004"])
]
Particulars = Annotated[Text, example("Oak tree (T1) in the rear garden")]
AddressLine = Annotated[
    str, msgspec.Meta(min_length=1, max_length=500, examples=["12 Mill Lane, Ashcombe"])
]
Postcode = Annotated[str, msgspec.Meta(min_length=5, max_length=10, examples=["AS1 2BC"])]
Description = Annotated[Text, example("Land to the rear of 12 to 20 Mill Lane, Ashcombe")]
Amount = Annotated[Decimal, example("4250.00")]
Interest = Annotated[
    str, msgspec.Meta(min_length=1, max_length=70, examples=["2% above base rate"])
]
Reason = Annotated[Text, example("Order confirmed with modification: T2 removed")]
Registered = Annotated[dt.date, example("2026-03-02")]
Created = Annotated[dt.date, example("2026-02-20")]
Expiry = Annotated[dt.date, example("2036-02-20")]
Gss = Annotated[str, msgspec.Meta(pattern=r"^[EW]\d{8}$", examples=["E07000123"])]
Legacy = Annotated[str, msgspec.Meta(min_length=1, max_length=60, examples=["TPO-1998-0042"])]


class ChargeIn(Struct):
    """A new register entry. Give ``addressLine`` (with ``uprn``/``postcode`` where known) or
    ``geographicDescription``, never both. ``geometry`` is required unless the entry comes from
    a legacy register (``legacyReference``) and is yet to be mapped."""

    charge_type: ChargeType
    statutory_provision: Provision
    originating_authority: Authority
    further_information_location: InfoLocation
    registration_date: Registered | None = None
    sub_category: SubCategory | None = None
    instrument: Instrument | None = None
    further_information_reference: InfoReference | None = None
    description: Particulars | None = None
    creation_date: Created | None = None
    expiry_date: Expiry | None = None
    amount_originally_secured: Amount | None = None
    rate_of_interest: Interest | None = None
    geometry: Geometry | None = None
    address_line: AddressLine | None = None
    postcode: Postcode | None = None
    uprn: Uprn | None = None
    geographic_description: Description | None = None
    origin_authority: Gss | None = None
    legacy_reference: Legacy | None = None


_UNSET = msgspec.UNSET


class ChargeVariation(Patch):
    """A variation: only the fields sent change (``null`` clears an optional one); ``reason``
    is recorded in the charge's history."""

    qualifiers = ("reason",)

    reason: Reason
    charge_type: ChargeType | msgspec.UnsetType = _UNSET
    sub_category: SubCategory | msgspec.UnsetType | None = _UNSET
    statutory_provision: Provision | msgspec.UnsetType = _UNSET
    instrument: Instrument | msgspec.UnsetType | None = _UNSET
    originating_authority: Authority | msgspec.UnsetType = _UNSET
    further_information_location: InfoLocation | msgspec.UnsetType = _UNSET
    further_information_reference: InfoReference | msgspec.UnsetType | None = _UNSET
    description: Particulars | msgspec.UnsetType | None = _UNSET
    creation_date: Created | msgspec.UnsetType | None = _UNSET
    expiry_date: Expiry | msgspec.UnsetType | None = _UNSET
    amount_originally_secured: Amount | msgspec.UnsetType | None = _UNSET
    rate_of_interest: Interest | msgspec.UnsetType | None = _UNSET
    geometry: Geometry | msgspec.UnsetType = _UNSET
    address_line: AddressLine | msgspec.UnsetType | None = _UNSET
    postcode: Postcode | msgspec.UnsetType | None = _UNSET
    uprn: Uprn | msgspec.UnsetType | None = _UNSET
    geographic_description: Description | msgspec.UnsetType | None = _UNSET


class Cancellation(Struct):
    reason: Annotated[Text, example("Order revoked on 1 June 2026")]
    cancelled_on: Annotated[dt.date, example("2026-06-01")] | None = None


class ChargeOut(Out):
    id: Annotated[UUID, example("0195f3c2-7a41-7c1e-9b3d-5f2a8e6d4c21")]
    charge_number: Annotated[str, example("LLC/2026/00012")]
    charge_type: ChargeType
    charge_type_name: Annotated[str, example("Planning charge")]
    sub_category: SubCategory | None
    statutory_provision: Provision
    instrument: Instrument | None
    originating_authority: Authority
    further_information_location: InfoLocation
    further_information_reference: InfoReference | None
    description: Particulars | None
    creation_date: Created | None
    registration_date: Registered
    expiry_date: Expiry | None
    amount_originally_secured: Amount | None
    rate_of_interest: Interest | None
    geometry: Geometry | None
    address_line: AddressLine | None
    postcode: Postcode | None
    uprn: Annotated[str, example("100012345678")] | None
    geographic_description: Description | None
    status: Annotated[str, example("registered")]
    cancelled_on: Annotated[dt.date, example("2026-06-01")] | None
    cancellation_reason: Annotated[str, example("Order revoked on 1 June 2026")] | None
    origin_authority: Gss | None
    legacy_reference: Legacy | None
    version: Annotated[int, example(1)]
    created_at: Annotated[dt.datetime, example("2026-03-02T10:15:00Z")]
    created_by: RecordedBy
    updated_at: Annotated[dt.datetime, example("2026-03-02T10:15:00Z")]


class ChargeEventOut(Out):
    id: Annotated[UUID, example("0195f3c2-7a41-7c1e-9b3d-5f2a8e6d4c31")]
    kind: Annotated[str, example("varied")]
    version: Annotated[int, example(2)]
    reason: Reason | None
    before: Annotated[dict[str, Any], example({"description": "Oak trees T1 and T2"})]
    after: Annotated[dict[str, Any], example({"description": "Oak tree (T1) in the rear garden"})]
    recorded_at: Annotated[dt.datetime, example("2026-04-14T09:30:00Z")]
    recorded_by: RecordedBy


def charge_out(charge: LandCharge) -> ChargeOut:
    values = {
        name: getattr(charge, name)
        for name in ChargeOut.__struct_fields__
        if name != "charge_type_name"
    }
    return ChargeOut(charge_type_name=CHARGE_TYPES[charge.charge_type].name, **values)


def event_out(event: LandChargeEvent) -> ChargeEventOut:
    return ChargeEventOut(
        id=event.id,
        kind=event.kind,
        version=event.version,
        reason=event.reason,
        before=event.before,
        after=event.after,
        recorded_at=event.recorded_at,
        recorded_by=event.recorded_by,
    )
