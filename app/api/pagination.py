"""The ODP response envelope (``{data, pagination}``) and offset pagination parameters."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Annotated, Any, Generic, TypeVar

import msgspec
from litestar.params import QueryParameter

T = TypeVar("T")

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10

PageParam = Annotated[int, QueryParameter(name="page", ge=1, description="Page (from 1)")]
PerPageParam = Annotated[
    int,
    QueryParameter(name="resultsPerPage", ge=1, le=MAX_PER_PAGE, description="Page size"),
]


class Pagination(msgspec.Struct, rename="camel"):
    results_per_page: int
    current_page: int
    total_pages: int
    total_results: int


class Page(msgspec.Struct, Generic[T]):
    data: list[T]
    pagination: Pagination


def page_of(items: Sequence[Any], total: int, page: int, per_page: int) -> Page[Any]:
    return Page(
        data=list(items),
        pagination=Pagination(
            results_per_page=per_page,
            current_page=page,
            total_pages=max(1, math.ceil(total / per_page)),
            total_results=total,
        ),
    )
