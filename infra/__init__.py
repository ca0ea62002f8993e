"""Deployment and local-run support: the embedded Postgres and Redis used when no external
servers are configured."""
