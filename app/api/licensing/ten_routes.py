"""Temporary event notices and taxi and private hire licensing: every route, in one list."""

from __future__ import annotations

from typing import Any

from app.api.licensing import taxi_routes, ten_casework, ten_notices

ROUTES: list[Any] = [*ten_notices.ROUTES, *ten_casework.ROUTES, *taxi_routes.ROUTES]
