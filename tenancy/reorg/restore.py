"""Undoing a merge's reference prefix when a split or transfer moves a record on.

A merge gives a colliding reference its source's prefix and appends the original to the
record's former references (``ASH-26/00001/HOUSE``, formerly ``26/00001/HOUSE``). A later split
or transfer puts the original back — the reference becomes the last former reference, the URL
key is shortened by the same prefix, and the prefixed form takes the original's place among the
former references (so both still resolve) — when that is unambiguous: the reference is exactly
an upper-case prefix (1 to 10 letters or digits), a dash and the last former reference, and no
other row the same transfer takes (nor, for a target that held data of its own, any row of the
target) holds that reference, now or formerly. Otherwise the prefixed reference is
kept. A table with no ``former_references`` column cannot be restored.
"""

from __future__ import annotations

from tenancy.reorg.sqlgen import Leg, held_by_target, q
from tenancy.reorg.tables import FORMER_COLUMN, TableSpec

PREFIX_PATTERN = "^[A-Z0-9]+$"  # and at most 10 long (no braces: the SQL is .format()ted)


def _last(alias: str) -> str:
    """SQL: the row's most recent former reference."""
    former = f"{alias}.{q(FORMER_COLUMN)}"
    return f"{former}[cardinality({former})]"


def restorable(spec: TableSpec, leg: Leg) -> str | None:
    """SQL true when the source row ``s`` gets its pre-merge reference back (None: never)."""
    if not (spec.references and spec.has_former and leg.restores):
        return None
    from tenancy.reorg.filters import row_filter

    ref, last = q(spec.references[0]), _last("s")
    shape = (
        f"cardinality(s.{q(FORMER_COLUMN)}) > 0 AND length(s.{ref}) > length({last}) + 1 "
        f"AND right(s.{ref}, length({last}) + 1) = '-' || {last} "
        f"AND length(s.{ref}) - length({last}) - 1 <= 10 "
        f"AND left(s.{ref}, length(s.{ref}) - length({last}) - 1) ~ '{PREFIX_PATTERN}'"
    )
    taken = row_filter(spec, leg, "x")
    clash = (
        f"NOT EXISTS (SELECT 1 FROM {{src}}.{q(spec.name)} x WHERE x.id <> s.id "
        f"AND (x.{ref} = {last} OR x.{q(FORMER_COLUMN)} @> ARRAY[{last}]) AND {taken})"
    )
    parts = [shape, clash]
    if leg.existing_target:
        parts.append(f"NOT {held_by_target(spec, leg, last, spec.references[0])}")
    return "(" + " AND ".join(parts) + ")"


__all__ = ["restorable"]
