"""Runtime settings shared by every layer: where the database and the broker are.

Read from the environment once per process (``get_settings``); tests clear the cache when they
point the process elsewhere.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    redis_url: str
    environment: str
    db_pool_size: int
    migrate_concurrency: int
    queue_namespace: str

    @property
    def sync_database_url(self) -> str:
        return self.database_url

    @property
    def is_production(self) -> bool:
        return self.environment == "production"


def _database_url(raw: str) -> str:
    """Accept plain ``postgresql://`` URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgresql://", "postgres://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    database_url = os.environ.get("DATABASE_URL")
    redis_url = os.environ.get("REDIS_URL")
    if not database_url or not redis_url:
        raise RuntimeError(
            "DATABASE_URL and REDIS_URL must be set (the `vesta` command starts embedded "
            "servers and sets them when they are not)"
        )
    return Settings(
        database_url=_database_url(database_url),
        redis_url=redis_url,
        environment=os.environ.get("VESTA_ENV", "development"),
        db_pool_size=int(os.environ.get("VESTA_DB_POOL_SIZE", "10")),
        migrate_concurrency=int(os.environ.get("VESTA_MIGRATE_CONCURRENCY", "4")),
        queue_namespace=os.environ.get("VESTA_QUEUE_NAMESPACE", "vesta"),
    )
