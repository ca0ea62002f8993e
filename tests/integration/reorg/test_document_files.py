"""Documents' files move with their rows. Three seeded councils hold real uploaded files
(``reorg_support``, in a document store of this module's own) and one document held by
reference only, with no file; then:

* a run interrupted between copying a batch of files and re-keying it (the engine's kill hook,
  raising instead of SIGKILL) resumes to the full result, and rollback deletes every file it
  copied while the sources' files stay byte for byte;
* a target file deleted or altered after the run fails verification (``vesta reorg verify``
  exits non-zero, the report names the documents);
* a merge through the operator API copies every file under the successor's prefix, re-keys
  the rows, verifies, and after cut-over the successor's download route serves the bytes.

The tests share the councils and run in this order (the last one retires them).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import sign_in, vesta
from reorg_support import (
    FILES_PER_COUNCIL,
    OFFICERS,
    PDF,
    UPLOADS,
    Upload,
    document_keys,
    plan,
    seeded_councils,
    stored,
    target_of,
)

PER_COUNCIL = FILES_PER_COUNCIL


class SimulatedKill(BaseException):
    """Stops the run where the kill hook says, as SIGKILL would: nothing marks it failed."""


@pytest.fixture(scope="module")
def document_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A local document store of this module's own (also seen by the CLI's subprocess)."""
    from tenancy.storage import document_store_from_env

    data = tmp_path_factory.mktemp("reorg-files")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VESTA_DOCUMENT_STORE", "local")
        patch.setenv("VESTA_DATA_DIR", str(data))
        document_store_from_env.cache_clear()
        yield data / "documents"
    document_store_from_env.cache_clear()


@pytest.fixture(scope="module")
def councils(document_root: Path) -> list[Any]:
    return seeded_councils("doc")


@pytest.fixture(scope="module")
def uploads(councils: list[Any]) -> list[Upload]:
    """The planning documents seeded with real bytes in each council (``reorg_support``)."""
    return [upload for council in councils for upload in UPLOADS[council.slug]]


@pytest.fixture(scope="module")
def by_reference(councils: list[Any], uploads: list[Upload]) -> str:
    """A document an ODP submission named by URL only: metadata, no file, no key."""
    from uuid_utils.compat import uuid7

    from services.core.cases.records import Document
    from tenancy.binding import tenant_session_sync

    first = uploads[0]
    with tenant_session_sync(first.council.schema_name) as session:
        row = Document(
            id=uuid7(),
            case_id=first.case_id,
            name="site-plan.pdf",
            types=["sitePlan.proposed"],
            source="submission",
            mime_type=PDF,
            origin_url="https://api.editor.planx.uk/file/private/abc/site-plan.pdf",
            uploaded_by="odp",
        )
        session.add(row)
    return str(row.id)


def expected_key(schema: str, upload: Upload) -> str:
    return f"{schema}/{upload.case_id}/{upload.document_id}"


def status_of(reorg_id: Any) -> str:
    from tenancy.binding import platform_session_sync
    from tenancy.reorg.plan import get_reorganisation

    with platform_session_sync() as session:
        return str(get_reorganisation(session, reorg_id).status.value)


