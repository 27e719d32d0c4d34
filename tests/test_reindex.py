"""SQL is the source of truth: the index can be rebuilt from it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from memsvc.reindex import reindex
from memsvc.runtime import Runtime
from tests.helpers import seed


def test_reindex_rebuilds_the_same_search(client: TestClient, runtime: Runtime) -> None:
    seed(client, user_id="u1")
    seed(client, user_id="u2")
    query = {"user_id": "u1", "query": "When did Caroline go to the support group?", "k": 6}
    before = client.post("/v1/search", json=query).json()["hits"]
    ids = runtime.index.ids(user_id="u1")
    runtime.index.reset()
    assert runtime.index.count() == 0
    assert client.post("/v1/search", json=query).json()["hits"] == []
    assert reindex(runtime) == 12
    assert runtime.index.ids(user_id="u1") == ids
    after = client.post("/v1/search", json=query).json()["hits"]
    assert [h["id"] for h in after] == [h["id"] for h in before]
