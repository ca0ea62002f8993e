"""The guarantee: merge three seeded councils, split the successor back along the old ward
boundaries, and each reconstructed council holds exactly the original's data by checksum —
ids, contents and references (a reference prefixed at the merge is restored from its legacy
reference). What a merge-and-split cannot give back is asserted exactly:

* ``origin_authority``: empty in the original, the original council's GSS code afterwards;
* ``legacy_reference`` of a record that already had one and whose reference collided at the
  merge: the merge replaced it with the colliding reference, so after the split it is empty;
* ``bc_certificates.number``: the table has no legacy reference, so a number prefixed at the
  merge keeps its prefix;
* configuration merged by "first source wins" (``bc_charges``): every successor of the split
  gets the merged council's, i.e. the first original's; counters: the highest of all three.

Records the ward mapping cannot place (sites without a ward, cases without a site, council-level
history) block the split until allocated: the dry run lists them and the run refuses (409) until
the operator's allocation CSV places them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from conftest import unique_gss
from reorg_support import fingerprints, plan, seeded_councils, target_of, tenant_row

NOT_RESTORED = {"origin_authority"}


@pytest.fixture(scope="module")
def councils() -> list[Any]:
    return seeded_councils("rtp")


def _table_hash(schema: str, spec: Any, leave_out: set[str]) -> tuple[int, str]:
    from tenancy.db import sync_engine
    from tenancy.reorg.sqlgen import q, row_hash
    from tenancy.sql import schema_sql

    kept = [c for c in spec.columns if c not in leave_out]
    with sync_engine().connect() as connection:
        count, digest = connection.execute(
            schema_sql(
                f"SELECT count(*), CAST({row_hash(kept, 's')} AS text) FROM {{s}}.{q(spec.name)} s",
                s=schema,
            )
        ).one()
    return int(count), str(digest)


def _scalar_rows(schema: str, sql: str) -> list[Any]:
    from tenancy.db import sync_engine
    from tenancy.sql import schema_sql

    with sync_engine().connect() as connection:
        return list(connection.execute(schema_sql(sql, s=schema)))


def _ward_csv(councils: list[Any], slugs: dict[str, str]) -> str:
    lines = ["code,target_slug"]
    for council in councils:
        for (ward,) in _scalar_rows(
            council.schema_name,
            "SELECT DISTINCT ward_code FROM {s}.sites WHERE ward_code IS NOT NULL ORDER BY 1",
        ):
            lines.append(f"{ward},{slugs[council.slug]}")
    return "\n".join(lines)


def _home(councils: list[Any], table: str, record: str) -> str:
    for council in councils:
        if _scalar_rows(
            council.schema_name,
            f"SELECT 1 FROM {{s}}.{table} WHERE CAST(id AS text) = '{uuid.UUID(record)}'",
        ):
            return council.slug
    raise AssertionError(f"{table} {record} is in no original council")


def _legacy_lost_only_where_merge_overwrote(again: Any, council: Any, table: str) -> None:
    """The one loss: a record that had a legacy reference *and* whose reference collided at the
    merge had its legacy reference replaced by the colliding one (so that resolves); the split
    restores the reference and clears the legacy reference. Everywhere else it round-trips."""
    sql = f"SELECT id, legacy_reference FROM {{s}}.{table}"
    now = dict(_scalar_rows(again.schema_name, sql))
    for record, legacy in _scalar_rows(council.schema_name, sql):
        assert now[record] == legacy or now[record] is None, (table, record, legacy)


def test_merge_then_split_reconstructs_each_council(councils: list[Any]) -> None:
    from tenancy.reorg import engine, lifecycle, verify
    from tenancy.reorg.dryrun import dry_run
    from tenancy.reorg.errors import ReorganisationConflict
    from tenancy.reorg.plan_split import NewTarget, allocate, plan_split, ward_mapping
    from tenancy.reorg.tables import tenant_tables

    before = fingerprints(*councils)
    merge = plan(councils, "rtp")
    engine.run(merge.id, actor="test")
    assert verify.verify(merge.id, actor="test")["ok"]
    lifecycle.cut_over(merge.id, actor="test")
    successor = target_of(merge.id)

    slugs = {c.slug: f"again-{c.slug}" for c in councils}
    split = plan_split(
        name=f"unmerge {uuid.uuid4().hex[:6]}",
        vesting_date=dt.date(2028, 4, 1),
        source=successor.slug,
        by_wards=ward_mapping(_ward_csv(councils, slugs)),
        create=[NewTarget(s, f"Again {s}", unique_gss()) for s in slugs.values()],
        actor="test",
    )
    report = dry_run(split.id)
    loose = {u["table"]: u for u in report["unclaimed"]}
    assert report["blocking"] and loose["cases"]["count"] > 0, report["unclaimed"]
    cased = {r["target"]: r["tables"]["cases"] for r in report["rows"]}
    assert sorted(cased) == sorted(slugs.values()) and all(cased.values())
    with pytest.raises(ReorganisationConflict, match="no transfer claims"):
        engine.run(split.id, actor="test")
    assert tenant_row(successor.slug).status == "active"  # refused before freezing

    while loose:  # the operator allocates what the dry run lists, table by table
        places = {
            record: slugs[_home(councils, table, record)]
            for table, entry in loose.items()
            for record in entry["ids"]
        }
        allocate(split.id, places, actor="test")
        loose = {u["table"]: u for u in dry_run(split.id)["unclaimed"]}
    assert dry_run(split.id)["blocking"] == []

    engine.run(split.id, actor="test")
    checked = verify.verify(split.id, actor="test")
    assert checked["ok"], checked["mismatches"] or checked["sources"]
    assert set(checked["targets"]) == set(slugs.values())
    lifecycle.cut_over(split.id, actor="test")
    assert tenant_row(successor.slug).status == "retired"

    first = councils[0]
    for council in councils:
        again = tenant_row(slugs[council.slug])
        assert again.status == "active"
        for spec in tenant_tables():
            if spec.name in ("bc_charges", "reference_counters"):
                continue
            leave_out = NOT_RESTORED | ({"number"} if spec.name == "bc_certificates" else set())
            if spec.has_legacy:
                leave_out = leave_out | {"legacy_reference"}
                _legacy_lost_only_where_merge_overwrote(again, council, spec.name)
            assert _table_hash(again.schema_name, spec, leave_out) == _table_hash(
                council.schema_name, spec, leave_out
            ), spec.name
        origins = _scalar_rows(again.schema_name, "SELECT DISTINCT origin_authority FROM {s}.cases")
        assert origins == [(council.gss_code,)]
        numbers = dict(
            _scalar_rows(again.schema_name, "SELECT id, number FROM {s}.bc_certificates")
        )
        for record, number in _scalar_rows(
            council.schema_name, "SELECT id, number FROM {s}.bc_certificates"
        ):
            assert numbers[record].endswith("-" + number)
        for table in ("bc_charges",):
            spec = next(s for s in tenant_tables() if s.name == table)
            assert _table_hash(again.schema_name, spec, set()) == _table_hash(
                first.schema_name, spec, set()
            )
        counters = {
            (s, y): n
            for s, y, n in _scalar_rows(
                again.schema_name, "SELECT service, year, last_number FROM {s}.reference_counters"
            )
        }
        for s, y, n in _scalar_rows(
            council.schema_name, "SELECT service, year, last_number FROM {s}.reference_counters"
        ):
            assert counters[(s, y)] >= n
    assert fingerprints(*councils) == before
