"""Fault injection on a live `memsvc serve`: a deleted or corrupted index never stops the
service, /readyz and the log say what is wrong and what to run, `memsvc reindex` recovers
from every state; a deleted user leaves no byte on disk."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.live import BIN, live_server, service_env

SEED_USER = "caroline"
SEED_QUERY = "When did Caroline go to the support group?"
SEED_TURN = "D1:1"  # the turn that query must find
DIALOGUE = [
    ("Caroline", "I went to a LGBTQ support group yesterday and it was so powerful."),
    ("Melanie", "That's great! I painted a sunrise by the lake last year."),
    ("Caroline", "I live in Austin now and I am studying counseling."),
    ("Melanie", "My kids and I went camping in the mountains last weekend."),
]


def reindex(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`memsvc reindex` on the data dir."""
    return subprocess.run(
        [BIN, "reindex"], env=service_env(tmp_path), capture_output=True, text=True, timeout=300
    )


def sql_counts(data: Path) -> tuple[int, int]:
    """Turns and indexed memories (facts, episodes) in the SQLite file."""
    with contextlib.closing(sqlite3.connect(data / "memsvc.sqlite3")) as db:
        turns = db.execute("SELECT count(*) FROM turns").fetchone()[0]
        memories = db.execute(
            "SELECT count(*) FROM memories WHERE tier IN ('semantic', 'episode')"
        ).fetchone()[0]
    return int(turns), int(memories)


def post_conversation(
    http: httpx.Client, *, user_id: str, session_id: str, lines: list[tuple[str, str]]
) -> None:
    """A session of turns D1:1, D1:2, …, closed so its facts and episode are distilled."""
    started = "2023-05-08T13:56:00Z"
    response = http.post(
        "/v1/sessions", json={"user_id": user_id, "id": session_id, "started_at": started}
    )
    assert response.status_code in (200, 201), response.text
    turns = [
        {"speaker": s, "text": t, "timestamp": started, "turn_id": f"D1:{i + 1}"}
        for i, (s, t) in enumerate(lines)
    ]
    response = http.post(f"/v1/sessions/{session_id}/turns", json={"turns": turns})
    assert response.status_code in (200, 201), response.text
    assert http.post(f"/v1/sessions/{session_id}/close").status_code == 202


def wait_for_episode(http: httpx.Client, user_id: str) -> None:
    """Until the background consolidation has stored the user's episode."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if http.get(f"/v1/users/{user_id}/episodes").json()["items"]:
            return
        time.sleep(0.3)
    pytest.fail(f"no episode for {user_id} within 120 s")


def top_turn(http: httpx.Client) -> str | None:
    """The client turn id of the best hit for the seed query."""
    hits = http.post("/v1/search", json={"user_id": SEED_USER, "query": SEED_QUERY, "k": 3})
    assert hits.status_code == 200, hits.text
    found = hits.json()["hits"]
    return found[0]["turn_id"] if found else None


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding one closed conversation (turns, facts, an episode), server stopped."""
    root = tmp_path_factory.mktemp("seed")
    with live_server(root) as served, httpx.Client(base_url=served.base, timeout=60) as http:
        post_conversation(http, user_id=SEED_USER, session_id="s1", lines=DIALOGUE)
        wait_for_episode(http, SEED_USER)
        assert top_turn(http) == SEED_TURN
    return root / "data"


def segment(index: Path) -> Path:
    """The shard's first segment directory."""
    return sorted((index / "segments").iterdir())[0]


def overwrite_start(path: Path, size: int = 4096) -> None:
    """Random bytes over the start of a file (keeping its length)."""
    with path.open("r+b") as handle:
        handle.write(os.urandom(min(size, path.stat().st_size)))


def replace_with_garbage(index: Path) -> None:
    """The index directory replaced by a file of random bytes."""
    shutil.rmtree(index)
    index.write_bytes(os.urandom(8192))


