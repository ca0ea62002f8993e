"""Undoing a merge's reference prefix when a split or transfer moves a record on.

A merge gives a colliding reference its source's prefix and keeps the original as the legacy
reference (``ASH-26/00001/HOUSE``, legacy ``26/00001/HOUSE``). A later split or transfer puts
the original back — reference = legacy reference, legacy reference cleared, the URL key
shortened by the same prefix — when that is unambiguous: the reference is exactly an upper-case
prefix (1 to 10 letters or digits), a dash and the legacy reference, and no other row the same
transfer takes (nor, for a target that held data of its own, any row of the target) holds the
legacy reference as its reference or its legacy reference. Otherwise the prefixed reference is
kept (both still resolve). A table with no ``legacy_reference`` column cannot be restored.
"""

from __future__ import annotations

from tenancy.reorg.sqlgen import Leg, held_by_target, q
from tenancy.reorg.tables import LEGACY_COLUMN, TableSpec

PREFIX_PATTERN = "^[A-Z0-9]+$"  # and at most 10 long (no braces: the SQL is .format()ted)


def restorable(spec: TableSpec, leg: Leg) -> str | None:
    """SQL true when the source row ``s`` gets its pre-merge reference back (None: never)."""
    if not (spec.references and spec.has_legacy and leg.restores):
        return None
    from tenancy.reorg.filters import row_filter

    ref, legacy = q(spec.references[0]), q(LEGACY_COLUMN)
    shape = (
        f"s.{legacy} IS NOT NULL AND length(s.{ref}) > length(s.{legacy}) + 1 "
        f"AND right(s.{ref}, length(s.{legacy}) + 1) = '-' || s.{legacy} "
        f"AND length(s.{ref}) - length(s.{legacy}) - 1 <= 10 "
        f"AND left(s.{ref}, length(s.{ref}) - length(s.{legacy}) - 1) ~ '{PREFIX_PATTERN}'"
    )
    taken = row_filter(spec, leg, "x")
    clash = (
        f"NOT EXISTS (SELECT 1 FROM {{src}}.{q(spec.name)} x WHERE x.id <> s.id "
        f"AND (x.{ref} = s.{legacy} OR x.{legacy} = s.{legacy}) AND {taken})"
    )
    parts = [shape, clash]
    if leg.existing_target:
        parts.append(f"NOT {held_by_target(spec, leg, f's.{legacy}', spec.references[0])}")
    return "(" + " AND ".join(parts) + ")"


__all__ = ["restorable"]
