"""Rendering references from a council's format."""

from __future__ import annotations

import pytest

from services.core.references import render_reference


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("YY/NNNNN/SUFFIX", "26/00001/HOUSE"),
        ("YYYY-NNNNNN", "2026-000001"),
        ("SERVICE/YY/NNNN/SUFFIX", "P/26/0001/HOUSE"),
    ],
)
def test_formats(fmt: str, expected: str) -> None:
    assert (
        render_reference(fmt, year=2026, number=1, suffix="HOUSE", service="planning") == expected
    )


def test_numbers_wider_than_their_run_are_not_truncated() -> None:
    rendered = render_reference(
        "YY/NNN/SUFFIX", year=2026, number=12345, suffix="FUL", service="planning"
    )
    assert rendered == "26/12345/FUL"
