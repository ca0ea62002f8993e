"""Validation failures become JSON pointers into the request body."""

from __future__ import annotations

import pytest
from litestar.exceptions import ValidationException

from app.problems import _pointer, _validation_errors


@pytest.mark.parametrize(
    ("key", "pointer"),
    [
        ("$.name", "/name"),
        ("$.site.uprn", "/site/uprn"),
        ("$.items[2].code", "/items/2/code"),
        ("name", "/name"),
        ("$.a/b", "/a~1b"),
    ],
)
def test_keys_become_pointers(key: str, pointer: str) -> None:
    assert _pointer(key) == pointer


def test_litestar_validation_extra_is_mapped() -> None:
    exc = ValidationException(
        extra=[
            {
                "message": "Expected `str`, got `int` - at `$.gssCode`",
                "key": "data",
                "source": "body",
            },
            {"message": "Object contains unknown field `colour`", "key": "data", "source": "body"},
            {"message": "Expected `int`", "key": "page", "source": "query"},
        ]
    )
    assert _validation_errors(exc) == [
        {"pointer": "/gssCode", "detail": "Expected `str`, got `int`"},
        {"pointer": "/colour", "detail": "Object contains unknown field `colour`"},
        {"parameter": "page", "detail": "Expected `int`"},
    ]
