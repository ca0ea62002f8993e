"""Licence applications and the licence register (premises, club, personal, taxi and private
hire)."""

from __future__ import annotations

from typing import Any

ROUTES: list[Any] = []
