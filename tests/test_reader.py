"""The reader end to end: every tier in one cited context, in each format, within budget."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from memsvc.runtime import Runtime
from tests.test_tiers import close_and_wait, post_session


def context(client: TestClient, **body: Any) -> dict[str, Any]:
    payload = {"user_id": "u1", "query": "Where do I live now?", "budget_tokens": 400, **body}
    response = client.post("/v1/context", json=payload)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def remembered(client: TestClient, runtime: Runtime) -> None:
    post_session(client, "old", "2023-01-10T10:00:00Z", ["I live in Denver now.", "Nice!"])
    close_and_wait(client, runtime, "old")
    post_session(client, "new", "2023-03-05T10:00:00Z", ["We moved, I live in Austin now.", "Oh!"])
    close_and_wait(client, runtime, "new")
    client.post("/v1/users/u1/scratchpad", json={"text": "Prefers short answers", "id": "short"})
    post_session(client, "live", "2023-04-01T10:00:00Z", ["Any tips for a rainy weekend?"])


def test_every_tier_is_composed_and_cited(client: TestClient, runtime: Runtime) -> None:
    remembered(client, runtime)
    result = context(client, session_id="live", reference_time="2023-04-01T12:00:00Z")
    text = result["context"]
    assert "Today is 1 April 2023" in text
    assert "Prefers short answers" in text and "Any tips for a rainy weekend?" in text
    assert "Austin" in text.split("Known facts")[1].split("\n\n")[0]  # a current fact
    assert result["sources"]["notes"] == ["short"] and result["sources"]["facts"]
    assert set(result["turn_ids"]) <= set(result["sources"]["turns"])
    assert 0 < result["tokens"] <= 400 and result["evidence"]["label"] in ("strong", "weak")


def test_formats(client: TestClient, runtime: Runtime) -> None:
    remembered(client, runtime)
    markdown = context(client, format="markdown")["context"]
    assert "## Known facts" in markdown and "\n- " in markdown
    structured = json.loads(context(client, format="json")["context"])
    assert {"today", "notes", "working_memory", "facts", "evidence"} <= set(structured)
    assert all(item["ids"] for item in structured["evidence"])
    chat = context(client, format="messages")
    assert chat["messages"][0]["role"] == "system"
    assert chat["messages"][0]["content"] == chat["context"]
    for fmt in ("text", "markdown", "json", "messages"):
        tight = context(client, format=fmt, budget_tokens=60)
        assert runtime.tokens.count(tight["context"]) == tight["tokens"] <= 60


def test_unknown_format_and_session_are_clear_errors(client: TestClient, runtime: Runtime) -> None:
    remembered(client, runtime)
    bad = client.post("/v1/context", json={"user_id": "u1", "query": "x", "format": "yaml"})
    assert bad.status_code == 422 and "format" in bad.json()["error"]["message"]
    missing = client.post("/v1/context", json={"user_id": "u1", "query": "x", "session_id": "no"})
    assert missing.status_code == 404
    client.post("/v1/sessions", json={"user_id": "u2", "id": "theirs"})
    other = {"user_id": "u1", "query": "x", "session_id": "theirs"}
    assert client.post("/v1/context", json=other).status_code == 404  # another user's session


def test_evidence_stops_where_scores_fall_off_and_brings_neighbours(client: TestClient) -> None:
    post_session(
        client,
        "plans",
        "2023-06-02T18:00:00Z",
        [
            "Any plans for the weekend?",
            "I'm taking my daughter to the aquarium on Saturday to see the jellyfish.",
            "She will love that!",
            "I hope so.",
        ],
    )
    chores = [
        "I fixed the leaking kitchen tap this morning.",
        "The printer ran out of toner again.",
        "Traffic on the ring road was terrible.",
        "I renewed the car insurance online.",
    ]
    for n in range(8):
        post_session(client, f"chores{n}", f"2023-05-{n + 10}T09:00:00Z", [chores[n % 4], "Ok."])
    result = context(
        client,
        query="Where is my daughter going on Saturday?",
        budget_tokens=4000,
        format="json",
    )
    texts = [item["text"] for item in result["items"]]
    assert any("aquarium" in text for text in texts)
    # The turns around the strong hit come with it: the question and the reaction.
    assert "Any plans for the weekend?" in texts and "She will love that!" in texts
    # The context stops where relevance falls off instead of filling the budget.
    assert result["tokens"] < 1000 and len(texts) < 18
    assert result["turn_ids"] == [item["id"] for item in result["items"]]
    # Neighbours respect the request's filters.
    only_user = context(client, query="Where is my daughter going on Saturday?", speakers=["user"])
    assert {item["speaker"] for item in only_user["items"]} == {"user"}


def test_budget_the_evidence_leaves_flows_to_the_other_tiers(client: TestClient) -> None:
    notes = [
        f"Standing preference number {n}: keep replies warm, mention the dog Biscuit."
        for n in range(12)
    ]
    for n, text in enumerate(notes):
        assert client.post("/v1/users/u1/scratchpad", json={"text": text, "id": f"n{n}"}).is_success
    result = context(client, query="What is the weather like?", budget_tokens=600)
    # 12 notes are ~200 tokens, beyond the notes' 15% share of 600 (90): with no evidence to
    # show, the unused budget carries all of them.
    assert len(result["sources"]["notes"]) == 12
    assert result["tokens"] <= 600
