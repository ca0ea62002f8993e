"""Documents through the API: multipart upload into the document store and a byte-exact
download (size and SHA-256 recorded), publication, the size limit, bad forms, documents held
by reference only, and tenant isolation."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import sign_in
from litestar.testing import AsyncTestClient

from app.api.planning import documents
from tenancy.storage import document_store_from_env

NewApplication = Callable[..., Awaitable[dict[str, Any]]]
ODP_HOUSEHOLDER = (
    Path(__file__).resolve().parents[2]
    / "fixtures/odp/prototypeApplication/planningPermission/fullHouseholder.json"
)
PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


@pytest.fixture(autouse=True)
def document_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A local document store of the test's own."""
    monkeypatch.setenv("VESTA_DOCUMENT_STORE", "local")
    monkeypatch.setenv("VESTA_DATA_DIR", str(tmp_path))
    document_store_from_env.cache_clear()
    yield tmp_path / "documents"
    document_store_from_env.cache_clear()


@pytest.fixture
async def application(base: str, new_application: NewApplication) -> dict[str, Any]:
    return await new_application()


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def upload(
    http: AsyncTestClient[Any],
    url: str,
    *,
    name: str = "floor-plans.pdf",
    content: bytes = PDF,
    media_type: str = "application/pdf",
    fields: dict[str, Any] | None = None,
) -> Any:
    form = {"types": ["floorPlan.proposed", "elevations.proposed"]} if fields is None else fields
    return await http.post(
        f"{url}/documents", files={"file": (name, content, media_type)}, data=form
    )


