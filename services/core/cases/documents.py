"""Documents on a case, for any service: storing an upload's bytes in the document store with
its size and SHA-256, reading them back, and publication.

An upload is stored under ``document_key(<tenant schema>, <case id>, <document id>)``, at most
``limit`` bytes (:data:`MAX_DOCUMENT_BYTES` unless the caller says otherwise), while the
workflow allows ``upload_document`` in the case's state. The file is stored before the row is
committed and removed again if anything fails up to and including the commit, so no row ever
names missing bytes. A document an applicant's submission named by URL only is held by
reference (``origin_url``, no stored content) until fetched: its content cannot be read here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import mimetypes
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from uuid_utils.compat import uuid7

from services.core.cases.models import Case
from services.core.cases.records import Document
from services.core.cases.store import CaseRuleError, audit, snapshot
from services.core.workflow import Workflow
from tenancy.storage import DocumentStore, document_key, document_store_from_env

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
GENERIC_MEDIA_TYPES = ("application/octet-stream", "text/plain")  # text/plain: none was named
_MEDIA_TYPE = re.compile(r"[\w.+-]+/[\w.+-]+")


class DocumentTooLarge(Exception):
    """The upload passed ``limit`` bytes; nothing was stored."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"a document can be at most {limit} bytes")
        self.limit = limit


class HeldByReference(Exception):
    """The document was submitted as a link (``origin_url``) and its file was never fetched."""

    def __init__(self, row: Document) -> None:
        super().__init__(f"{row.name!r} is held by reference at {row.origin_url}")
        self.name = row.name
        self.origin_url = row.origin_url


def safe_name(given: str | None) -> str:
    """A client's file name without any folders or control characters (``document`` if
    nothing is left), at most 500 characters."""
    name = re.split(r"[/\\]", given or "")[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()
    return name[:500] or "document"


def media_type(given: str | None, name: str) -> str:
    """The media type a client gave (parameters dropped), or one guessed from the file name
    when it gave none, a generic one or a malformed one."""
    given = (given or "").split(";")[0].strip().lower()
    if given not in GENERIC_MEDIA_TYPES and len(given) <= 200 and _MEDIA_TYPE.fullmatch(given):
        return given
    return mimetypes.guess_type(name)[0] or given or "application/octet-stream"


@dataclass(frozen=True, slots=True)
class NewDocument:
    """An upload's metadata: its (safe) file name, document type codes, an optional
    description and its media type."""

    name: str
    types: Sequence[str]
    mime_type: str
    description: str | None = None


async def limited(chunks: AsyncIterator[bytes], limit: int) -> AsyncIterator[bytes]:
    """``chunks`` passed through, raising :class:`DocumentTooLarge` once past ``limit``."""
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise DocumentTooLarge(limit)
        yield chunk


async def list_documents(session: AsyncSession, case: Case) -> list[Document]:
    """The case's documents in the order they were uploaded."""
    statement = (
        select(Document)
        .where(Document.case_id == case.id)
        .order_by(Document.uploaded_at, Document.id)
    )
    return list(await session.scalars(statement))


async def upload_document(
    session: AsyncSession,
    case: Case,
    new: NewDocument,
    content: AsyncIterator[bytes],
    *,
    schema_name: str,
    workflow: Workflow,
    actor: str,
    limit: int = MAX_DOCUMENT_BYTES,
    store: DocumentStore | None = None,
) -> Document:
    """Store ``content`` (of the tenant with ``schema_name``) and record it, then **commit the
    session**: the bytes and the row stand or fall together. Raises
    :class:`DocumentTooLarge` past ``limit`` bytes and a :class:`CaseRuleError` for an empty
    file, having stored nothing."""
    workflow.require(case.status, "upload_document")
    row = Document(
        id=uuid7(),
        case_id=case.id,
        name=new.name,
        types=list(new.types),
        description=new.description,
        source="upload",
        mime_type=new.mime_type,
        uploaded_by=actor,
    )
    row.storage_key = key = document_key(schema_name, case.id, row.id)
    documents = store or document_store_from_env()
    stored = await documents.put(key, limited(content, limit), content_type=new.mime_type)
    try:
        if stored.size == 0:
            raise CaseRuleError("/file", "the file is empty")
        row.size_bytes, row.sha256 = stored.size, stored.sha256
        session.add(row)
        await session.flush()
        audit(session, actor, "document.uploaded", row)
        await session.commit()
    except BaseException:
        with contextlib.suppress(Exception):  # the original error matters more
            await documents.delete(key)
        raise
    return row


async def open_content(
    row: Document, *, store: DocumentStore | None = None
) -> AsyncIterator[bytes]:
    """The document's bytes in chunks. Raises :class:`HeldByReference` for a document never
    fetched, and :class:`tenancy.storage.DocumentNotFound` (before streaming) if the
    store has lost it."""
    if row.storage_key is None:
        raise HeldByReference(row)
    return await (store or document_store_from_env()).open(row.storage_key)


async def publish_document(session: AsyncSession, row: Document, *, actor: str) -> bool:
    """Publish the document on the public register; whether it was published now rather than
    before: publishing twice changes nothing."""
    if row.published_at is not None:
        return False
    before = snapshot(row)
    row.published_at = dt.datetime.now(dt.UTC)
    await session.flush()
    audit(session, actor, "document.published", row, before=before)
    return True


__all__ = [
    "MAX_DOCUMENT_BYTES",
    "DocumentTooLarge",
    "HeldByReference",
    "NewDocument",
    "limited",
    "list_documents",
    "media_type",
    "open_content",
    "publish_document",
    "safe_name",
    "upload_document",
]
