"""Server-side sessions in Redis whose id changes at sign-in.

Litestar's server-side session keeps the id from the request's cookie for as long as the cookie
lives. Signing in must not keep an id that existed before (session fixation), so a request that
calls :func:`rotate_session_id` answers with a fresh id and drops the old one from the store.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware.session.server_side import (
    ServerSideSessionBackend,
    ServerSideSessionConfig,
)
from litestar.types import Empty, Message, ScopeSession

_ROTATE = "vesta_rotate_session"
_NEW_ID = "vesta_new_session_id"


def rotate_session_id(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    connection.scope[_ROTATE] = True  # type: ignore[literal-required]


class RotatingSessionBackend(ServerSideSessionBackend):
    def get_session_id(self, connection: ASGIConnection[Any, Any, Any, Any]) -> str:
        if not connection.scope.get(_ROTATE):
            return super().get_session_id(connection)
        new_id = connection.scope.get(_NEW_ID)
        if not new_id:
            new_id = self.generate_session_id()
            connection.scope[_NEW_ID] = new_id  # type: ignore[literal-required]
        return str(new_id)

    async def store_in_message(
        self,
        scope_session: ScopeSession,
        message: Message,
        connection: ASGIConnection[Any, Any, Any, Any],
    ) -> None:
        old_id = connection.cookies.get(self.config.key)
        if (not old_id or old_id == "null") and (scope_session is Empty or not scope_session):
            return  # nothing to keep and nothing kept: no session, no cookie (API calls, probes)
        if connection.scope.get(_ROTATE) and old_id and old_id != "null":
            await self.delete(old_id, store=self.config.get_store_from_app(connection.scope["app"]))
        await super().store_in_message(scope_session, message, connection)


class RotatingSessionConfig(ServerSideSessionConfig):
    _backend_class = RotatingSessionBackend