async def test_an_uploaded_document_downloads_byte_for_byte(
    planner: AsyncTestClient[Any],
    council: Any,
    base: str,
    application: dict[str, Any],
    document_root: Path,
) -> None:
    url = f"{base}/{application['id']}"
    fields = {"types": ["floorPlan.proposed", "elevations.proposed"], "description": "Plans"}

    response = await upload(planner, url, fields=fields)

    assert response.status_code == 201, response.text
    document = response.json()
    assert document["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert document["sizeBytes"] == len(PDF)
    assert document["mimeType"] == "application/pdf"
    assert document["types"] == ["floorPlan.proposed", "elevations.proposed"]
    assert document["description"] == "Plans"
    assert document["hasContent"] is True
    assert document["publishedAt"] is None
    key = Path(council.schema_name, application["id"], document["id"])
    assert stored_files(document_root) == [document_root / key]

    assert (await planner.get(f"{url}/documents/{document['id']}")).json() == document
    assert (await planner.get(f"{url}/documents")).json() == [document]
    content = await planner.get(f"{url}/documents/{document['id']}/content")
    assert content.status_code == 200, content.text
    assert content.content == PDF
    assert content.headers["content-type"] == "application/pdf"
    assert content.headers["content-disposition"].startswith(
        'attachment; filename="floor-plans.pdf"'
    )
    assert content.headers["x-content-type-options"] == "nosniff"


async def test_a_file_name_keeps_its_characters_but_loses_its_folders(
    planner: AsyncTestClient[Any], base: str, application: dict[str, Any]
) -> None:
    url = f"{base}/{application['id']}"
    response = await upload(
        planner,
        url,
        name="C:\\plans\\Élévations « sud ».pdf",
        media_type="application/octet-stream",
    )
    assert response.status_code == 201, response.text
    document = response.json()
    assert document["name"] == "Élévations « sud ».pdf"
    assert document["mimeType"] == "application/pdf"  # guessed from the name

    content = await planner.get(f"{url}/documents/{document['id']}/content")
    disposition = content.headers["content-disposition"]
    assert "filename*=UTF-8''%C3%89l%C3%A9vations%20%C2%AB%20sud%20%C2%BB.pdf" in disposition


async def test_publishing_a_document_is_idempotent(
    planner: AsyncTestClient[Any], base: str, application: dict[str, Any]
) -> None:
    url = f"{base}/{application['id']}"
    document = (await upload(planner, url)).json()

    first = await planner.post(f"{url}/documents/{document['id']}/publication")
    second = await planner.post(f"{url}/documents/{document['id']}/publication")

    assert first.status_code == 200, first.text
    assert first.json()["publishedAt"] is not None
    assert second.json()["publishedAt"] == first.json()["publishedAt"]


async def test_a_document_over_the_limit_is_a_413_and_nothing_is_stored(
    planner: AsyncTestClient[Any],
    base: str,
    application: dict[str, Any],
    document_root: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 1024)
    url = f"{base}/{application['id']}"

    response = await upload(planner, url, content=b"x" * 1025)

    assert response.status_code == 413, response.text
    assert response.json()["errors"][0]["pointer"] == "/file"
    assert (await planner.get(f"{url}/documents")).json() == []
    assert stored_files(document_root) == []
    assert (await upload(planner, url, content=b"x" * 1024)).status_code == 201


@pytest.mark.parametrize(
    ("fields", "content", "pointer"),
    [
        ({}, PDF, "/types"),
        ({"types": "floor plan!"}, PDF, "/types/0"),
        ({"types": "floorPlan.proposed", "colour": "red"}, PDF, "/colour"),
        ({"types": "floorPlan.proposed"}, b"", "/file"),
    ],
)
async def test_a_bad_form_is_a_422_pointing_at_the_field_and_stores_nothing(
    planner: AsyncTestClient[Any],
    base: str,
    application: dict[str, Any],
    document_root: Path,
    fields: dict[str, Any],
    content: bytes,
    pointer: str,
) -> None:
    url = f"{base}/{application['id']}"

    response = await upload(planner, url, fields=fields, content=content)

    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["pointer"] == pointer
    assert (await planner.get(f"{url}/documents")).json() == []
    assert stored_files(document_root) == []


async def test_a_form_without_a_file_is_a_422(
    planner: AsyncTestClient[Any], base: str, application: dict[str, Any]
) -> None:
    url = f"{base}/{application['id']}"
    response = await planner.post(
        f"{url}/documents",
        files={"other": ("a.txt", b"a", "text/plain")},
        data={"types": "floorPlan.proposed"},
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["pointer"] in ("/file", "/other")


async def test_comma_separated_types_are_split(
    planner: AsyncTestClient[Any], base: str, application: dict[str, Any]
) -> None:
    url = f"{base}/{application['id']}"
    response = await upload(
        planner, url, fields={"types": "sitePlan.proposed, photographs.existing"}
    )
    assert response.status_code == 201, response.text
    assert response.json()["types"] == ["sitePlan.proposed", "photographs.existing"]


async def test_a_document_held_by_reference_cannot_be_downloaded_here(
    planner: AsyncTestClient[Any], base: str
) -> None:
    submitted = await planner.post(base, json=json.loads(ODP_HOUSEHOLDER.read_text()))
    assert submitted.status_code == 201, submitted.text[:2000]
    url = f"{base}/{submitted.json()['id']}"
    listed = (await planner.get(f"{url}/documents")).json()
    assert listed, "the submission's files are recorded as documents"
    linked = listed[0]
    assert linked["hasContent"] is False
    assert linked["originUrl"].startswith("https://")

    response = await planner.get(f"{url}/documents/{linked['id']}/content")

    assert response.status_code == 409, response.text
    problem = response.json()
    assert problem["title"] == "Document held by reference"
    assert linked["originUrl"] in problem["detail"]


async def test_an_unknown_document_is_a_404(
    planner: AsyncTestClient[Any], base: str, application: dict[str, Any]
) -> None:
    url = f"{base}/{application['id']}/documents/0190b6f4-0000-7000-8000-000000000000"
    assert (await planner.get(url)).status_code == 404
    assert (await planner.get(f"{url}/content")).status_code == 404


async def test_another_council_cannot_see_fetch_upload_or_publish_documents(
    planner: AsyncTestClient[Any],
    officer: Any,
    base: str,
    application: dict[str, Any],
    document_root: Path,
    outsider: tuple[Any, Any],
) -> None:
    url = f"{base}/{application['id']}"
    document = (await upload(planner, url)).json()
    other, user = outsider
    own_base = f"/api/v1/{other.slug}/planning/applications"
    await sign_in(planner, user)

    for key in (application["id"], application["reference"].replace("/", "-")):
        for applications in (own_base, base):
            listing = f"{applications}/{key}/documents"
            one = f"{listing}/{document['id']}"
            responses = [
                await planner.get(listing),
                await planner.get(one),
                await planner.get(f"{one}/content"),
                await planner.post(f"{one}/publication"),
                await upload(planner, f"{applications}/{key}"),
            ]
            expected = (404,) if applications == own_base else (403, 404)
            for response in responses:
                assert response.status_code in expected, (listing, response.text)
                assert PDF[:64] not in response.content

    await sign_in(planner, officer)
    listed = (await planner.get(f"{url}/documents")).json()
    assert [(d["id"], d["publishedAt"]) for d in listed] == [(document["id"], None)]
    assert len(stored_files(document_root)) == 1
