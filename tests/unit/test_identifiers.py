"""Slugs, schema names and GSS codes are checked before they reach SQL or URLs."""

from __future__ import annotations

import pytest

from tenancy.identifiers import (
    InvalidIdentifier,
    check_gss_code,
    check_schema_name,
    check_slug,
    is_valid_slug,
    new_schema_name,
    quote_schema,
)
from tenancy.sql import schema_sql


@pytest.mark.parametrize("slug", ["ashcombe", "wyvern-vale", "north-east-lincs2", "a"])
def test_good_slugs(slug: str) -> None:
    assert check_slug(slug) == slug


@pytest.mark.parametrize(
    "slug",
    [
        "",
        "Ashcombe",
        "-vale",
        "vale-",
        "two--hyphens",
        "with space",
        "under_score",
        "9lives",
        "platform",
        "health",
        "a" * 64,
        "x;drop schema",
    ],
)
def test_bad_slugs(slug: str) -> None:
    assert not is_valid_slug(slug)
    with pytest.raises(InvalidIdentifier):
        check_slug(slug)


def test_schema_names_are_random_and_valid() -> None:
    names = {new_schema_name() for _ in range(200)}
    assert len(names) == 200
    for name in names:
        assert check_schema_name(name) == name


@pytest.mark.parametrize(
    "name", ["public", "platform", "t_123", "t_0123456789abc", 't_0123456789ab"', "T_0123456789AB"]
)
def test_other_schema_names_are_refused(name: str) -> None:
    with pytest.raises(InvalidIdentifier):
        quote_schema(name)


def test_schema_sql_quotes_validated_names_only() -> None:
    sql = schema_sql("SELECT 1 FROM {s}.settings", s="t_0123456789ab")
    assert str(sql) == 'SELECT 1 FROM "t_0123456789ab".settings'
    with pytest.raises(InvalidIdentifier):
        schema_sql("SELECT 1 FROM {s}.settings", s="public")


@pytest.mark.parametrize("code", ["E07000301", "E06000071", "W06000015"])
def test_gss_codes(code: str) -> None:
    assert check_gss_code(code) == code


@pytest.mark.parametrize("code", ["E0700030", "e07000301", "X07000301", "E07000301 "])
def test_bad_gss_codes(code: str) -> None:
    with pytest.raises(InvalidIdentifier):
        check_gss_code(code)
