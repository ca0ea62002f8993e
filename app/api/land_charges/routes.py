"""Every land charges route, in one list for the application factory."""

from __future__ import annotations

from typing import Any


def land_charges_routes() -> list[Any]:
    return []
