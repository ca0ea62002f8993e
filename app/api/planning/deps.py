"""Shared pieces of the planning routes: the path prefix, loading an application by id or
reference and one of its records by id (or a 404), and the council's settings. Body conversion
and the 422/404 problems come from :mod:`app.api.casework.requests`."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from app.api.casework.requests import convert, invalid, not_found, on_case
from services.core.cases.lookup import CaseRecord
from services.core.cases.models import Case
from services.core.cases.store import get_case
from services.core.settings import CouncilSettings
from services.core.store import read_settings
from services.planning.store import SERVICE

PREFIX = "/api/v1/{tenant:str}/planning"
APPLICATION = PREFIX + "/applications/{application:str}"
TAGS = ["planning"]


async def load(session: AsyncSession, application: str, *, details: bool = True) -> Case:
    return await get_case(session, SERVICE, application, with_details=details)


async def settings_of(session: AsyncSession) -> CouncilSettings:
    return await read_settings(session)


async def on_application(
    session: AsyncSession, case: Case, model: type[CaseRecord], record_id: UUID
) -> CaseRecord:
    """The application's ``model`` record with that id, or a 404."""
    return await on_case(session, case, model, record_id)


__all__ = [
    "APPLICATION",
    "PREFIX",
    "TAGS",
    "convert",
    "invalid",
    "load",
    "not_found",
    "on_application",
    "settings_of",
]
