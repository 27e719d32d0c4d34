"""/mcp in `memsvc serve`: the MCP server over streamable HTTP, stateless with JSON replies,
behind the same API-key check and tenant scoping as /v1 (it calls /v1's own dependencies)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, TypeVar

import anyio
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from starlette.requests import Request
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from memsvc.config import Settings
from memsvc.deps import StartingError, get_principal, get_runtime
from memsvc.errors import AuthenticationError
from memsvc.mcp.server import Context, build_server
from memsvc.mcp.tools import Caller
from memsvc.tenants.scope import Principal

AppT = TypeVar("AppT")
Lifespan = Callable[[AppT], AbstractAsyncContextManager[None]]
PATH = "/mcp"


class McpDoor:
    """The ASGI app served at /mcp, one per app. The SDK's session manager runs only once, so
    every lifespan run of the app gets a fresh one (tests start many apps, some twice)."""

    def __init__(self, settings: Settings) -> None:
        self._server = build_server(_http_caller)
        self._max_body_bytes = settings.max_body_bytes  # memsvc's body limit, not the SDK's 4 MiB
        self._manager: StreamableHTTPSessionManager | None = None
        self.route = Route(PATH, endpoint=self, include_in_schema=False)

    def lifespan(self, inner: Lifespan[AppT]) -> Lifespan[AppT]:
        """inner, with the MCP session manager running inside it (stopped first at shutdown,
        before inner closes the runtime the tools use)."""

        @asynccontextmanager
        async def lifespan(app: AppT) -> AsyncIterator[None]:
            manager = StreamableHTTPSessionManager(
                app=self._server,
                stateless=True,  # every request stands alone: no session to pin to a replica
                json_response=True,
                max_request_body_size=self._max_body_bytes,
            )
            async with inner(app), manager.run():
                self._manager = manager
                try:
                    yield
                finally:
                    self._manager = None

        return lifespan

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Authenticate as /v1 does, then hand the request to the MCP transport. A refusal is
        raised as /v1's errors are, so the app renders it the same way (401 with
        WWW-Authenticate, 503 starting with Retry-After)."""
        scope["route"] = self.route  # access log and metrics label /mcp, as FastAPI's routes
        request = Request(scope, receive)
        runtime = get_runtime(request)
        # Looks the key up in SQL: off the event loop, as FastAPI runs /v1's dependency.
        await anyio.to_thread.run_sync(get_principal, request, runtime)
        if self._manager is None:
            raise StartingError("starting: the MCP transport is not running yet; retry shortly")
        await self._manager.handle_request(scope, receive, send)


async def _http_caller(ctx: Context) -> Caller:
    """The runtime and tenant of a call: get_principal left the tenant on the request."""
    request: Any = ctx.request
    principal = getattr(request.state, "principal", None) if request is not None else None
    if not isinstance(principal, Principal):  # never: every request passed McpDoor first
        raise AuthenticationError("no caller: /mcp requests are authenticated first")
    return Caller(runtime=get_runtime(request), tenant=principal)
