"""Abstention on chats with an assistant, on the real encoder, spaCy and index: a plausible
on-topic question whose answer the user never gave ("what's my physio called?" after a chat
about physio that names no one) is labelled none, and the same question is answered once the
user has said it. The asked type decides what counts as an answer: an amount for "how much",
a date ahead for "how many days until", a name for "what's ... called" (not a month), a
person's or a firm's for "who" (not a place's)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from memsvc.search.evidence import asked_type, holds_answer
from memsvc.search.query import QueryAnalysis
from tests.helpers import post_chat

AT = "2024-03-04T18:00:00Z"
NONE_ASKED: dict[str, Any] = {"asked": set()}


def chat(client: TestClient, user: str, lines: list[tuple[str, str]]) -> None:
    post_chat(client, user, f"{user}-s", AT, lines)


PHYSIO = [
    ("user", "first physio session for my shoulder today, she gave me stretchy band exercises"),
    ("assistant", "Resistance bands are great for shoulders. Go slowly and stop if it hurts."),
    ("user", "she said 3 sets of 15, twice a day"),
    ("assistant", "That's a common plan. Consistency matters more than intensity."),
]


def evidence(client: TestClient, user: str, query: str, k: int = 10) -> dict[str, Any]:
    body = {"user_id": user, "query": query, "k": k, "reference_time": "2024-03-10T09:00:00Z"}
    response = client.post("/v1/search", json=body)
    assert response.status_code == 200, response.text
    return dict(response.json()["evidence"])


def test_an_answer_never_given_is_none_and_one_given_is_not(client: TestClient) -> None:
    chat(client, "absent", PHYSIO)
    chat(client, "given", [*PHYSIO, ("user", "my physio Ines says I'm ahead of schedule")])
    absent = evidence(client, "absent", "what's my physio called?")
    given = evidence(client, "given", "what's my physio called?")
    assert absent["signals"]["with_assistant"] == given["signals"]["with_assistant"] == 1.0
    assert absent["signals"]["typed_answer"] == 0.0 and given["signals"]["typed_answer"] > 0.0
    assert absent["label"] == "none" and given["label"] != "none"
    assert given["score"] > absent["score"]
    # A chat with an assistant is one whatever the top hit's role (the user's turns rank first).
    assert evidence(client, "given", "what's my physio called?", k=1)["signals"]["with_assistant"]


def test_the_asked_type_decides_what_counts_as_an_answer() -> None:
    def holds(question: str, said: str) -> bool:
        wanted = asked_type(QueryAnalysis(lexical_text=question))
        assert wanted is not None, question
        return holds_answer(wanted, said, [], asked=set())

    sofa = "how much did I pay for the new sofa?"
    assert not holds(sofa, "she said 8 weeks to deliver")
    assert holds(sofa, "it was £640 in the sale") and holds(sofa, "only 10 a month on finance")
    test = "how many days until my driving test?"
    assert not holds(test, "did a mock test with my instructor today")
    assert holds(test, "the test is on the 14th") and holds(test, "it's next friday!!")
    airline = "which airline am I flying to Marrakech with?"
    assert not holds(airline, "going in April with my best friend")
    assert holds(airline, "booked it with Ryanair")
    landlord = "who's my landlord?"
    assert not holds_answer("person", "she's in Bristol", [("Bristol", "GPE")], **NONE_ASKED)
    assert holds_answer("person", "now it's Brightside Lettings", [], **NONE_ASKED)
    assert asked_type(QueryAnalysis(lexical_text=landlord)) == "person"
    assert holds("what's my new address?", "it's 14 Elm Road, top floor")
    assert not holds("what's my new address?", "first night in the new flat")


def test_a_request_for_advice_asks_for_no_type() -> None:
    advice = QueryAnalysis(lexical_text="movie night tonight, what should I watch?")
    assert asked_type(advice) is None
    assert asked_type(QueryAnalysis(lexical_text="what did we name the dog?")) == "name"
