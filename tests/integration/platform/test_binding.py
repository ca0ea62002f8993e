"""Tenant-bound sessions: statements land in the bound schema, raw SQL cannot reach another
tenant, and nothing tenant-specific outlives the transaction on a pooled connection."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import ProgrammingError

from services.core.models import Setting
from services.core.store import update_settings
from tenancy.binding import platform_session, tenant_session, tenant_session_sync
from tenancy.db import async_engine


async def test_orm_statements_use_the_bound_schema(make_tenant: Any) -> None:
    a, b = make_tenant(), make_tenant()
    async with tenant_session(a.schema_name) as session:
        await update_settings(session, {"registerUrl": "https://a.example"}, actor="t")
    async with tenant_session(b.schema_name) as session:
        assert (await session.scalars(select(Setting))).all() == []
    async with tenant_session(a.schema_name) as session:
        values = (await session.scalars(select(Setting.value))).all()
        assert values == ["https://a.example"]


async def test_raw_sql_sees_only_the_bound_schema(make_tenant: Any) -> None:
    a = make_tenant()
    async with tenant_session(a.schema_name) as session:
        path = (await session.execute(text("SHOW search_path"))).scalar_one()
        assert path == f"{a.schema_name}, pg_catalog"
        await session.execute(text("SELECT count(*) FROM settings"))
        with pytest.raises(ProgrammingError, match="does not exist"):
            await session.execute(text("SELECT count(*) FROM tenants"))


async def test_search_path_does_not_outlive_the_transaction(make_tenant: Any) -> None:
    a = make_tenant()
    async with tenant_session(a.schema_name) as session:
        await session.execute(text("SELECT 1"))
    # The pool hands the same connections out again: none may keep the tenant's search_path.
    engine = async_engine()
    for _ in range(engine.pool.size() + 1):
        async with engine.connect() as connection:
            path = (await connection.execute(text("SHOW search_path"))).scalar_one()
            assert a.schema_name not in path


async def test_unbound_sessions_cannot_reach_tenant_tables() -> None:
    async with platform_session() as session:
        with pytest.raises(ProgrammingError, match=r'"tenant\.settings" does not exist'):
            await session.execute(select(Setting))


def test_sync_sessions_bind_the_same_way(make_tenant: Any) -> None:
    a = make_tenant()
    with tenant_session_sync(a.schema_name) as session:
        assert session.execute(text("SELECT current_schema()")).scalar_one() == a.schema_name
        session.commit()
        # A new transaction after commit is bound again.
        assert session.execute(text("SELECT current_schema()")).scalar_one() == a.schema_name


def test_binding_refuses_names_that_are_not_tenant_schemas() -> None:
    from tenancy.identifiers import InvalidIdentifier

    for name in ("public", "platform", 't_0123456789ab"; drop', "T_0123456789AB"):
        with pytest.raises(InvalidIdentifier), tenant_session_sync(name):
            pass
