"""Request recipes for the temporary event notice routes, merged into ``TENANT_RECIPES``."""

from __future__ import annotations

from authz_support import Recipe

TEN_RECIPES: dict[str, Recipe] = {}
