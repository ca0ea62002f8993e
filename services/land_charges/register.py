"""The local land charges register: register, vary and cancel charges with their history, find
a charge, and find the charges a search area reveals.

Every write checks the charge against its type (:mod:`services.land_charges.charge_types`),
keeps the address XOR geographic-description rule (Local Land Charges Rules 2018, r.3: the land
is identified by its postal address where it has one, otherwise described), records a
:class:`LandChargeEvent` and an audit entry in the caller's transaction. Charge numbers come from
the core reference counters (``LLC/2026/00001``). A register that has moved to HM Land Registry
is read-only here (:func:`services.land_charges.migration.require_local_register`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

import shapely
from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.core.cases.store import CaseRuleError, audit, jsonable, snapshot
from services.core.references import allocate_reference
from services.land_charges import geometry as geo
from services.land_charges.charge_types import CHARGE_TYPES
from services.land_charges.models import CHARGE_BOX, LandCharge, LandChargeEvent, bounding_box
from tenancy.provenance import matching, preferring

NUMBER_FORMAT = "SERVICE/YYYY/NNNNN"
COUNTER = "land_charges"
REGISTERED = "registered"
CANCELLED = "cancelled"
#: Fields a variation may change (the charge number, status and history never change).
VARIABLE = frozenset(
    {
        "charge_type",
        "sub_category",
        "statutory_provision",
        "instrument",
        "originating_authority",
        "further_information_location",
        "further_information_reference",
        "description",
        "creation_date",
        "expiry_date",
        "amount_originally_secured",
        "rate_of_interest",
        "geometry",
        "address_line",
        "postcode",
        "uprn",
        "geographic_description",
    }
)


class ChargeNotFound(LookupError):
    """No charge on this council's register has that id, number or legacy reference."""


def _check(fields: Mapping[str, Any], *, legacy: bool) -> dict[str, Any]:
    """The charge's columns after checking them together; raises ``CaseRuleError``. Only a
    charge brought over from a legacy register (``legacy``) may lack its geometry, until it is
    mapped: the migration export reports it."""
    values = dict(fields)
    kind = CHARGE_TYPES.get(values.get("charge_type") or "")
    if kind is None:
        raise CaseRuleError(
            "/chargeType", f"unknown charge type; one of {', '.join(sorted(CHARGE_TYPES))}"
        )
    sub = values.get("sub_category")
    if kind.sub_categories and sub not in kind.sub_categories:
        raise CaseRuleError(
            "/subCategory",
            f"a {kind.name.lower()} needs a sub-category, one of: {'; '.join(kind.sub_categories)}",
        )
    if not kind.sub_categories and sub is not None:
        raise CaseRuleError("/subCategory", f"a {kind.name.lower()} takes no sub-category")
    if kind.financial != (values.get("amount_originally_secured") is not None):
        detail = "required for a financial charge" if kind.financial else "only financial charges"
        raise CaseRuleError("/amountOriginallySecured", detail)
    if values.get("rate_of_interest") is not None and not kind.financial:
        raise CaseRuleError("/rateOfInterest", "only financial charges carry interest")
    has_address = bool(values.get("address_line"))
    has_description = bool(values.get("geographic_description"))
    if has_address == has_description:
        raise CaseRuleError(
            "/geographicDescription" if has_description else "/addressLine",
            "give either the postal address (addressLine, with uprn where known) or a "
            "geographic description of the land, not both"
            if has_address
            else "give the postal address (addressLine) or a geographic description",
        )
    if not has_address and (values.get("uprn") or values.get("postcode")):
        raise CaseRuleError("/uprn", "a UPRN or postcode goes with an address, not a description")
    creation, expiry = values.get("creation_date"), values.get("expiry_date")
    if creation and expiry and expiry < creation:
        raise CaseRuleError("/expiryDate", "a charge cannot expire before it was created")
    raw = values.get("geometry")
    if raw is None:
        if not legacy:
            raise CaseRuleError("/geometry", "the extent of the land is required (GeoJSON, BNG)")
        values.update(min_x=None, min_y=None, max_x=None, max_y=None)
        return values
    try:
        checked = geo.check(raw)
    except geo.GeometryError as exc:
        raise CaseRuleError("/geometry" + exc.pointer, exc.detail) from None
    min_x, min_y, max_x, max_y = checked.bbox
    values.update(geometry=checked.geojson, min_x=min_x, min_y=min_y, max_x=max_x, max_y=max_y)
    return values


def _record(
    session: AsyncSession,
    charge: LandCharge,
    kind: str,
    *,
    before: dict[str, Any],
    after: dict[str, Any],
    reason: str | None,
    actor: str,
) -> LandChargeEvent:
    event = LandChargeEvent(
        charge_id=charge.id,
        kind=kind,
        version=charge.version,
        reason=reason,
        before=before,
        after=after,
        recorded_by=actor,
    )
    session.add(event)
    audit(session, actor, f"land_charge.{kind}", charge, before=before or None, after=after)
    return event


