"""Shared pieces of the building control routes: the paths, loading a case of the right kind by
id or reference (a case of another kind is as unknown as a made-up one) with the outcomes time
has brought about settled first, and the council's settings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from app.api.casework.requests import council_name
from app.problems import Problem
from services.building_control import store
from services.building_control import workflow as wf
from services.core.cases.models import Case
from services.core.cases.store import CaseNotFound, get_case
from services.core.settings import CouncilSettings
from services.core.store import read_settings

PREFIX = "/api/v1/{tenant:str}/building-control"
APPLICATION = PREFIX + "/applications/{application:str}"
INITIAL_NOTICE = PREFIX + "/initial-notices/{notice:str}"
COMMENCEMENT_NOTICE = PREFIX + "/commencement-notices/{notice:str}"
TAGS = ["building-control"]


async def load(
    session: AsyncSession,
    key: str,
    kinds: Sequence[str] = wf.APPLICATION_TYPES,
    *,
    noun: str = "application",
) -> Case:
    """The case with that id or reference among ``kinds``, settled as of today (the caller
    commits if it reads only; see :func:`settled`)."""
    try:
        case = await get_case(session, store.SERVICE, key, with_details=True)
    except CaseNotFound:
        case = None
    if case is None or case.case_type not in kinds:
        raise Problem(404, "Not found", f"No building control {noun} has the id or reference {key}")
    await store.settle(session, case, on=store.today())
    return case


async def reloaded(session: AsyncSession, case: Case) -> Case:
    """The case read afresh after a commit, with its site and parties."""
    return await get_case(session, store.SERVICE, case.id, with_details=True)


async def settled(session: AsyncSession, key: str, kinds: Sequence[str], noun: str) -> Case:
    """For read routes: load, persist anything time has settled, and read it back."""
    case = await load(session, key, kinds, noun=noun)
    await session.commit()
    return await reloaded(session, case)


async def settings_of(session: AsyncSession) -> CouncilSettings:
    return await read_settings(session)


async def record_on(
    session: AsyncSession, model: Any, case: Case, record_id: UUID, noun: str
) -> Any:
    row = await session.get(model, record_id)
    if row is None or row.case_id != case.id:
        raise Problem(404, "Not found", f"This application has no such {noun}")
    return row


__all__ = [
    "APPLICATION",
    "COMMENCEMENT_NOTICE",
    "INITIAL_NOTICE",
    "PREFIX",
    "TAGS",
    "council_name",
    "load",
    "record_on",
    "reloaded",
    "settings_of",
    "settled",
]
