"""The acting principal's name as the audit logs record it (``user:<id> <email>`` or
``client:<id>``), for route handlers that write."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.di import NamedDependency

ANONYMOUS = "anonymous"


async def provide_actor(request: Request[Any, Any, Any]) -> str:
    user = request.scope.get("user")
    return str(getattr(user, "audit_name", None) or ANONYMOUS)


Actor = NamedDependency[str]
