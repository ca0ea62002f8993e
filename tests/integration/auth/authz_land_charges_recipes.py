"""Request recipes for the land charges routes, merged into ``TENANT_RECIPES``."""

from __future__ import annotations

from authz_support import Recipe

LAND_CHARGES_RECIPES: dict[str, Recipe] = {}
