"""The embedded edge engine and the qdrant-client adapter (local mode, the server's API) agree."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pytest
from qdrant_client import QdrantClient

from memsvc.index.base import IndexFilter, IndexPoint, VectorIndex
from memsvc.index.edge import EdgeIndex
from memsvc.index.qdrant_server import QdrantServerIndex
from memsvc.lexical import LexicalEncoder

DIM = 16
VOCABULARY = (
    "dog park sister paris mountains hiking book sunrise painting lake pottery bowl kids shelter "
    "job morning weekend class trip garden coffee music concert beach cake guitar"
).split()
FILTERS = [
    IndexFilter(user_id="u0"),
    IndexFilter(user_id="u1", session_ids=["s1", "s3"]),
    IndexFilter(user_id="u0", speakers=["Bob"], start=10.0, end=50.0),
    IndexFilter(user_id="u1", tiers=["episodic"], end=30.0),
    IndexFilter(user_id="u0", tiers=["semantic"]),
]
QUERIES = ["dog park", "sister Paris", "mountains hiking book", "sunrise painting"]


def make_points(seed: int = 7, n: int = 80) -> list[IndexPoint]:
    rng = np.random.default_rng(seed)
    lexical = LexicalEncoder()
    points = []
    for i in range(n):
        vector = rng.normal(size=DIM)
        # Random word mixes of varied length, so no two documents tie on BM25 score.
        text = " ".join(rng.choice(VOCABULARY, size=int(rng.integers(3, 12))))
        memory = i % 5 == 0  # a distilled memory: its lexical vector in the memories' space
        sparse = lexical.document(text)
        payload = {
            "user_id": f"u{i % 2}",
            "session_id": f"s{i % 4}",
            "tier": "semantic" if memory else "episodic",
            "speaker": "Bob" if i % 3 else "Ann",
            "event_time": float(i),
            "turn_id": f"t{i}",
        }
        unit = (vector / np.linalg.norm(vector)).tolist()
        sparse = sparse.in_memory_space() if memory else sparse
        points.append(IndexPoint(f"{i + 1:032x}", unit, sparse, payload))
    return points


@pytest.fixture
def engines(tmp_path: Path) -> list[VectorIndex]:
    edge = EdgeIndex(tmp_path / "edge", dimension=DIM)
    local = QdrantServerIndex(QdrantClient(":memory:"), collection="memsvc", dimension=DIM)
    points = make_points()
    for engine in (edge, local):
        engine.upsert(points)
    return [edge, local]


def ranked(
    engine: VectorIndex, query: str, where: IndexFilter
) -> tuple[list[tuple[str, float]], ...]:
    rng = np.random.default_rng(zlib.crc32(query.encode()))  # hash() differs per process
    vector = rng.normal(size=DIM)
    sparse = LexicalEncoder().query(query)
    legs = engine.search(
        dense=(vector / np.linalg.norm(vector)).tolist(),
        sparse=sparse.in_memory_space() if where.tiers == ["semantic"] else sparse,
        where=where,
        limit=10,
    )
    return (
        [(h.id, round(h.score, 4)) for h in legs.dense],
        [(h.id, round(h.score, 4)) for h in legs.sparse],
    )


def _above_cutoff(hits: list[tuple[str, float]]) -> list[tuple[float, str]]:
    """Equal scores may come back in any order, and a tie at the limit may pick either point:
    compare (score, id) sorted, leaving out the tie group at the cut-off."""
    cutoff = hits[-1][1] if hits else 0.0
    return sorted((-score, point_id) for point_id, score in hits if score > cutoff)


@pytest.mark.parametrize("where", FILTERS)
@pytest.mark.parametrize("query", QUERIES)
def test_same_results_from_both_engines(
    engines: list[VectorIndex], query: str, where: IndexFilter
) -> None:
    edge, local = (ranked(engine, query, where) for engine in engines)
    assert [i for i, _ in edge[0]] == [i for i, _ in local[0]]
    assert [s for _, s in edge[0]] == [s for _, s in local[0]]
    assert [s for _, s in edge[1]] == [s for _, s in local[1]]
    assert _above_cutoff(edge[1]) == _above_cutoff(local[1])
    assert edge[0], "the dense leg always returns filtered points"


def test_filters_hold_in_both_engines(engines: list[VectorIndex]) -> None:
    for engine in engines:
        legs = engine.search(
            dense=[1.0] + [0.0] * (DIM - 1), sparse=None, where=FILTERS[2], limit=50
        )
        assert legs.dense and all(
            h.payload["user_id"] == "u0"
            and h.payload["speaker"] == "Bob"
            and 10 <= h.payload["event_time"] <= 50
            for h in legs.dense
        )


def test_deletes_and_counts_agree(engines: list[VectorIndex]) -> None:
    points = make_points()
    for engine in engines:
        engine.delete([points[0].id, points[1].id])
        engine.delete_where(user_id="u1", session_id="s3")
    counts = [(e.count(), e.count(user_id="u0"), e.count(user_id="u1")) for e in engines]
    assert counts[0] == counts[1] == (58, 39, 19)
    assert engines[0].ids(user_id="u1") == engines[1].ids(user_id="u1")
    for engine in engines:
        engine.delete_where(user_id="u0")
        assert engine.count(user_id="u0") == 0 and engine.count() == 19


def test_edge_index_survives_a_reopen(tmp_path: Path) -> None:
    edge = EdgeIndex(tmp_path / "edge", dimension=DIM)
    edge.upsert(make_points())
    edge.close()
    reopened = EdgeIndex(tmp_path / "edge", dimension=DIM)
    assert reopened.count() == 80
    reopened.close()
