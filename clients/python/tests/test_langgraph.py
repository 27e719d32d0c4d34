"""MemsvcStore (memsvc_client.langgraph) against the live memsvc app in process: the sync API,
the async API, and the async API over a sync client only; and a LangGraph graph using it."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

import httpx
import pytest

pytest.importorskip("langgraph")
memsvc_app = pytest.importorskip("memsvc.app", reason="needs the memsvc server installed")

from eval.transport import SyncASGITransport  # noqa: E402
from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from langgraph.graph import END, START, StateGraph  # noqa: E402
from langgraph.runtime import Runtime  # noqa: E402
from langgraph.store.base import GetOp, InvalidNamespaceError, PutOp, SearchOp  # noqa: E402
from memsvc.config import Settings  # noqa: E402
from memsvc.encoder import Encoder, build_encoder  # noqa: E402
from memsvc.runtime import build_runtime  # noqa: E402

from memsvc_client import AsyncMemsvc, Memsvc, PayloadTooLargeError  # noqa: E402
from memsvc_client.langgraph import MemsvcStore, note_id  # noqa: E402

BASE_URL = "http://memsvc.in-process"
KINDS = ["sync", "async", "async-over-sync"]
Scenario = Callable[["Api"], Awaitable[None]]
Run = Callable[..., None]


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    """The real encoder, loaded once for this module (one torch thread: shared cores)."""
    threads = int(os.environ.get("MEMSVC_TORCH_THREADS", "1"))
    return build_encoder(Settings(torch_threads=threads))


@pytest.fixture
def app(tmp_path: Path, encoder: Encoder) -> Iterator[FastAPI]:
    """A fresh memsvc (SQLite, embedded index) serving in process; its startup has run."""
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=f"sqlite:///{tmp_path / 'memsvc.sqlite3'}",
        sparse="bm25",  # notes use neither leg: skip loading SPLADE and spaCy
        anchors=False,
    )
    runtime = build_runtime(settings, encoder=encoder)
    application = memsvc_app.create_app(runtime=runtime)
    with TestClient(application):
        yield application
    runtime.close()


@pytest.fixture
def client(app: FastAPI) -> Iterator[Memsvc]:
    with Memsvc(base_url=BASE_URL, transport=SyncASGITransport(app)) as sync_client:
        yield sync_client


@dataclass
class Api:
    """The store's sync or async methods behind one awaitable call: `await api("put", ...)`."""

    store: MemsvcStore
    kind: str

    async def __call__(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if self.kind == "sync":
            return getattr(self.store, name)(*args, **kwargs)
        return await getattr(self.store, f"a{name}")(*args, **kwargs)


@pytest.fixture(params=KINDS)
def run(request: pytest.FixtureRequest, app: FastAPI, client: Memsvc) -> Run:
    """Run a scenario `async (api) -> None` with a store of this kind (options: the store's)."""
    kind = str(request.param)

    def execute(scenario: Scenario, **options: Any) -> None:
        async def go() -> None:
            if kind == "async":
                transport = httpx.ASGITransport(app=app)
                async with AsyncMemsvc(base_url=BASE_URL, transport=transport) as aclient:
                    await scenario(Api(MemsvcStore(aclient=aclient, **options), kind))
            else:
                await scenario(Api(MemsvcStore(client, **options), kind))

        asyncio.run(go())

    return execute


def test_put_get_update_delete(run: Run) -> None:
    async def scenario(api: Api) -> None:
        assert await api("get", ("ann", "prefs"), "food") is None
        await api("put", ("ann", "prefs"), "food", {"likes": "ramen", "spicy": True})
        item = await api("get", ("ann", "prefs"), "food")
        assert (item.namespace, item.key) == (("ann", "prefs"), "food")
        assert item.value == {"likes": "ramen", "spicy": True}
        assert item.created_at <= item.updated_at

        await api("put", ("ann", "prefs"), "food", {"likes": "pho"})  # an update
        again = await api("get", ("ann", "prefs"), "food")
        assert again.value == {"likes": "pho"}
        assert again.created_at == item.created_at
        await api("put", ("ann", "prefs"), "food", {"likes": "pho"})  # unchanged: a no-op

        await api("put", ("ann",), "food", {"likes": "tea"})  # another namespace, same key
        assert (await api("get", ("ann",), "food")).value == {"likes": "tea"}
        assert (await api("get", ("bob", "prefs"), "food")) is None  # another user

        await api("delete", ("ann", "prefs"), "food")
        assert await api("get", ("ann", "prefs"), "food") is None
        await api("delete", ("ann", "prefs"), "food")  # deleting what is gone is fine
        assert (await api("get", ("ann",), "food")).value == {"likes": "tea"}

    run(scenario)


def test_search_prefix_filter_query_and_paging(run: Run) -> None:
    async def scenario(api: Api) -> None:
        ns = ("ann", "memories")
        await api("put", ns, "m1", {"text": "Ann adopted a cat named Miso", "year": 2021})
        await api("put", ns, "m2", {"text": "Ann moved to Denver", "year": 2023})
        await api("put", ns, "m3", {"text": "Ann's cat Miso likes tuna", "year": 2024})
        await api("put", ("ann", "work"), "w1", {"text": "Ann is a nurse", "year": 2020})
        await api("put", ("bob",), "b1", {"text": "Bob has a cat", "year": 2022})

        everything = await api("search", ("ann",))
        assert [i.key for i in everything] == ["m1", "m2", "m3", "w1"]
        assert all(i.score is None for i in everything)
        assert [i.key for i in await api("search", ns)] == ["m1", "m2", "m3"]
        assert [i.key for i in await api("search", ns, limit=1, offset=1)] == ["m2"]

        assert [i.key for i in await api("search", ("ann",), filter={"year": 2023})] == ["m2"]
        recent = await api("search", ("ann",), filter={"year": {"$gte": 2022, "$ne": 2024}})
        assert [i.key for i in recent] == ["m2"]
        assert await api("search", ("ann",), filter={"missing": {"$gt": 1}}) == []

        ranked = await api("search", ns, query="what cat does Ann have?")
        assert [i.key for i in ranked][:2] in (["m1", "m3"], ["m3", "m1"])
        assert ranked[0].score == pytest.approx(1.0)
        assert ranked[-1].key == "m2" and ranked[-1].score < ranked[0].score

        # Across users: every user of the tenant is listed.
        cats = await api("search", (), query="cat")
        assert {i.namespace[0] for i in cats if i.score} == {"ann", "bob"}

    run(scenario)


def test_index_fields_and_index_false(run: Run) -> None:
    async def scenario(api: Api) -> None:
        ns = ("ann", "docs")
        await api("put", ns, "a", {"title": "tuna recipes", "body": "boats"}, index=["title"])
        await api("put", ns, "b", {"title": "sailing", "body": "tuna"}, index=["title"])
        await api("put", ns, "c", {"title": "tuna"}, index=False)
        ranked = await api("search", ns, query="tuna")
        assert [(i.key, i.score) for i in ranked] == [("a", 1.0), ("b", 0.0), ("c", None)]

    run(scenario)


def test_list_namespaces(run: Run) -> None:
    async def scenario(api: Api) -> None:
        for ns in [("ann", "a", "v1"), ("ann", "a", "v2"), ("ann", "b", "v1"), ("bob", "a")]:
            await api("put", ns, "k", {"n": 1})

        assert await api("list_namespaces") == [
            ("ann", "a", "v1"),
            ("ann", "a", "v2"),
            ("ann", "b", "v1"),
            ("bob", "a"),
        ]
        assert await api("list_namespaces", prefix=("ann", "a")) == [
            ("ann", "a", "v1"),
            ("ann", "a", "v2"),
        ]
        assert await api("list_namespaces", suffix=("v1",)) == [
            ("ann", "a", "v1"),
            ("ann", "b", "v1"),
        ]
        assert await api("list_namespaces", prefix=("*", "a")) == [
            ("ann", "a", "v1"),
            ("ann", "a", "v2"),
            ("bob", "a"),
        ]
        assert await api("list_namespaces", max_depth=2) == [
            ("ann", "a"),
            ("ann", "b"),
            ("bob", "a"),
        ]
        assert await api("list_namespaces", max_depth=1, limit=1, offset=1) == [("bob",)]
        assert await api("list_namespaces", prefix=("nobody",)) == []

    run(scenario)


def test_batch_runs_ops_in_order(client: Memsvc) -> None:
    store = MemsvcStore(client)
    ns = ("ann", "prefs")
    results = store.batch(
        [
            GetOp(ns, "k"),
            PutOp(ns, "k", {"v": 1}),
            GetOp(ns, "k"),
            PutOp(ns, "k", {"v": 2}),
            SearchOp(ns),
            PutOp(ns, "k", None),
            GetOp(ns, "k"),
        ]
    )
    assert results[0] is None and results[1] is None
    assert results[2].value == {"v": 1}
    assert [i.value for i in results[4]] == [{"v": 2}]
    assert results[6] is None
    assert store.get(ns, "k") is None


class Counting(httpx.BaseTransport):
    """The app's transport, noting each request as "METHOD /path"."""

    def __init__(self, app: FastAPI) -> None:
        self.inner = SyncASGITransport(app)
        self.seen: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(f"{request.method} {request.url.path}")
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def test_what_each_call_costs(app: FastAPI) -> None:
    transport = Counting(app)
    with Memsvc(base_url=BASE_URL, transport=transport) as counted:
        store = MemsvcStore(counted)
        note = note_id(("prefs",), "k")
        pad = "/v1/users/ann/scratchpad"

        store.put(("ann", "prefs"), "k", {"v": 1})  # new: one add
        store.put(("ann", "prefs"), "k", {"v": 1})  # unchanged: one add (a no-op)
        assert transport.seen == [f"POST {pad}", f"POST {pad}"]
        transport.seen.clear()
        store.put(("ann", "prefs"), "k", {"v": 2})  # changed: the add conflicts, then a put
        assert transport.seen == [f"POST {pad}", f"PUT {pad}/{note}"]
        transport.seen.clear()
        # Reads in one batch share one listing of the user's scratchpad.
        store.batch([GetOp(("ann", "prefs"), "k"), SearchOp(("ann",)), GetOp(("ann",), "x")])
        assert transport.seen == [f"GET {pad}"]


def test_items_are_scratchpad_notes_and_other_notes_are_ignored(client: Memsvc) -> None:
    store = MemsvcStore(client)
    client.scratchpad.add(user_id="ann", text="Prefers short answers.", id="style")
    store.put(("ann", "prefs"), "lang", {"reply_in": "French"})

    notes = {n.id: n.text for n in client.scratchpad.list(user_id="ann")}
    stored = note_id(("prefs",), "lang")
    assert notes[stored] == '{"ns":["prefs"],"key":"lang","value":{"reply_in":"French"}}'
    assert [i.key for i in store.search(("ann",))] == ["lang"]  # the app's own note is not one
    assert store.list_namespaces() == [("ann", "prefs")]


def test_one_user_for_every_namespace(client: Memsvc) -> None:
    store = MemsvcStore(client, user_id="agent")
    store.put(("memories", "ann"), "m1", {"text": "likes ramen"})
    store.put(("has space",), "m2", {"text": "any label works here"})
    assert store.get(("memories", "ann"), "m1").value == {"text": "likes ramen"}
    assert store.list_namespaces() == [("has space",), ("memories", "ann")]
    assert len(list(client.scratchpad.list(user_id="agent"))) == 2
    with pytest.raises(ValueError, match="not a memsvc id"):
        MemsvcStore(client, user_id="no spaces")


def test_what_the_store_refuses(client: Memsvc) -> None:
    store = MemsvcStore(client)
    with pytest.raises(InvalidNamespaceError, match="memsvc user id"):
        store.put(("has space", "x"), "k", {"v": 1})
    assert store.get(("has space",), "k") is None  # no user can have that id
    with pytest.raises(NotImplementedError):
        store.put(("ann",), "k", {"v": 1}, ttl=5)
    with pytest.raises(PayloadTooLargeError):  # a note holds 500 characters by default
        store.put(("ann",), "big", {"text": "x" * 600})
    with pytest.raises(RuntimeError, match="no Memsvc client"):
        MemsvcStore(aclient=AsyncMemsvc(base_url=BASE_URL)).get(("ann",), "k")


class State(TypedDict):
    user: str
    fact: str
    recalled: list[str]


def remember(state: State, runtime: Runtime[None]) -> dict[str, Any]:
    """Write the fact to the user's memories, then recall what matches it."""
    assert runtime.store is not None
    ns = (state["user"], "memories")
    runtime.store.put(ns, "latest", {"text": state["fact"]})
    hits = runtime.store.search(ns, query=state["fact"], limit=3)
    return {"recalled": [hit.value["text"] for hit in hits]}


async def aremember(state: State, runtime: Runtime[None]) -> dict[str, Any]:
    assert runtime.store is not None
    ns = (state["user"], "memories")
    await runtime.store.aput(ns, "latest", {"text": state["fact"]})
    hits = await runtime.store.asearch(ns, query=state["fact"], limit=3)
    return {"recalled": [hit.value["text"] for hit in hits]}


def _graph(node: Callable[..., Any], store: MemsvcStore) -> Any:
    builder = StateGraph(State)
    builder.add_node("remember", node)
    builder.add_edge(START, "remember")
    builder.add_edge("remember", END)
    return builder.compile(store=store)


def test_a_langgraph_graph_runs_a_put_search_round_trip(client: Memsvc) -> None:
    store = MemsvcStore(client)
    graph = _graph(remember, store)
    result = graph.invoke({"user": "ann", "fact": "Ann adopted a cat named Miso", "recalled": []})
    assert result["recalled"] == ["Ann adopted a cat named Miso"]
    assert store.get(("ann", "memories"), "latest").value == {"text": result["fact"]}


def test_an_async_langgraph_graph_runs_a_put_search_round_trip(app: FastAPI) -> None:
    async def go() -> dict[str, Any]:
        transport = httpx.ASGITransport(app=app)
        async with AsyncMemsvc(base_url=BASE_URL, transport=transport) as aclient:
            graph = _graph(aremember, MemsvcStore(aclient=aclient))
            state = {"user": "bob", "fact": "Bob moved to Denver", "recalled": []}
            return dict(await graph.ainvoke(state))

    assert asyncio.run(go())["recalled"] == ["Bob moved to Denver"]
