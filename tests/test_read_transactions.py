"""Requests that only read never take SQLite's write lock: while another connection holds it
(a long write), reads, searches and contexts still answer, from the last committed state."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from memsvc.runtime import Runtime
from tests.helpers import seed

# Reads must finish well inside SQLite's 30 s busy timeout, which a read taking the write lock
# would wait out; a generous bound against a hang, not a speed target.
ANSWER_WITHIN_SECONDS = 10


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """SQLite only: the write lock is SQLite's."""
    return f"sqlite:///{tmp_path / 'memsvc.sqlite3'}"


def _reads(client: TestClient) -> dict[str, int]:
    query = {"user_id": "u1", "query": "Who adopted a puppy?"}
    calls = {
        "user": lambda: client.get("/v1/users/u1"),
        "sessions": lambda: client.get("/v1/sessions", params={"user_id": "u1"}),
        "turns": lambda: client.get("/v1/sessions/u1-s1/turns"),
        "working memory": lambda: client.get("/v1/sessions/u1-s1/working-memory"),
        "facts": lambda: client.get("/v1/users/u1/facts"),
        "search": lambda: client.post("/v1/search", json=query),
        "context": lambda: client.post("/v1/context", json={**query, "session_id": "u1-s1"}),
    }
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = {name: pool.submit(call) for name, call in calls.items()}
        return {
            name: future.result(timeout=ANSWER_WITHIN_SECONDS).status_code
            for name, future in futures.items()
        }


def test_reads_answer_while_a_writer_holds_the_lock(client: TestClient, runtime: Runtime) -> None:
    seed(client)
    client.get("/v1/sessions/u1-s1/working-memory")  # cached before the lock, as in serving
    with_lock = _locked_reads(client, runtime)
    assert with_lock == dict.fromkeys(with_lock, 200)


def _locked_reads(client: TestClient, runtime: Runtime) -> dict[str, int]:
    holder = sqlite3.connect(runtime.engine.url.database or "", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        probe = sqlite3.connect(runtime.engine.url.database or "", timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            probe.execute("BEGIN IMMEDIATE")  # the lock is really held
        probe.close()
        return _reads(client)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
