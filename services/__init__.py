"""Regulatory services (planning, building control, licensing, land charges) on a shared case
core, each registered in :mod:`services.registry`."""
