"""Concurrent appends to one session, on SQLite and on real PostgreSQL: every turn gets its own
position (distinct, gapless seqs, in each batch's order) and working memory counts every turn.
Also: the migration that makes positions unique renumbers turns an older server stored under a
shared seq, keeping their order."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from memsvc.storage.database import alembic_config, migrate

BATCHES = 20
PER_BATCH = 3
START = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def batch(n: int) -> dict[str, object]:
    """Batch n: three turns with distinct client ids, text naming their place in the batch."""
    return {
        "turns": [
            {
                "speaker": "Ana" if i % 2 else "Ben",
                "text": f"batch {n} line {i}: the weather in city number {n} is fine",
                "timestamp": (START + timedelta(minutes=n, seconds=i)).isoformat(),
                "turn_id": f"b{n}-{i}",
            }
            for i in range(PER_BATCH)
        ]
    }


def test_concurrent_batches_take_distinct_gapless_positions(client: TestClient) -> None:
    client.post("/v1/sessions", json={"user_id": "u", "id": "s"}).raise_for_status()
    with ThreadPoolExecutor(max_workers=BATCHES) as pool:
        answers = list(
            pool.map(lambda n: client.post("/v1/sessions/s/turns", json=batch(n)), range(BATCHES))
        )
    assert [a.status_code for a in answers] == [201] * BATCHES, [a.text for a in answers]

    stored = client.get("/v1/sessions/s/turns", params={"limit": 500}).json()["items"]
    seqs = [t["seq"] for t in stored]
    assert seqs == list(range(BATCHES * PER_BATCH))
    # A batch is stored in one piece, in its own order.
    by_batch: dict[str, list[int]] = {}
    for item in stored:
        by_batch.setdefault(item["turn_id"].split("-")[0], []).append(item["seq"])
    for positions in by_batch.values():
        assert positions == list(range(positions[0], positions[0] + PER_BATCH))

    memory = client.get("/v1/sessions/s/working-memory").json()
    held = [t["id"] for t in memory["turns"]]
    assert held == [t["id"] for t in stored[-len(held) :]]
    assert memory["earlier_turns"] + len(held) == BATCHES * PER_BATCH


def test_migration_renumbers_shared_positions(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    migrate(url)
    command.downgrade(alembic_config(url), "0004")
    engine = create_engine(url)
    rows = [("t1", 0), ("t0", 0), ("t2", 1), ("t4", 1), ("t3", 1)]  # two appends collided
    with engine.begin() as db:
        db.execute(
            text("INSERT INTO users (id, metadata, created_at) VALUES ('u', '{}', :now)"),
            {"now": START},
        )
        db.execute(
            text(
                "INSERT INTO sessions (id, user_id, started_at, metadata, created_at) "
                "VALUES ('s', 'u', :now, '{}', :now)"
            ),
            {"now": START},
        )
        for turn_id, seq in rows:
            db.execute(
                text(
                    "INSERT INTO turns (id, session_id, user_id, seq, speaker, text, timestamp, "
                    "metadata, created_at) VALUES (:id, 's', 'u', :seq, 'Ana', 'x', :now, '{}', "
                    ":now)"
                ),
                {"id": turn_id, "seq": seq, "now": START},
            )
    migrate(url)
    with engine.connect() as db:
        order = db.execute(text("SELECT id, seq FROM turns ORDER BY seq")).all()
    engine.dispose()
    assert [tuple(r) for r in order] == [("t0", 0), ("t1", 1), ("t2", 2), ("t3", 3), ("t4", 4)]
