"""Validated identifiers: tenant slugs, tenant schema names, GSS codes.

Schema names are generated, never derived from user input, and are checked against one strict
pattern before they are ever placed in SQL. Slugs are the public, renameable handle in URLs.
"""

from __future__ import annotations

import re
import secrets

SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = 63
SCHEMA_PATTERN = re.compile(r"^t_[0-9a-f]{12}$")
TEMPLATE_SCHEMA = "tenant_template"
GSS_PATTERN = re.compile(r"^[EWSN]\d{8}$")

# Path segments that sit beside /api/v1/{tenant}/ and so can never be tenant slugs.
RESERVED_SLUGS = frozenset(
    {
        "platform",
        "api",
        "admin",
        "health",
        "schema",
        "static",
        "auth",
        "oauth",
        "login",
        "logout",
        "me",
        "cases",
        "services",
        "tenants",
        "template",
        "tenant",
        "public",
        "pg",
        "system",
    }
)


class InvalidIdentifier(ValueError):
    """A slug, schema name or code that does not match its pattern."""


def is_valid_slug(slug: str) -> bool:
    return (
        len(slug) <= SLUG_MAX_LENGTH
        and bool(SLUG_PATTERN.fullmatch(slug))
        and slug not in RESERVED_SLUGS
    )


def check_slug(slug: str) -> str:
    if not is_valid_slug(slug):
        raise InvalidIdentifier(
            f"{slug!r} is not a valid tenant slug: use lower-case letters, digits and single "
            f"hyphens, starting with a letter, at most {SLUG_MAX_LENGTH} characters, and not a "
            "reserved word"
        )
    return slug


def new_schema_name() -> str:
    return f"t_{secrets.token_hex(6)}"


def check_schema_name(name: str) -> str:
    """Return ``name`` if it is a tenant schema name (or the template); raise otherwise."""
    if name != TEMPLATE_SCHEMA and not SCHEMA_PATTERN.fullmatch(name):
        raise InvalidIdentifier(f"{name!r} is not a tenant schema name")
    return name


def quote_schema(name: str) -> str:
    """The schema name as a quoted SQL identifier, after validation."""
    return f'"{check_schema_name(name)}"'


def check_gss_code(code: str) -> str:
    if not GSS_PATTERN.fullmatch(code):
        raise InvalidIdentifier(
            f"{code!r} is not a GSS code: a letter E, W, S or N followed by eight digits"
        )
    return code
