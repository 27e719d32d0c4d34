"""Each retrieval metric on hand-computed cases."""

from __future__ import annotations

import math

import pytest

from eval import metrics as m

RANKING = ["a", "b", "c", "d", "e"]


def test_hit_and_recall_at_k() -> None:
    assert m.hit_at_k(RANKING, ["c"], 2) == 0.0
    assert m.hit_at_k(RANKING, ["c"], 3) == 1.0
    assert m.recall_at_k(RANKING, ["b", "e"], 1) == 0.0
    assert m.recall_at_k(RANKING, ["b", "e"], 2) == 0.5
    assert m.recall_at_k(RANKING, ["b", "e"], 5) == 1.0
    assert m.recall_at_k(RANKING, ["b", "zz"], 50) == 0.5
    assert m.recall_at_k(RANKING, [], 5) == 0.0


def test_session_recall_any_and_all() -> None:
    sessions = ["S3", "S1", "S2"]
    assert m.recall_any_at_k(sessions, ["S1", "S2"], 1) == 0.0
    assert m.recall_any_at_k(sessions, ["S1", "S2"], 2) == 1.0
    assert m.recall_all_at_k(sessions, ["S1", "S2"], 2) == 0.0
    assert m.recall_all_at_k(sessions, ["S1", "S2"], 3) == 1.0
    assert m.recall_all_at_k(sessions, [], 3) == 0.0


def test_session_ranking_is_first_appearance() -> None:
    session_of = {"a": "S2", "b": "S2", "c": "S1", "d": "S3", "e": "S1"}
    assert m.session_ranking(["b", "a", "e", "d", "c", "unknown"], session_of) == ["S2", "S1", "S3"]


def test_ndcg_binary() -> None:
    # Relevant at ranks 2 and 4: DCG = 1/log2(3) + 1/log2(5); ideal = 1 + 1/log2(3).
    expected = (1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3))
    assert m.ndcg_at_k(RANKING, ["b", "d"], 10) == pytest.approx(expected)
    assert m.ndcg_at_k(RANKING, ["a"], 10) == 1.0
    assert m.ndcg_at_k(RANKING, ["zz"], 10) == 0.0
    # Only the top k count: "e" at rank 5 is outside k=3.
    assert m.ndcg_at_k(RANKING, ["e"], 3) == 0.0


def test_reciprocal_rank() -> None:
    assert m.reciprocal_rank(RANKING, ["c", "e"]) == pytest.approx(1 / 3)
    assert m.reciprocal_rank(RANKING, ["zz"]) == 0.0


def test_evidence_in_context() -> None:
    assert m.evidence_in_context(["D1:1", "D2:3"], ["D1:1", "D1:2"]) == 0.5
    assert m.evidence_in_context([], ["D1:1"]) == 0.0


def test_turn_and_session_metric_bundles() -> None:
    out = m.turn_metrics(["x", "D1:1", "y"], ["D1:1"])
    assert out["hit@1"] == 0.0 and out["hit@5"] == 1.0 and out["recall@50"] == 1.0
    assert out["mrr"] == 0.5
    assert set(out) >= {f"recall@{k}" for k in m.TURN_KS} | {"ndcg@10"}
    sess = m.session_metrics(["S2", "S1"], ["S1"])
    assert sess["sess_any@1"] == 0.0 and sess["sess_any@3"] == 1.0 and sess["sess_all@3"] == 1.0


def test_percentile_and_mean() -> None:
    assert m.percentile([], 50) is None
    assert m.percentile([7.0], 95) == 7.0
    assert m.percentile([1.0, 2.0, 3.0, 4.0, 5.0], 50) == 3.0
    assert m.mean([]) is None
    assert m.mean([1.0, 0.0]) == 0.5
