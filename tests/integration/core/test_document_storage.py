"""Document storage: one behaviour suite run against the local and the S3 backend.

S3 is moto's real HTTP server on a free local port, so requests go through botocore's full
stack (signing, retries, streaming bodies) exactly as they would to AWS or MinIO.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tenancy.storage import (
    DEFAULT_CHUNK_SIZE,
    DocumentNotFound,
    DocumentStore,
    InvalidDocumentKey,
    LocalDocumentStore,
    S3DocumentStore,
    S3Settings,
    document_key,
    document_store_from_env,
)

REGION = "eu-west-2"
KEY = "tenant_borsetshire/0192f3a4-0000-7000-8000-000000000001/0192f3a4-0000-7000-8000-00000000000a"
PDF = "application/pdf"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_settings(endpoint: str, bucket: str) -> S3Settings:
    return S3Settings(
        bucket=bucket,
        endpoint_url=endpoint,
        region=REGION,
        access_key_id="testing",
        secret_access_key="testing",
        addressing_style="path",
    )


@pytest.fixture
def s3_bucket(s3_endpoint: str) -> str:
    bucket = f"vesta-documents-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    return bucket


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> DocumentStore:
    if request.param == "local":
        return LocalDocumentStore(tmp_path / "documents")
    endpoint = request.getfixturevalue("s3_endpoint")
    return S3DocumentStore(s3_settings(endpoint, request.getfixturevalue("s3_bucket")))


def entries(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


async def read_all(store: DocumentStore, key: str) -> bytes:
    return b"".join([chunk async for chunk in await store.open(key)])


async def in_pieces(data: bytes, sizes: Iterator[int]) -> AsyncIterator[bytes]:
    """``data`` as an upload arrives: pieces of uneven sizes."""
    offset = 0
    while offset < len(data):
        size = next(sizes)
        yield data[offset : offset + size]
        offset += size


# --- The behaviour suite, once per backend --------------------------------------------------


async def test_round_trip(store: DocumentStore) -> None:
    data = b"%PDF-1.4 decision notice"
    stored = await store.put(KEY, data, content_type=PDF)
    assert stored.key == KEY
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.content_type == PDF
    assert await store.exists(KEY)
    assert await read_all(store, KEY) == data


async def test_a_5_mb_body_streams_in_and_out_in_chunks(store: DocumentStore) -> None:
    data = random.Random(5).randbytes(5 * 1024 * 1024 + 123)
    sizes = itertools.cycle([65_536, 1, 700_001, 4096, 333_333])
    stored = await store.put(KEY, in_pieces(data, sizes), content_type="image/tiff")
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()

    chunks = [chunk async for chunk in await store.open(KEY)]
    assert len(chunks) == 6
    assert all(len(chunk) <= DEFAULT_CHUNK_SIZE for chunk in chunks)
    assert b"".join(chunks) == data


async def test_an_empty_document_can_be_stored(store: DocumentStore) -> None:
    stored = await store.put(KEY, b"", content_type="text/plain")
    assert (stored.size, stored.sha256) == (0, hashlib.sha256(b"").hexdigest())
    assert await store.exists(KEY)
    assert await read_all(store, KEY) == b""


async def test_put_replaces_the_document(store: DocumentStore) -> None:
    await store.put(KEY, b"first version, longer than the second", content_type=PDF)
    stored = await store.put(KEY, b"second", content_type=PDF)
    assert stored.size == 6
    assert await read_all(store, KEY) == b"second"


async def test_a_failed_upload_leaves_the_previous_document(store: DocumentStore) -> None:
    await store.put(KEY, b"the signed notice", content_type=PDF)

    async def broken_upload() -> AsyncIterator[bytes]:
        yield b"half of a new "
        raise ConnectionResetError("the client went away")

    with pytest.raises(ConnectionResetError):
        await store.put(KEY, broken_upload(), content_type=PDF)
    assert await read_all(store, KEY) == b"the signed notice"


async def test_an_open_stream_keeps_reading_what_was_opened(store: DocumentStore) -> None:
    data = bytes(range(256)) * 8192  # 2 MiB: more than one chunk
    await store.put(KEY, data, content_type=PDF)
    stream = await store.open(KEY)
    first = await anext(stream)
    await store.put(KEY, b"replacement", content_type=PDF)
    rest = [chunk async for chunk in stream]
    assert first + b"".join(rest) == data


async def test_delete_removes_the_document_and_may_be_repeated(store: DocumentStore) -> None:
    await store.put(KEY, b"notice", content_type=PDF)
    await store.delete(KEY)
    assert not await store.exists(KEY)
    with pytest.raises(DocumentNotFound):
        await store.open(KEY)
    await store.delete(KEY)


async def test_a_missing_key_is_not_found(store: DocumentStore) -> None:
    missing = document_key("tenant_borsetshire", uuid.uuid4(), uuid.uuid4())
    assert not await store.exists(missing)
    with pytest.raises(DocumentNotFound) as raised:
        await store.open(missing)
    assert raised.value.key == missing


async def test_keys_are_independent(store: DocumentStore) -> None:
    other = document_key("tenant_ambridge", uuid.uuid4(), uuid.uuid4())
    await store.put(KEY, b"one", content_type=PDF)
    await store.put(other, b"two", content_type=PDF)
    assert (await read_all(store, KEY), await read_all(store, other)) == (b"one", b"two")


@pytest.mark.parametrize(
    "key",
    [
        "",
        "../outside",
        "tenant_a/../../outside",
        "/etc/passwd",
        "tenant_a\\..\\outside",
        "tenant_a//doc",
        "tenant_a/./doc",
        "tenant_a/doc/",
        "tenant_a/.hidden",
        "tenant_a/-rf",
        "tenant_a/doc name",
        "tenant_a/doc\x00.pdf",
        "tenant_a/" + "x" * 1100,
    ],
)
async def test_unsafe_keys_are_rejected(store: DocumentStore, key: str) -> None:
    with pytest.raises(InvalidDocumentKey):
        await store.put(key, b"x", content_type=PDF)
    with pytest.raises(InvalidDocumentKey):
        await store.open(key)
    with pytest.raises(InvalidDocumentKey):
        await store.exists(key)
    with pytest.raises(InvalidDocumentKey):
        await store.delete(key)


# --- Backend specifics ----------------------------------------------------------------------


async def test_local_files_are_replaced_atomically_and_leave_no_temporary_files(
    tmp_path: Path,
) -> None:
    root = tmp_path / "documents"
    store = LocalDocumentStore(root)
    await store.put(KEY, b"v1", content_type=PDF)
    await store.put(KEY, b"v2", content_type=PDF)

    async def broken_upload() -> AsyncIterator[bytes]:
        yield b"partial"
        raise ConnectionResetError

    with pytest.raises(ConnectionResetError):
        await store.put(KEY, broken_upload(), content_type=PDF)
    files = [path for path in root.rglob("*") if path.is_file()]
    assert files == [root.joinpath(*KEY.split("/"))]
    assert files[0].read_bytes() == b"v2"


async def test_traversal_cannot_leave_the_local_root(tmp_path: Path) -> None:
    root = tmp_path / "documents"
    outside = tmp_path / "outside"
    outside.mkdir()
    store = LocalDocumentStore(root)
    for key in ("../outside/doc", "tenant_a/../../outside/doc"):
        with pytest.raises(InvalidDocumentKey):
            await store.put(key, b"x", content_type=PDF)
    # A symbolic link planted inside the root cannot lead out of it either.
    root.mkdir()
    (root / "tenant_a").symlink_to(outside, target_is_directory=True)
    with pytest.raises(InvalidDocumentKey, match="outside the document store"):
        await store.put("tenant_a/doc", b"x", content_type=PDF)
    assert entries(outside) == set()
    assert entries(tmp_path) == {"documents", "outside"}


async def test_s3_objects_carry_their_media_type_and_digest(
    s3_endpoint: str, s3_bucket: str
) -> None:
    store = S3DocumentStore(s3_settings(s3_endpoint, s3_bucket))
    stored = await store.put(KEY, b"<svg/>", content_type="image/svg+xml")
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    head = client.head_object(Bucket=s3_bucket, Key=KEY)
    assert head["ContentType"] == "image/svg+xml"
    assert head["ContentLength"] == 6
    assert head["Metadata"] == {"sha256": stored.sha256}


# --- Keys and configuration -----------------------------------------------------------------


def test_document_keys_are_tenant_case_document() -> None:
    case_id, document_id = uuid.uuid4(), uuid.uuid4()
    assert document_key("tenant_borsetshire", case_id, document_id) == (
        f"tenant_borsetshire/{case_id}/{document_id}"
    )
    with pytest.raises(InvalidDocumentKey):
        document_key("../tenant_borsetshire", case_id, document_id)


@pytest.fixture
def clean_store_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    for name in (
        "VESTA_DOCUMENT_STORE",
        "VESTA_S3_BUCKET",
        "VESTA_S3_ENDPOINT_URL",
        "VESTA_S3_REGION",
        "VESTA_S3_ACCESS_KEY_ID",
        "VESTA_S3_SECRET_ACCESS_KEY",
        "VESTA_S3_ADDRESSING_STYLE",
    ):
        monkeypatch.delenv(name, raising=False)
    document_store_from_env.cache_clear()
    yield monkeypatch
    document_store_from_env.cache_clear()


def test_the_default_store_is_local_under_the_data_directory(
    clean_store_env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    clean_store_env.setenv("VESTA_DATA_DIR", str(tmp_path))
    store = document_store_from_env()
    assert isinstance(store, LocalDocumentStore)
    assert store.root == tmp_path.resolve() / "documents"
    assert document_store_from_env() is store


async def test_the_s3_store_is_configured_from_the_environment(
    clean_store_env: pytest.MonkeyPatch, s3_endpoint: str, s3_bucket: str
) -> None:
    env: dict[str, Any] = {
        "VESTA_DOCUMENT_STORE": "s3",
        "VESTA_S3_BUCKET": s3_bucket,
        "VESTA_S3_ENDPOINT_URL": s3_endpoint,
        "VESTA_S3_REGION": REGION,
        "VESTA_S3_ACCESS_KEY_ID": "testing",
        "VESTA_S3_SECRET_ACCESS_KEY": "not-for-logs",
    }
    for name, value in env.items():
        clean_store_env.setenv(name, value)
    settings = S3Settings.from_env()
    assert settings.addressing_style == "path"  # a custom endpoint: S3-compatible stores want it
    assert "not-for-logs" not in repr(settings)
    store = document_store_from_env()
    assert isinstance(store, S3DocumentStore)
    await store.put(KEY, b"via env", content_type=PDF)
    assert await read_all(store, KEY) == b"via env"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"VESTA_DOCUMENT_STORE": "ftp"}, "must be 'local' or 's3'"),
        ({"VESTA_DOCUMENT_STORE": "s3"}, "needs VESTA_S3_BUCKET"),
        (
            {"VESTA_DOCUMENT_STORE": "s3", "VESTA_S3_BUCKET": "b", "VESTA_S3_ACCESS_KEY_ID": "k"},
            "set both",
        ),
    ],
)
def test_a_misconfigured_store_fails_at_start_up(
    clean_store_env: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    for name, value in env.items():
        clean_store_env.setenv(name, value)
    with pytest.raises(RuntimeError, match=message):
        document_store_from_env()
