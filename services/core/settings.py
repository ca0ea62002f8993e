"""Council settings kept in each tenant's schema, with their defaults and validation.

Stored rows override the defaults; ``effective_settings`` merges them. Keys are camelCase on the
wire and in storage.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

REFERENCE_FORMAT = re.compile(r"^(?=.*N{3,})(?:YYYY|YY|N+|SUFFIX|SERVICE|[A-Z0-9/\-_. ])+$")


class CouncilSettings(msgspec.Struct, rename="camel", kw_only=True):
    """What a council can set for itself. Defaults apply until the council changes them."""

    reference_format: str = "YY/NNNNN/SUFFIX"
    weekend_receipt_next_working_day: bool = False
    public_contact_email: str | None = None
    public_contact_phone: str | None = None
    decision_notice_signatory: str | None = None
    register_url: str | None = None


class SettingsPatch(msgspec.Struct, rename="camel", kw_only=True, forbid_unknown_fields=True):
    """A partial update: only the fields present change."""

    reference_format: str | msgspec.UnsetType = msgspec.UNSET
    weekend_receipt_next_working_day: bool | msgspec.UnsetType = msgspec.UNSET
    public_contact_email: str | msgspec.UnsetType | None = msgspec.UNSET
    public_contact_phone: str | msgspec.UnsetType | None = msgspec.UNSET
    decision_notice_signatory: str | msgspec.UnsetType | None = msgspec.UNSET
    register_url: str | msgspec.UnsetType | None = msgspec.UNSET


DEFAULTS: dict[str, Any] = msgspec.to_builtins(CouncilSettings())


class SettingsError(ValueError):
    def __init__(self, key: str, detail: str) -> None:
        super().__init__(detail)
        self.key = key
        self.detail = detail


def changes_of(patch: SettingsPatch) -> dict[str, Any]:
    """The wire-named keys a patch sets, after validating each value."""
    changes = {k: v for k, v in msgspec.to_builtins(patch).items() if v is not msgspec.UNSET}
    reference_format = changes.get("referenceFormat")
    if reference_format is not None and not REFERENCE_FORMAT.fullmatch(reference_format):
        raise SettingsError(
            "referenceFormat",
            "A reference format combines YY or YYYY, a run of at least three N for the sequence "
            "number, SUFFIX (the case type) or SERVICE, and separators such as '/' or '-'",
        )
    email = changes.get("publicContactEmail")
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise SettingsError("publicContactEmail", f"{email!r} is not an email address")
    return changes


def effective_settings(stored: dict[str, Any]) -> CouncilSettings:
    return msgspec.convert({**DEFAULTS, **stored}, CouncilSettings)
