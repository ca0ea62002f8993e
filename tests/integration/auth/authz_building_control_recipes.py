"""Request recipes for the building control routes, merged into ``TENANT_RECIPES``."""

from __future__ import annotations

from authz_support import Recipe

BUILDING_CONTROL_RECIPES: dict[str, Recipe] = {}