async def register_charge(
    session: AsyncSession, fields: Mapping[str, Any], *, actor: str
) -> LandCharge:
    """Enter a new charge on the register with its registration event."""
    values = _check(fields, legacy=bool(fields.get("legacy_reference")))
    registered: dt.date = values["registration_date"]
    number = await allocate_reference(
        session, fmt=NUMBER_FORMAT, service=COUNTER, suffix="", year=registered.year
    )
    charge = LandCharge(charge_number=number, created_by=actor, **values)
    session.add(charge)
    await session.flush()
    _record(
        session, charge, "registered", before={}, after=snapshot(charge), reason=None, actor=actor
    )
    return charge


async def vary_charge(
    session: AsyncSession,
    charge: LandCharge,
    changes: Mapping[str, Any],
    *,
    reason: str,
    actor: str,
) -> dict[str, Any]:
    """Vary a charge in force (r.9 of the 2018 Rules); returns the fields that changed."""
    if charge.status != REGISTERED:
        raise CaseRuleError("", "a cancelled charge cannot be varied", status=409)
    current = {name: getattr(charge, name) for name in VARIABLE}
    merged = _check(
        {**current, "legacy_reference": charge.legacy_reference, **changes},
        legacy=bool(charge.legacy_reference),
    )
    merged.pop("legacy_reference", None)
    changed = {k: v for k, v in merged.items() if getattr(charge, k) != v}
    if not changed:
        return {}
    before = {k: jsonable(getattr(charge, k)) for k in changed}
    for key, value in changed.items():
        setattr(charge, key, value)
    await session.flush()
    after = {k: jsonable(v) for k, v in changed.items()}
    _record(session, charge, "varied", before=before, after=after, reason=reason, actor=actor)
    return changed


async def cancel_charge(
    session: AsyncSession, charge: LandCharge, *, on: dt.date, reason: str, actor: str
) -> None:
    """Cancel a charge (r.9 of the 2018 Rules): it stays on record with its history but is no
    longer revealed by searches."""
    if charge.status != REGISTERED:
        raise CaseRuleError("", "the charge is already cancelled", status=409)
    if on < charge.registration_date:
        raise CaseRuleError("/cancelledOn", "a charge cannot be cancelled before it was registered")
    before = {"status": charge.status, "cancelled_on": None, "cancellation_reason": None}
    charge.status, charge.cancelled_on, charge.cancellation_reason = CANCELLED, on, reason
    await session.flush()
    after = {"status": CANCELLED, "cancelled_on": on.isoformat(), "cancellation_reason": reason}
    _record(session, charge, "cancelled", before=before, after=after, reason=reason, actor=actor)


async def get_charge(session: AsyncSession, key: str) -> LandCharge:
    """A charge by id, charge number (``LLC/2026/00001`` or ``LLC-2026-00001``) or legacy
    reference; raises :class:`ChargeNotFound`."""
    statement = select(LandCharge)
    try:
        statement = statement.where(LandCharge.id == UUID(key))
    except ValueError:
        numbers = (key, key.replace("-", "/"))
        statement = statement.where(
            or_(
                matching(LandCharge.charge_number, LandCharge.former_references, *numbers),
                LandCharge.legacy_reference == key,
            )
        ).order_by(
            *preferring(session, LandCharge.charge_number, LandCharge.origin_authority, *numbers)
        )
    charge = (await session.scalars(statement.limit(1))).first()
    if charge is None:
        raise ChargeNotFound(f"No charge on the register has the id or number {key}")
    return charge


async def history(session: AsyncSession, charge: LandCharge) -> Sequence[LandChargeEvent]:
    statement = (
        select(LandChargeEvent)
        .where(LandChargeEvent.charge_id == charge.id)
        .order_by(LandChargeEvent.recorded_at, LandChargeEvent.version)
    )
    return (await session.scalars(statement)).all()


def overlapping(statement: Select[Any], box: tuple[float, float, float, float]) -> Select[Any]:
    """Restrict to charges whose bounding box overlaps ``box`` (one GiST index probe)."""
    return statement.where(CHARGE_BOX.op("&&")(bounding_box(*box)))


def in_force_on(statement: Select[Any], day: dt.date) -> Select[Any]:
    """Charges registered by ``day``, not cancelled and not expired."""
    return statement.where(
        LandCharge.status == REGISTERED,
        LandCharge.registration_date <= day,
        or_(LandCharge.expiry_date.is_(None), LandCharge.expiry_date >= day),
    )


async def revealed_by(session: AsyncSession, area: geo.Checked, *, on: dt.date) -> list[LandCharge]:
    """The charges in force on ``on`` that a search of ``area`` reveals: a bounding-box
    prefilter in SQL, then the exact test (:func:`geometry.reveals`) on a prepared shape."""
    statement = overlapping(in_force_on(select(LandCharge), on), area.bbox)
    candidates = (await session.scalars(statement.order_by(LandCharge.charge_number))).all()
    shapely_area = area.shape
    shapely.prepare(shapely_area)
    return [
        charge
        for charge in candidates
        if charge.geometry is not None and geo.reveals(shapely_area, geo.as_shape(charge.geometry))
    ]


__all__ = [
    "CANCELLED",
    "REGISTERED",
    "ChargeNotFound",
    "cancel_charge",
    "get_charge",
    "history",
    "in_force_on",
    "overlapping",
    "register_charge",
    "revealed_by",
    "vary_charge",
]
