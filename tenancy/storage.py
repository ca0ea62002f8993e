"""Where case documents' bytes live: one small async interface, a local and an S3 backend.

Platform infrastructure, so that both the case core (documents on cases) and the reorganisation
engine (which copies a council's files to its successor) use it.
The case core records documents in the tenant's schema; this module keeps their bytes, under
keys built by :func:`document_key` (``<tenant schema>/<case id>/<document id>``), so councils
never share a prefix and a reorganisation can move a council's documents by prefix.

* :class:`LocalDocumentStore`: files under ``<VESTA_DATA_DIR or .vesta>/documents``, written to
  a temporary file, flushed to disk, then renamed over the target (never half a document); keys
  are checked so that nothing can escape the root.
* :class:`S3DocumentStore`: AWS S3 or any S3-compatible store (MinIO, Ceph, Garage...) through
  boto3 in worker threads. boto3's newer default checksums are only sent when required, as
  several S3-compatible stores reject them.

Both behave the same (one test suite runs against each): ``open`` raises
:class:`DocumentNotFound` before streaming (so an HTTP handler can still answer 404) and streams
the document as it was when opened, even if it is replaced meanwhile; ``delete`` is idempotent,
so a retried job can repeat it. :func:`document_store_from_env` picks the backend.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import IO, Any, Literal, Protocol, TypeVar, runtime_checkable

import anyio.to_thread
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DocumentNotFound",
    "DocumentStore",
    "DocumentStoreError",
    "InvalidDocumentKey",
    "LocalDocumentStore",
    "S3DocumentStore",
    "S3Settings",
    "StoredObject",
    "default_documents_dir",
    "document_key",
    "document_store_from_env",
    "validate_key",
]

DEFAULT_CHUNK_SIZE = 1024 * 1024
_PROJECT_ROOT = Path(__file__).resolve().parents[1]
# A key segment: a letter, digit or underscore, then those, dots or hyphens. So no empty, "." or
# ".." segments, no hidden or temporary file names, no backslashes, spaces or control characters.
_SEGMENT = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}")
_MAX_KEY_BYTES = 1024  # the S3 limit
_T = TypeVar("_T")


class DocumentStoreError(Exception):
    """A document could not be stored or read."""


class DocumentNotFound(DocumentStoreError, LookupError):
    """No document is stored under this key."""

    def __init__(self, key: str) -> None:
        super().__init__(f"no document is stored under {key!r}")
        self.key = key


class InvalidDocumentKey(DocumentStoreError, ValueError):
    """A key that is not a plain ``segment/segment/...`` path (see :func:`validate_key`)."""


@dataclass(frozen=True, slots=True)
class StoredObject:
    """What was stored: its key, size in bytes, SHA-256 (hex) and media type."""

    key: str
    size: int
    sha256: str
    content_type: str


@runtime_checkable
class DocumentStore(Protocol):
    """The bytes of documents, by key. Every method may be called from the event loop."""

    async def put(
        self, key: str, data: bytes | AsyncIterator[bytes], *, content_type: str
    ) -> StoredObject:
        """Store ``data`` under ``key``, replacing any document there, all at once or not at all."""

    async def open(self, key: str) -> AsyncIterator[bytes]:
        """The document's bytes in chunks; raises :class:`DocumentNotFound` before streaming."""

    async def delete(self, key: str) -> None:
        """Remove the document; removing a missing one is not an error."""

    async def exists(self, key: str) -> bool:
        """Whether a document is stored under ``key``."""


def validate_key(key: str) -> str:
    """``key`` if it is a relative ``/``-separated path of plain segments, else raise.

    Rejected: empty keys and segments, absolute paths, ``.`` and ``..``, backslashes, segments
    starting with a dot or hyphen, anything but ASCII letters, digits, ``_``, ``.`` and ``-``.
    """
    if not key or len(key.encode()) > _MAX_KEY_BYTES:
        raise InvalidDocumentKey(f"a document key must be 1 to {_MAX_KEY_BYTES} bytes long")
    for segment in key.split("/"):
        if not _SEGMENT.fullmatch(segment):
            raise InvalidDocumentKey(f"{key!r} is not a valid document key")
    return key


def document_key(schema_name: str, case_id: object, document_id: object) -> str:
    """The key of a case document: ``<tenant schema>/<case id>/<document id>``."""
    return validate_key(f"{schema_name}/{case_id}/{document_id}")


