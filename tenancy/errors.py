"""Errors raised by the tenancy layer; the HTTP layer turns each into problem+json."""

from __future__ import annotations


class TenancyError(Exception):
    """Base class. ``pointer`` names the offending input field, when there is one."""

    status_code = 400
    title = "Bad request"

    def __init__(self, detail: str, *, pointer: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.pointer = pointer


class TenantNotFound(TenancyError):
    status_code = 404
    title = "Tenant not found"


class InvalidTenantInput(TenancyError):
    status_code = 422
    title = "Invalid tenant data"


class TenantConflict(TenancyError):
    status_code = 409
    title = "Conflict"


class TenantNotActive(TenancyError):
    """The tenant exists but is not open for this kind of request (provisioning, read-only …)."""

    status_code = 423
    title = "Tenant not available"
