"""Rules of the codebase: import layers, migration heads, module docstrings, module size,
raw SQL naming schemas only inside tenancy/."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from tenancy.migrate import head_revision

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "tenancy", "services", "infra")
MAX_LINES = 400


def python_files() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def test_import_layers_hold() -> None:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports"))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_current_head_files_match_the_migration_heads() -> None:
    for stream in ("platform", "tenant"):
        recorded = (ROOT / "migrations" / stream / ".current-head").read_text().strip()
        assert recorded == head_revision(stream), (
            f"migrations/{stream}/.current-head says {recorded}; the head is "
            f"{head_revision(stream)}. Update the file with your new migration."
        )


def test_migration_files_are_numbered_in_order() -> None:
    for stream in ("platform", "tenant"):
        names = sorted(p.name for p in (ROOT / "migrations" / stream / "versions").glob("*.py"))
        numbers = [int(re.match(r"(\d{4})_", n).group(1)) for n in names]  # type: ignore[union-attr]
        assert numbers == list(range(1, len(numbers) + 1)), names


def test_every_module_has_a_docstring_and_stays_small() -> None:
    missing, large = [], []
    for path in python_files():
        source = path.read_text()
        if source.strip() and ast.get_docstring(ast.parse(source)) is None:
            missing.append(str(path.relative_to(ROOT)))
        if source.count("\n") > MAX_LINES:
            large.append(str(path.relative_to(ROOT)))
    assert missing == []
    assert large == []


def test_raw_sql_lives_in_tenancy_only() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in python_files()
        if not path.is_relative_to(ROOT / "tenancy")
        and re.search(r"\btext\(|exec_driver_sql\(", path.read_text())
    ]
    assert offenders == ["app/api/health.py"]  # a bare SELECT 1, naming no schema
