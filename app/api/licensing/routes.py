"""Every licensing route, in one list for the application factory."""

from __future__ import annotations

from typing import Any

from app.api.licensing import licence_routes, ten_routes


def licensing_routes() -> list[Any]:
    return [*licence_routes.ROUTES, *ten_routes.ROUTES]
