"""Fusion of the dense and lexical legs."""

from __future__ import annotations

import pytest

from memsvc.index import IndexHit, LegResults
from memsvc.search.boosts import session_prior
from memsvc.search.query import answer_kinds
from memsvc.search.service import fuse

LEGS = LegResults(
    dense=[IndexHit("a", 0.9), IndexHit("b", 0.8), IndexHit("c", 0.5)],
    sparse=[IndexHit("c", 12.0), IndexHit("d", 6.0), IndexHit("a", 2.0)],
)


def test_convex_fusion_weights_normalised_scores() -> None:
    scores = fuse(LEGS, mode="hybrid", fusion="convex", dense_weight=0.3)
    # a: dense 1.0*0.3 + sparse 0.0*0.7; c: dense 0.0 + sparse 1.0*0.7; d: sparse 0.4*0.7
    assert scores == pytest.approx({"a": 0.3, "b": 0.75 * 0.3, "c": 0.7, "d": 0.4 * 0.7})
    assert max(scores, key=scores.__getitem__) == "c"


def test_rrf_fusion_rewards_agreement() -> None:
    scores = fuse(LEGS, mode="hybrid", fusion="rrf", dense_weight=0.3)
    assert scores["a"] == pytest.approx(0.3 / 61 + 0.7 / 63)
    assert scores["c"] > scores["a"] > scores["d"] > scores["b"]


def test_single_leg_modes_keep_that_legs_order() -> None:
    for mode, expected in (("dense", ["a", "b", "c"]), ("sparse", ["c", "d", "a"])):
        scores = fuse(LEGS, mode=mode, dense_weight=0.3)
        assert sorted(scores, key=scores.__getitem__, reverse=True) == expected


def test_session_prior_favours_the_session_that_matches_best() -> None:
    scores = {"a1": 0.8, "a2": 0.7, "a3": 0.6, "b1": 0.8}
    payloads = {k: {"session_id": k[0]} for k in scores}
    lifted = session_prior(scores, payloads, 0.3)
    assert lifted["a1"] > lifted["b1"]  # tied before; session a holds more strong candidates
    assert lifted["a1"] - scores["a1"] == pytest.approx(0.3)  # the strongest session
    assert sorted(lifted, key=lifted.__getitem__, reverse=True)[:3] == ["a1", "a2", "b1"]


def test_answer_kinds_name_the_entities_a_question_asks_for() -> None:
    assert {"GPE", "LOC"} <= answer_kinds("Which cities has John been to?")
    assert "WORK_OF_ART" in answer_kinds("What books has Melanie read?")
    assert "PERSON" in answer_kinds("What are the names of John's children?")
    assert answer_kinds("How is Caroline feeling?") == frozenset()
