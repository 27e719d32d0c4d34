"""Knowledge updates found at query time, on the real encoder, spaCy and index: a later
statement of a value that shares no words with the first one ranks above it on a question
about the present (not on one about the past), the earlier one is marked with the date it
stopped holding, and first-person questions prefer what the user said over the assistant's
echo. The tuning is sent explicitly so the rules, not the shipped constants, are under test."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from memsvc.search.query import QueryAnalysis, asks_own
from memsvc.search.successors import adds_up
from tests.helpers import post_chat as post

EARLY, LATE = "2023-02-10T10:00:00Z", "2023-07-14T18:30:00Z"
ON = {"successor_share": 0.2, "own_turns": 0.3}
OFF = {"successor_share": 1.0, "own_turns": 0.0}


def seed(client: TestClient, user: str) -> None:
    post(
        client,
        user,
        f"{user}-old",
        EARLY,
        [
            ("user", "I bank with Halvorsen Credit Union, have done for years."),
            ("assistant", "Halvorsen Credit Union sounds solid. Do they have a good app?"),
            ("user", "the app is fine, the branch is what I like"),
        ],
    )
    post(
        client,
        user,
        f"{user}-filler",
        "2023-04-01T09:00:00Z",
        [
            ("user", "my sourdough starter smells like nail polish remover, is it dead?"),
            ("assistant", "It's just hungry. Feed it twice a day and keep it warm."),
        ],
    )
    post(
        client,
        user,
        f"{user}-new",
        LATE,
        [
            ("user", "oh and I moved my salary over to Monzo last month, the pots are great"),
            ("assistant", "Nice, the savings pots make budgeting easier."),
        ],
    )


def search(client: TestClient, user: str, query: str, tuning: dict[str, float]) -> list[Any]:
    body = {"user_id": user, "query": query, "k": 10, "tuning": tuning}
    response = client.post("/v1/search", json=body)
    assert response.status_code == 200, response.text
    return list(response.json()["hits"])


def first_naming(hits: list[dict[str, Any]], values: list[str]) -> str | None:
    for hit in hits:
        for value in values:
            if value in hit["text"]:
                return value
    return None


def test_the_newest_statement_of_a_value_ranks_first_on_a_present_question(
    client: TestClient,
) -> None:
    seed(client, "bank")
    hits = search(client, "bank", "which bank am I with?", ON)
    assert first_naming(hits, ["Monzo", "Halvorsen"]) == "Monzo"
    newer = next(h for h in hits if "Monzo" in h["text"])
    older = next(h for h in hits if h["text"].startswith("I bank with Halvorsen"))
    assert older["superseded"] and older["superseded_by_turn"]["id"] == newer["id"]
    assert older["valid_to"] == newer["timestamp"]
    assert not newer["superseded"]


def test_off_or_on_a_past_question_the_first_statement_keeps_its_place(
    client: TestClient,
) -> None:
    seed(client, "past")
    off = search(client, "past", "which bank am I with?", OFF)
    assert first_naming(off, ["Monzo", "Halvorsen"]) == "Halvorsen"
    assert not any(h["superseded"] for h in off)
    past = search(client, "past", "which bank did I use before?", ON)
    assert first_naming(past, ["Monzo", "Halvorsen"]) == "Halvorsen"


def test_the_context_shows_the_newest_first_marked_current(client: TestClient) -> None:
    seed(client, "ctx")
    body = {"user_id": "ctx", "query": "which bank am I with?", "tuning": ON}
    response = client.post("/v1/context", json={**body, "budget_tokens": 1024})
    assert response.status_code == 200, response.text
    text = response.json()["context"]
    newer_at = text.index("Monzo")
    assert newer_at < text.index("I bank with Halvorsen")
    assert "[current]" in text[newer_at:].splitlines()[0]
    assert "[outdated since" in text


def test_first_person_questions_prefer_the_users_own_statement(client: TestClient) -> None:
    seed(client, "own")
    hits = search(client, "own", "what's my credit union called?", OFF | {"own_turns": 0.3})
    assert hits[0]["text"].startswith("I bank with Halvorsen")
    echo = search(client, "own", "what's my credit union called?", OFF)
    roles = [h["text"].startswith("Halvorsen Credit Union sounds") for h in echo[:2]]
    assert any(roles)  # without the preference the assistant's echo is up there too


def test_the_newest_sessions_strongest_statement_is_the_current_value(
    client: TestClient,
) -> None:
    # A name said later in the newest session (a song) is not the value the session states.
    post(
        client,
        "band",
        "band-old",
        EARLY,
        [("user", "I've listened to Rumours 40 times this month, Fleetwood Mac all winter")],
    )
    post(
        client,
        "band",
        "band-new",
        LATE,
        [
            ("user", "my listening stats are embarrassing, it's all Khruangbin since april"),
            ("assistant", "Their grooves are addictive. Have you heard the album with Leon?"),
            ("user", "yessss Texas Sun"),
        ],
    )
    hits = search(client, "band", "which band have I had on repeat lately?", ON)
    values = ["Khruangbin", "Fleetwood Mac", "Texas Sun"]
    assert first_naming([h for h in hits if h["speaker"] == "user"], values) == "Khruangbin"
    old = next(h for h in hits if "Fleetwood Mac" in h["text"])
    stated = next(h for h in hits if "Khruangbin" in h["text"] and h["speaker"] == "user")
    assert old["superseded"] and old["superseded_by_turn"]["id"] == stated["id"]


def test_who_the_question_is_about() -> None:
    assert asks_own(QueryAnalysis(lexical_text="where do I live?"))
    assert asks_own(QueryAnalysis(lexical_text="what did we name the dog we adopted?"))
    assert not asks_own(QueryAnalysis(lexical_text="Which US cities did John visit?"))
    assert not asks_own(QueryAnalysis(lexical_text="what did you recommend to me?"))
    assert not asks_own(QueryAnalysis(lexical_text="where does Caroline live?"))


def test_values_that_add_up_are_not_history(client: TestClient) -> None:
    post(client, "trips", "trips-a", EARLY, [("user", "back from Glasgow, 2 nights at the Hilton")])
    post(client, "trips", "trips-b", LATE, [("user", "the Hamburg trip ended up being 3 nights")])
    hits = search(client, "trips", "how many nights have I spent away on work trips so far?", ON)
    assert not any(h["superseded"] for h in hits)
    assert adds_up(QueryAnalysis(lexical_text="how much have I spent on the balcony altogether?"))
    assert not adds_up(QueryAnalysis(lexical_text="how many houseplants do I have?"))
    assert not adds_up(QueryAnalysis(lexical_text="which band have I had on repeat lately?"))
