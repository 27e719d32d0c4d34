"""`memsvc mcp`: the MCP server over stdin/stdout for a local agent, on the embedded defaults
`memsvc serve` uses, acting for one fixed tenant. stdout carries only the protocol: logs go
to stderr, and the SDK points fd 1 at stderr while it serves, so stray output misses the wire."""

from __future__ import annotations

import logging
import threading

import anyio
from mcp.server.stdio import stdio_server

from memsvc.config import Settings
from memsvc.errors import InvalidRequestError, UnavailableError
from memsvc.mcp.server import Context, build_server
from memsvc.mcp.tools import Caller
from memsvc.runtime import BackgroundBuild, Runtime
from memsvc.tenants.scope import DEFAULT_TENANT, TENANT_ID, Principal

log = logging.getLogger(__name__)
BUILD_WAIT_SECONDS = 30.0  # at exit, how long to wait for a build under way (as serve does)


def serve_stdio(settings: Settings, *, tenant: str | None = None) -> int:
    """Serve until the client closes stdin; tenant defaults to the one the open local mode of
    /v1 uses, so both doors of one data dir see the same memory."""
    tenant_id = tenant or DEFAULT_TENANT
    if not TENANT_ID.match(tenant_id):
        raise InvalidRequestError(
            f"tenant ids are 1-32 characters of a-z 0-9 and '-', starting with a letter or "
            f"digit: got {tenant_id!r}"
        )
    anyio.run(_serve, settings, Principal(tenant_id=tenant_id))
    return 0


async def _serve(settings: Settings, tenant: Principal) -> None:
    building = _Building(settings, tenant)
    server = build_server(building.caller)
    async with stdio_server() as (read_stream, write_stream):
        # Built while serving, as `memsvc serve` does: the client's handshake and tool list
        # need no models; calls wait for them.
        building.start()
        try:
            await server.run(read_stream, write_stream, server.create_initialization_options())
        finally:
            await anyio.to_thread.run_sync(building.close)


class _Building:
    """The runtime, built on a thread; callers wait until it is ready (or failed)."""

    def __init__(self, settings: Settings, tenant: Principal) -> None:
        self._tenant = tenant
        self._done = threading.Event()
        self._runtime: Runtime | None = None
        self._failure: BaseException | None = None
        self._build = BackgroundBuild(settings, on_ready=self._ready, on_failure=self._failed)

    def start(self) -> None:
        self._build.start()

    def close(self) -> None:
        self._build.close(timeout=BUILD_WAIT_SECONDS)

    def _ready(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._done.set()

    def _failed(self, error: BaseException) -> None:
        self._failure = error
        self._done.set()

    async def caller(self, ctx: Context) -> Caller:
        """The built runtime and the fixed tenant, once the build has finished."""
        if not self._done.is_set():
            await anyio.to_thread.run_sync(self._done.wait)
        if self._runtime is None:
            raise UnavailableError(
                f"memsvc cannot start ({type(self._failure).__name__}: {self._failure}); "
                "see the server log"
            )
        return Caller(runtime=self._runtime, tenant=self._tenant)
