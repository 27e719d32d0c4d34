"""The MCP door, driven by the SDK's own client: streamable HTTP at /mcp on a real uvicorn
server (API keys, tenants, the REST API's messages) and stdio through `memsvc mcp`."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import httpx2
import pytest
import uvicorn
from fastapi.testclient import TestClient
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError
from mcp_types import CallToolResult, TextContent, TextResourceContents
from sqlalchemy import create_engine, text

from memsvc.app import create_app
from memsvc.bench.server import free_port
from memsvc.config import Settings
from memsvc.encoder import SentenceTransformerEncoder
from memsvc.linguistics.anchors import Anchorer
from memsvc.runtime import Runtime, build_runtime
from memsvc.sparse import SpladeModel
from memsvc.tenants import service as tenants
from memsvc.turns.anchor_process import AnchorProcess
from tests.live import BIN, log_tail, service_env

TOOLS = {
    "add_memory",
    "search_memories",
    "get_context",
    "get_memories",
    "get_memory",
    "update_memory",
    "delete_memory",
    "delete_all_memories",
    "list_facts",
    "add_note",
    "list_notes",
    "close_session",
}
DIALOGUE = [
    {
        "speaker": "Caroline",
        "text": "I went to a LGBTQ support group yesterday.",
        "turn_id": "D1:1",
    },
    {
        "speaker": "Melanie",
        "text": "That's wonderful! I painted a sunrise by the lake last year.",
        "turn_id": "D1:2",
        "timestamp": "2023-05-08T13:57:00Z",
    },
]
WHEN = "2023-05-08T13:56:00Z"
START_SECONDS = 30


@pytest.fixture(scope="module")
def runtime(
    tmp_path_factory: pytest.TempPathFactory,
    encoder: SentenceTransformerEncoder,
    anchorer: Anchorer,
    anchor_process: AnchorProcess,
    splade: SpladeModel,
) -> Iterator[Runtime]:
    """One store for the module's HTTP tests (each uses its own users), requiring API keys."""
    root = tmp_path_factory.mktemp("mcp")
    settings = Settings(
        data_dir=root / "data",
        database_url=f"sqlite:///{root / 'memsvc.sqlite3'}",
        require_api_key=True,
        max_turn_chars=200,
    )
    built = build_runtime(
        settings, encoder=encoder, anchorer=anchorer, anchor_process=anchor_process, splade=splade
    )
    yield built
    built.close()


@pytest.fixture(scope="module")
def keys(runtime: Runtime) -> dict[str, str]:
    """One key for each of two tenants."""
    with runtime.sessions.begin() as db:
        return {t: tenants.create_key(db, tenant_id=t).secret for t in ("acme", "globex")}


@contextlib.contextmanager
def serving(runtime: Runtime) -> Iterator[str]:
    """The app on a real uvicorn server on a free loopback port; its base URL."""
    port = free_port()
    config = uvicorn.Config(
        create_app(runtime=runtime), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_SECONDS
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=START_SECONDS)


@pytest.fixture(scope="module")
def base(runtime: Runtime) -> Iterator[str]:
    """The served app requiring keys."""
    with serving(runtime) as url:
        yield url


@contextlib.asynccontextmanager
async def connect(base: str, key: str | None) -> AsyncIterator[Client]:
    """The SDK's client over streamable HTTP, presenting key as a Bearer token."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    async with (
        httpx2.AsyncClient(headers=headers, timeout=60) as http,
        Client(streamable_http_client(f"{base}/mcp", http_client=http)) as client,
    ):
        yield client


def error_text(result: CallToolResult) -> str:
    """The message of a tool error."""
    assert result.is_error, result
    content = result.content[0]
    assert isinstance(content, TextContent)
    return content.text


async def call(client: Client, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """A tool call that must succeed; its structured result."""
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content
    assert result.structured_content is not None
    content = result.content[0]
    assert (
        isinstance(content, TextContent) and json.loads(content.text) == result.structured_content
    )
    return result.structured_content


async def read_memory(client: Client, user_id: str) -> dict[str, Any]:
    """The user's memory resource, parsed."""
    read = await client.read_resource(f"memsvc://users/{user_id}/memory")
    content = read.contents[0]
    assert isinstance(content, TextResourceContents) and content.mime_type == "application/json"
    memory: dict[str, Any] = json.loads(content.text)
    return memory


