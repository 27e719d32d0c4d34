"""Fusion of the dense and lexical legs."""

from __future__ import annotations

import pytest

from memsvc.index import IndexHit, LegResults
from memsvc.search.service import fuse

LEGS = LegResults(
    dense=[IndexHit("a", 0.9), IndexHit("b", 0.8), IndexHit("c", 0.5)],
    sparse=[IndexHit("c", 12.0), IndexHit("d", 6.0), IndexHit("a", 2.0)],
)


def test_convex_fusion_weights_normalised_scores() -> None:
    scores = fuse(LEGS, mode="hybrid", fusion="convex")
    # a: dense 1.0*0.3 + sparse 0.0*0.7; c: dense 0.0 + sparse 1.0*0.7; d: sparse 0.4*0.7
    assert scores == pytest.approx({"a": 0.3, "b": 0.75 * 0.3, "c": 0.7, "d": 0.4 * 0.7})
    assert max(scores, key=scores.__getitem__) == "c"


def test_rrf_fusion_rewards_agreement() -> None:
    scores = fuse(LEGS, mode="hybrid", fusion="rrf")
    assert scores["a"] == pytest.approx(0.3 / 61 + 0.7 / 63)
    assert scores["c"] > scores["a"] > scores["d"] > scores["b"]


def test_single_leg_modes_keep_that_legs_order() -> None:
    for mode, expected in (("dense", ["a", "b", "c"]), ("sparse", ["c", "d", "a"])):
        scores = fuse(LEGS, mode=mode)
        assert sorted(scores, key=scores.__getitem__, reverse=True) == expected
