"""How the runner reaches memsvc: an in-process app or a server URL, behind one small interface."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol


class TransportError(RuntimeError):
    """memsvc answered with an error status."""


class HttpLike(Protocol):
    """The slice of httpx.Client / TestClient the transports use."""

    def post(self, url: str, *, json: Any = None) -> Any:
        """POST a JSON body."""

    def delete(self, url: str) -> Any:
        """DELETE a resource."""

    def get(self, url: str) -> Any:
        """GET a resource."""


class Transport(Protocol):
    """What the runner needs from memsvc: JSON POSTs, DELETEs and the server's version."""

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST JSON, return the decoded response."""

    def delete(self, path: str) -> int:
        """DELETE, return the status code."""

    def get(self, path: str) -> dict[str, Any]:
        """GET, return the decoded response."""

    def server_version(self) -> str | None:
        """The server's version, when it says."""


class ClientTransport:
    """A Transport over any httpx-style client (httpx.Client or FastAPI's TestClient)."""

    def __init__(self, client: HttpLike) -> None:
        self.client = client

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST JSON; raise TransportError with memsvc's message on failure."""
        response = self.client.post(path, json=body)
        if response.status_code >= 400:
            raise TransportError(f"POST {path} -> {response.status_code}: {response.text[:500]}")
        return response.json() if response.content else {}

    def get(self, path: str) -> dict[str, Any]:
        """GET; raise TransportError with memsvc's message on failure."""
        response = self.client.get(path)
        if response.status_code >= 400:
            raise TransportError(f"GET {path} -> {response.status_code}: {response.text[:500]}")
        return dict(response.json())

    def delete(self, path: str) -> int:
        """DELETE; a 404 is fine (nothing to delete), other errors raise."""
        response = self.client.delete(path)
        if response.status_code >= 400 and response.status_code != 404:
            raise TransportError(f"DELETE {path} -> {response.status_code}: {response.text[:500]}")
        return int(response.status_code)

    def server_version(self) -> str | None:
        """The version the server advertises in its OpenAPI document."""
        with contextlib.suppress(Exception):
            return str(self.client.get("/openapi.json").json()["info"]["version"])
        return None


@contextlib.contextmanager
def open_transport(
    url: str | None = None, *, data_dir: str | None = None, timeout: float = 120.0
) -> Iterator[Transport]:
    """A server by URL, or (url None) a fresh in-process memsvc in a temporary data dir."""
    if url:
        import httpx

        with httpx.Client(base_url=url, timeout=timeout) as client:
            yield ClientTransport(client)
        return
    with _in_process(data_dir) as transport:
        yield transport


@contextlib.contextmanager
def _in_process(data_dir: str | None) -> Iterator[Transport]:
    """Build memsvc's runtime and app here; the temporary dir is removed afterwards."""
    from fastapi.testclient import TestClient

    from memsvc.app import create_app
    from memsvc.config import Settings
    from memsvc.runtime import build_runtime

    with contextlib.ExitStack() as stack:
        root = data_dir or stack.enter_context(tempfile.TemporaryDirectory(prefix="memsvc-eval-"))
        # Settings() still reads MEMSVC_* (e.g. MEMSVC_TORCH_THREADS); only storage is pinned.
        settings = Settings(data_dir=Path(root), database_url=None, qdrant_url=None)
        runtime = build_runtime(settings)
        stack.callback(runtime.close)
        client = stack.enter_context(TestClient(create_app(runtime=runtime)))
        yield ClientTransport(client)
