"""Request recipes for the licensing licence routes, merged into ``TENANT_RECIPES``."""

from __future__ import annotations

from authz_support import Recipe

LICENSING_RECIPES: dict[str, Recipe] = {}
