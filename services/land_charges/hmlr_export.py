"""The register in HM Land Registry's migration format, each charge validated before it leaves.

HM Land Registry takes over a council's register from a bulk-load file: one object per charge,
named as HM Land Registry names them (``charge-type``, ``statutory-provision``,
``originating-authority``, ``charge-address`` or ``charge-geographic-description`` …), with the
extent as a GeoJSON FeatureCollection of Points, LineStrings and Polygons in British National
Grid. :data:`SCHEMA` (``schemas/hmlr_llc_charge.schema.json``) restates that specification;
every exported charge is validated against it, and a charge that fails (no mapped extent, an
address without a postcode …) is reported with JSON pointers into its HM Land Registry form
instead of being dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs

from services.land_charges import geometry as geo
from services.land_charges.charge_types import CHARGE_TYPES
from services.land_charges.models import LandCharge

SCHEMA_FILE = "hmlr_llc_charge.schema.json"
SCHEMA_VERSION = "9.0"
SUPPLIER = "Vesta"
_REQUIRED = re.compile(r'^"([^"]+)" is a required property')


@cache
def schema() -> dict[str, Any]:
    text = resources.files("services.land_charges").joinpath("schemas", SCHEMA_FILE).read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator() -> Any:
    return jsonschema_rs.Draft202012Validator(schema(), validate_formats=True)


@dataclass(frozen=True, slots=True)
class Rejected:
    charge: LandCharge
    errors: list[dict[str, str]]


@dataclass(slots=True)
class Export:
    charges: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)


def _address(charge: LandCharge) -> dict[str, Any]:
    postcode = (charge.postcode or "").strip().upper()
    lines = [p.strip() for p in (charge.address_line or "").split(",") if p.strip()]
    lines = [p for p in lines if p.upper() != postcode][:6]
    address: dict[str, Any] = {f"line-{i}": line for i, line in enumerate(lines, 1)}
    if postcode:
        address["postcode"] = postcode
    if charge.uprn:
        address["unique-property-reference-number"] = int(charge.uprn)
    return address


def _features(geojson: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": geo.BNG_URN}},
        "features": [
            {"type": "Feature", "geometry": part, "properties": {"id": index}}
            for index, part in enumerate(geo.parts(geojson), 1)
        ],
    }


def hmlr_item(charge: LandCharge, *, migrating_authority: str) -> dict[str, Any]:
    """The charge as HM Land Registry's bulk-load file holds it (unvalidated)."""
    kind = CHARGE_TYPES[charge.charge_type]
    optional = {
        "charge-sub-category": charge.sub_category,
        "instrument": charge.instrument,
        "charge-creation-date": charge.creation_date.isoformat() if charge.creation_date else None,
        "expiry-date": charge.expiry_date.isoformat() if charge.expiry_date else None,
        "further-information-reference": charge.further_information_reference,
        "supplementary-information": charge.description,
        "amount-originally-secured": (
            f"{charge.amount_originally_secured:.2f}"
            if charge.amount_originally_secured is not None
            else None
        ),
        "rate-of-interest": charge.rate_of_interest,
        "geometry": _features(charge.geometry) if charge.geometry else None,
        "charge-address": _address(charge) if charge.address_line else None,
        "charge-geographic-description": charge.geographic_description,
        "end-date": charge.cancelled_on.isoformat() if charge.cancelled_on else None,
        "cancellation-reason": charge.cancellation_reason,
    }
    item: dict[str, Any] = {
        "schema-version": SCHEMA_VERSION,
        "registration-date": charge.registration_date.isoformat(),
        "charge-type": kind.hmlr_type,
        "statutory-provision": charge.statutory_provision,
        "originating-authority": charge.originating_authority,
        "further-information-location": charge.further_information_location,
        "originating-authority-charge-identifier": charge.charge_number,
        "migration-supplier": SUPPLIER,
        "migrating-authority": migrating_authority,
        "old-register-part": kind.register_part,
    }
    item.update({k: v for k, v in optional.items() if v is not None})
    return item


def problems(item: dict[str, Any]) -> list[dict[str, str]]:
    """Why ``item`` is not valid HM Land Registry data: pointers into it, with details."""
    found = []
    for error in _validator().iter_errors(item):
        path = "".join(f"/{part}" for part in error.instance_path)
        missing = _REQUIRED.match(error.message)
        if missing:
            path += f"/{missing.group(1)}"
        detail = error.message[:300]
        if path == "/geometry" and missing:
            detail = "the charge has no mapped extent: map it before migration"
        found.append({"pointer": path, "detail": detail})
    return found


def export_register(charges: Sequence[LandCharge], *, migrating_authority: str) -> Export:
    """Every charge as HM Land Registry data, split into the valid and the rejected."""
    result = Export()
    for charge in charges:
        item = hmlr_item(charge, migrating_authority=migrating_authority)
        errors = problems(item)
        if errors:
            result.rejected.append(Rejected(charge, errors))
        else:
            result.charges.append(item)
    return result


__all__ = ["Export", "Rejected", "export_register", "hmlr_item", "problems", "schema"]
