"""Charge and search-area geometry: GeoJSON in British National Grid, checked and intersected.

**Storage CRS: British National Grid (EPSG:27700), coordinates in metres** — the CRS of
HM Land Registry's local land charges register and of councils' GIS, so nothing is reprojected
on the way in or out. A geometry may declare its CRS (GeoJSON 2008 ``crs`` member, e.g.
``urn:ogc:def:crs:EPSG::27700``); any other declared CRS is refused, and so is a geometry
whose every coordinate looks like WGS84 longitude/latitude (``[-1.1, 51.2]``), with a pointer.

Accepted types: Point, MultiPoint, LineString, MultiLineString, Polygon, MultiPolygon. Shapely
checks validity (closed rings, no self-intersection); :func:`reveals` decides what a search
area reveals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

BNG_NAMES = frozenset(
    {"urn:ogc:def:crs:EPSG::27700", "EPSG:27700", "epsg:27700", "urn:ogc:def:crs:EPSG:27700"}
)
BNG_URN = "urn:ogc:def:crs:EPSG::27700"
TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
#: Great Britain and its waters in BNG metres (the grid's false origin is south-west of Scilly).
_EXTENT = (0.0, 0.0, 800_000.0, 1_300_000.0)


class GeometryError(ValueError):
    """The geometry is not usable; ``pointer`` is relative to the geometry object."""

    def __init__(self, pointer: str, detail: str) -> None:
        super().__init__(detail)
        self.pointer = pointer
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Checked:
    """A valid geometry: its GeoJSON (without ``crs``), its shapely shape and bounding box."""

    geojson: dict[str, Any]
    shape: BaseGeometry

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        min_x, min_y, max_x, max_y = self.shape.bounds
        return float(min_x), float(min_y), float(max_x), float(max_y)


def _crs(value: Any) -> None:
    if value is None:
        return
    name = value.get("properties", {}).get("name") if isinstance(value, dict) else None
    if name not in BNG_NAMES:
        raise GeometryError(
            "/crs",
            f"only British National Grid ({BNG_URN}) is accepted; convert the geometry first",
        )


def _positions(coordinates: Any) -> list[tuple[float, float]]:
    if (
        isinstance(coordinates, list | tuple)
        and coordinates
        and not isinstance(coordinates[0], list | tuple)
    ):
        return [(float(coordinates[0]), float(coordinates[1]))]
    return [p for part in coordinates or () for p in _positions(part)]


def check(value: Any) -> Checked:
    """``value`` as a valid BNG geometry; raises :class:`GeometryError` with a pointer."""
    if not isinstance(value, dict):
        raise GeometryError("", "a GeoJSON geometry object is required")
    kind = value.get("type")
    if kind not in TYPES:
        raise GeometryError("/type", f"expected one of {', '.join(TYPES)}, not {kind!r}")
    _crs(value.get("crs"))
    try:
        geometry = shape({"type": kind, "coordinates": value.get("coordinates")})
        points = _positions(value.get("coordinates"))
    except (TypeError, ValueError, IndexError, AttributeError, shapely.errors.ShapelyError) as exc:
        raise GeometryError("/coordinates", f"not valid {kind} coordinates: {exc}") from None
    if geometry.is_empty or not points:
        raise GeometryError("/coordinates", "the geometry has no coordinates")
    if all(abs(x) <= 180 and abs(y) <= 90 for x, y in points):
        raise GeometryError(
            "/coordinates",
            "these look like WGS84 longitude/latitude; send British National Grid eastings "
            "and northings in metres (EPSG:27700)",
        )
    low_x, low_y, high_x, high_y = _EXTENT
    if any(not (low_x <= x <= high_x and low_y <= y <= high_y) for x, y in points):
        raise GeometryError("/coordinates", "coordinates fall outside British National Grid")
    if not geometry.is_valid:
        raise GeometryError("/coordinates", f"invalid {kind}: {explain_validity(geometry)}")
    return Checked(
        {"type": kind, "coordinates": _lists(mapping(geometry)["coordinates"])}, geometry
    )


def _lists(coordinates: Any) -> Any:
    """Shapely's nested tuples as the nested lists JSON (and the stored JSONB) holds."""
    if isinstance(coordinates, list | tuple):
        return [_lists(c) for c in coordinates]
    return float(coordinates)


def as_shape(geojson: dict[str, Any]) -> BaseGeometry:
    return shape(geojson)


def is_areal(geometry: BaseGeometry) -> bool:
    return geometry.geom_type in ("Polygon", "MultiPolygon")


def reveals(area: BaseGeometry, charge: BaseGeometry) -> bool:
    """Whether a search of ``area`` reveals a charge on ``charge``.

    Any contact counts for a point or line charge (a protected tree or a pipeline on the
    boundary affects the land on both sides). An areal charge whose land only shares a boundary
    with the search area, without overlapping it, is not revealed: neighbouring parcels share
    edges everywhere, and such a charge does not affect the land searched.
    """
    if not area.intersects(charge):
        return False
    if is_areal(area) and is_areal(charge):
        return not area.touches(charge)
    return True


def parts(geojson: dict[str, Any]) -> list[dict[str, Any]]:
    """The geometry split into single Points, LineStrings and Polygons (HM Land Registry's
    feature collections hold only those)."""
    kind = geojson["type"]
    if kind.startswith("Multi"):
        single = kind.removeprefix("Multi")
        return [{"type": single, "coordinates": c} for c in geojson["coordinates"]]
    return [geojson]


__all__ = [
    "BNG_URN",
    "Checked",
    "GeometryError",
    "as_shape",
    "check",
    "is_areal",
    "parts",
    "reveals",
]
