"""Documents on a planning application: their metadata, multipart upload into the document
store, streamed download and publication.

An upload is stored under ``document_key(<tenant schema>, <case id>, <document id>)`` with its
size and SHA-256 (computed while it is written); it is at most :data:`MAX_DOCUMENT_BYTES`. The
file is stored before the row is committed and removed again if the commit fails, so no row
ever names missing bytes. Documents an ODP submission named by URL only are held by reference
(``originUrl``, no stored content) until fetched: their content cannot be downloaded here.
The storing and its rules are the case core's (:mod:`services.core.cases.documents`); these
routes read the form, call the core and shape the response.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator
from typing import Annotated, Any, cast
from urllib.parse import quote
from uuid import UUID

import msgspec
from litestar import get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body, FromPath, SkipValidation
from litestar.response import Stream
from litestar.status_codes import HTTP_201_CREATED
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.openapi_examples import example
from app.api.planning.deps import APPLICATION, TAGS, invalid, load, on_application
from app.api.planning.schemas import Out, RecordedBy
from app.api.problem_docs import READ_PROBLEMS, problems
from app.guards import requires
from app.principal import Actor
from app.problems import Problem
from app.tenant_context import CurrentTenant, TenantSession
from services.core.cases import documents
from services.core.cases.records import Document
from services.planning import workflow as wf
from tenancy.storage import DocumentNotFound

READ = requires("planning", "documents", "read")
WRITE = requires("planning", "documents", "write")

#: Read at each upload, so a test can lower it.
MAX_DOCUMENT_BYTES = documents.MAX_DOCUMENT_BYTES
#: Room for the form's other fields and part headers on top of the file itself.
FORM_OVERHEAD_BYTES = 1024 * 1024
CHUNK_BYTES = 1024 * 1024
#: ODP file type codes (``floorPlan.proposed``, ``sitePlan.existing`` …) or the council's own.
DOCUMENT_TYPE = re.compile(r"[A-Za-z][A-Za-z0-9.]{0,79}")


DocumentTypes = Annotated[list[str], example(["floorPlan.proposed", "elevations.proposed"])]
DocumentText = Annotated[str, example("Proposed ground floor plan and rear elevation, rev A")]


class DocumentUpload(msgspec.Struct):
    """The upload form (``multipart/form-data``). It documents the form only: the handler reads
    the parts itself (:func:`form_fields`), so its errors point at the part."""

    #: The file; its part's file name and Content-Type are kept.
    file: UploadFile
    #: ODP file type codes, repeated or comma-separated.
    types: DocumentTypes
    description: DocumentText | None = None


class DocumentOut(Out):
    id: Annotated[UUID, example("0195f5c1-6b7a-7d8e-9f0a-1b2c3d4e5f68")]
    name: Annotated[str, example("2026-014-03 proposed plans rev A.pdf")]
    types: DocumentTypes
    description: DocumentText | None
    #: ``upload``, or ``submission`` for a document an ODP submission carried.
    source: Annotated[str, example("upload")]
    mime_type: Annotated[str, example("application/pdf")] | None
    size_bytes: Annotated[int, example(1843200)] | None
    sha256: (
        Annotated[str, example("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]
        | None
    )
    #: Whether the file is in the document store (else it is held at ``originUrl``).
    has_content: Annotated[bool, example(True)]
    origin_url: (
        Annotated[str, example("https://api.editor.planx.uk/file/private/abc123/plans.pdf")] | None
    )
    published_at: Annotated[dt.datetime, example("2026-03-05T09:00:00Z")] | None
    uploaded_at: Annotated[dt.datetime, example("2026-03-02T10:20:31Z")]
    uploaded_by: RecordedBy


def document_out(row: Document) -> DocumentOut:
    return DocumentOut(
        id=row.id,
        name=row.name,
        types=list(row.types or ()),
        description=row.description,
        source=row.source,
        mime_type=row.mime_type,
        size_bytes=row.size_bytes,
        sha256=row.sha256,
        has_content=row.storage_key is not None,
        origin_url=row.origin_url,
        published_at=row.published_at,
        uploaded_at=row.uploaded_at,
        uploaded_by=row.uploaded_by,
    )


async def chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    """The upload's bytes, a chunk at a time."""
    while chunk := await upload.read(CHUNK_BYTES):
        yield chunk


def form_fields(data: dict[str, Any]) -> tuple[UploadFile, list[str], str | None]:
    """The form's file, document types (repeated or comma-separated) and description."""
    unknown = sorted(set(data) - {"file", "types", "description"})
    if unknown:
        raise invalid(f"/{unknown[0]}", "unknown field (expected file, types, description)")
    upload = data.get("file")
    if not isinstance(upload, UploadFile):
        raise invalid("/file", "attach the document as a file part named 'file'")
    raw = data.get("types") or []
    values = raw if isinstance(raw, list) else [raw]
    types = [t.strip() for v in values for t in str(v).split(",") if t.strip()]
    if not types:
        raise invalid("/types", "give at least one document type, e.g. floorPlan.proposed")
    for index, code in enumerate(types):
        if not DOCUMENT_TYPE.fullmatch(code):
            raise invalid(f"/types/{index}", f"{code[:80]!r} is not a document type code")
    description = data.get("description")
    if description is not None and (not isinstance(description, str) or len(description) > 10_000):
        raise invalid("/description", "must be text of at most 10,000 characters")
    return upload, list(dict.fromkeys(types)), description or None


