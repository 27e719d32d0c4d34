"""Per-request tuning: the constants cross-validation chooses between, and what they switch."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from memsvc.config import Settings
from memsvc.runtime import Runtime
from memsvc.search.boosts import spread_sessions
from memsvc.search.tuning import DEFAULT
from tests.helpers import make_session, seed, turns_body

ALL_OFF = {f: False for f in ("entities", "when", "time", "neighbours", "kinds", "sessions")}


def _search(client: TestClient, **body: Any) -> dict[str, Any]:
    response = client.post("/v1/search", json={"user_id": "u1", "k": 6, **body})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_a_full_dense_weight_ranks_as_the_dense_leg(client: TestClient) -> None:
    seed(client)
    query = "a place where people share their stories"
    dense = _search(client, query=query, mode="dense", features=ALL_OFF)["hits"]
    hybrid = _search(client, query=query, features=ALL_OFF, tuning={"dense_weight": 1.0})["hits"]
    assert [h["id"] for h in hybrid][:3] == [h["id"] for h in dense][:3]
    sparse = _search(client, query="support group", mode="sparse", features=ALL_OFF)["hits"]
    lexical = _search(client, query="support group", features=ALL_OFF, tuning={"dense_weight": 0.0})
    assert lexical["hits"][0]["id"] == sparse[0]["id"]


def test_out_of_range_or_unknown_tuning_is_refused_with_the_field(client: TestClient) -> None:
    seed(client)
    for tuning, field in (({"dense_weight": 1.5}, "dense_weight"), ({"boost": 1}, "boost")):
        response = client.post("/v1/search", json={"user_id": "u1", "query": "x", "tuning": tuning})
        assert response.status_code == 422 and field in response.text


def test_aggregation_questions_spread_the_top_over_sessions(client: TestClient) -> None:
    make_session(client, user_id="u1", session_id="a", started_at="2023-05-01T10:00:00Z")
    make_session(client, user_id="u1", session_id="b", started_at="2023-06-01T10:00:00Z")
    rows_a = [
        (
            "Ana",
            "I played guitar at the open mic night, guitar solo and all.",
            "2023-05-01T10:01:00Z",
        ),
        ("Ana", "The guitar amp at the open mic was so loud.", "2023-05-01T10:02:00Z"),
        ("Ana", "Everyone clapped for my guitar set at the open mic.", "2023-05-01T10:03:00Z"),
    ]
    rows_b = [
        ("Ana", "I played guitar at my cousin's wedding too.", "2023-06-01T10:01:00Z"),
        # Unrelated turns, so the wedding turn is not the fused minimum (min-max gives that 0).
        ("Ana", "The weather was sunny and we ate cake.", "2023-06-01T10:02:00Z"),
        ("Ana", "My tax return is finally filed.", "2023-06-01T10:03:00Z"),
    ]
    client.post("/v1/sessions/a/turns", json=turns_body(rows_a, prefix="a"))
    client.post("/v1/sessions/b/turns", json=turns_body(rows_b, prefix="b"))
    query = "How many times did Ana play guitar at the open mic or elsewhere?"
    plain = _search(client, query=query, k=2, features=ALL_OFF)["hits"]
    spread = _search(client, query=query, k=2, features=ALL_OFF, tuning={"list_spread": 0.9})
    assert {h["session_id"] for h in plain} == {"a"}
    assert {h["session_id"] for h in spread["hits"]} == {"a", "b"}


def test_spread_keeps_a_sessions_first_candidate_and_decays_the_rest() -> None:
    scores = {"a1": 1.0, "a2": 0.9, "a3": 0.8, "b1": 0.5}
    payloads = {k: {"session_id": k[0]} for k in scores}
    spread = spread_sessions(scores, payloads, 0.5)
    assert spread == {"a1": 1.0, "a2": 0.45, "a3": 0.2, "b1": 0.5}


def test_evidence_carries_a_score_and_its_signals(client: TestClient) -> None:
    seed(client)
    evidence = _search(client, query="When did Caroline go to the support group?")["evidence"]
    assert 0.0 <= evidence["score"] <= 1.0
    assert {"coverage", "similarity", "agreement"} <= set(evidence["signals"])
    strict = _search(client, query="support group", tuning={"evidence_cutoff": 1.0})
    assert strict["evidence"]["label"] == "none"
    assert DEFAULT.evidence_cutoff < 1.0


def test_the_answer_type_signal_wants_an_answer_the_question_does_not_give(
    client: TestClient,
) -> None:
    make_session(client, user_id="u1", session_id="r", started_at="2023-05-01T10:00:00Z")
    rows = [("Ana", "We're off to Rome in May, so excited about the trip!", "2023-05-01T10:01:00Z")]
    client.post("/v1/sessions/r/turns", json=turns_body(rows, prefix="r"))
    query = "Which hotel did Ana book in Rome?"
    absent = _search(client, query=query)["evidence"]["signals"]
    assert absent["answer_type"] == 0.0  # Rome is in the question: not an answer
    rows = [("Ana", "We booked the Hilton Rome Airport for the trip.", "2023-05-01T10:02:00Z")]
    client.post("/v1/sessions/r/turns", json=turns_body(rows, prefix="r2"))
    assert _search(client, query=query)["evidence"]["signals"]["answer_type"] == 1.0
    count = _search(client, query="How many days was Ana in Rome?")["evidence"]["signals"]
    assert count["answer_type"] == 0.0  # no number anywhere


def test_server_tuning_replaces_the_shipped_defaults_and_a_request_still_wins(
    client: TestClient, runtime: Runtime
) -> None:
    seed(client)
    query = {"query": "support group", "features": ALL_OFF, "explain": True}
    shipped = _search(client, **query)["hits"]
    assert any(h["explain"].get("sparse", 0) > 0 for h in shipped)
    runtime.settings.tuning = {"dense_weight": 1.0, "adaptive_dense": 0.0}  # MEMSVC_TUNING
    dense_only = _search(client, **query)["hits"]
    assert all(h["explain"].get("sparse", 0) == 0 for h in dense_only)
    dense = _search(client, query="support group", mode="dense", features=ALL_OFF)["hits"]
    assert [h["id"] for h in dense_only][:3] == [h["id"] for h in dense][:3]
    # The request's own constant wins; the server's others stay (adaptive_dense 0).
    lexical = _search(client, **query, tuning={"dense_weight": 0.0})["hits"]
    assert all(h["explain"].get("dense", 0) == 0 for h in lexical)
    # The reader uses them too: a fall-off of 1.0 keeps only the best hit's score.
    body = {"user_id": "u1", "query": "support group", "budget_tokens": 2000}
    wide = client.post("/v1/context", json=body).json()
    runtime.settings.tuning = {"fall_off": 1.0}
    narrow = client.post("/v1/context", json=body).json()
    assert 0 < len(narrow["turn_ids"]) < len(wide["turn_ids"])


def test_server_tuning_with_an_unknown_or_out_of_range_constant_fails_at_start_up() -> None:
    for tuning, field in (({"dense_wieght": 0.3}, "dense_wieght"), ({"fall_off": 2.0}, "fall_off")):
        with pytest.raises(ValidationError, match=field):
            Settings(tuning=tuning)
