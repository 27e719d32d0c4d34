"""List methods iterate over every item, following `next_cursor` page by page."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

import memsvc_client as sdk

MakeClient = Callable[..., Any]
T0 = "2024-01-01T00:00:00Z"


def session(n: int) -> dict[str, Any]:
    return {"id": f"s{n}", "user_id": "u1", "started_at": T0, "created_at": T0}


class Pages:
    """A handler serving `pages[cursor] = (items, next_cursor)`; keeps the requests."""

    def __init__(self, pages: dict[str | None, tuple[list[Any], str | None]]) -> None:
        self.pages = pages
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        items, following = self.pages[request.url.params.get("cursor")]
        return httpx.Response(200, json={"items": items, "next_cursor": following})


def test_follows_cursors_to_the_end(make_client: MakeClient, resolve: Any) -> None:
    handler = Pages({
        None: ([session(1), session(2)], "c2"),
        "c2": ([session(3)], "c3"),
        "c3": ([], None),
    })  # fmt: skip
    sessions = resolve(make_client(handler).sessions.list(user_id="u1", limit=2))
    assert [s.id for s in sessions] == ["s1", "s2", "s3"]
    assert all(isinstance(s, sdk.Session) for s in sessions)
    params = [dict(r.url.params) for r in handler.requests]
    assert params == [
        {"user_id": "u1", "limit": "2"},
        {"user_id": "u1", "limit": "2", "cursor": "c2"},
        {"user_id": "u1", "limit": "2", "cursor": "c3"},
    ]
    ids = {r.headers["X-Request-ID"] for r in handler.requests}
    assert len(ids) == 3


def test_a_repeated_cursor_ends_the_iteration(make_client: MakeClient, resolve: Any) -> None:
    handler = Pages({None: ([session(1)], "same"), "same": ([session(2)], "same")})
    assert [s.id for s in resolve(make_client(handler).sessions.list(user_id="u1"))] == [
        "s1",
        "s2",
    ]


@pytest.mark.parametrize(
    ("call", "path", "params"),
    [
        (lambda c: c.users.list(limit=5), "/v1/users", {"limit": "5"}),
        (lambda c: c.turns.list(session_id="s1"), "/v1/sessions/s1/turns", {}),
        (
            lambda c: c.facts.list(user_id="u1", status="history", as_of="2024-02-01T00:00:00Z"),
            "/v1/users/u1/facts",
            {"status": "history", "as_of": "2024-02-01T00:00:00Z"},
        ),
        (lambda c: c.episodes.list(user_id="u1"), "/v1/users/u1/episodes", {}),
        (lambda c: c.scratchpad.list(user_id="u1"), "/v1/users/u1/scratchpad", {}),
    ],
)
def test_list_endpoints(
    make_client: MakeClient, resolve: Any, call: Callable[[Any], Any], path: str, params: dict
) -> None:
    handler = Pages({None: ([], None)})
    assert resolve(call(make_client(handler))) == []
    sent = handler.requests[0]
    assert (sent.method, sent.url.path, dict(sent.url.params)) == ("GET", path, params)


def test_iteration_is_lazy() -> None:
    handler = Pages({None: ([session(1)], "c2"), "c2": ([session(2)], None)})
    client = sdk.Memsvc(base_url="http://memsvc.test", transport=httpx.MockTransport(handler))
    items = client.sessions.list(user_id="u1")
    assert isinstance(items, Iterator)
    assert handler.requests == []
    assert next(items).id == "s1"
    assert len(handler.requests) == 1


def test_async_iteration_is_lazy() -> None:
    handler = Pages({None: ([session(1)], "c2"), "c2": ([session(2)], None)})
    client = sdk.AsyncMemsvc(base_url="http://memsvc.test", transport=httpx.MockTransport(handler))

    async def main() -> None:
        items = client.sessions.list(user_id="u1")
        assert isinstance(items, AsyncIterator)
        assert handler.requests == []
        assert (await anext(items)).id == "s1"
        assert len(handler.requests) == 1
        assert [s.id async for s in items] == ["s2"]

    asyncio.run(main())


def test_a_failing_page_raises_from_the_iterator(
    make_client: MakeClient, resolve: Any, api_error: Any
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("cursor"):
            return api_error(404, "not_found", "user u1 not found")
        return httpx.Response(200, json={"items": [session(1)], "next_cursor": "c2"})

    with pytest.raises(sdk.NotFoundError, match="u1 not found"):
        resolve(make_client(handler).sessions.list(user_id="u1"))
