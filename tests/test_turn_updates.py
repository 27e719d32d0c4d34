"""Knowledge updates between turns, end to end on the real encoder, spaCy and index: a later
statement of the same speaker links to the earlier one it updates, the newest ranks first on
questions about the present, history keeps both with their dates, deletes take the links."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import delete

from memsvc.linguistics.temporal import day_label
from memsvc.reindex import reindex
from memsvc.runtime import Runtime
from memsvc.storage.models import TurnUpdate
from memsvc.turns import links, updates
from memsvc.turns import repository as turns_repository
from memsvc.turns.indexing import index_key
from memsvc.turns.update_rule import change_cue
from tests.helpers import make_session, turns_body

EARLY, LATE, LATER = "2023-02-10T10:00:00Z", "2023-07-14T18:30:00Z", "2023-11-02T09:15:00Z"
FILLER = [
    "Any ideas for a rainy Sunday? The forecast looks grim.",
    "I finished that mystery novel last night, the ending was wild.",
    "My sister is visiting next month, I need to clean the guest room.",
]
# (earlier statement, later statement, a question about the present, current and old value)
UPDATES = [
    (
        "I love living in Osaka, the neighbourhood is so friendly.",
        "We finally moved last month, loving Halifax so far!",
        "Which city do I live in?",
        "Halifax",
        "Osaka",
    ),
    (
        "I always take almond milk in my coffee.",
        "Actually I've switched to oat milk in my coffee, it's creamier.",
        "What milk do I take in my coffee?",
        "oat",
        "almond",
    ),
    (
        "I work as a nurse at the children's hospital.",
        "I no longer work at the hospital, I teach chemistry at a high school.",
        "What is my job?",
        "chemistry",
        "nurse",
    ),
    (
        "Things at Lumen Robotics are hectic, but my team is great.",
        "I'm not at Lumen Robotics anymore, I joined Northwind Labs in June.",
        "Which company do I work for?",
        "Northwind",
        "Lumen",
    ),
    (
        "I work at Harbour Dental on the east side of town.",
        "I started at Brightwater Clinic in March, a much shorter commute.",
        "Where do I work?",
        "Brightwater",
        "Harbour",
    ),
    (
        "I play tennis every Saturday morning at the club.",
        "These days I play padel every Saturday morning instead of tennis.",
        "What sport do I play on Saturday mornings?",
        "padel",
        "tennis",
    ),
]


def post(
    client: TestClient,
    user: str,
    session: str,
    at: str,
    lines: list[str],
    speaker: str = "user",
) -> dict[str, Any]:
    """A session of `speaker`'s lines, each answered by the assistant; returns the batch."""
    make_session(client, user_id=user, session_id=session, started_at=at)
    rows: list[tuple[str, str, str]] = []
    for text in lines:
        rows += [(speaker, text, at), ("assistant", "Thanks for telling me!", at)]
    body = turns_body(rows, prefix=session)
    for i, turn in enumerate(body["turns"]):
        turn["role"] = "assistant" if turn["speaker"] == "assistant" else "user"
        turn["timestamp"] = at.replace("00Z", f"{i:02d}Z")
    response = client.post(f"/v1/sessions/{session}/turns", json=body)
    assert response.status_code == 201, response.text
    return body


def history(
    client: TestClient, user: str, statements: list[str], dates: tuple[str, ...] = (EARLY, LATE)
) -> None:
    """Each statement in its own session among filler, months apart."""
    for i, (text, at) in enumerate(zip(statements, dates, strict=False)):
        post(client, user, f"{user}-s{i}", at, [FILLER[i % len(FILLER)], text, FILLER[-1]])


def search(client: TestClient, user: str, query: str, **extra: Any) -> list[dict[str, Any]]:
    body = {"user_id": user, "query": query, "k": 10, **extra}
    response = client.post("/v1/search", json=body)
    assert response.status_code == 200, response.text
    hits: list[dict[str, Any]] = response.json()["hits"]
    return hits


def link_count(runtime: Runtime, user: str | None = None) -> int:
    with runtime.sessions() as db:
        return links.count(db, user_id=user)


def first_naming(hits: list[dict[str, Any]], values: list[str]) -> str | None:
    """The first of `values` a hit names, best hit first."""
    for hit in hits:
        for value in values:
            if value.lower() in hit["text"].lower():
                return value
    return None


def test_cues_are_whole_words() -> None:
    assert change_cue("I know the news") == ""
    assert change_cue("I'm not there anymore") == "anymore"
    assert change_cue("We moved to Halifax") == "we moved"


def test_plans_refusals_and_questions_are_no_change() -> None:
    assert change_cue("I'm thinking of switching from chess to pottery.") == ""
    assert change_cue("Thanks! I won't quit, no matter what.") == ""
    assert change_cue("Have you moved to Halifax yet?") == ""
    assert change_cue("Just make sure you don't quit.") == ""


def test_natural_updates_link_and_the_newest_ranks_first(
    client: TestClient, runtime: Runtime
) -> None:
    for i, (earlier, later, question, current, old_value) in enumerate(UPDATES):
        user = f"upd{i}"
        history(client, user, [earlier, later])
        assert link_count(runtime, user) >= 1, later
        hits = search(client, user, question)
        assert first_naming(hits, [current, old_value]) == current, (question, hits[:3])
        older = next(h for h in hits if h["text"] == earlier)
        newer = next(h for h in hits if h["text"] == later)
        assert older["superseded"] and older["superseded_by_turn"]["id"] == newer["id"]
        assert older["valid_to"] == newer["timestamp"]
        assert not newer["superseded"]


