"""The case core's document functions used directly, on a licensing case with a workflow made
up here and a document store of the test's own: bytes stored with size and SHA-256, nothing
left behind when the upload is refused or the row cannot be saved, publication once."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy.exc import DBAPIError

from services.core.calendar import london_today
from services.core.cases import documents
from services.core.cases.records import Document
from services.core.cases.store import (
    CaseRuleError,
    NewCase,
    create_case,
    get_case,
    transition,
)
from services.core.workflow import IllegalTransition, Step, Workflow
from tenancy.binding import tenant_session
from tenancy.storage import LocalDocumentStore

LICENSING = Workflow(
    name="street trading consent",
    initial="received",
    states=("received", "refused"),
    steps=(Step("refuse", frozenset({"received"}), ("refused",)),),
    activities={"upload_document": frozenset({"received"})},
)
PLAN = b"%PDF-1.7\n" + bytes(range(256)) * 8
NEW = documents.NewDocument(
    name="pitch plan.pdf", types=["sitePlan.proposed"], mime_type="application/pdf"
)


@pytest.fixture
def schema(make_tenant: Any) -> str:
    return make_tenant("licensing", services=("planning", "licensing")).schema_name


@pytest.fixture
def store(tmp_path: Path) -> LocalDocumentStore:
    return LocalDocumentStore(tmp_path / "documents")


def files(store: LocalDocumentStore) -> list[Path]:
    return [p for p in store.root.rglob("*") if p.is_file()] if store.root.exists() else []


async def content(*chunks: bytes) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


async def new_case(schema: str) -> UUID:
    async with tenant_session(schema) as session:
        new = NewCase(
            service="licensing",
            case_type="premises_licence_new",
            received_date=london_today() - dt.timedelta(days=3),
        )
        case = await create_case(
            session, new, workflow=LICENSING, reference_format="YY/NNNNN/SUFFIX", actor="test"
        )
        return case.id


async def upload(schema: str, case_id: UUID, store: Any, *chunks: bytes, **kw: Any) -> Document:
    async with tenant_session(schema) as session:
        case = await get_case(session, "licensing", case_id)
        return await documents.upload_document(
            session,
            case,
            kw.pop("new", NEW),
            content(*chunks),
            schema_name=schema,
            workflow=LICENSING,
            actor=kw.pop("actor", "officer@licensing.test"),
            store=store,
            **kw,
        )


async def test_an_upload_is_stored_with_its_size_and_hash_and_published_once(
    schema: str, store: LocalDocumentStore
) -> None:
    case_id = await new_case(schema)
    row = await upload(schema, case_id, store, PLAN[:100], PLAN[100:])
    assert (row.size_bytes, row.sha256) == (len(PLAN), hashlib.sha256(PLAN).hexdigest())
    assert row.storage_key == f"{schema}/{case_id}/{row.id}"
    async with tenant_session(schema) as session:
        case = await get_case(session, "licensing", case_id)
        (listed,) = await documents.list_documents(session, case)
        read = b"".join([c async for c in await documents.open_content(listed, store=store)])
        assert read == PLAN
        assert await documents.publish_document(session, listed, actor="officer") is True
        assert await documents.publish_document(session, listed, actor="officer") is False


async def test_refused_uploads_store_nothing(schema: str, store: LocalDocumentStore) -> None:
    case_id = await new_case(schema)
    with pytest.raises(documents.DocumentTooLarge):
        await upload(schema, case_id, store, PLAN, limit=len(PLAN) - 1)
    with pytest.raises(CaseRuleError) as empty:
        await upload(schema, case_id, store)
    assert empty.value.pointer == "/file"
    with pytest.raises(DBAPIError):  # the row cannot be saved: the bytes are removed again
        await upload(schema, case_id, store, PLAN, actor="x" * 201)
    assert files(store) == []
    async with tenant_session(schema) as session:
        case = await get_case(session, "licensing", case_id)
        assert await documents.list_documents(session, case) == []
        await transition(session, case, LICENSING, "refuse", actor="officer")
    with pytest.raises(IllegalTransition):
        await upload(schema, case_id, store, PLAN)
    assert files(store) == []


async def test_a_document_held_by_reference_has_no_content_here() -> None:
    row = Document(name="plan.pdf", origin_url="https://example.test/plan.pdf")
    with pytest.raises(documents.HeldByReference) as held:
        await documents.open_content(row)
    assert held.value.origin_url == "https://example.test/plan.pdf"


@pytest.mark.parametrize(
    ("given", "name", "expected"),
    [
        ("image/PNG; charset=binary", "x.bin", "image/png"),
        ("application/octet-stream", "plan.pdf", "application/pdf"),
        ("not a type", "notes.unknown-extension", "not a type"),
        (None, "notes", "application/octet-stream"),
    ],
)
def test_media_type(given: str | None, name: str, expected: str) -> None:
    assert documents.media_type(given, name) == expected


def test_safe_name_drops_folders_and_control_characters() -> None:
    assert documents.safe_name("C:\\plans\\..\\pitch\x00 plan.pdf") == "pitch plan.pdf"
    assert documents.safe_name("../../") == "document"
