"""Anchors at ingest and their use at query time, end to end through the API."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from memsvc.runtime import Runtime
from memsvc.search.tuning import DEFAULT
from memsvc.storage.models import Turn
from tests.helpers import make_session, seed, turns_body


def search(client: TestClient, **body: Any) -> list[dict[str, Any]]:
    response = client.post("/v1/search", json={"user_id": "u1", **body})
    assert response.status_code == 200, response.text
    hits: list[dict[str, Any]] = response.json()["hits"]
    return hits


def test_turns_are_stored_verbatim_with_resolved_anchors(
    client: TestClient, runtime: Runtime
) -> None:
    seed(client)
    hits = search(client, query="support group", k=1)
    with runtime.sessions() as db:
        turn = db.get_one(Turn, hits[0]["id"])
    assert turn.text.startswith("I went to a LGBTQ support group yesterday")
    anchors = turn.anchors
    assert "Caroline" in anchors["people"]
    assert anchors["times"][0]["start"] == "2023-05-07"
    assert anchors["times"][0]["granularity"] == "day"
    assert any(t[0] == "Caroline" and "support group" in t[2] for t in anchors["triples"])


def test_when_question_finds_the_dated_turn(client: TestClient) -> None:
    seed(client)
    hits = search(client, query="When did Caroline go to the support group?", k=3)
    assert hits[0]["turn_id"] == "u1-s1-0"


def test_time_window_from_the_reference_time(client: TestClient) -> None:
    seed(client)
    body: dict[str, Any] = {
        "query": "what happened last month?",
        "reference_time": "2023-07-10T12:00:00Z",
        "features": {"sessions": False},  # the window alone, not the session prior
        # ... and fixed fusion: in a six-turn store the adaptive dense share would decide
        "tuning": {"adaptive_dense": 0.0},
    }
    top = search(client, **body, k=3)
    assert {"u1-s2-0", "u1-s2-1"} <= {h["turn_id"] for h in top}
    in_june = [h for h in top if h["turn_id"].startswith("u1-s2")]
    body["features"] = {"time": False, "sessions": False}
    without = {h["turn_id"]: h["score"] for h in search(client, **body, k=6)}
    assert all(h["score"] > without[h["turn_id"]] for h in in_june)


def test_neighbours_of_a_strong_hit_are_pulled_in(client: TestClient) -> None:
    seed(client)
    hits = search(client, query="support group", k=2)
    assert [h["turn_id"] for h in hits] == ["u1-s1-0", "u1-s1-1"]
    plain = search(client, query="support group", k=2, features={"neighbours": False})
    assert plain[0]["turn_id"] == "u1-s1-0"


def test_unknown_feature_is_rejected(client: TestClient) -> None:
    seed(client)
    response = client.post(
        "/v1/search", json={"user_id": "u1", "query": "x", "features": {"rerank": False}}
    )
    assert response.status_code == 422 and "features.rerank" in response.json()["error"]["message"]


def test_context_shows_resolved_dates_beside_relative_phrases(client: TestClient) -> None:
    seed(client)
    body = {"user_id": "u1", "query": "When did Caroline go to the support group?"}
    context = client.post("/v1/context", json={**body, "budget_tokens": 200}).json()["context"]
    assert (
        "[8 May 2023]\nCaroline: I went to a LGBTQ support group yesterday and it was "
        "so powerful. (7 May 2023)"
    ) in context


def test_which_cities_favours_turns_that_name_a_place(client: TestClient) -> None:
    make_session(client, user_id="u1", session_id="trips", started_at="2023-05-08T13:56:00Z")
    rows = [
        ("Melanie", "I love quiet galleries and museums on rainy days.", "2023-05-08T14:00:00Z"),
        ("Melanie", "We spent a week in Lisbon with the kids last spring.", "2023-05-08T14:01:00Z"),
        ("Caroline", "That sounds lovely, I want to go there too.", "2023-05-08T14:02:00Z"),
    ]
    client.post("/v1/sessions/trips/turns", json=turns_body(rows, prefix="trips"))
    query = "Which cities has Melanie visited?"
    hits = search(client, query=query, k=3, features={"neighbours": False})
    plain = search(client, query=query, k=3, features={"neighbours": False, "kinds": False})
    with_kinds = {h["turn_id"]: h["score"] for h in hits}
    without = {h["turn_id"]: h["score"] for h in plain}
    assert with_kinds["trips-1"] == pytest.approx(
        without["trips-1"] + DEFAULT.answer_kind, abs=1e-5
    )
    assert with_kinds["trips-0"] == pytest.approx(without["trips-0"], abs=1e-5)
