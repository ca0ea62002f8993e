"""Every land charges route, in one list for the application factory."""

from __future__ import annotations

from typing import Any

from app.api.land_charges import certificates, charges, register_routes, searches


def land_charges_routes() -> list[Any]:
    return [*charges.ROUTES, *register_routes.ROUTES, *searches.ROUTES, *certificates.ROUTES]
