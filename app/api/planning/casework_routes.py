"""The routes of a planning application's sub-resources (consultations, comments, conditions,
obligations and documents) in one list, for :mod:`app.api.planning.routes`."""

from __future__ import annotations

from typing import Any

from app.api.planning import comments, conditions, consultations, documents, obligations

ROUTES: list[Any] = [
    *consultations.ROUTES,
    *comments.ROUTES,
    *conditions.ROUTES,
    *obligations.ROUTES,
    *documents.ROUTES,
]
__all__ = ["ROUTES"]
