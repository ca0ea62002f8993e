"""Liveness and readiness probes (public)."""

from __future__ import annotations

import asyncio
from typing import Any

import redis.asyncio as aioredis
from litestar import get
from litestar.response import Response
from sqlalchemy import text

from app.guards import PUBLIC
from tenancy.db import async_engine
from tenancy.settings import get_settings


@get("/health/live", opt=PUBLIC, tags=["health"], summary="The process is up")
async def live() -> dict[str, str]:
    return {"status": "ok"}


async def _check_postgres() -> str:
    async with async_engine().connect() as connection:
        await connection.execute(text("SELECT 1"))
    return "ok"


async def _check_redis() -> str:
    client = aioredis.from_url(get_settings().redis_url, socket_timeout=2)
    try:
        await client.ping()
    finally:
        await client.aclose()
    return "ok"


@get("/health/ready", opt=PUBLIC, tags=["health"], summary="Postgres and Redis answer")
async def ready() -> Response[dict[str, Any]]:
    checks: dict[str, str] = {}
    for name, check in (("postgres", _check_postgres), ("redis", _check_redis)):
        try:
            checks[name] = await asyncio.wait_for(check(), timeout=3)
        except Exception as exc:  # any failure means not ready
            checks[name] = f"failed: {type(exc).__name__}"
    ok = all(value == "ok" for value in checks.values())
    return Response(
        {"status": "ok" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503
    )
