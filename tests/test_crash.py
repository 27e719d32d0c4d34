"""`kill -9` of a live `memsvc serve` in the middle of a concurrent ingest: every acknowledged
batch survives, re-posting everything duplicates nothing, and the index agrees with SQL."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.live import live_server
from tests.test_index_faults import DIALOGUE

CLIENTS = 4
SESSIONS = 3  # per client
TURNS = 16  # per session
BATCH = 4  # turns per request
KILLS = 3


def plan(client: int) -> list[tuple[str, list[dict[str, str]]]]:
    """One client's (session id, batch) posts in order: LoCoMo-style two-party sessions."""
    posts = []
    for s in range(SESSIONS):
        session_id = f"c{client}-s{s}"
        turns = [
            {
                "speaker": DIALOGUE[i % len(DIALOGUE)][0],
                "text": f"{DIALOGUE[i % len(DIALOGUE)][1]} (session {s}, turn {i})",
                "timestamp": f"2023-05-{8 + s:02d}T13:{i:02d}:00Z",
                "turn_id": f"D{s + 1}:{i + 1}",
            }
            for i in range(TURNS)
        ]
        posts += [(session_id, turns[i : i + BATCH]) for i in range(0, TURNS, BATCH)]
    return posts


class Client(threading.Thread):
    """Posts its whole plan once (sessions first); records the batches that got a 2xx and
    stops at the first transport error (the server died)."""

    def __init__(self, base: str, number: int, acked: set[tuple[str, str]]) -> None:
        super().__init__(daemon=True)
        self.base, self.number, self.acked = base, number, acked
        self.lock = threading.Lock()

    def run(self) -> None:
        with (
            httpx.Client(base_url=self.base, timeout=60) as http,
            contextlib.suppress(httpx.TransportError),
        ):
            for s in range(SESSIONS):
                body = {"user_id": f"user{self.number}", "id": f"c{self.number}-s{s}"}
                http.post("/v1/sessions", json=body)  # a failure shows as unacknowledged turns
            for session_id, turns in plan(self.number):
                response = http.post(f"/v1/sessions/{session_id}/turns", json={"turns": turns})
                if response.is_success:
                    with self.lock:
                        self.acked.update((session_id, t["turn_id"]) for t in turns)


def stored(data: Path) -> list[tuple[str, str]]:
    """(public session id, client turn id) of every stored turn, duplicates included."""
    with contextlib.closing(sqlite3.connect(data / "memsvc.sqlite3")) as db:
        rows = db.execute("SELECT session_id, client_turn_id FROM turns").fetchall()
    return [(session.split("~")[-1], turn) for session, turn in rows]


def ingest(base: str, acked: set[tuple[str, str]]) -> list[Client]:
    """Start the clients."""
    clients = [Client(base, n, acked) for n in range(CLIENTS)]
    for client in clients:
        client.start()
    return clients


def wait_for_acks(acked: set[tuple[str, str]], at_least: int) -> None:
    """Until at least that many turns are acknowledged (bounded)."""
    deadline = time.monotonic() + 120
    while len(acked) < at_least and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(acked) >= at_least, f"only {len(acked)} turns acknowledged in 120 s"


def check_agreement(base: str, data: Path, acked: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """No acknowledged turn lost, no duplicate, /readyz ready with index points == SQL turns."""
    rows = stored(data)
    assert len(rows) == len(set(rows)), "a turn is stored twice"
    assert acked <= set(rows), f"lost acknowledged turns: {sorted(acked - set(rows))[:5]}"
    ready = httpx.get(f"{base}/readyz", timeout=30)
    assert ready.status_code == 200, ready.text
    assert ready.json()["index_points"] == len(rows)
    return rows


def test_kill_9_mid_ingest_loses_no_acknowledged_turn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEMSVC_IDLE_TIMEOUT_SECONDS", "0")  # turns only: no consolidation
    data = tmp_path / "data"
    log = tmp_path / "serve.log"
    acked: set[tuple[str, str]] = set()
    total = CLIENTS * SESSIONS * TURNS
    for kill in range(KILLS):
        with live_server(tmp_path, migrate=False, until="built", log=log) as served:
            if kill:
                check_agreement(served.base, data, acked)
            clients = ingest(served.base, acked)
            # Kill once this round has made progress, while batches are in flight.
            wait_for_acks(acked, min(total, len(acked) + 2 * BATCH * CLIENTS))
            served.process.kill()
            served.process.wait(timeout=30)
            for client in clients:
                client.join(timeout=60)
                assert not client.is_alive()
    with live_server(tmp_path, migrate=False, until="built", log=log) as served:
        check_agreement(served.base, data, acked)
        for client in ingest(served.base, acked):  # everything again, to the end
            client.join(timeout=300)
            assert not client.is_alive()
        rows = check_agreement(served.base, data, acked)
    assert len(rows) == total
    assert len(acked) == total