async def _in_thread(function: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    return await anyio.to_thread.run_sync(partial(function, *args, **kwargs))


async def _chunks(data: bytes | AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    if isinstance(data, bytes | bytearray | memoryview):
        yield bytes(data)
        return
    async for chunk in data:
        yield chunk


class _Reader(Protocol):
    def read(self, size: int, /) -> bytes: ...
    def close(self) -> None: ...


class _ChunkStream(AsyncIterator[bytes]):
    """Chunks read from a blocking reader in a worker thread.

    The reader is closed at the end, on error, on ``aclose()``, or when the stream is dropped
    unread: a caller that never iterates leaks no file handle or connection.
    """

    def __init__(self, reader: _Reader, chunk_size: int) -> None:
        self._reader: _Reader | None = reader
        self._chunk_size = chunk_size

    def __aiter__(self) -> _ChunkStream:
        return self

    async def __anext__(self) -> bytes:
        if self._reader is None:
            raise StopAsyncIteration
        try:
            chunk = await _in_thread(self._reader.read, self._chunk_size)
        except BaseException:
            self._close()
            raise
        if not chunk:
            self._close()
            raise StopAsyncIteration
        return chunk

    async def aclose(self) -> None:
        self._close()

    def _close(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.close()

    def __del__(self) -> None:
        self._close()


def default_documents_dir() -> Path:
    """``<VESTA_DATA_DIR>/documents``, or ``.vesta/documents`` in the project (as infra does)."""
    data_dir = os.environ.get("VESTA_DATA_DIR") or _PROJECT_ROOT / ".vesta"
    return Path(data_dir).resolve() / "documents"


class LocalDocumentStore:
    """Documents as files under ``root``, one per key, replaced atomically."""

    def __init__(self, root: Path | None = None, *, chunk_size: int = DEFAULT_CHUNK_SIZE) -> None:
        self.root = (root if root is not None else default_documents_dir()).resolve()
        self.chunk_size = chunk_size

    def _path(self, key: str) -> Path:
        path = self.root.joinpath(*validate_key(key).split("/"))
        # Keys cannot climb out; this catches a symbolic link inside the root that points out.
        if not path.resolve().is_relative_to(self.root):
            raise InvalidDocumentKey(f"{key!r} resolves outside the document store")
        return path

    async def put(
        self, key: str, data: bytes | AsyncIterator[bytes], *, content_type: str
    ) -> StoredObject:
        path = await _in_thread(self._path, key)
        handle, temporary = await _in_thread(_create_temporary, path)
        digest = hashlib.sha256()
        size = 0
        try:
            async for chunk in _chunks(data):
                await _in_thread(_write_and_hash, handle, digest, chunk)
                size += len(chunk)
            await _in_thread(_commit, handle, temporary, path)
        except BaseException:
            _discard(handle, temporary)
            raise
        return StoredObject(
            key=key, size=size, sha256=digest.hexdigest(), content_type=content_type
        )

    async def open(self, key: str) -> AsyncIterator[bytes]:
        path = await _in_thread(self._path, key)
        try:
            handle = await _in_thread(path.open, "rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError) as error:
            raise DocumentNotFound(key) from error
        return _ChunkStream(handle, self.chunk_size)

    async def delete(self, key: str) -> None:
        path = await _in_thread(self._path, key)
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            await _in_thread(path.unlink)

    async def exists(self, key: str) -> bool:
        path = await _in_thread(self._path, key)
        return await _in_thread(path.is_file)


def _create_temporary(path: Path) -> tuple[IO[bytes], Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    # The leading dot keeps temporary files out of the key space (no key segment starts with one).
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=".upload-", suffix=".part")
    return os.fdopen(descriptor, "wb"), Path(name)


def _write_and_hash(handle: IO[bytes], digest: Any, chunk: bytes) -> None:
    handle.write(chunk)
    digest.update(chunk)


def _commit(handle: IO[bytes], temporary: Path, path: Path) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()
    temporary.replace(path)


def _discard(handle: IO[bytes], temporary: Path) -> None:
    handle.close()
    temporary.unlink(missing_ok=True)


@dataclass(frozen=True, slots=True)
class S3Settings:
    """Where the S3 (or S3-compatible) bucket is, read from ``VESTA_S3_*`` variables."""

    bucket: str
    endpoint_url: str | None = None
    region: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = field(default=None, repr=False)
    addressing_style: Literal["auto", "path", "virtual"] = "auto"

    @classmethod
    def from_env(cls) -> S3Settings:
        """From the environment. Without keys, boto3's own chain applies (an IAM role, say).

        With a custom endpoint, buckets are addressed path-style, as S3-compatible stores expect.
        """
        bucket = os.environ.get("VESTA_S3_BUCKET")
        if not bucket:
            raise RuntimeError("VESTA_DOCUMENT_STORE=s3 needs VESTA_S3_BUCKET")
        access_key_id = os.environ.get("VESTA_S3_ACCESS_KEY_ID") or None
        secret_access_key = os.environ.get("VESTA_S3_SECRET_ACCESS_KEY") or None
        if (access_key_id is None) != (secret_access_key is None):
            raise RuntimeError(
                "set both VESTA_S3_ACCESS_KEY_ID and VESTA_S3_SECRET_ACCESS_KEY, or neither"
            )
        endpoint_url = os.environ.get("VESTA_S3_ENDPOINT_URL") or None
        return cls(
            bucket=bucket,
            endpoint_url=endpoint_url,
            region=os.environ.get("VESTA_S3_REGION") or None,
            access_key_id=access_key_id,
            secret_access_key=secret_access_key,
            addressing_style="path" if endpoint_url else "auto",
        )


class S3DocumentStore:
    """Documents as objects in one bucket, through boto3 in worker threads.

    A streamed upload is spooled (in memory up to ``SPOOL_SIZE``, then in a temporary file)
    while it is hashed, then sent in one ``PutObject``, so a failed upload leaves the previous
    document in place. The SHA-256 is also kept in the object's ``sha256`` metadata.
    """

    SPOOL_SIZE = 8 * DEFAULT_CHUNK_SIZE

    def __init__(self, settings: S3Settings, *, chunk_size: int = DEFAULT_CHUNK_SIZE) -> None:
        self.bucket = settings.bucket
        self.chunk_size = chunk_size
        config = Config(
            region_name=settings.region,
            signature_version="s3v4",
            s3={"addressing_style": settings.addressing_style},
            retries={"mode": "standard", "max_attempts": 5},
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        # Clients are thread-safe; sessions are not, so this one is used only here.
        self._client: Any = boto3.session.Session().client(
            "s3",
            endpoint_url=settings.endpoint_url,
            aws_access_key_id=settings.access_key_id,
            aws_secret_access_key=settings.secret_access_key,
            config=config,
        )

    async def put(
        self, key: str, data: bytes | AsyncIterator[bytes], *, content_type: str
    ) -> StoredObject:
        validate_key(key)
        spool = tempfile.SpooledTemporaryFile(max_size=self.SPOOL_SIZE)  # noqa: SIM115
        try:
            digest = hashlib.sha256()
            size = 0
            async for chunk in _chunks(data):
                await _in_thread(_write_and_hash, spool, digest, chunk)
                size += len(chunk)
            spool.seek(0)
            sha256 = digest.hexdigest()
            await _in_thread(
                self._client.put_object,
                Bucket=self.bucket,
                Key=key,
                Body=spool,
                ContentLength=size,
                ContentType=content_type,
                Metadata={"sha256": sha256},
            )
        finally:
            spool.close()
        return StoredObject(key=key, size=size, sha256=sha256, content_type=content_type)

    async def open(self, key: str) -> AsyncIterator[bytes]:
        validate_key(key)
        try:
            response = await _in_thread(self._client.get_object, Bucket=self.bucket, Key=key)
        except ClientError as error:
            if _not_found(error):
                raise DocumentNotFound(key) from error
            raise
        return _ChunkStream(response["Body"], self.chunk_size)

    async def delete(self, key: str) -> None:
        validate_key(key)
        await _in_thread(self._client.delete_object, Bucket=self.bucket, Key=key)

    async def exists(self, key: str) -> bool:
        validate_key(key)
        try:
            await _in_thread(self._client.head_object, Bucket=self.bucket, Key=key)
        except ClientError as error:
            if _not_found(error):
                return False
            raise
        return True


def _not_found(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}


@lru_cache(maxsize=1)
def document_store_from_env() -> DocumentStore:
    """The process's document store: ``VESTA_DOCUMENT_STORE`` is ``local`` (the default) or ``s3``.

    Cached: a test that changes the environment calls ``document_store_from_env.cache_clear()``.
    """
    kind = (os.environ.get("VESTA_DOCUMENT_STORE") or "local").strip().lower()
    if kind == "local":
        return LocalDocumentStore(default_documents_dir())
    if kind == "s3":
        return S3DocumentStore(S3Settings.from_env())
    raise RuntimeError(f"VESTA_DOCUMENT_STORE must be 'local' or 's3', not {kind!r}")
