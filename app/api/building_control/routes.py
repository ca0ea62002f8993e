"""Every building control route, in one list for the application factory."""

from __future__ import annotations

from typing import Any


def building_control_routes() -> list[Any]:
    return []
