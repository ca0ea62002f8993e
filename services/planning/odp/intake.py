"""Map a validated ODP submission (either shape) onto the case core's fields.

Where each field comes from (schemas v0.7.7; both shapes keep these in the same places):

- type: ``data.application.type.value`` or ``applicationType`` -> :func:`types_map.case_type_for`;
  a parent code's prototype type is the child :func:`types_map.prototype_type_for` picks.
- ``submitted_at``: ``metadata.submittedAt`` (ISO 8601 with an offset), as UTC.
- ``fee_paid_at``: neither submission schema records when the fee was paid (``fee.reference``
  holds only the GOV.UK Pay reference and an open metadata dictionary), so it is ``None`` and
  the received date is the submission date, in Europe/London.
- ``fee_payable``: ``data.application.fee.payable`` in pounds; ``None`` when the fee is
  ``{"notApplicable": true}`` or the type carries no fee.
- ``description``: ``data.proposal.description``. Advert consent and hedgerow removal notices
  have none in the prototype schema; their description is the type's own (plus the applicant's
  stated reason for a hedgerow).
- site: ``data.property.address`` (an Ordnance Survey address with UPRN, USRN and postcode, or a
  proposed address with coordinates only), ``x``/``y`` as British National Grid easting and
  northing, ``data.property.ward``, and the red-line boundary ``data.proposal.boundary.site``
  (``data.property.boundary`` is the Land Registry title, the blue line, and is not used).
- parties: ``data.applicant`` (``name`` is ``{first, last, title?}``, ``company.name`` the
  organisation; an address ``{"sameAsSiteAddress": true}`` is the site's address) and
  ``data.applicant.agent``.
- files: ``files[]``: ``name`` (usually a URL), type codes (``{value, description}`` objects in
  ``application.json``, bare codes in the prototype) and ``description``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from services.planning.odp.convert import to_prototype
from services.planning.odp.types_map import case_type_for
from services.planning.odp.validation import ValidatedSubmission

LONDON = ZoneInfo("Europe/London")
_LEAP_SECOND = re.compile(r"(T\d\d:\d\d:)60")


@dataclass(frozen=True, slots=True)
class SiteIntake:
    address_line: str | None  # single line
    address: dict[str, Any]  # structured (line1/pao/street/town/postcode …) as given
    uprn: str | None
    usrn: str | None
    postcode: str | None
    ward_name: str | None  # ODP gives a ward name, sometimes none
    latitude: float | None
    longitude: float | None
    easting: float | None
    northing: float | None
    boundary: dict[str, Any] | None  # GeoJSON geometry (not Feature) of the red-line boundary


@dataclass(frozen=True, slots=True)
class PartyIntake:
    role: str  # "applicant" | "agent"
    name: str
    organisation: str | None
    email: str | None
    phone: str | None
    address: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class FileIntake:
    name: str  # as submitted (usually a URL)
    types: tuple[str, ...]  # ODP file type codes, plain strings
    description: str | None


@dataclass(frozen=True, slots=True)
class Intake:
    shape: str  # "application" | "prototypeApplication"
    odp_type: str  # ODP code as submitted
    prototype_type: str  # applicationType of `prototype` (differs for parent codes)
    case_type: str  # planning case type code (types_map)
    submitted_at: datetime  # metadata.submittedAt, tz-aware UTC
    fee_paid_at: datetime | None  # when the fee was paid, if the payload says
    received_date: date  # the later of submittedAt and the fee payment, in Europe/London
    description: str  # proposal description
    fee_payable: Decimal | None  # pounds
    site: SiteIntake
    parties: tuple[PartyIntake, ...]
    files: tuple[FileIntake, ...]
    payload: dict[str, Any]  # the original, untouched
    prototype: dict[str, Any]  # prototype-shape document (the original if already prototype)


def intake(submission: ValidatedSubmission) -> Intake:
    """The case core's view of a validated submission.

    An ``application.json`` payload is converted to its prototype document here, so this raises
    :class:`services.planning.odp.convert.ConversionError` when that cannot be done without
    data the payload lacks.
    """
    given = submission.payload
    payload: dict[str, Any] = given if isinstance(given, dict) else dict(given)
    prototype = payload if submission.shape == "prototypeApplication" else to_prototype(payload)
    data = _obj(payload.get("data"))
    submitted_at = parse_datetime(str(payload["metadata"]["submittedAt"]))
    fee_paid_at: datetime | None = None  # no payment date in either submission schema (v0.7.7)
    received = max(submitted_at, fee_paid_at or submitted_at)
    site = site_intake(_obj(data.get("property")), _obj(data.get("proposal")))
    return Intake(
        shape=submission.shape,
        odp_type=submission.application_type,
        prototype_type=str(prototype["applicationType"]),
        case_type=case_type_for(submission.application_type),
        submitted_at=submitted_at,
        fee_paid_at=fee_paid_at,
        received_date=received.astimezone(LONDON).date(),
        description=_description(_obj(data.get("proposal")), submission.description),
        fee_payable=_fee_payable(_obj(_obj(data.get("application")).get("fee"))),
        site=site,
        parties=_parties(_obj(data.get("applicant")), site.address),
        files=tuple(_file(f) for f in payload.get("files", ()) if isinstance(f, dict)),
        payload=payload,
        prototype=prototype,
    )


def parse_datetime(text: str) -> datetime:
    """An ODP ``DateTime`` (ISO 8601 with ``Z`` or an offset) as an aware UTC datetime.

    The schema's pattern also allows a lower-case ``t``/``z`` and a leap second (``:60``),
    which :meth:`datetime.fromisoformat` does not; a leap second is read as the next second.
    """
    text = text.upper()
    leap = _LEAP_SECOND.search(text)
    moment = datetime.fromisoformat(_LEAP_SECOND.sub(r"\g<1>59", text) if leap else text)
    if moment.tzinfo is None:  # the schema requires an offset; be safe if one is missing
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC) + (timedelta(seconds=1) if leap else timedelta())


def site_intake(prop: Mapping[str, Any], proposal: Mapping[str, Any]) -> SiteIntake:
    address = _obj(prop.get("address"))
    line = address.get("singleLine") or address.get("title")
    return SiteIntake(
        address_line=str(line) if line else None,
        address=dict(address),
        uprn=_text(address.get("uprn")),
        usrn=_text(address.get("usrn")),
        postcode=_text(address.get("postcode")),
        ward_name=_text(prop.get("ward")),
        latitude=_number(address.get("latitude")),
        longitude=_number(address.get("longitude")),
        easting=_number(address.get("x")),
        northing=_number(address.get("y")),
        boundary=geometry(_obj(proposal.get("boundary")).get("site")),
    )


def geometry(geojson: Any) -> dict[str, Any] | None:
    """The geometry of GeoJSON that may be a Geometry, a Feature or a FeatureCollection."""
    if not isinstance(geojson, dict):
        return None
    kind = geojson.get("type")
    if kind == "Feature":
        return geometry(geojson.get("geometry"))
    if kind == "FeatureCollection":
        parts = [g for g in map(geometry, geojson.get("features", ())) if g is not None]
        if len(parts) <= 1:
            return parts[0] if parts else None
        return {"type": "GeometryCollection", "geometries": parts}
    return dict(geojson) if kind else None


def _parties(applicant: Mapping[str, Any], site_address: dict[str, Any]) -> tuple[PartyIntake, ...]:
    parties = [_party("applicant", applicant, site_address)] if applicant else []
    agent = applicant.get("agent")
    if isinstance(agent, dict):
        parties.append(_party("agent", agent, site_address))
    return tuple(parties)


def _party(role: str, person: Mapping[str, Any], site_address: dict[str, Any]) -> PartyIntake:
    name = _obj(person.get("name"))
    organisation = _text(_obj(person.get("company")).get("name"))
    full = " ".join(str(name[k]).strip() for k in ("title", "first", "last") if name.get(k))
    address = _obj(person.get("address"))
    if address.get("sameAsSiteAddress") is True:
        given: dict[str, Any] | None = dict(site_address)
    else:
        given = {k: v for k, v in address.items() if k != "sameAsSiteAddress"} or None
    return PartyIntake(
        role=role,
        name=full or organisation or "",
        organisation=organisation,
        email=_text(person.get("email")),
        phone=_text(_obj(person.get("phone")).get("primary")),
        address=given,
    )


def _file(entry: Mapping[str, Any]) -> FileIntake:
    types = tuple(
        str(t.get("value")) if isinstance(t, dict) else str(t) for t in entry.get("type", ())
    )
    return FileIntake(str(entry.get("name", "")), types, _text(entry.get("description")))


def _description(proposal: Mapping[str, Any], type_description: str) -> str:
    text = _text(proposal.get("description"))
    if text:
        return text
    reason = _text(proposal.get("reason"))  # hedgerow removal notices
    return f"{type_description}: {reason}" if reason else type_description


def _fee_payable(fee: Mapping[str, Any]) -> Decimal | None:
    payable = fee.get("payable")
    if isinstance(payable, bool) or not isinstance(payable, int | float):
        return None
    return Decimal(str(payable))


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


__all__ = [
    "LONDON",
    "FileIntake",
    "Intake",
    "PartyIntake",
    "SiteIntake",
    "geometry",
    "intake",
    "parse_datetime",
]
