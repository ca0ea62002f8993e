"""Licence applications and the licence register (premises licences, club premises
certificates, personal licences): every such route, for the application factory."""

from __future__ import annotations

from typing import Any

from app.api.licensing import (
    licence_applications,
    licence_fees,
    licence_hearings,
    licence_register,
    licence_representations,
)

ROUTES: list[Any] = [
    *licence_applications.ROUTES,
    *licence_representations.ROUTES,
    *licence_hearings.ROUTES,
    *licence_register.ROUTES,
    *licence_fees.ROUTES,
]