def test_an_interrupted_file_copy_resumes_and_rollback_removes_the_copies(
    councils: list[Any],
    uploads: list[Upload],
    by_reference: str,
    document_root: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tenancy.reorg import engine, lifecycle, verify

    schemas = [c.schema_name for c in councils]
    sources_before = stored(*schemas)
    assert len(sources_before) == len(uploads) == PER_COUNCIL * len(councils)
    reorg = plan(councils, "docres")
    target = target_of(reorg.id).schema_name
    points: list[str] = []

    def kill_at_second_file_batch(point: str) -> None:
        points.append(point)
        if sum(p.startswith("files-copied") for p in points) == 2:
            raise SimulatedKill(point)

    monkeypatch.setattr(engine, "_KillPoints", lambda: kill_at_second_file_batch)
    with pytest.raises(SimulatedKill):
        engine.run(reorg.id, actor="test")
    monkeypatch.undo()
    assert status_of(reorg.id) == "running"
    # First council: copied and re-keyed. Second: files copied, keys not yet. Third: neither.
    keys = document_keys(target)
    first, second, third = ([u for u in uploads if u.council is c] for c in councils)
    held = stored(target)
    for upload in first:
        assert keys[upload.document_id] == expected_key(target, upload)
        assert held[expected_key(target, upload)] == upload.content
    for upload in second:
        assert keys[upload.document_id] == expected_key(upload.council.schema_name, upload)
        assert held[expected_key(target, upload)] == upload.content
    assert not any(expected_key(target, u) in held for u in third)

    engine.run(reorg.id, actor="test")
    report = verify.verify(reorg.id, actor="test")
    assert report["ok"], report["mismatches"]
    assert {f["source"]: f["files"] for f in report["files"]} == {
        c.slug: PER_COUNCIL for c in councils
    }
    keys = document_keys(target)
    assert keys[by_reference] is None  # no file: nothing to copy, no key made up
    held = stored(target)
    assert {keys[u.document_id]: u.content for u in uploads} == held

    lifecycle.rollback(reorg.id, actor="test")
    assert stored(target) == {}
    assert stored(*schemas) == sources_before


def test_a_missing_or_altered_target_file_fails_verification(
    councils: list[Any], uploads: list[Upload], document_root: Path
) -> None:
    from tenancy.reorg import engine, lifecycle

    schemas = [c.schema_name for c in councils]
    sources_before = stored(*schemas)
    reorg = plan(councils, "docmis")
    engine.run(reorg.id, actor="test")
    target = target_of(reorg.id).schema_name
    lost, altered = uploads[0], uploads[PER_COUNCIL]
    (document_root / expected_key(target, lost)).unlink()
    (document_root / expected_key(target, altered)).write_bytes(b"%PDF-1.7 not the upload")

    checked = vesta("reorg", "verify", str(reorg.id))

    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "verification failed: 2 mismatches" in checked.stderr
    from tenancy.reorg import verify

    report = verify.verify(reorg.id, actor="test")
    assert not report["ok"]
    failed = {m["source"]: m for m in report["mismatches"] if m["table"] == "documents"}
    assert set(failed) == {lost.council.slug, altered.council.slug}
    assert failed[lost.council.slug]["missingFiles"] == 1
    assert failed[lost.council.slug]["examples"]["missingFiles"] == [lost.document_id]
    assert failed[altered.council.slug]["differingFiles"] == 1
    assert failed[altered.council.slug]["examples"]["differingFiles"] == [altered.document_id]

    lifecycle.rollback(reorg.id, actor="test")
    assert stored(target) == {}
    assert stored(*schemas) == sources_before


async def test_after_cut_over_the_successor_serves_the_copied_files(
    councils: list[Any], uploads: list[Upload], document_root: Path, client: Any
) -> None:
    schemas = [c.schema_name for c in councils]
    sources_before = stored(*schemas)
    reorg = plan(councils, "doccut")
    key = str(reorg.id)
    started = await client.post(f"/api/v1/platform/reorganisations/{key}/run")
    assert started.status_code == 202, started.text
    report = (await client.post(f"/api/v1/platform/reorganisations/{key}/verify")).json()
    assert report["ok"], report["mismatches"]
    cut = await client.post(f"/api/v1/platform/reorganisations/{key}/cut-over")
    assert cut.status_code == 200, cut.text
    successor = target_of(reorg.id)
    keys = document_keys(successor.schema_name)
    assert {keys[u.document_id] for u in uploads} == {
        expected_key(successor.schema_name, u) for u in uploads
    }

    for upload in uploads:
        await sign_in(client, OFFICERS[upload.council.slug])
        url = (
            f"/api/v1/{successor.slug}/planning/applications/{upload.case_id}"
            f"/documents/{upload.document_id}/content"
        )
        downloaded = await client.get(url)
        assert downloaded.status_code == 200, downloaded.text
        assert downloaded.content == upload.content
    assert stored(*schemas) == sources_before
