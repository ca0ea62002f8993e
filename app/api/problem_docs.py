"""The problem+json error responses (RFC 9457) as the OpenAPI document describes them.

:func:`problems` gives a route's ``responses=`` for the statuses it can fail with, each an
``application/problem+json`` body with a realistic example. Without it Litestar documents only a
generic ``400`` in its own exception shape, which is not what :mod:`app.problems` sends (a bad
body or query parameter is a ``422`` problem whose ``errors`` point at the field).
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example

from app.problems import PROBLEM_BASE, PROBLEM_JSON

INSTANCE = "/api/v1/ashcombe/planning/applications/26-00042-HOUSE"


class ProblemError(msgspec.Struct, kw_only=True, omit_defaults=True):
    """One thing wrong with the input: a JSON ``pointer`` into the body, or a ``parameter``."""

    detail: Annotated[str, msgspec.Meta(examples=["Expected `str` matching regex '^\\d{1,12}$'"])]
    pointer: Annotated[str, msgspec.Meta(examples=["/site/uprn"])] | None = None
    parameter: Annotated[str, msgspec.Meta(examples=["cursor"])] | None = None


class ProblemOut(msgspec.Struct, kw_only=True, omit_defaults=True):
    """An RFC 9457 problem; some types add members (``state``, ``allowedActions`` …)."""

    type: Annotated[str, msgspec.Meta(examples=[PROBLEM_BASE + "invalid-request"])]
    title: Annotated[str, msgspec.Meta(examples=["Invalid request"])]
    status: Annotated[int, msgspec.Meta(examples=[422])]
    detail: Annotated[str, msgspec.Meta(examples=["/site/uprn: Expected `str` matching regex"])]
    instance: Annotated[str, msgspec.Meta(examples=[INSTANCE])]
    errors: list[ProblemError] | None = None


def _problem(status: int, title: str, detail: str, **extra: Any) -> dict[str, Any]:
    slug = extra.pop("type_", None) or title.lower().replace(" ", "-")
    body = {"type": PROBLEM_BASE + slug, "title": title, "status": status, "detail": detail}
    return {**body, "instance": INSTANCE, **extra}


#: Status → (when it happens, an example body).
PROBLEMS: dict[int, tuple[str, dict[str, Any]]] = {
    400: (
        "The request is malformed: a body that is not JSON, or a cursor or date range that "
        "cannot be used",
        _problem(
            400,
            "Invalid cursor",
            "The cursor is not one this API issued",
            errors=[{"parameter": "cursor", "detail": "not a valid cursor"}],
        ),
    ),
    401: (
        "Not signed in, or the access token is not valid for this council",
        _problem(401, "Sign-in required", "Sign in, or send an API access token"),
    ),
    403: (
        "Signed in, but without the permission this route declares",
        _problem(
            403,
            "Forbidden",
            "You do not have permission planning:applications:write",
        ),
    ),
    404: (
        "No such council, application (by id or reference) or record on it",
        _problem(
            404,
            "Case not found",
            "No planning case has the id or reference 26/00042/HOUSE",
        ),
    ),
    409: (
        "Not allowed in the application's current state; `allowedActions` says what is",
        _problem(
            409,
            "Not allowed in the current state",
            "Cannot determine a planning application case that is consultation; allowed now: "
            "start_assessment, withdraw",
            type_="illegal-transition",
            state="consultation",
            attempted="determine",
            allowedActions=["start_assessment", "withdraw"],
        ),
    ),
    412: (
        "If-Match does not match the application's current ETag: read it again and retry",
        _problem(
            412,
            "Precondition failed",
            "The case has changed since you read it (the case is now at version 3); fetch it "
            "again and retry.",
            currentVersion=3,
        ),
    ),
    413: (
        "The uploaded document is larger than the limit",
        _problem(
            413,
            "Document too large",
            "A document can be at most 50 MB",
            errors=[{"pointer": "/file", "detail": "too large"}],
        ),
    ),
    422: (
        "The body or a query parameter is invalid; each of `errors` points at a field",
        _problem(
            422,
            "Invalid request",
            "/site/uprn: Expected `str` matching regex '^\\d{1,12}$'",
            errors=[{"pointer": "/site/uprn", "detail": "Expected `str` matching regex"}],
        ),
    ),
    428: (
        "If-Match is required to change the application",
        _problem(
            428,
            "Precondition required",
            "Send If-Match with the ETag you read, so concurrent edits are not lost",
        ),
    ),
}

#: What can go wrong on every tenant route: a bad request, signing in, permission, no council.
ALWAYS = (400, 401, 403, 404)


def problems(*statuses: int) -> dict[int, ResponseSpec]:
    """``responses=`` for a route: the :data:`ALWAYS` problems and ``statuses``."""
    return {
        status: ResponseSpec(
            data_container=ProblemOut,
            media_type=PROBLEM_JSON,
            description=PROBLEMS[status][0],
            examples=[Example(summary=PROBLEMS[status][1]["title"], value=PROBLEMS[status][1])],
            generate_examples=False,
        )
        for status in sorted({*ALWAYS, *statuses})
    }


#: Reading one thing.
READ_PROBLEMS = problems()
#: Listing: also ``422`` for a bad query parameter.
LIST_PROBLEMS = problems(422)
#: An action without a body: ``409`` if the workflow does not allow it now.
ACTION_PROBLEMS = problems(409)
#: Changing with a body: also ``422`` if the body is invalid.
WRITE_PROBLEMS = problems(409, 422)

__all__ = [
    "ACTION_PROBLEMS",
    "LIST_PROBLEMS",
    "READ_PROBLEMS",
    "WRITE_PROBLEMS",
    "ProblemError",
    "ProblemOut",
    "problems",
]
