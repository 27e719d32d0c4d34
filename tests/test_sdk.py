"""The Python SDK (clients/python) against the real app: every method, sync and async, in
process (httpx.ASGITransport) and against a live `memsvc serve` on loopback."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from memsvc_client import (
    AsyncMemsvc,
    AuthenticationError,
    ConflictError,
    Memsvc,
    NotFoundError,
    UnprocessableEntityError,
)

from eval.transport import SyncASGITransport
from memsvc.app import create_app
from memsvc.runtime import Runtime
from memsvc.tenants import service as tenants
from tests.test_serve import server  # noqa: F401  (the live-server fixture)

Call = Callable[..., Awaitable[Any]]
TURNS = [
    {
        "speaker": "Caroline",
        "text": "I went to the LGBTQ support group yesterday and it was so powerful.",
        "timestamp": "2023-05-08T13:56:00Z",
        "turn_id": "t1",
    },
    {
        "speaker": "Melanie",
        "text": "That's wonderful! I'm painting a lake sunrise this week.",
        "timestamp": "2023-05-08T13:57:00Z",
        "turn_id": "t2",
    },
    {
        "speaker": "Caroline",
        "text": "I moved to Denver last month, I live there now.",
        "timestamp": "2023-05-08T13:58:00Z",
        "turn_id": "t3",
    },
]


async def call(method: Callable[..., Any], **kwargs: Any) -> Any:
    """Run an SDK method of either client: sync results pass through, async ones are awaited."""
    result = method(**kwargs)
    return await result if inspect.isawaitable(result) else result


async def collect(items: Iterator[Any] | AsyncIterator[Any]) -> list[Any]:
    """Drain a paginated list of either client."""
    if isinstance(items, AsyncIterator):
        return [item async for item in items]
    return list(items)


async def scenario(client: Memsvc | AsyncMemsvc) -> None:
    """Every SDK method once, checking what the server answers."""
    assert (await call(client.health)).status == "ok"
    assert (await call(client.ready)).status == "ready"
    user = await call(client.users.create, id="caroline", metadata={"plan": "pro"})
    assert user.id == "caroline"
    assert [u.id for u in await collect(client.users.list(limit=1))] == ["caroline"]
    for n in range(3):  # three sessions, listed one per page
        started = f"2023-05-0{n + 1}T10:00:00Z"
        made = await call(
            client.sessions.create, user_id="caroline", id=f"s{n}", started_at=started
        )
        assert made.id == f"s{n}"
    listed = await collect(client.sessions.list(user_id="caroline", limit=1))
    assert [s.id for s in listed] == ["s0", "s1", "s2"]
    added = await call(client.turns.add, session_id="s2", turns=TURNS)
    assert (added.created, added.existing) == (3, 0)
    again = await call(client.turns.add, session_id="s2", turns=TURNS)  # a retried write
    assert (again.created, again.existing) == (0, 3)
    turns = await collect(client.turns.list(session_id="s2", limit=2))
    assert [t.turn_id for t in turns] == ["t1", "t2", "t3"]
    assert (await call(client.turns.get, turn_id=turns[0].id)).text == TURNS[0]["text"]
    session = await call(client.sessions.get, session_id="s2")
    assert session.turn_count == 3
    memory = await call(client.sessions.working_memory, session_id="s2")
    assert [t.id for t in memory.turns] == [t.id for t in turns]

    found = await call(client.search, user_id="caroline", query="What did Melanie paint?", k=3)
    assert "lake sunrise" in found.hits[0].text and found.hits[0].session_id == "s2"
    context = await call(
        client.context,
        user_id="caroline",
        query="When did Caroline go to the support group?",
        budget_tokens=256,
        format="messages",
        reference_time="2023-05-09T09:00:00Z",
    )
    assert context.tokens <= 256 and context.messages[0]["role"] == "system"
    assert turns[0].id in context.turn_ids and "7 May 2023" in context.context

    note = await call(client.scratchpad.add, user_id="caroline", text="Prefers short answers.")
    edited = await call(
        client.scratchpad.put, user_id="caroline", note_id=note.id, text="Prefers bullet points."
    )
    assert edited.text == "Prefers bullet points."
    notes = await collect(client.scratchpad.list(user_id="caroline"))
    assert [n.id for n in notes] == [note.id]
    await call(client.scratchpad.delete, user_id="caroline", note_id=note.id)
    assert await collect(client.scratchpad.list(user_id="caroline")) == []

    closed = await call(client.sessions.close, session_id="s2")
    assert closed.session_id == "s2"
    facts = await _eventually(lambda: collect(client.facts.list(user_id="caroline")))
    assert any(f.object == "Denver" for f in facts)
    episodes = await collect(client.episodes.list(user_id="caroline"))
    assert [e.session_id for e in episodes] == ["s2"]

    with pytest.raises(NotFoundError) as missing:
        await call(client.sessions.get, session_id="nope")
    assert missing.value.status_code == 404 and missing.value.request_id
    with pytest.raises(ConflictError):
        await call(client.sessions.create, user_id="someone-else", id="s0")
    with pytest.raises(UnprocessableEntityError):
        await call(client.search, user_id="caroline", query="x", k=0)

    await call(client.turns.delete, turn_id=turns[1].id)
    await call(client.sessions.delete, session_id="s0")
    assert (await call(client.users.get, user_id="caroline")).turn_count == 2
    await call(client.users.delete, user_id="caroline")
    with pytest.raises(NotFoundError):
        await call(client.users.get, user_id="caroline")


async def _eventually(read: Callable[[], Awaitable[list[Any]]]) -> list[Any]:
    """Consolidation runs in the background: poll for its result."""
    for _ in range(200):
        if items := await read():
            return items
        await asyncio.sleep(0.05)
    return []


def test_every_method_sync_in_process(runtime: Runtime) -> None:
    app = create_app(runtime=runtime)
    with TestClient(app):  # runs the app's startup
        client = Memsvc(base_url="http://memsvc", transport=SyncASGITransport(app))
        with client:
            asyncio.run(scenario(client))


def test_every_method_async_in_process(runtime: Runtime) -> None:
    app = create_app(runtime=runtime)

    async def run() -> None:
        transport = httpx.ASGITransport(app=app)
        async with AsyncMemsvc(base_url="http://memsvc", transport=transport) as client:
            await scenario(client)

    with TestClient(app):
        asyncio.run(run())


def test_api_keys_through_the_sdk(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> None:
    with runtime.sessions.begin() as db:
        secret = tenants.create_key(db, tenant_id="acme").secret
    runtime.settings = runtime.settings.model_copy(update={"require_api_key": True})
    app = create_app(runtime=runtime)
    monkeypatch.setenv("MEMSVC_API_KEY", secret)
    with TestClient(app):
        with Memsvc(base_url="http://memsvc", transport=SyncASGITransport(app)) as client:
            assert client.users.create(id="alice").id == "alice"
        wrong = {"api_key": "msk_wrong", "transport": SyncASGITransport(app)}
        with (
            Memsvc(base_url="http://memsvc", **wrong) as client,
            pytest.raises(AuthenticationError),
        ):
            client.users.get(user_id="alice")


def test_every_method_against_a_live_server(
    server: str,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MEMSVC_BASE_URL", server)  # how a deployment points the SDK at memsvc

    async def run() -> None:
        with Memsvc(timeout=60) as client:
            await scenario(client)
        async with AsyncMemsvc(timeout=60) as client:  # the same ids again: all were deleted
            await scenario(client)

    asyncio.run(run())
