"""Every building control route, in one list for the application factory."""

from __future__ import annotations

from typing import Any

from app.api.building_control import (
    applications,
    charging,
    decision_notices,
    decisions,
    inspections,
    notices,
)


def building_control_routes() -> list[Any]:
    return [
        *applications.ROUTES,
        *decisions.ROUTES,
        *decision_notices.ROUTES,
        *inspections.ROUTES,
        *notices.ROUTES,
        *charging.ROUTES,
    ]