async def _document(session: AsyncSession, application: str, document_id: UUID) -> Document:
    case = await load(session, application, details=False)
    return await on_application(session, case, Document, document_id)


def disposition(name: str) -> str:
    """``attachment`` with an ASCII file name and the exact one (RFC 6266, RFC 8187)."""
    fallback = re.sub(r'[^\x20-\x7e]|["\\]', "_", name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@get(
    APPLICATION + "/documents",
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="Documents (metadata)",
)
async def list_documents(
    application: FromPath[str], db_session: TenantSession
) -> list[DocumentOut]:
    case = await load(db_session, application, details=False)
    return [document_out(row) for row in await documents.list_documents(db_session, case)]


@post(
    APPLICATION + "/documents",
    opt=WRITE,
    tags=TAGS,
    responses=problems(409, 413, 422),
    summary="Upload a document (multipart: file, types, description)",
    status_code=HTTP_201_CREATED,
    request_max_body_size=MAX_DOCUMENT_BYTES + FORM_OVERHEAD_BYTES,
)
async def upload_document(
    application: FromPath[str],
    data: Annotated[
        SkipValidation[DocumentUpload], Body(media_type=RequestEncodingType.MULTI_PART)
    ],
    db_session: TenantSession,
    current_tenant: CurrentTenant,
    actor: Actor,
) -> DocumentOut:
    upload, types, description = form_fields(cast("dict[str, Any]", data))
    case = await load(db_session, application, details=False)
    name = documents.safe_name(upload.filename)
    new = documents.NewDocument(
        name=name,
        types=types,
        mime_type=documents.media_type(upload.content_type, name),
        description=description,
    )
    try:
        row = await documents.upload_document(
            db_session,
            case,
            new,
            chunks(upload),
            schema_name=current_tenant.schema_name,
            workflow=wf.WORKFLOW,
            actor=actor,
            limit=MAX_DOCUMENT_BYTES,
        )
    except documents.DocumentTooLarge:
        raise Problem(
            413,
            "Document too large",
            f"A document can be at most {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB",
            errors=[{"pointer": "/file", "detail": "too large"}],
        ) from None
    return document_out(row)


@get(
    APPLICATION + "/documents/{document_id:uuid}",
    opt=READ,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="A document's metadata",
)
async def get_document(
    application: FromPath[str], document_id: FromPath[UUID], db_session: TenantSession
) -> DocumentOut:
    return document_out(await _document(db_session, application, document_id))


@get(
    APPLICATION + "/documents/{document_id:uuid}/content",
    opt=READ,
    tags=TAGS,
    summary="Download a document",
    responses={
        **problems(409),
        200: ResponseSpec(
            data_container=bytes,
            generate_examples=False,
            media_type="application/octet-stream",
            description="The file, with the Content-Type it was uploaded with",
        ),
    },
)
async def download_document(
    application: FromPath[str], document_id: FromPath[UUID], db_session: TenantSession
) -> Stream:
    row = await _document(db_session, application, document_id)
    try:
        content = await documents.open_content(row)
    except documents.HeldByReference:
        raise Problem(
            409,
            "Document held by reference",
            f"{row.name!r} was submitted as a link ({row.origin_url}) and its file has not been "
            "fetched into the document store; download it from that address",
            originUrl=row.origin_url,
        ) from None
    except DocumentNotFound:
        raise Problem(
            404, "Document content missing", f"The file of {row.name!r} is not in the store"
        ) from None
    headers = {
        "Content-Disposition": disposition(row.name),
        "X-Content-Type-Options": "nosniff",
    }
    if row.size_bytes is not None:
        headers["Content-Length"] = str(row.size_bytes)
    return Stream(content, media_type=row.mime_type or "application/octet-stream", headers=headers)


@post(
    APPLICATION + "/documents/{document_id:uuid}/publication",
    opt=WRITE,
    tags=TAGS,
    responses=READ_PROBLEMS,
    summary="Publish a document on the public register; publishing twice changes nothing",
    status_code=200,
)
async def publish_document(
    application: FromPath[str], document_id: FromPath[UUID], db_session: TenantSession, actor: Actor
) -> DocumentOut:
    row = await _document(db_session, application, document_id)
    if await documents.publish_document(db_session, row, actor=actor):
        await db_session.commit()
    return document_out(row)


ROUTES = [list_documents, upload_document, get_document, download_document, publish_document]
__all__ = ["MAX_DOCUMENT_BYTES", "ROUTES"]
