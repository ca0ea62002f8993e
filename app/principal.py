"""Who is calling. Until sign-in lands every caller is the anonymous principal; the audit logs
already record whatever this returns, so signed-in users appear there without other changes."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.di import NamedDependency

ANONYMOUS = "anonymous"


async def provide_actor(request: Request[Any, Any, Any]) -> str:
    user = request.scope.get("user")
    return str(getattr(user, "id", None) or ANONYMOUS)


Actor = NamedDependency[str]
