"""SQL is the source of truth: the index can be rebuilt from it."""

from __future__ import annotations

from dataclasses import replace

from fastapi.testclient import TestClient

from memsvc.index.base import IndexPoint, IndexStatus
from memsvc.reindex import check, reindex
from memsvc.runtime import Runtime
from tests.helpers import seed
from tests.test_tiers import close_and_wait, post_session


def test_reindex_rebuilds_the_same_search(client: TestClient, runtime: Runtime) -> None:
    seed(client, user_id="u1")
    seed(client, user_id="u2")
    query = {"user_id": "u1", "query": "When did Caroline go to the support group?", "k": 6}
    before = client.post("/v1/search", json=query).json()["hits"]
    ids = runtime.index.ids(user_id="u1")
    runtime.index.reset()
    assert runtime.index.count() == 0
    assert client.post("/v1/search", json=query).json()["hits"] == []
    assert reindex(runtime).turns == 12
    assert runtime.index.ids(user_id="u1") == ids
    after = client.post("/v1/search", json=query).json()["hits"]
    assert [h["id"] for h in after] == [h["id"] for h in before]


def test_reindex_restores_facts_and_episodes(client: TestClient, runtime: Runtime) -> None:
    post_session(client, "s1", "2023-03-05T10:00:00Z", ["I live in Austin now.", "Nice!"])
    close_and_wait(client, runtime, "s1")
    query = {"user_id": "u1", "query": "Where do I live?", "tiers": ["semantic", "episode"]}
    before = client.post("/v1/search", json=query).json()["memories"]
    assert {m["tier"] for m in before} == {"semantic", "episode"}
    runtime.index.reset()
    reindex(runtime)
    after = client.post("/v1/search", json=query).json()["memories"]
    assert [m["id"] for m in after] == [m["id"] for m in before]


def test_check_repairs_a_small_disagreement_by_id(client: TestClient, runtime: Runtime) -> None:
    seed(client, user_id="u1")
    ids = runtime.index.ids()
    lost = sorted(ids)[0]
    runtime.index.delete([lost])  # a row without a point (an index write that never landed)
    # Points without a row (batches indexed, then killed before their commit).
    dense = [1.0] * runtime.encoder.dimension
    orphans = [
        IndexPoint(c * 32, dense, runtime.lexical.document("orphan"), {"user_id": "u1"})
        for c in "ef"
    ]
    runtime.index.upsert(orphans)
    status = check(runtime)
    assert status == IndexStatus(ok=True, repaired=3)
    assert runtime.index.ids() == ids


def test_check_reports_a_disagreement_beyond_the_repair_limit(
    client: TestClient, runtime: Runtime
) -> None:
    seed(client, user_id="u1")
    runtime.index.reset()
    limited = replace(
        runtime, settings=runtime.settings.model_copy(update={"index_repair_max_points": 5})
    )
    status = check(limited)
    assert not status.ok
    assert "holds 0 points but SQL has 6" in status.reason and "memsvc reindex" in status.reason
    assert runtime.index.count() == 0  # reported, not half-repaired
