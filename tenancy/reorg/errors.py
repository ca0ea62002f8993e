"""Errors of the reorganisation engine; the HTTP layer turns each into problem+json."""

from __future__ import annotations

from tenancy.errors import TenancyError


class ReorganisationNotFound(TenancyError):
    status_code = 404
    title = "Reorganisation not found"


class ReorganisationConflict(TenancyError):
    """The step is not allowed in the reorganisation's current state (or a run is going on)."""

    status_code = 409
    title = "Not allowed in the current state"


class InvalidPlan(TenancyError):
    status_code = 422
    title = "Invalid reorganisation plan"


class TenantMoved(TenancyError):
    """A retired council's slug: its successor answers instead (308 to the same path there)."""

    status_code = 308
    title = "Council reorganised"

    def __init__(self, slug: str, successor_slug: str) -> None:
        super().__init__(f"Council {slug!r} has been succeeded by {successor_slug!r}")
        self.slug = slug
        self.successor_slug = successor_slug
