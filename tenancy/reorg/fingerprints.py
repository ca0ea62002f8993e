"""Fingerprints of a tenant schema: per table, the row count and a checksum of every column.

Taken of every source when a run freezes it and again by verification, so any change to a
source during a reorganisation is caught; tests compare them before and after a whole run.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from tenancy.reorg.sqlgen import fingerprint
from tenancy.reorg.tables import TableSpec


def schema_fingerprint(
    connection: Connection, schema: str, specs: Sequence[TableSpec]
) -> dict[str, list[object]]:
    """``{table: [rows, checksum]}`` for every table of ``schema``."""
    result: dict[str, list[object]] = {}
    for spec in specs:
        count, checksum = connection.execute(fingerprint(spec, schema)).one()
        result[spec.name] = [int(count), str(checksum)]
    return result
