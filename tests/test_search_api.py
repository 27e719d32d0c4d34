"""Hybrid search and context through the REST API."""

from __future__ import annotations

from fastapi.testclient import TestClient

from memsvc.runtime import Runtime
from tests.helpers import seed


def search(client: TestClient, **body: object) -> list[dict[str, object]]:
    response = client.post("/v1/search", json={"user_id": "u1", **body})
    assert response.status_code == 200, response.text
    hits: list[dict[str, object]] = response.json()["hits"]
    return hits


def test_hybrid_search_finds_the_relevant_turn_first(client: TestClient) -> None:
    seed(client)
    hits = search(client, query="When did Caroline go to the support group?", k=3)
    assert hits[0]["turn_id"] == "u1-s1-0"
    assert hits[0]["speaker"] == "Caroline" and hits[0]["session_id"] == "u1-s1"
    assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"]
    puppy = search(client, query="what is the name of the new dog?", k=1)
    assert puppy[0]["turn_id"] == "u1-s2-0"


def test_each_leg_alone_still_ranks(client: TestClient) -> None:
    seed(client)
    for mode in ("dense", "sparse"):
        hits = search(client, query="pottery classes", k=2, mode=mode)
        assert hits[0]["turn_id"] == "u1-s2-1", mode


def test_filters_restrict_sessions_speakers_and_time(client: TestClient) -> None:
    seed(client)
    in_session = search(client, query="support group", session_ids=["u1-s2"], k=10)
    assert {h["session_id"] for h in in_session} == {"u1-s2"}
    by_speaker = search(client, query="support group", speakers=["Melanie"], k=10)
    assert {h["speaker"] for h in by_speaker} == {"Melanie"} and len(by_speaker) == 3
    window = search(client, query="anything", start="2023-06-01T00:00:00Z", k=10)
    assert {h["turn_id"] for h in window} == {"u1-s2-0", "u1-s2-1"}


def test_search_is_isolated_per_user(client: TestClient) -> None:
    seed(client, user_id="u1")
    seed(client, user_id="u2")
    hits = search(client, query="support group", k=20)
    assert hits and all(str(h["session_id"]).startswith("u1-") for h in hits)


def test_search_rejects_bad_requests(client: TestClient) -> None:
    seed(client)
    cases = [
        ({"user_id": "u1", "query": "x", "k": 0}, 422, "k"),
        ({"user_id": "u1", "query": "x", "k": 101}, 422, "k"),
        ({"user_id": "u1", "query": "  "}, 422, "query"),
        ({"user_id": "u1", "query": "x", "start": "2024-01-01", "end": "2023-01-01"}, 422, "start"),
        ({"user_id": "nobody", "query": "x"}, 404, "nobody"),
    ]
    for body, status, needle in cases:
        response = client.post("/v1/search", json=body)
        assert response.status_code == status, body
        assert needle in response.json()["error"]["message"], body


def test_context_packs_dated_turns_chronologically_within_budget(
    client: TestClient, runtime: Runtime
) -> None:
    seed(client)
    body = {"user_id": "u1", "query": "What did Caroline say about the support group?"}
    context = client.post("/v1/context", json={**body, "budget_tokens": 60}).json()
    assert 0 < context["tokens"] <= 60
    assert runtime.tokens.count(context["context"]) == context["tokens"]
    assert "[8 May 2023]\nCaroline: I went to a LGBTQ support group" in context["context"]
    stamps = [item["timestamp"] for item in context["items"]]
    assert stamps == sorted(stamps)
    assert context["turn_ids"] == [item["id"] for item in context["items"]]
    roomy = client.post("/v1/context", json={**body, "budget_tokens": 4096}).json()
    # A roomy budget is not filled with what scores far below the best hit.
    assert context["turn_ids"][0] in roomy["turn_ids"]
    assert len(roomy["turn_ids"]) <= 6 and roomy["tokens"] <= 4096


def test_context_rejects_a_non_positive_budget(client: TestClient) -> None:
    seed(client)
    for budget in (0, -5):
        response = client.post(
            "/v1/context", json={"user_id": "u1", "query": "x", "budget_tokens": budget}
        )
        assert response.status_code == 422
        assert "budget_tokens" in response.json()["error"]["message"]
