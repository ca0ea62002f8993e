"""Every planning route, in one list for the application factory."""

from __future__ import annotations

from typing import Any

from app.api.planning import (
    applications,
    casework_routes,
    geojson,
    lifecycle,
    outcomes,
    published,
    search,
)


def planning_routes() -> list[Any]:
    return [
        *applications.ROUTES,
        *search.ROUTES,
        *lifecycle.ROUTES,
        *outcomes.ROUTES,
        *published.ROUTES,
        geojson.applications_geojson,
        *casework_routes.ROUTES,
    ]
