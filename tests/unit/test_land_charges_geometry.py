"""Charge geometry: what a search area reveals (inside, overlapping, touching, disjoint,
multipart), and the checks on incoming GeoJSON (British National Grid only)."""

from __future__ import annotations

from typing import Any

import pytest

from services.land_charges import geometry as geo

X, Y = 453_000.0, 141_000.0


def square(x: float, y: float, size: float) -> dict[str, Any]:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


AREA = geo.check(square(X, Y, 100)).shape


@pytest.mark.parametrize(
    ("charge", "revealed"),
    [
        (square(X + 10, Y + 10, 10), True),
        (square(X + 90, Y + 90, 50), True),
        (square(X - 50, Y - 50, 300), True),
        (square(X + 100, Y, 50), False),
        (square(X + 100, Y + 100, 10), False),
        (square(X + 200, Y + 200, 10), False),
        ({"type": "Point", "coordinates": [X + 100, Y + 50]}, True),
        ({"type": "Point", "coordinates": [X + 101, Y + 50]}, False),
        ({"type": "LineString", "coordinates": [[X + 100, Y - 10], [X + 100, Y + 10]]}, True),
        ({"type": "LineString", "coordinates": [[X - 50, Y + 60], [X + 40, Y + 150]]}, False),
        (
            {
                "type": "MultiPolygon",
                "coordinates": [
                    square(X + 400, Y, 10)["coordinates"],
                    square(X + 50, Y + 50, 5)["coordinates"],
                ],
            },
            True,
        ),
    ],
    ids=[
        "inside",
        "overlapping",
        "containing",
        "sharing-an-edge",
        "touching-a-corner",
        "disjoint",
        "point-on-the-boundary",
        "point-outside",
        "line-touching",
        "line-missing-inside-its-bbox",
        "multipolygon-one-part-inside",
    ],
)
def test_what_a_search_area_reveals(charge: dict[str, Any], revealed: bool) -> None:
    assert geo.reveals(AREA, geo.check(charge).shape) is revealed


@pytest.mark.parametrize(
    ("value", "pointer"),
    [
        ({"type": "Circle"}, "/type"),
        (square(-1.1, 51.2, 0.01), "/coordinates"),
        (square(900_000, 141_000, 10), "/coordinates"),
        ({"type": "Polygon", "coordinates": [[[X, Y], [X + 1, Y]]]}, "/coordinates"),
        (
            {
                "type": "Polygon",
                "coordinates": [[[X, Y], [X + 9, Y + 9], [X + 9, Y], [X, Y + 9], [X, Y]]],
            },
            "/coordinates",
        ),
        ({**square(X, Y, 5), "crs": {"type": "name", "properties": {"name": "EPSG:4326"}}}, "/crs"),
    ],
    ids=["type", "wgs84", "off-grid", "too-few-points", "bow-tie", "declared-wgs84"],
)
def test_unusable_geometry_is_refused_with_a_pointer(value: Any, pointer: str) -> None:
    with pytest.raises(geo.GeometryError) as refused:
        geo.check(value)
    assert refused.value.pointer == pointer


def test_bng_declared_is_accepted_and_stored_without_the_crs() -> None:
    named = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}}
    checked = geo.check({**square(X, Y, 10), "crs": named})
    assert checked.geojson == square(X, Y, 10)
    assert checked.bbox == (X, Y, X + 10, Y + 10)


def test_multipart_geometry_splits_into_single_parts() -> None:
    multi = {"type": "MultiPoint", "coordinates": [[X, Y], [X + 1, Y + 1]]}
    assert geo.parts(multi) == [
        {"type": "Point", "coordinates": [X, Y]},
        {"type": "Point", "coordinates": [X + 1, Y + 1]},
    ]
