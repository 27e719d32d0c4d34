"""Tiers end to end: facts with knowledge updates, dedup, as-of, scratchpad, episodes,
working memory (in process and on the real Redis), consolidation and the queue worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import select

from memsvc.app import create_app
from memsvc.encoder import SentenceTransformerEncoder
from memsvc.linguistics.anchors import Anchorer
from memsvc.runtime import Runtime
from memsvc.storage.models import Memory, utcnow
from memsvc.storage.models import Session as ChatSession
from memsvc.tiers.consolidation import consolidate
from memsvc.tiers.lifecycle import due_sessions
from memsvc.tiers.scheduler import QueueScheduler
from memsvc.tiers.worker import work
from tests.conftest import redis_runtime
from tests.helpers import make_session, seed, turns_body

MOVES = [
    ("s-jan", "2023-01-10T10:00:00Z", "I love living in Denver, the neighbourhood is so friendly."),
    ("s-mar", "2023-03-05T10:00:00Z", "We finally moved! I live in Austin now, still unpacking."),
]


def post_session(client: TestClient, session_id: str, at: str, lines: list[str]) -> None:
    make_session(client, user_id="u1", session_id=session_id, started_at=at)
    rows = [("user" if i % 2 == 0 else "assistant", text, at) for i, text in enumerate(lines)]
    response = client.post(
        f"/v1/sessions/{session_id}/turns", json=turns_body(rows, prefix=session_id)
    )
    assert response.status_code == 201, response.text


def close_and_wait(client: TestClient, runtime: Runtime, session_id: str) -> None:
    response = client.post(f"/v1/sessions/{session_id}/close")
    assert response.status_code == 202, response.text
    assert runtime.scheduler is not None
    runtime.scheduler.wait()


def moved(client: TestClient, runtime: Runtime) -> None:
    for session_id, at, text in MOVES:
        post_session(client, session_id, at, [text, "That's great to hear!"])
        close_and_wait(client, runtime, session_id)


def facts(client: TestClient, **params: str) -> list[dict[str, Any]]:
    response = client.get("/v1/users/u1/facts", params=params)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return [f for f in items if f["predicate"] == "live in"]


def test_a_later_value_supersedes_and_the_old_one_stays_as_history(
    client: TestClient, runtime: Runtime
) -> None:
    moved(client, runtime)
    current = facts(client)
    assert [f["object"] for f in current] == ["Austin"] and current[0]["current"]
    history = facts(client, status="history")
    assert [f["object"] for f in history] == ["Denver"]
    assert history[0]["superseded_by"] == current[0]["id"]
    assert history[0]["valid_to"] == current[0]["valid_from"]
    assert [f["object"] for f in facts(client, as_of="2023-02-01T00:00:00Z")] == ["Denver"]
    assert [f["object"] for f in facts(client, as_of="2023-04-01T00:00:00Z")] == ["Austin"]


def test_search_returns_current_facts_and_marks_outdated_turns(
    client: TestClient, runtime: Runtime
) -> None:
    moved(client, runtime)
    body = {"user_id": "u1", "query": "Which city do I live in now?", "k": 5}
    found = client.post("/v1/search", json=body).json()
    assert [m["object"] for m in found["memories"] if m["tier"] == "semantic"][:1] == ["Austin"]
    assert all(m["current"] for m in found["memories"])
    texts = [h["text"] for h in found["hits"]]
    assert "Austin" in texts[0]  # the current statement outranks the superseded one
    denver = next(h for h in found["hits"] if "Denver" in h["text"])
    assert denver["superseded"] and denver["valid_to"]
    with_history = client.post("/v1/search", json={**body, "include_history": True}).json()
    old = [m for m in with_history["memories"] if m.get("object") == "Denver"]
    assert old and not old[0]["current"] and old[0]["valid_to"]


def test_the_same_fact_twice_strengthens_it(client: TestClient, runtime: Runtime) -> None:
    for session_id, at in (("a", "2023-01-01T09:00:00Z"), ("b", "2023-02-01T09:00:00Z")):
        post_session(client, session_id, at, ["I drive a Tesla Model 3.", "Nice car!"])
        close_and_wait(client, runtime, session_id)
    items = client.get("/v1/users/u1/facts").json()["items"]
    drives = [f for f in items if f["predicate"] == "drive"]
    assert len(drives) == 1
    assert drives[0]["mentions"] == 2 and len(drives[0]["source_turn_ids"]) == 2
    assert drives[0]["confidence"] > 0.6


def snapshot(runtime: Runtime) -> list[tuple[Any, ...]]:
    with runtime.sessions() as db:
        rows = db.scalars(select(Memory).order_by(Memory.id))
        return [
            (
                m.id,
                m.tier,
                m.text,
                m.valid_from,
                m.valid_to,
                m.superseded_by,
                m.mentions,
                m.confidence,
                tuple(m.source_turn_ids),
            )
            for m in rows
        ]


def test_consolidation_twice_changes_nothing(client: TestClient, runtime: Runtime) -> None:
    moved(client, runtime)
    post_session(client, "prefs", "2023-03-06T10:00:00Z", ["Please always answer in French."])
    assert consolidate(runtime, "prefs") is not None
    before = snapshot(runtime)
    for session_id in ("s-jan", "s-mar", "prefs"):
        again = consolidate(runtime, session_id)
        assert again is not None and (again.facts, again.notes, again.episode) == (0, 0, False)
    assert snapshot(runtime) == before
    assert consolidate(runtime, "no-such-session") is None


def test_close_builds_an_episode_and_distils_standing_notes(
    client: TestClient, runtime: Runtime
) -> None:
    lines = [
        "I'm allergic to peanuts, please remember that.",
        "Noted, no peanuts.",
        "My sister Anna moved to Lisbon last week.",
        "How exciting for her!",
    ]
    post_session(client, "s1", "2023-05-08T13:56:00Z", lines)
    close_and_wait(client, runtime, "s1")
    episodes = client.get("/v1/users/u1/episodes").json()["items"]
    assert len(episodes) == 1 and episodes[0]["session_id"] == "s1"
    assert episodes[0]["metadata"]["participants"] == ["user", "assistant"]
    assert "8 May 2023" in episodes[0]["text"]
    notes = client.get("/v1/users/u1/scratchpad").json()["items"]
    assert [n["text"] for n in notes] == ["I'm allergic to peanuts, please remember that."]
    assert notes[0]["distilled"] and notes[0]["source_turn_ids"]
    body = {"user_id": "u1", "query": "Lisbon", "tiers": ["episode"], "k": 3}
    hits = client.post("/v1/search", json=body).json()
    assert hits["hits"] == [] and hits["memories"][0]["tier"] == "episode"


def test_scratchpad_crud_idempotent_writes_and_cap(client: TestClient, runtime: Runtime) -> None:
    url = "/v1/users/u1/scratchpad"
    created = client.post(url, json={"text": "Prefers metric units", "id": "units"})
    assert created.status_code == 201
    assert client.post(url, json={"text": "Prefers metric units", "id": "units"}).status_code == 200
    clash = client.post(url, json={"text": "Something else", "id": "units"})
    assert clash.status_code == 409 and "PUT" in clash.json()["error"]["message"]
    edited = client.put(f"{url}/units", json={"text": "Prefers metric units and 24h time"})
    assert edited.json()["text"] == "Prefers metric units and 24h time"
    too_long = client.post(url, json={"text": "x" * (runtime.settings.scratchpad_note_chars + 1)})
    assert too_long.status_code == 413 and "cap" in too_long.json()["error"]["message"]
    for i in range(runtime.settings.scratchpad_max_notes - 1):
        assert client.post(url, json={"text": f"note {i}"}).status_code == 201
    full = client.post(url, json={"text": "one too many"})
    assert full.status_code == 409 and "cap" in full.json()["error"]["message"]
    assert len(client.get(url).json()["items"]) == runtime.settings.scratchpad_max_notes
    assert client.delete(f"{url}/units").status_code == 204
    assert client.delete(f"{url}/units").status_code == 404
    assert client.post(url, json={"text": "room again"}).status_code == 201


def test_working_memory_keeps_recent_turns_and_summarises_the_rest(
    client: TestClient, runtime: Runtime
) -> None:
    window = 2 * runtime.settings.working_exchanges
    lines = [f"Message number {i} about nothing much." for i in range(window + 4)]
    lines[1] = "I went to a LGBTQ support group in Boston yesterday."
    post_session(client, "s1", "2023-05-08T13:56:00Z", lines)
    memory = client.get("/v1/sessions/s1/working-memory").json()
    assert len(memory["turns"]) == window and memory["earlier_turns"] == 4
    assert memory["turns"][-1]["text"] == lines[-1]
    assert "support group" in memory["summary"] and "(7 May 2023)" in memory["summary"]
    again = client.post(
        "/v1/sessions/s1/turns",
        json=turns_body(
            [
                ("user" if i % 2 == 0 else "assistant", t, "2023-05-08T13:56:00Z")
                for i, t in enumerate(lines)
            ],
            prefix="s1",
        ),
    )
    assert again.status_code == 200 and again.json()["created"] == 0
    assert client.get("/v1/sessions/s1/working-memory").json() == memory
    assert client.get("/v1/sessions/nope/working-memory").status_code == 404


@pytest.mark.redis
def test_working_memory_in_redis_survives_a_restart(
    tmp_path: Path,
    database_url: str,
    redis_url: str,
    encoder: SentenceTransformerEncoder,
    anchorer: Anchorer,
) -> None:
    first = redis_runtime(tmp_path, database_url, redis_url, encoder, anchorer)
    with TestClient(create_app(runtime=first)) as client:
        post_session(client, "s1", "2023-05-08T13:56:00Z", ["Hello there!", "Hi, how are you?"])
        before = client.get("/v1/sessions/s1/working-memory").json()
    first.close()
    connection = redis.Redis.from_url(redis_url)
    key = next(iter(connection.scan_iter("memsvc:wm:*")))
    assert connection.ttl(key) > 0
    second = redis_runtime(tmp_path, database_url, redis_url, encoder, anchorer)
    try:
        assert second.working.get("s1") is not None  # read back from Redis, not rebuilt
        with TestClient(create_app(runtime=second)) as client:
            assert client.get("/v1/sessions/s1/working-memory").json() == before
            assert client.delete("/v1/users/u1").status_code == 204
        assert list(connection.scan_iter("memsvc:wm:*")) == []
    finally:
        second.close()
        connection.close()


@pytest.mark.redis
def test_close_enqueues_once_and_the_worker_consolidates(queue_runtime: Runtime) -> None:
    built = queue_runtime
    assert isinstance(built.scheduler, QueueScheduler)
    with TestClient(create_app(runtime=built)) as client:
        moved_turns = [MOVES[0][2], "Sounds lovely."]
        post_session(client, "s1", MOVES[0][1], moved_turns)
        for _ in range(2):  # a retried close queues the job once
            assert client.post("/v1/sessions/s1/close").status_code == 202
        assert built.scheduler.queue.count == 1
        assert client.get("/v1/users/u1/facts").json()["items"] == []
        assert work(built, burst=True) == 0  # rq's worker, consuming the real queue
        assert built.scheduler.queue.count == 0
        objects = [f["object"] for f in client.get("/v1/users/u1/facts").json()["items"]]
        assert "Denver" in objects
        assert len(client.get("/v1/users/u1/episodes").json()["items"]) == 1


def test_a_rename_supersedes_the_old_name(client: TestClient, runtime: Runtime) -> None:
    named = [
        ("a", "2023-01-01T09:00:00Z", "Our kitten is called Bramble, she's a menace."),
        ("b", "2023-02-01T09:00:00Z", "The kids voted and we renamed the kitten Pickles."),
    ]
    for session_id, at, text in named:
        post_session(client, session_id, at, [text, "Cute!"])
        close_and_wait(client, runtime, session_id)
    items = client.get("/v1/users/u1/facts", params={"status": "all"}).json()["items"]
    names = {f["object"]: f["current"] for f in items if f["predicate"] == "name of kitten"}
    assert names == {"Bramble": False, "Pickles": True}


def test_now_questions_favour_the_latest_statement(client: TestClient, runtime: Runtime) -> None:
    gyms = [
        ("a", "2023-01-01T09:00:00Z", "I switched gyms, I'm going to Pulse Studio now."),
        ("b", "2023-03-01T09:00:00Z", "I switched gyms, I'm going to Iron Temple now."),
    ]
    for session_id, at, text in gyms:
        post_session(client, session_id, at, [text, "Nice!"])
    body = {"user_id": "u1", "query": "Which gym do I go to now?", "k": 4}
    hits = client.post("/v1/search", json=body).json()["hits"]
    assert "Iron Temple" in hits[0]["text"]
    plain = {"features": {"recency": False}}
    scores = {
        h["text"]: h["score"]
        for h in client.post("/v1/search", json={**body, **plain}).json()["hits"]
    }
    assert hits[0]["score"] > scores[hits[0]["text"]]  # the bonus is what lifted it


def test_evidence_signal_says_when_nothing_relevant_is_remembered(client: TestClient) -> None:
    post_session(
        client,
        "s1",
        "2023-05-08T13:56:00Z",
        ["I adopted a cat last weekend and we named it Chester!", "Lovely name!"],
    )

    def evidence(query: str) -> dict[str, Any]:
        response = client.post("/v1/search", json={"user_id": "u1", "query": query})
        return dict(response.json()["evidence"])

    assert evidence("What did I name the cat I adopted?")["label"] == "strong"
    missing = evidence("What medication do I take for my allergy?")
    assert missing["label"] == "none" and missing["strength"] == 0.0


def test_context_carries_the_evidence_signal(client: TestClient) -> None:
    post_session(
        client, "s1", "2023-05-08T13:56:00Z", ["I drive a Kia Niro, a small electric car.", "Nice!"]
    )
    body = {"user_id": "u1", "budget_tokens": 200}
    known = client.post("/v1/context", json={**body, "query": "What car do I drive?"}).json()
    assert known["evidence"]["label"] in ("strong", "weak") and "Kia Niro" in known["context"]
    unknown = client.post("/v1/context", json={**body, "query": "Who is my dentist?"}).json()
    assert unknown["evidence"]["label"] == "none"


def test_facts_are_found_by_their_words_alone(client: TestClient, runtime: Runtime) -> None:
    # Facts live in their own half of the lexical index space (their own term statistics);
    # a sparse-only search over the semantic tier must reach them there.
    moved(client, runtime)
    body = {"user_id": "u1", "query": "Where do I live?", "mode": "sparse", "tiers": ["semantic"]}
    memories = client.post("/v1/search", json=body).json()["memories"]
    assert memories and "Austin" in memories[0]["text"]


def test_a_run_that_finds_nothing_new_is_not_due_again(
    client: TestClient, runtime: Runtime
) -> None:
    """A session whose latest activity distils to nothing new is no longer due once a run has
    seen it (the sweep would otherwise re-run it every interval)."""
    seed(client)
    consolidate(runtime, "u1-s1")
    with runtime.sessions.begin() as db:  # closed, after activity that adds nothing to distil
        chat = db.get(ChatSession, "u1-s1")
        chat.last_activity_at = chat.closed_at = utcnow()
    with runtime.sessions() as db:
        assert "u1-s1" in due_sessions(db, idle_seconds=0)
    consolidate(runtime, "u1-s1")
    with runtime.sessions() as db:
        assert "u1-s1" not in due_sessions(db, idle_seconds=0)
