"""How the runner reaches memsvc: the `memsvc_client` SDK, by URL or against an in-process app."""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from memsvc_client import Memsvc

IN_PROCESS_URL = "http://memsvc.in-process"


class SyncASGITransport(httpx.BaseTransport):
    """httpx's ASGITransport is async only; the sync SDK reaches the app through this, which
    runs the app on an event loop of its own thread (the caller may be inside one)."""

    def __init__(self, app: Any) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> httpx.Response:
            response = await self._inner.handle_async_request(request)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        return asyncio.run_coroutine_threadsafe(send(), self._loop).result()

    def close(self) -> None:
        if self._loop.is_closed():
            return
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()


@contextlib.contextmanager
def open_client(
    url: str | None = None, *, data_dir: str | None = None, timeout: float = 120.0
) -> Iterator[Memsvc]:
    """A server by URL (API key from $MEMSVC_API_KEY), or (url None) a fresh in-process memsvc."""
    if url:
        with Memsvc(base_url=url, timeout=timeout) as client:
            yield client
        return
    with _in_process(data_dir, timeout) as client:
        yield client


@contextlib.contextmanager
def _in_process(data_dir: str | None, timeout: float) -> Iterator[Memsvc]:
    """Build memsvc's runtime and app here; the temporary dir is removed afterwards."""
    from fastapi.testclient import TestClient

    from memsvc.app import create_app
    from memsvc.config import Settings
    from memsvc.runtime import build_runtime

    with contextlib.ExitStack() as stack:
        root = data_dir or stack.enter_context(tempfile.TemporaryDirectory(prefix="memsvc-eval-"))
        # Settings() still reads MEMSVC_* (e.g. MEMSVC_TORCH_THREADS); storage and auth are
        # pinned: a throwaway local server, open like the embedded mode.
        settings = Settings(
            data_dir=Path(root), database_url=None, qdrant_url=None, require_api_key=False
        )
        runtime = build_runtime(settings)
        stack.callback(runtime.close)
        app = create_app(runtime=runtime)
        stack.enter_context(TestClient(app))  # runs the app's lifespan (startup, shutdown)
        # api_key="": never send a $MEMSVC_API_KEY meant for a remote server to this one.
        transport = SyncASGITransport(app)
        client = Memsvc(base_url=IN_PROCESS_URL, api_key="", timeout=timeout, transport=transport)
        yield stack.enter_context(client)
