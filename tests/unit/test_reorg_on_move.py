"""A table's ``on_move`` info: the columns a reorganisation sets on every row it copies,
whatever the source held — read from the metadata, so a service declares it with no engine
change, and rendered as safe SQL literals (quotes, colons and braces in the values)."""

from __future__ import annotations

import uuid

from sqlalchemy import Boolean, Column, MetaData, String, Table, Uuid

from tenancy.reorg.sqlgen import Leg, projection
from tenancy.reorg.tables import describe
from tenancy.sql import schema_sql

REASON = "Moved: confirm it with {the} council's team"


def _table() -> Table:
    return Table(
        "hooks",
        MetaData(),
        Column("id", Uuid(), primary_key=True),
        Column("url", String(200)),
        Column("active", Boolean()),
        Column("paused_reason", String(200)),
        info={"on_move": {"active": False, "paused_reason": REASON}},
    )


def test_the_columns_a_move_sets_are_rewritten_columns() -> None:
    spec = describe(_table())
    assert spec.strategy == "rows"
    assert spec.rewritten == {"active", "paused_reason"}
    assert spec.kept == ("id", "url")


def test_they_arrive_as_literals_whatever_the_source_held() -> None:
    spec = describe(_table())
    leg = Leg(uuid.uuid4(), 0, "a", "t_aaaaaaaaaaaa", "E07000001", "A", "t_bbbbbbbbbbbb", (), ())
    exprs = dict(zip(spec.columns, projection(spec, leg), strict=True))
    assert exprs["url"] == 's."url"'
    sql = str(schema_sql(f"SELECT {exprs['active']}, {exprs['paused_reason']}"))
    assert sql == "SELECT false, 'Moved: confirm it with {the} council''s team'"
    assert not schema_sql(f"SELECT {exprs['paused_reason']}").compile().params
