"""Examples for the OpenAPI document, shared by every route module: ``example(...)`` for a
field, :func:`example_of` to compose a Struct's example from its fields' examples,
:func:`page_example` for the ODP ``{data, pagination}`` envelope and
:func:`response_with_examples` for whole-body response examples.

Litestar (2.25) drops ``null`` members from example values when it writes the document, so a
whole-body example is only given where no required member is null.
"""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example

from app.api.pagination import page_of

_NONE = object()


def example(*values: Any) -> msgspec.Meta:
    """Examples of a field's value for the OpenAPI document: ``Annotated[T, example(…)]``."""
    return msgspec.Meta(examples=list(values))


def _value(info: msgspec.inspect.Type) -> Any:
    """The first example a type carries, looking through unions, lists and Structs."""
    if isinstance(info, msgspec.inspect.Metadata):
        examples = (info.extra_json_schema or {}).get("examples")
        return examples[0] if examples else _value(info.type)
    if isinstance(info, msgspec.inspect.UnionType):
        values = (_value(t) for t in info.types if not isinstance(t, msgspec.inspect.NoneType))
        return next((v for v in values if v is not _NONE), None if info.includes_none else _NONE)
    if isinstance(info, msgspec.inspect.StructType):
        return _fields(info)
    if isinstance(info, msgspec.inspect.ListType):
        item = _value(info.item_type)
        return [] if item is _NONE else [item]
    return _NONE


def _fields(info: msgspec.inspect.StructType) -> dict[str, Any]:
    values = ((field.encode_name, _value(field.type)) for field in info.fields)
    return {name: value for name, value in values if value is not _NONE}


def example_of(struct: type[msgspec.Struct]) -> dict[str, Any]:
    """``struct`` as JSON, each field its first example (fields without one are left out)."""
    info = msgspec.inspect.type_info(struct)
    if not isinstance(info, msgspec.inspect.StructType):
        raise TypeError(f"{struct!r} is not a msgspec Struct")
    return _fields(info)


def page_example(item: dict[str, Any], total: int) -> dict[str, Any]:
    """The first page of ten of the ODP ``{data, pagination}`` envelope, starting with ``item``."""
    return msgspec.to_builtins(page_of([item], total, 1, 10))


def response_with_examples(
    container: Any, description: str, **examples: dict[str, Any]
) -> ResponseSpec:
    """A success response documented with whole-body ``examples`` (keyword: summary)."""
    return ResponseSpec(
        data_container=container,
        description=description,
        examples=[
            Example(summary=summary.replace("_", " ").capitalize(), value=value)
            for summary, value in examples.items()
        ],
        generate_examples=False,
    )
