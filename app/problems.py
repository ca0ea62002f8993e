"""RFC 9457 problem+json for every error the API returns.

Handlers turn tenancy errors, validation failures, HTTP exceptions and unexpected exceptions into
``application/problem+json`` bodies with ``type``, ``title``, ``status``, ``detail`` and, where
input was at fault, ``errors`` each carrying a JSON ``pointer`` into the request body (or the
name of the offending query/path ``parameter``).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import (
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_500_INTERNAL_SERVER_ERROR,
)

from services.core.cases.store import CaseNotFound, CaseRuleError, VersionMismatch
from services.core.workflow import IllegalTransition
from tenancy.errors import TenancyError
from tenancy.provenance import FORMERLY_PARAMETER
from tenancy.reorg.errors import TenantMoved

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://vesta.dev/problems/"
logger = logging.getLogger("vesta.problems")


class Problem(Exception):
    """Raise from handlers for an error with a specific problem type."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        type_: str | None = None,
        errors: list[dict[str, str]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.type = type_
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra


def problem_response(
    request: Request[Any, Any, Any],
    status: int,
    title: str,
    detail: str,
    *,
    type_: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + (type_ or _slug(title)),
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
    }
    if errors:
        body["errors"] = errors
    body.update(extra)
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _pointer(key: str) -> str:
    """msgspec/Litestar keys (``$.site.uprn``, ``$[0]``, ``name``) as JSON pointers."""
    key = key.removeprefix("$")
    parts = re.findall(r"\.([^.\[]+)|\[(\d+)\]|^([^.\[]+)", key)
    segments = [next(p for p in part if p) for part in parts]
    return "/" + "/".join(s.replace("~", "~0").replace("/", "~1") for s in segments)


def _validation_errors(exc: ValidationException) -> list[dict[str, str]]:
    errors: list[dict[str, str]] = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if not isinstance(item, dict):
            continue
        message = str(item.get("message", "Invalid value"))
        source = item.get("source")
        key = str(item.get("key", ""))
        if source in ("query", "path", "header", "cookie"):
            errors.append({"parameter": key, "detail": message})
            continue
        match = re.search(r"at `([^`]+)`", message)
        if match:
            key = match.group(1)
            message = message[: match.start()].rstrip(" -")
        pointer = "" if key in ("", "data", "$") else _pointer(key)
        unknown = re.search(r"unknown field `([^`]+)`", message)
        if unknown:
            pointer = f"{pointer}/{unknown.group(1)}"
        errors.append({"pointer": pointer, "detail": message})
    return errors


def handle_validation(request: Request[Any, Any, Any], exc: ValidationException) -> Response[Any]:
    errors = _validation_errors(exc)
    detail = "; ".join(
        f"{e.get('pointer') or e.get('parameter')}: {e['detail']}" for e in errors
    ) or str(exc.detail)
    return problem_response(
        request, HTTP_422_UNPROCESSABLE_ENTITY, "Invalid request", detail, errors=errors
    )


def handle_tenancy(request: Request[Any, Any, Any], exc: TenancyError) -> Response[Any]:
    errors = [{"pointer": exc.pointer, "detail": exc.detail}] if exc.pointer else None
    return problem_response(request, exc.status_code, exc.title, exc.detail, errors=errors)


def handle_tenant_moved(request: Request[Any, Any, Any], exc: TenantMoved) -> Response[Any]:
    """308 to the same path (and query) under the successor's slug, naming the retired council
    (``formerly=<slug>``) so a reference several predecessors shared finds this one's record."""
    old, new = f"/api/v1/{exc.slug}/", f"/api/v1/{exc.successor_slug}/"
    path = request.url.path
    location = new + path[len(old) :] if path.startswith(old) else f"/api/v1/{exc.successor_slug}"
    query = request.url.query
    if FORMERLY_PARAMETER not in request.query_params:
        query = "&".join(filter(None, (query, f"{FORMERLY_PARAMETER}={exc.slug}")))
    location += f"?{query}"
    return problem_response(
        request,
        exc.status_code,
        exc.title,
        exc.detail,
        headers={"Location": location},
        successor=exc.successor_slug,
    )


def handle_problem(request: Request[Any, Any, Any], exc: Problem) -> Response[Any]:
    return problem_response(
        request,
        exc.status,
        exc.title,
        exc.detail,
        type_=exc.type,
        errors=exc.errors,
        headers=exc.headers,
        **exc.extra,
    )


def handle_http(request: Request[Any, Any, Any], exc: HTTPException) -> Response[Any]:
    title = {404: "Not found", 405: "Method not allowed", 401: "Unauthorised", 403: "Forbidden"}
    return problem_response(
        request,
        exc.status_code,
        title.get(exc.status_code, "HTTP error"),
        str(exc.detail),
        headers=exc.headers,
    )


def handle_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        request,
        HTTP_500_INTERNAL_SERVER_ERROR,
        "Internal server error",
        "Something went wrong on our side; the error has been logged.",
    )


def handle_illegal_transition(
    request: Request[Any, Any, Any], exc: IllegalTransition
) -> Response[Any]:
    return problem_response(
        request,
        HTTP_409_CONFLICT,
        "Not allowed in the current state",
        str(exc),
        type_="illegal-transition",
        state=exc.state,
        attempted=exc.action,
        allowedActions=list(exc.allowed),
    )


def handle_case_rule(request: Request[Any, Any, Any], exc: CaseRuleError) -> Response[Any]:
    title = (
        "Not allowed in the current state" if exc.status == HTTP_409_CONFLICT else "Invalid request"
    )
    errors = [{"pointer": exc.pointer, "detail": exc.detail}]
    detail = f"{exc.pointer}: {exc.detail}" if exc.pointer else exc.detail
    return problem_response(request, exc.status, title, detail, errors=errors)


def handle_case_not_found(request: Request[Any, Any, Any], exc: CaseNotFound) -> Response[Any]:
    return problem_response(request, 404, "Case not found", str(exc))


def handle_version_mismatch(request: Request[Any, Any, Any], exc: VersionMismatch) -> Response[Any]:
    return problem_response(
        request,
        412,
        "Precondition failed",
        f"The case has changed since you read it ({exc}); fetch it again and retry.",
        currentVersion=exc.current,
    )


EXCEPTION_HANDLERS: dict[Any, Any] = {
    IllegalTransition: handle_illegal_transition,
    CaseNotFound: handle_case_not_found,
    CaseRuleError: handle_case_rule,
    VersionMismatch: handle_version_mismatch,
    ValidationException: handle_validation,
    TenantMoved: handle_tenant_moved,
    TenancyError: handle_tenancy,
    Problem: handle_problem,
    HTTPException: handle_http,
    Exception: handle_unexpected,
}

__all__ = ["EXCEPTION_HANDLERS", "PROBLEM_JSON", "Problem", "problem_response"]
