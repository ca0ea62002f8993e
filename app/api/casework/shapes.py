"""Wire shapes every case service shares (msgspec, camelCase): the request and response base
classes, the site, party and address shapes, and the small constrained types they use.

Planning, building control, licensing and land charges all describe a site and the people on a
case the same way, so they take these from here rather than each defining their own.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar
from uuid import UUID

import msgspec

from app.api.openapi_examples import example
from services.core.cases.models import Party, Site

Text = Annotated[str, msgspec.Meta(min_length=1, max_length=10_000)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
Uprn = Annotated[str, msgspec.Meta(pattern=r"^\d{1,12}$", examples=["100021234567"])]
GSS_CODE = r"^[EWSN]\d{8}$"
WardCode = Annotated[str, msgspec.Meta(pattern=GSS_CODE, examples=["E05011095"])]
ParishCode = Annotated[str, msgspec.Meta(pattern=GSS_CODE, examples=["E04012345"])]
Latitude = Annotated[float, msgspec.Meta(ge=49.0, le=61.0, examples=[51.4574])]
Longitude = Annotated[float, msgspec.Meta(ge=-9.0, le=2.5, examples=[-0.0745])]
RecordedBy = Annotated[
    str, example("user:0195f3c2-1b7e-7d4a-8c2f-3e9a6b1d5f70 <priya.shah@example.gov.uk>")
]
Address = Annotated[
    dict[str, Any], example({"line1": "12 Acacia Avenue", "town": "London", "postcode": "SE22 8HT"})
]
Boundary = Annotated[
    dict[str, Any],
    example(
        {
            "type": "Polygon",
            "coordinates": [
                [
                    [-0.0747, 51.4573],
                    [-0.0743, 51.4573],
                    [-0.0743, 51.4576],
                    [-0.0747, 51.4576],
                    [-0.0747, 51.4573],
                ]
            ],
        }
    ),
]


class Struct(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=True):
    """Request bodies refuse unknown fields, so a typo is an error, not silently ignored."""


class Patch(Struct):
    """A partial update: fields left out are ``msgspec.UNSET`` and change nothing; a field sent
    as ``null`` clears it. ``changes()`` is what was sent, by attribute name."""

    #: Fields that qualify the change (a reason …) rather than being changed themselves.
    qualifiers: ClassVar[tuple[str, ...]] = ()

    def changes(self) -> dict[str, Any]:
        return {
            name: getattr(self, name)
            for name in self.__struct_fields__
            if name not in self.qualifiers and getattr(self, name) is not msgspec.UNSET
        }


class Out(msgspec.Struct, rename="camel", kw_only=True, omit_defaults=False):
    """Response bodies."""


class SiteIn(Struct):
    address_line: Annotated[
        str, msgspec.Meta(min_length=1, max_length=500, examples=["12 Acacia Avenue, SE22 8HT"])
    ]
    address: Address = msgspec.field(default_factory=dict)
    uprn: Uprn | None = None
    usrn: Annotated[str, msgspec.Meta(pattern=r"^\d{1,12}$", examples=["21901234"])] | None = None
    postcode: Annotated[str, msgspec.Meta(max_length=10, examples=["SE22 8HT"])] | None = None
    ward_code: WardCode | None = None
    ward_name: Annotated[str, example("Dulwich Hill")] | None = None
    parish_code: ParishCode | None = None
    latitude: Latitude | None = None
    longitude: Longitude | None = None
    easting: Annotated[float, example(533800)] | None = None
    northing: Annotated[float, example(174700)] | None = None
    boundary: Boundary | None = None


class PartyIn(Struct):
    name: Annotated[Name, example("Ada Lovelace", "Acacia Architects Ltd")]
    organisation: Annotated[str, example("Acacia Architects Ltd")] | None = None
    email: (
        Annotated[str, msgspec.Meta(pattern=r"^[^@\s]+@[^@\s]+$", examples=["ada@example.com"])]
        | None
    ) = None
    phone: Annotated[str, example("020 7946 0000")] | None = None
    address: Address | None = None


class SiteOut(Out):
    address_line: Annotated[str, example("12 Acacia Avenue, SE22 8HT")] | None
    address: Address
    uprn: Annotated[str, example("100021234567")] | None
    usrn: Annotated[str, example("21901234")] | None
    postcode: Annotated[str, example("SE22 8HT")] | None
    ward_code: Annotated[str, example("E05011095")] | None
    ward_name: Annotated[str, example("Dulwich Hill")] | None
    parish_code: Annotated[str, example("E04012345")] | None
    latitude: Annotated[float, example(51.4574)] | None
    longitude: Annotated[float, example(-0.0745)] | None
    easting: Annotated[float, example(533800)] | None
    northing: Annotated[float, example(174700)] | None
    boundary: Boundary | None


class PartyOut(Out):
    id: Annotated[UUID, example("0195f3c2-7a41-7c1e-9b3d-5f2a8e6d4c11")]
    role: Annotated[str, example("applicant", "agent")]
    name: Annotated[str, example("Ada Lovelace")]
    organisation: Annotated[str, example("Acacia Architects Ltd")] | None
    email: Annotated[str, example("ada@example.com")] | None
    phone: Annotated[str, example("020 7946 0000")] | None
    address: Address | None


#: One line of a postal address.
Line = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]


class AddressIn(Struct):
    """A postal address under ODP's Address keys (``line1``, ``town`` and ``postcode`` are what
    the ODP export needs to list a consultee or a comment's author)."""

    line1: Annotated[Line, example("14 Acacia Avenue")]
    line2: Annotated[Line, example("East Dulwich")] | None = None
    town: Annotated[Line, example("London")] | None = None
    county: Annotated[Line, example("Greater London")] | None = None
    postcode: (
        Annotated[str, msgspec.Meta(min_length=5, max_length=10, examples=["SE22 8HT"])] | None
    ) = None
    country: Annotated[Line, example("United Kingdom")] | None = None


def address_dict(address: AddressIn | None) -> dict[str, Any] | None:
    """The address as stored: ODP keys, empty parts left out."""
    if address is None:
        return None
    return {k: v for k, v in msgspec.structs.asdict(address).items() if v is not None}


def site_fields(site: SiteIn) -> dict[str, Any]:
    """The site as the case core stores it (``NewCase.site``)."""
    return msgspec.structs.asdict(site)


def site_out(site: Site | None) -> SiteOut | None:
    if site is None:
        return None
    return SiteOut(
        address_line=site.address_line,
        address=site.address,
        uprn=site.uprn,
        usrn=site.usrn,
        postcode=site.postcode,
        ward_code=site.ward_code,
        ward_name=site.ward_name,
        parish_code=site.parish_code,
        latitude=site.latitude,
        longitude=site.longitude,
        easting=site.easting,
        northing=site.northing,
        boundary=site.boundary,
    )


def party_fields(party: PartyIn, role: str) -> dict[str, Any]:
    """A party as the case core stores it (``NewCase.parties``)."""
    return {"role": role, **msgspec.structs.asdict(party)}


def party_out(party: Party | None) -> PartyOut | None:
    if party is None:
        return None
    return PartyOut(
        id=party.id,
        role=party.role,
        name=party.name,
        organisation=party.organisation,
        email=party.email,
        phone=party.phone,
        address=party.address,
    )
