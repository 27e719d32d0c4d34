"""Fixtures: every test runs against both clients, over httpx.MockTransport, without sleeping.

Helpers are handed out as fixtures (not imported) so these tests run under any import mode,
alone or beside the service's own test suite.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from memsvc_client import AsyncMemsvc, Memsvc

BASE_URL = "http://memsvc.test"
Handler = Callable[[httpx.Request], httpx.Response]
Client = Memsvc | AsyncMemsvc


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see only the environment they set."""
    monkeypatch.delenv("MEMSVC_API_KEY", raising=False)
    monkeypatch.delenv("MEMSVC_BASE_URL", raising=False)


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def sleeps() -> list[float]:
    """The backoff delays the client asked for, in order (nothing actually sleeps)."""
    return []


@pytest.fixture
def make_client(kind: str, sleeps: list[float]) -> Callable[..., Client]:
    """Build a `kind` client answering from `handler`; keyword arguments go to the client."""

    def make(handler: Handler, **kwargs: Any) -> Client:
        kwargs.setdefault("base_url", BASE_URL)
        transport = httpx.MockTransport(handler)
        client: Client
        if kind == "sync":
            client = Memsvc(transport=transport, **kwargs)
            client._core.sleep = sleeps.append
        else:
            client = AsyncMemsvc(transport=transport, **kwargs)

            async def sleep(seconds: float) -> None:
                sleeps.append(seconds)

            client._core.sleep = sleep
        return client

    return make


def _resolve(result: Any) -> Any:
    """What a call returned, the same way for both clients (awaited, or iterated to a list)."""
    if inspect.isawaitable(result):
        return asyncio.run(_await(result))
    if isinstance(result, AsyncIterator):
        return asyncio.run(_collect(result))
    if isinstance(result, Iterator):
        return list(result)
    return result


async def _await(awaitable: Any) -> Any:
    return await awaitable


async def _collect(iterator: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in iterator]


class Recorder:
    """A handler answering from a script of responses (the last one repeats); keeps requests."""

    def __init__(self, *responses: httpx.Response | Exception) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.responses[min(len(self.requests), len(self.responses)) - 1]
        if isinstance(answer, Exception):
            raise answer
        # A fresh copy: a response object must not be handed to a client twice.
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    def bodies(self) -> list[Any]:
        return [json.loads(r.content) if r.content else None for r in self.requests]


def _error_response(
    status: int,
    code: str = "some_error",
    message: str = "went wrong",
    *,
    details: Any = None,
    request_id: str | None = "req-body",
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """A response in the service's error shape."""
    body = {
        "error": {"code": code, "message": message, "details": details, "request_id": request_id}
    }
    return httpx.Response(status, json=body, headers=headers)


@pytest.fixture
def resolve() -> Callable[[Any], Any]:
    """Run a client call to completion: `resolve(client.users.get(user_id="u"))`."""
    return _resolve


@pytest.fixture
def script() -> type[Recorder]:
    """Build a scripted handler: `script(response, ...)`."""
    return Recorder


@pytest.fixture
def api_error() -> Callable[..., httpx.Response]:
    """Build a response in the service's error shape."""
    return _error_response