FAULTS: dict[str, Callable[[Path], None]] = {
    "directory deleted": shutil.rmtree,
    "config garbage": lambda index: (index / "edge_config.json").write_text("garbage{"),
    "segment state garbage": lambda index: (segment(index) / "segment.json").write_text("xx"),
    "WAL header garbage": lambda index: overwrite_start(index / "wal" / "open-1"),
    "vectors truncated": lambda index: os.truncate(
        segment(index) / "vector_storage-dense" / "vectors" / "chunk_0.mmap", 1000
    ),
    "payload garbage": lambda index: overwrite_start(
        segment(index) / "payload_storage" / "page_0.dat", 65536
    ),
    "index is a garbage file": replace_with_garbage,
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_a_broken_index_is_reported_and_reindex_recovers(
    fault: str, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No repair at start-up: the fault must be reported, not silently fixed.
    monkeypatch.setenv("MEMSVC_INDEX_REPAIR_MAX_POINTS", "0")
    data = tmp_path / "data"
    shutil.copytree(seeded, data)
    FAULTS[fault](data / "index")
    log = tmp_path / "serve.log"

    # Alive is enough: the server must come up, and not ready.
    with live_server(tmp_path, migrate=False, until="built", log=log) as served:
        ready = httpx.get(f"{served.base}/readyz", timeout=30)
    assert ready.status_code == 503, ready.text
    message = ready.json()["error"]["message"]
    assert "memsvc reindex" in message and "vector index" in message
    assert "vector index needs a rebuild" in log.read_text()

    rebuilt = reindex(tmp_path)
    assert rebuilt.returncode == 0, rebuilt.stderr
    turns, memories = sql_counts(data)
    assert memories > 0
    assert f"reindexed {turns} turns and {memories} memories" in rebuilt.stdout
    # tqdm shows both passes
    assert "reindex turns" in rebuilt.stderr and "reindex memories" in rebuilt.stderr

    with (
        live_server(tmp_path) as served,
        httpx.Client(base_url=served.base, timeout=60) as http,
    ):
        ready = http.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["index_points"] == turns + memories
        assert top_turn(http) == SEED_TURN


def test_a_small_disagreement_is_repaired_at_start_up(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Turns stored while the index was gone are re-encoded at start-up (within the default
    repair limit), so the service comes up ready and finds them."""
    monkeypatch.delenv("MEMSVC_INDEX_REPAIR_MAX_POINTS", raising=False)
    data = tmp_path / "data"
    shutil.copytree(seeded, data)
    shutil.rmtree(data / "index")
    log = tmp_path / "serve.log"
    with (
        live_server(tmp_path, migrate=False, until="built", log=log) as served,
        httpx.Client(base_url=served.base, timeout=60) as http,
    ):
        ready = http.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["index_points"] == sum(sql_counts(data))
        assert top_turn(http) == SEED_TURN
    assert "vector index disagreed with SQL" in log.read_text()


VICTIM = {"user": "zorvex7q", "session": "qwyllsess9", "entity": "Quixotelandia"}
KEEPER = {"user": "keeperk3", "session": "brightsess4", "entity": "Brightwaterton"}


def conversation(entity: str) -> list[tuple[str, str]]:
    """Four turns that mention entity (a place: spaCy anchors it)."""
    return [
        ("Caroline", f"I moved to {entity} last month and I love it."),
        ("Melanie", f"{entity} sounds lovely! What is the weather like in {entity}?"),
        ("Caroline", f"It rains a lot in {entity}, but the people are kind."),
        ("Melanie", "I adopted a puppy named Oscar from the shelter."),
    ]


def strings_on_disk(data: Path, strings: list[str]) -> dict[str, list[str]]:
    """For each string, the files under data holding its bytes."""
    found: dict[str, list[str]] = {s: [] for s in strings}
    for path in sorted(p for p in data.rglob("*") if p.is_file()):
        try:
            content = path.read_bytes()
        except FileNotFoundError:  # removed by a compaction or an optimizer since the listing
            continue
        for string in strings:
            if string.encode() in content:
                found[string].append(str(path.relative_to(data)))
    return found


def test_a_deleted_user_leaves_no_byte_under_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEMSVC_COMPACTION_SECONDS", "1")
    data = tmp_path / "data"
    victim, keeper = list(VICTIM.values()), list(KEEPER.values())
    with (
        live_server(tmp_path) as served,
        httpx.Client(base_url=served.base, timeout=60) as http,
    ):
        for who in (VICTIM, KEEPER):
            lines = conversation(who["entity"])
            post_conversation(http, user_id=who["user"], session_id=who["session"], lines=lines)
            wait_for_episode(http, who["user"])
        before = strings_on_disk(data, victim)
        # The scan sees the victim in SQLite and in the index (payloads, payload indexes).
        assert all(before.values()), before
        assert any(f.startswith("index/") for files in before.values() for f in files), before

        assert http.delete(f"/v1/users/{VICTIM['user']}").status_code == 204
        deadline = time.monotonic() + 120  # generous; the stated bound is one pass (1 s here)
        left = strings_on_disk(data, victim)
        while any(left.values()) and time.monotonic() < deadline:
            time.sleep(0.5)
            left = strings_on_disk(data, victim)
        assert not any(left.values()), left

        # The other user is intact: stored, indexed and found.
        kept = strings_on_disk(data, keeper)
        assert all(kept.values()), kept
        assert any(f.startswith("index/") for files in kept.values() for f in files), kept
        query = {"user_id": KEEPER["user"], "query": "Where did I move?", "k": 4}
        hits = http.post("/v1/search", json=query).json()["hits"]
        assert any(KEEPER["entity"] in hit["text"] for hit in hits)
        assert http.get(f"/v1/users/{VICTIM['user']}").status_code == 404
    turns, memories = sql_counts(data)
    assert turns == 4 and memories > 0
