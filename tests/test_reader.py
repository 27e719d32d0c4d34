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