def rest(base: str, key: str | None = None) -> httpx.Client:
    """The REST API of the same server, with the same key."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.Client(base_url=base, headers=headers, timeout=60)


def test_tools_and_the_memory_resource_are_listed(base: str, keys: dict[str, str]) -> None:
    async def scenario() -> None:
        async with connect(base, keys["acme"]) as client:
            tools = (await client.list_tools()).tools
            templates = (await client.list_resource_templates()).resource_templates
        assert {t.name for t in tools} == TOOLS
        for tool in tools:
            assert tool.description and len(tool.description) > 60, tool.name
            schema = tool.input_schema
            assert schema["type"] == "object" and "user_id" in schema["required"], tool.name
            assert schema["additionalProperties"] is False, tool.name
            assert tool.annotations is not None and tool.annotations.open_world_hint is False
        by_name = {t.name: t for t in tools}
        assert "occurred_at" in by_name["add_memory"].input_schema["properties"]
        hints = {name: tool.annotations for name, tool in by_name.items()}
        assert hints["search_memories"] and hints["search_memories"].read_only_hint
        assert hints["delete_all_memories"] and hints["delete_all_memories"].destructive_hint
        assert [t.uri_template for t in templates] == ["memsvc://users/{user_id}/memory"]

    anyio.run(scenario)


def test_an_agent_adds_searches_reads_updates_and_deletes(base: str, keys: dict[str, str]) -> None:
    async def scenario() -> None:
        async with connect(base, keys["acme"]) as client:
            added = await call(
                client,
                "add_memory",
                {
                    "user_id": "caroline",
                    "session_id": "s1",
                    "occurred_at": WHEN,
                    "messages": DIALOGUE,
                },
            )
            assert (added["session_id"], added["session_created"], added["created"]) == (
                "s1",
                True,
                2,
            )
            first = added["turns"][0]
            assert (first["turn_id"], first["timestamp"]) == ("D1:1", WHEN)  # dated by occurred_at
            assert added["turns"][1]["timestamp"] == "2023-05-08T13:57:00Z"  # its own time kept
            again = await call(
                client,
                "add_memory",
                {"user_id": "caroline", "session_id": "s1", "messages": DIALOGUE},
            )
            assert (again["session_created"], again["created"], again["existing"]) == (False, 0, 2)

            found = await call(
                client, "search_memories", {"user_id": "caroline", "query": "support group", "k": 1}
            )
            hit = found["hits"][0]
            assert (hit["id"], hit["turn_id"], hit["session_id"]) == (first["id"], "D1:1", "s1")
            assert hit["timestamp"] == WHEN and found["evidence"]["label"] in ("strong", "weak")

            context = await call(
                client,
                "get_context",
                {"user_id": "caroline", "query": "support group", "budget_tokens": 200},
            )
            assert "support group" in context["context"] and first["id"] in context["turn_ids"]
            assert context["tokens"] <= 200

            replaced = await call(
                client,
                "update_memory",
                {
                    "user_id": "caroline",
                    "kind": "turn",
                    "memory_id": first["id"],
                    "text": "I went to a watercolour painting class yesterday.",
                },
            )
            new = replaced["turn"]
            assert replaced["replaced_id"] == first["id"] and new["id"] != first["id"]
            assert (new["turn_id"], new["speaker"], new["timestamp"]) == ("D1:1", "Caroline", WHEN)
            old = await client.call_tool(
                "get_memory", {"user_id": "caroline", "memory_id": first["id"]}
            )
            assert error_text(old) == f"turn {first['id']!r} not found"
            read = await call(client, "get_memory", {"user_id": "caroline", "memory_id": new["id"]})
            assert read["text"] == "I went to a watercolour painting class yesterday."
            painted = await call(
                client, "search_memories", {"user_id": "caroline", "query": "watercolour class"}
            )
            assert painted["hits"][0]["id"] == new["id"]
            assert first["id"] not in {h["id"] for h in painted["hits"]}

            note = await call(
                client,
                "add_note",
                {"user_id": "caroline", "text": "Prefers short answers.", "id": "style"},
            )
            assert note["created"] and note["note"]["id"] == "style"
            edited = await call(
                client,
                "update_memory",
                {
                    "user_id": "caroline",
                    "kind": "note",
                    "memory_id": "style",
                    "text": "Likes bullets.",
                },
            )
            assert edited["note"]["text"] == "Likes bullets."
            memory = await read_memory(client, "caroline")
            assert [n["text"] for n in memory["notes"]] == ["Likes bullets."]
            listed = await call(client, "list_notes", {"user_id": "caroline"})
            assert [n["id"] for n in listed["items"]] == ["style"]

            sessions = await call(client, "get_memories", {"user_id": "caroline"})
            assert sessions["kind"] == "sessions" and [s["id"] for s in sessions["items"]] == ["s1"]
            page = await call(
                client, "get_memories", {"user_id": "caroline", "session_id": "s1", "limit": 1}
            )
            assert page["kind"] == "turns" and len(page["items"]) == 1 and page["next_cursor"]
            rest_page = await call(
                client,
                "get_memories",
                {"user_id": "caroline", "session_id": "s1", "cursor": page["next_cursor"]},
            )
            assert {t["id"] for t in page["items"] + rest_page["items"]} == {
                new["id"],
                added["turns"][1]["id"],
            }

            deleted = await call(
                client,
                "delete_memory",
                {"user_id": "caroline", "kind": "turn", "memory_id": new["id"]},
            )
            assert deleted == {"deleted": "turn", "id": new["id"]}
            after = await call(
                client, "search_memories", {"user_id": "caroline", "query": "watercolour class"}
            )
            assert new["id"] not in {h["id"] for h in after["hits"]}
            await call(
                client,
                "delete_memory",
                {"user_id": "caroline", "kind": "note", "memory_id": "style"},
            )
            assert (await read_memory(client, "caroline"))["notes"] == []

            await call(client, "delete_all_memories", {"user_id": "caroline"})
            gone = await client.call_tool("get_memories", {"user_id": "caroline"})
        with rest(base, keys["acme"]) as http:
            assert error_text(gone) == http.get("/v1/users/caroline").json()["error"]["message"]

    anyio.run(scenario)


def test_a_closed_session_is_distilled_into_facts(base: str, keys: dict[str, str]) -> None:
    async def scenario() -> None:
        async with connect(base, keys["acme"]) as client:
            cat = [{"speaker": "Maya", "text": "I adopted a grey cat called Mochi last week."}]
            await call(
                client, "add_memory", {"user_id": "maya", "session_id": "m1", "messages": cat}
            )
            closed = await call(client, "close_session", {"user_id": "maya", "session_id": "m1"})
            assert (closed["session_id"], closed["consolidation"]) == ("m1", "scheduled")
            deadline = time.monotonic() + 120
            while not (await call(client, "get_memories", {"user_id": "maya", "kind": "episodes"}))[
                "items"
            ]:
                assert time.monotonic() < deadline, "no episode within 120 s"
                await anyio.sleep(0.3)
            sessions = await call(client, "get_memories", {"user_id": "maya"})
            assert sessions["items"][0]["consolidated_at"] is not None
            facts = await call(client, "list_facts", {"user_id": "maya", "status": "all"})
            current = await call(client, "get_memories", {"user_id": "maya", "kind": "facts"})
            memory = await read_memory(client, "maya")
        assert {f["id"] for f in current["items"]} <= {f["id"] for f in facts["items"]}
        assert [f["id"] for f in memory["facts"]] == [f["id"] for f in current["items"]]

    anyio.run(scenario)


def test_a_tenant_never_reaches_another_tenants_memory(base: str, keys: dict[str, str]) -> None:
    async def scenario() -> None:
        async with connect(base, keys["acme"]) as acme, connect(base, keys["globex"]) as globex:
            added = await call(
                acme,
                "add_memory",
                {"user_id": "alice", "session_id": "a1", "messages": DIALOGUE[:1]},
            )
            turn_id = added["turns"][0]["id"]
            await call(acme, "add_note", {"user_id": "alice", "text": "Allergic to nuts."})

            search = await globex.call_tool(
                "search_memories", {"user_id": "alice", "query": "group"}
            )
            assert error_text(search).startswith("user 'alice' not found")
            peek = await globex.call_tool("get_memory", {"user_id": "alice", "memory_id": turn_id})
            assert error_text(peek) == f"turn {turn_id!r} not found"
            drop = await globex.call_tool(
                "delete_memory", {"user_id": "alice", "kind": "turn", "memory_id": turn_id}
            )
            assert error_text(drop) == f"turn {turn_id!r} not found"
            with pytest.raises(MCPError, match="user 'alice' not found"):
                await read_memory(globex, "alice")
            resources = (await globex.list_resources()).resources
            assert "memsvc://users/alice/memory" not in {str(r.uri) for r in resources}

            # The same ids are globex's own: a separate user with separate memory.
            mine = await call(
                globex,
                "add_memory",
                {
                    "user_id": "alice",
                    "session_id": "a1",
                    "messages": [{"speaker": "Al", "text": "Hi."}],
                },
            )
            assert mine["session_created"]
            await call(globex, "delete_all_memories", {"user_id": "alice"})

            still = await call(
                acme, "search_memories", {"user_id": "alice", "query": "support group"}
            )
            assert [h["id"] for h in still["hits"]] == [turn_id]
            assert [n["text"] for n in (await read_memory(acme, "alice"))["notes"]] == [
                "Allergic to nuts."
            ]
            listed = (await acme.list_resources()).resources
            assert "memsvc://users/alice/memory" in {str(r.uri) for r in listed}

    anyio.run(scenario)


LISTING = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
ACCEPT = {"Accept": "application/json, text/event-stream"}


def test_mcp_needs_the_same_key_as_the_rest_api(base: str) -> None:
    with rest(base) as anonymous, rest(base, "msk_guess") as guessing:
        for http in (anonymous, guessing):
            refused = http.post("/mcp", json=LISTING, headers=ACCEPT)
            expected = http.get("/v1/users").json()["error"]
            assert refused.status_code == 401 and refused.headers["www-authenticate"] == "Bearer"
            error = refused.json()["error"]
            assert (error["code"], error["message"]) == (expected["code"], expected["message"])


def test_each_start_of_an_app_runs_its_own_mcp_transport(
    runtime: Runtime, keys: dict[str, str]
) -> None:
    """The SDK's session manager runs once: the app makes a new one per lifespan run. Before
    the app has started, /mcp answers 503 starting, as /v1 does."""
    app = create_app(runtime=runtime)
    headers = {**ACCEPT, "Authorization": f"Bearer {keys['acme']}"}
    starting = TestClient(app).post("/mcp", json=LISTING, headers=headers)
    assert starting.status_code == 503 and starting.json()["error"]["code"] == "starting"
    assert starting.headers["retry-after"] == "1"
    for _ in range(2):
        with TestClient(app) as client:
            answer = client.post("/mcp", json=LISTING, headers=headers)
            assert answer.status_code == 200, answer.text
            assert {t["name"] for t in answer.json()["result"]["tools"]} == TOOLS


def test_refused_arguments_carry_the_rest_message(base: str, keys: dict[str, str]) -> None:
    """The same schemas refuse the same input with the same words; only the field's path
    differs where REST nests it in a body (body.query) and a tool names the argument (query)."""
    blank = {"user_id": "bob", "query": "   "}
    extra = {"user_id": "bob", "query": "cats", "bogus": 1}
    quoted = {"user_id": "bob", "query": "cats", "k": "3"}
    long_turn = {"speaker": "Bob", "text": "x" * 201}

    async def scenario() -> dict[str, CallToolResult]:
        async with connect(base, keys["acme"]) as client:
            await call(
                client,
                "add_memory",
                {"user_id": "bob", "session_id": "b1", "messages": DIALOGUE[:1]},
            )
            bad = {"blank": blank, "extra": extra, "quoted": quoted}
            results = {
                name: await client.call_tool("search_memories", args) for name, args in bad.items()
            }
            results["empty_text"] = await client.call_tool(
                "add_memory", {"user_id": "bob", "messages": [{"speaker": "Bob", "text": " "}]}
            )
            results["too_long"] = await client.call_tool(
                "add_memory", {"user_id": "bob", "session_id": "b1", "messages": [long_turn]}
            )
            results["bad_id"] = await client.call_tool("get_memories", {"user_id": "bob~x"})
            results["no_user"] = await client.call_tool("list_facts", {"user_id": "nobody"})
            results["bad_cursor"] = await client.call_tool(
                "list_notes", {"user_id": "bob", "cursor": "nope"}
            )
            results["no_session"] = await client.call_tool(
                "get_memories", {"user_id": "bob", "kind": "turns"}
            )
            results["unknown"] = await client.call_tool("forget_everything", {})
            return results

    results = anyio.run(scenario)
    with rest(base, keys["acme"]) as http:

        def rest_message(response: httpx.Response) -> str:
            assert response.status_code >= 400, response.text
            return str(response.json()["error"]["message"]).replace("body.", "")

        for name, body in (("blank", blank), ("extra", extra), ("quoted", quoted)):
            assert error_text(results[name]) == rest_message(http.post("/v1/search", json=body)), (
                name
            )
        empty = http.post(
            "/v1/sessions/b1/turns", json={"turns": [{"speaker": "Bob", "text": " "}]}
        )
        assert error_text(results["empty_text"]) == rest_message(empty).replace(
            "turns.", "messages."
        )
        too_long = http.post("/v1/sessions/b1/turns", json={"turns": [long_turn]})
        assert error_text(results["too_long"]) == rest_message(too_long)
        assert too_long.status_code == 413
        assert error_text(results["no_user"]) == rest_message(http.get("/v1/users/nobody/facts"))
        cursor = http.get("/v1/users/bob/scratchpad", params={"cursor": "nope"})
        assert error_text(results["bad_cursor"]) == rest_message(cursor)
    assert error_text(results["bad_id"]).startswith("invalid request: user_id: String should match")
    error = (results["blank"].structured_content or {})["error"]
    assert error["code"] == "validation_error" and error["details"][0]["field"] == "query"
    assert "pass its session_id" in error_text(results["no_session"])
    assert error_text(results["unknown"]).startswith("unknown tool 'forget_everything'")


def test_the_open_local_mode_serves_the_default_tenant_as_rest_does(
    runtime: Runtime, keys: dict[str, str]
) -> None:
    """Without MEMSVC_REQUIRE_API_KEY, a request with no key is the default tenant, at /mcp as
    at /v1; a key still selects its own tenant."""
    settings = runtime.settings.model_copy(update={"require_api_key": False})
    open_runtime = dataclasses.replace(runtime, settings=settings)

    async def scenario(base: str) -> None:
        async with connect(base, None) as anonymous, connect(base, keys["acme"]) as acme:
            await call(anonymous, "add_note", {"user_id": "dora", "text": "Speaks Spanish."})
            refused = await acme.call_tool("list_notes", {"user_id": "dora"})
            assert error_text(refused).startswith("user 'dora' not found")

    with serving(open_runtime) as base:
        anyio.run(scenario, base)
        with rest(base) as http:
            notes = http.get("/v1/users/dora/scratchpad").json()["items"]
    assert [n["text"] for n in notes] == ["Speaks Spanish."]


def test_stdio_serves_the_default_tenant_of_a_local_data_dir(tmp_path: Path) -> None:
    """`memsvc mcp` as a desktop client starts it: the SDK's stdio client spawns it; stdout
    carries only the protocol (the session would break on anything else)."""
    env = service_env(tmp_path)
    env.update({"MEMSVC_LOG_FORMAT": "text", "HF_HUB_OFFLINE": "1"})
    params = StdioServerParameters(command=str(BIN), args=["mcp"], env=env, cwd=str(tmp_path))
    log = tmp_path / "mcp-stderr.log"

    async def scenario() -> None:
        with log.open("w") as errlog:
            async with Client(stdio_client(params, errlog=errlog)) as client:
                assert {t.name for t in (await client.list_tools()).tools} == TOOLS
                added = await call(
                    client,
                    "add_memory",
                    {
                        "user_id": "alice",
                        "session_id": "s1",
                        "occurred_at": WHEN,
                        "messages": DIALOGUE,
                    },
                )
                found = await call(
                    client,
                    "search_memories",
                    {"user_id": "alice", "query": "sunrise painting", "k": 1},
                )
                assert found["hits"][0]["id"] == added["turns"][1]["id"]
                await call(client, "add_note", {"user_id": "alice", "text": "Likes lakes."})
                assert (await read_memory(client, "alice"))["notes"][0]["text"] == "Likes lakes."
                refused = await client.call_tool("get_context", {"user_id": "alice", "query": ""})
                assert error_text(refused).startswith("invalid request: query: String should have")

    try:
        anyio.run(scenario)
    except BaseException:
        print(f"memsvc mcp stderr ({log}):\n{log_tail(log)}", file=sys.stderr)
        raise
    engine = create_engine(f"sqlite:///{tmp_path / 'data' / 'memsvc.sqlite3'}")
    with engine.connect() as db:
        stored = db.execute(text("SELECT id, tenant_id FROM users")).all()
    engine.dispose()
    assert [tuple(row) for row in stored] == [("alice", "default")]  # the open mode's tenant
    assert "memsvc ready" in log.read_text()  # its logs went to stderr
