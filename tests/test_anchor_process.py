"""Ingest anchoring in the child process: the same anchors as in process across chunk
boundaries, through the API too, and a child killed mid-ingest costs no request."""

from __future__ import annotations

import os
import signal
from datetime import UTC, datetime, timedelta
from typing import Any

import psutil
from fastapi.testclient import TestClient
from sqlalchemy import select

from memsvc.linguistics.anchors import Anchorer
from memsvc.runtime import Runtime
from memsvc.storage.models import Turn
from memsvc.turns.anchor_process import CHUNK_TURNS, AnchorProcess
from memsvc.turns.anchoring import SessionContext, anchor_batch

START = datetime(2023, 5, 8, 13, 56, tzinfo=UTC)
# Pronouns and relations that point back across the chunk boundary (turn 16 -> turn 1).
LINES = [
    ("Caroline", "My sister Anna moved to Boston last week."),
    ("Melanie", "Oh wow, how does she like it?"),
    *[
        (speaker, f"{text} {n}.")
        for n in range(CHUNK_TURNS)
        for speaker, text in [("Caroline", "We painted the fence together on day")]
    ],
    ("Melanie", "Did your sister find a job there yet?"),
    ("Caroline", "She did! She starts at the museum next Monday."),
    ("Melanie", "Tell her I said congratulations, and that I visited Paris yesterday."),
]


def _items() -> list[tuple[str, str, datetime]]:
    return [(s, t, START + timedelta(minutes=i)) for i, (s, t) in enumerate(LINES)]


def test_streamed_chunks_equal_one_pass_in_process(
    anchorer: Anchorer, anchor_process: AnchorProcess
) -> None:
    context = SessionContext(speakers=["Caroline", "Melanie"], history=[], relations={})
    chunks = list(anchor_process.stream(_items(), context=context))
    assert len(chunks) > 1 and all(len(c) <= CHUNK_TURNS for c in chunks)
    streamed = [anchors for chunk in chunks for anchors in chunk]
    assert streamed == anchor_batch(anchorer, _items(), context=context)
    # The discourse crossed the boundary: "she" after the chunk still resolves to Anna.
    assert "Anna" in streamed[-2]["people"]
    assert any(t["phrase"] == "yesterday" for t in streamed[-1]["times"])


def test_an_abandoned_stream_frees_the_child(anchor_process: AnchorProcess) -> None:
    context = SessionContext(speakers=[], history=[], relations={})
    stream = anchor_process.stream(_items(), context=context)
    first = next(stream)
    stream.close()  # a request that failed after its first chunk
    assert len(first) == CHUNK_TURNS
    again = [a for chunk in anchor_process.stream(_items(), context=context) for a in chunk]
    assert again[0] == first[0]


def test_ingest_stores_the_in_process_anchors(
    client: TestClient, runtime: Runtime, anchorer: Anchorer
) -> None:
    """Through the API the stored anchors are those the in-process pass gives."""
    assert runtime.anchor_process is not None
    client.post("/v1/sessions", json={"user_id": "u1", "id": "s1"}).raise_for_status()
    turns = [{"speaker": s, "text": t, "timestamp": when.isoformat()} for s, t, when in _items()]
    stored = client.post("/v1/sessions/s1/turns", json={"turns": turns})
    assert stored.status_code == 201, stored.text
    context = SessionContext(speakers=[], history=[], relations={})
    assert _stored_anchors(runtime, "s1") == anchor_batch(anchorer, _items(), context=context)
    hits = client.post("/v1/search", json={"user_id": "u1", "query": "Where did Anna move?"})
    assert hits.json()["hits"][0]["text"] == LINES[0][1]


def test_a_killed_child_costs_no_request(
    client: TestClient, runtime: Runtime, anchorer: Anchorer
) -> None:
    """SIGKILL the child: the next batch is anchored in process (same anchors), and a new
    child serves the batch after it."""
    process = runtime.anchor_process
    assert process is not None
    client.post("/v1/sessions", json={"user_id": "u2", "id": "s2"}).raise_for_status()
    turns = [{"speaker": s, "text": t} for s, t in LINES]
    before = _children()
    assert before, "the anchoring child runs"
    for child in before:
        os.kill(child, signal.SIGKILL)
    psutil.wait_procs([psutil.Process(p) for p in before if psutil.pid_exists(p)], timeout=30)
    first = client.post("/v1/sessions/s2/turns", json={"turns": turns[:10]})
    assert first.status_code == 201, first.text
    second = client.post("/v1/sessions/s2/turns", json={"turns": turns[10:]})
    assert second.status_code == 201, second.text
    assert set(_children()) - set(before), "a new child was started"
    stored = _stored_anchors(runtime, "s2")
    assert len(stored) == len(LINES) and all(a is not None and "people" in a for a in stored)
    assert "Anna" in stored[0]["people"]


def _stored_anchors(runtime: Runtime, session_id: str) -> list[dict[str, Any] | None]:
    with runtime.sessions() as db:
        rows = db.scalars(select(Turn).where(Turn.session_id == session_id).order_by(Turn.seq))
        return [row.anchors for row in rows]


def _children() -> list[int]:
    """Live child processes of this one that run the anchoring pool."""
    return [
        child.pid
        for child in psutil.Process().children(recursive=True)
        if child.is_running() and "spawn_main" in " ".join(child.cmdline())
    ]
