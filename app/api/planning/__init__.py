"""The planning service's HTTP API under ``/api/v1/{tenant}/planning/``."""
