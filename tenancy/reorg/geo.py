"""Geometry for boundary splits: which new council's area holds a point or a shape.

Boundary features are GeoJSON in WGS84 (longitude, latitude), as GeoJSON (RFC 7946) requires.
Stored geometry may be WGS84 (a site's point, an API-drawn site boundary) or British National
Grid, EPSG:27700 (land charges, easting/northing, the demo sites' boundaries): a geometry whose
first coordinate lies outside ±180 is read as BNG and converted with pyproj. Point in polygon
and polygon overlap are shapely's, on real geometry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from shapely import Geometry, transform
from shapely.geometry import Point, shape
from shapely.prepared import PreparedGeometry, prep

BNG = "EPSG:27700"
WGS84 = "EPSG:4326"


@cache
def _from_bng() -> Any:
    from pyproj import Transformer

    return Transformer.from_crs(BNG, WGS84, always_xy=True)


def bng_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """(longitude, latitude) of a British National Grid point."""
    lon, lat = _from_bng().transform(easting, northing)
    return float(lon), float(lat)


def _bng_coordinates(points: np.ndarray) -> np.ndarray:
    lon, lat = _from_bng().transform(points[:, 0], points[:, 1])
    return np.column_stack([lon, lat])


def _first(coordinates: Any) -> tuple[float, float] | None:
    while isinstance(coordinates, list) and coordinates and isinstance(coordinates[0], list):
        coordinates = coordinates[0]
    if isinstance(coordinates, list) and len(coordinates) >= 2:
        return float(coordinates[0]), float(coordinates[1])
    return None


def geometry_of(geojson: Mapping[str, Any] | None) -> Geometry | None:
    """A GeoJSON geometry as a WGS84 shapely geometry (converted from BNG when it is BNG);
    None when absent or unreadable."""
    if not geojson or "type" not in geojson:
        return None
    try:
        geometry = shape(geojson)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError):
        return None
    first = _first(geojson.get("coordinates"))
    if first is not None and abs(first[0]) > 180:
        geometry = transform(geometry, _bng_coordinates)
    return geometry if geometry.is_valid or geometry.geom_type == "Point" else geometry.buffer(0)


@dataclass(frozen=True, slots=True)
class Areas:
    """The areas of a split: per transfer, the union of its features' polygons."""

    areas: tuple[tuple[Any, PreparedGeometry, Geometry], ...]

    @classmethod
    def of(cls, features: Mapping[Any, Iterable[Mapping[str, Any]]]) -> Areas:
        built = []
        for key, feats in features.items():
            shapes = [g for f in feats if (g := geometry_of(f.get("geometry"))) is not None]
            if not shapes:
                continue
            union = shapes[0]
            for extra in shapes[1:]:
                union = union.union(extra)
            built.append((key, prep(union), union))
        return cls(tuple(built))

    def holding_point(self, lon: float, lat: float) -> list[Any]:
        point = Point(lon, lat)
        return [key for key, prepared, _ in self.areas if prepared.covers(point)]

    def overlapping(self, geometry: Geometry) -> list[Any]:
        """The areas a shape overlaps with some area (touching a border does not count)."""
        if geometry.geom_type == "Point":
            return self.holding_point(geometry.x, geometry.y)
        return [
            key
            for key, prepared, whole in self.areas
            if prepared.intersects(geometry) and whole.intersection(geometry).area > 0
        ]


__all__ = ["Areas", "bng_to_wgs84", "geometry_of"]