def test_repetitions_unrelated_turns_and_other_speakers_do_not_link(
    client: TestClient, runtime: Runtime
) -> None:
    history(
        client,
        "rep",
        [
            "I love living in Osaka, the neighbourhood is so friendly.",
            "Osaka is still lovely these days, I love living in Osaka.",
        ],
    )
    history(
        client,
        "unrelated",
        [
            "I love living in Osaka, the neighbourhood is so friendly.",
            "I started a new pottery class now, my first bowl is lopsided.",
        ],
    )
    post(client, "pair", "pair-s0", EARLY, ["I love living in Osaka, it is so friendly."], "Ann")
    post(client, "pair", "pair-s1", LATE, ["We finally moved! I live in Halifax now."], "Bob")
    assert link_count(runtime) == 0


def test_a_chain_resolves_to_the_newest_and_history_keeps_every_date(
    client: TestClient, runtime: Runtime
) -> None:
    cities = [
        "I love living in Tucson, the neighbourhood is so friendly.",
        "We finally moved! I live in Dublin now, still unpacking boxes.",
        "We moved again, I live in Porto now and I adore it.",
    ]
    history(client, "chain", cities, dates=(EARLY, LATE, LATER))
    hits = search(client, "chain", "Which city do I live in?")
    assert first_naming(hits, ["Porto", "Dublin", "Tucson"]) == "Porto"
    by_text = {h["text"]: h for h in hits}
    porto = by_text[cities[2]]
    for old in cities[:2]:
        assert by_text[old]["superseded"], old
        assert by_text[old]["superseded_by_turn"]["id"] == porto["id"]
    assert by_text[cities[0]]["valid_to"] == by_text[cities[1]]["timestamp"]
    past = search(client, "chain", "Which city do I live in?", include_history=True)
    texts = [h["text"] for h in past]
    assert set(cities) <= set(texts)
    assert all(h["superseded"] == (h["text"] != cities[2]) for h in past if h["text"] in cities)
    then = search(client, "chain", "Which city do I live in?", as_of="2023-08-01T00:00:00Z")
    dublin = next(h for h in then if h["text"] == cities[1])
    assert not dublin["superseded"]  # Porto came later than the as-of time


def test_the_context_shows_the_newest_first_marked_current(
    client: TestClient, runtime: Runtime
) -> None:
    earlier, later, question, _, _ = UPDATES[0]
    history(client, "ctx", [earlier, later])
    body = {"user_id": "ctx", "query": question, "budget_tokens": 1024}
    response = client.post("/v1/context", json=body)
    assert response.status_code == 200, response.text
    text = response.json()["context"]
    newer_at = text.index(later)
    assert newer_at < text.index(earlier)
    assert "[current]" in text[newer_at:].splitlines()[0]
    assert f"[outdated since {day_label(datetime.fromisoformat(LATE))}]" in text


def test_deletes_take_the_links_and_reposting_adds_none(
    client: TestClient, runtime: Runtime
) -> None:
    earlier, later, _, _, _ = UPDATES[0]
    post(client, "gone", "gone-s0", EARLY, [earlier])
    batch = post(client, "gone", "gone-s1", LATE, [later])
    history(client, "kept", [earlier, later])
    created = link_count(runtime, "gone")
    assert created >= 1
    again = client.post("/v1/sessions/gone-s1/turns", json=batch)
    assert again.status_code == 200 and again.json()["created"] == 0
    assert link_count(runtime, "gone") == created  # stored turns are not linked again
    assert relink(runtime, "gone-s1") == 0  # nor would linking them again add a row
    assert link_count(runtime, "gone") == created
    assert client.delete("/v1/sessions/kept-s1").status_code == 204
    assert link_count(runtime, "kept") == 0
    assert client.delete("/v1/users/gone").status_code == 204
    assert link_count(runtime, "gone") == 0


def test_deleting_either_turn_takes_its_links(client: TestClient, runtime: Runtime) -> None:
    earlier, later, _, _, _ = UPDATES[0]
    for user, kept in (("older", later), ("newer", earlier)):
        history(client, user, [earlier, later])
        assert link_count(runtime, user) >= 1
        hits = search(client, user, "Which city do I live in?")
        gone = next(h for h in hits if h["text"] == (earlier if kept == later else later))
        assert client.delete(f"/v1/turns/{gone['id']}").status_code == 204
        assert link_count(runtime, user) == 0
        remaining = next(h for h in search(client, user, "Where do I live?") if h["text"] == kept)
        assert not remaining["superseded"]


def relink(runtime: Runtime, session_id: str) -> int:
    """Run ingest's linking again over a session's stored turns (their index vectors)."""
    with runtime.sessions() as db, db.begin():
        turns = turns_repository.for_session(db, session_id=session_id)
        keys = [index_key(t.speaker, t.text, t.anchors, expand=True) for t in turns]
        return updates.link(db, runtime=runtime, turns=turns, vectors=runtime.encoder.encode(keys))


def test_reindex_links_a_store_that_had_no_links(client: TestClient, runtime: Runtime) -> None:
    earlier, later, question, current, _ = UPDATES[0]
    history(client, "backfill", [earlier, later])
    created = link_count(runtime, "backfill")
    assert created >= 1
    with runtime.sessions() as db, db.begin():  # a store from before update links
        db.execute(delete(TurnUpdate))
    assert link_count(runtime, "backfill") == 0
    reindex(runtime)
    assert link_count(runtime, "backfill") == created
    hits = search(client, "backfill", question)
    assert first_naming(hits, [current, "Osaka"]) == current
    reindex(runtime)  # a second rebuild finds the same links, adds none
    assert link_count(runtime, "backfill") == created
