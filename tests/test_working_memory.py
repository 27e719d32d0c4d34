"""Working memory: the pure window/summary logic, and the in-process and Redis stores (real Redis
at MEMSVC_TEST_REDIS_URL)."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

import pytest
import redis

from memsvc.tiers.working import (
    InProcessWorkingStore,
    RedisWorkingStore,
    WorkingMemory,
    WorkingStore,
    WorkingTurn,
    append_turns,
    update,
)
from tests.conftest import require_service

REDIS_URL = os.environ.get("MEMSVC_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TTL = 600
TIMEOUTS = {"timeout_seconds": 0.5, "retry_seconds": 1.0}
START = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def turn(seq: int, salience: float = 1.0, line: str | None = None) -> WorkingTurn:
    """A turn whose id, text and summary line derive from its position."""
    return WorkingTurn(
        id=f"t{seq}",
        seq=seq,
        speaker="Ana" if seq % 2 else "Ben",
        text=f"turn number {seq}",
        timestamp=START + timedelta(minutes=seq),
        salience=salience,
        summary_line=f"line {seq}" if line is None else line,
    )


def seqs(turns: Sequence[WorkingTurn]) -> list[int]:
    return [item.seq for item in turns]


# --- append_turns (pure) ---------------------------------------------------------------------


def test_window_keeps_the_last_turns_in_seq_order() -> None:
    shuffled = [turn(seq) for seq in (3, 0, 5, 1, 4, 2, 6)]
    memory = append_turns(None, "s", shuffled, window=4, summary_lines=10)
    assert seqs(memory.turns) == [3, 4, 5, 6]
    assert seqs(memory.summary) == [0, 1, 2]
    assert memory.earlier_turns == 3
    assert memory.summary_text() == "line 0\nline 1\nline 2"


def test_fewer_turns_than_the_window_evict_nothing() -> None:
    memory = append_turns(None, "s", [turn(0), turn(1)], window=4, summary_lines=2)
    assert seqs(memory.turns) == [0, 1]
    assert memory.summary == []
    assert memory.earlier_turns == 0
    assert memory.summary_text() == ""


def test_re_appending_the_same_turns_changes_nothing() -> None:
    # Uneven salience, so some evicted turns are dropped from the summary: those must stay out.
    turns = [turn(seq, salience=float(seq % 3)) for seq in range(30)]
    once = append_turns(None, "s", turns, window=6, summary_lines=4)
    assert append_turns(once, "s", turns, window=6, summary_lines=4) == once
    assert append_turns(once, "s", turns[::-1], window=6, summary_lines=4) == once
    # A duplicate inside one batch counts once.
    doubled = append_turns(None, "s", [*turns, *turns], window=6, summary_lines=4)
    assert doubled == once


def test_incremental_appends_equal_one_batch() -> None:
    turns = [turn(seq, salience=(seq * 7) % 5) for seq in range(25)]
    stepwise: WorkingMemory | None = None
    for item in turns:
        stepwise = append_turns(stepwise, "s", [item], window=5, summary_lines=3)
    assert stepwise == append_turns(None, "s", turns, window=5, summary_lines=3)


def test_summary_keeps_the_most_salient_lines_in_seq_order() -> None:
    saliences = {0: 0.2, 1: 0.9, 2: 0.1, 3: 0.8, 4: 0.5, 5: 0.7}
    turns = [turn(seq, salience) for seq, salience in saliences.items()] + [
        turn(seq) for seq in range(6, 8)
    ]
    memory = append_turns(None, "s", turns, window=2, summary_lines=3)
    assert seqs(memory.turns) == [6, 7]
    assert seqs(memory.summary) == [1, 3, 5]  # 0.9, 0.8, 0.7, in seq order
    assert memory.earlier_turns == 6
    assert memory.summary_text() == "line 1\nline 3\nline 5"


def test_summary_tie_keeps_the_earlier_line() -> None:
    turns = [turn(0, 0.5), turn(1, 0.5), turn(2, 0.5), turn(3, 0.9)]
    memory = append_turns(None, "s", turns, window=1, summary_lines=2)
    assert seqs(memory.summary) == [0, 1]  # 2 only ties the least salient line: it stays out


def test_higher_salience_replaces_the_least_salient_line() -> None:
    turns = [turn(0, 0.3), turn(1, 0.6), turn(2, 0.9), turn(3)]
    memory = append_turns(None, "s", turns, window=1, summary_lines=2)
    assert seqs(memory.summary) == [1, 2]
    assert memory.earlier_turns == 3


def test_empty_summary_lines_never_enter_the_summary() -> None:
    turns = [turn(0, 0.0, line=""), turn(1, 0.0, line="  "), turn(2, 0.4), turn(3)]
    memory = append_turns(None, "s", turns, window=1, summary_lines=5)
    assert seqs(memory.summary) == [2]
    assert memory.earlier_turns == 3


def test_zero_summary_lines_keeps_only_the_count() -> None:
    memory = append_turns(None, "s", [turn(seq) for seq in range(5)], window=2, summary_lines=0)
    assert memory.summary == []
    assert memory.earlier_turns == 3


def test_append_rejects_another_sessions_memory() -> None:
    memory = append_turns(None, "a", [turn(0)], window=2, summary_lines=1)
    with pytest.raises(ValueError, match="memory of 'a'"):
        append_turns(memory, "b", [turn(1)], window=2, summary_lines=1)


def test_json_round_trip_keeps_aware_timestamps() -> None:
    memory = append_turns(None, "s", [turn(seq) for seq in range(5)], window=2, summary_lines=2)
    restored = WorkingMemory.from_json(memory.to_json())
    assert restored == memory
    assert restored.turns[0].timestamp.tzinfo is not None


# --- stores ----------------------------------------------------------------------------------


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A private key namespace in the test Redis, deleted afterwards."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        require_service(f"Redis at {REDIS_URL}", str(exc))
    namespace = f"memsvc-test:{uuid.uuid4().hex[:12]}"
    yield f"{namespace}:wm:"
    keys = list(client.scan_iter(match=f"{namespace}:*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture(params=["in_process", pytest.param("redis", marks=pytest.mark.redis)])
def store(request: pytest.FixtureRequest) -> Iterator[WorkingStore]:
    """Each store test runs on both stores."""
    if request.param == "in_process":
        yield InProcessWorkingStore(ttl_seconds=TTL)
        return
    built = RedisWorkingStore(
        REDIS_URL, ttl_seconds=TTL, prefix=request.getfixturevalue("redis_prefix"), **TIMEOUTS
    )
    yield built
    built.close()


class Rebuild:
    """A rebuild callback standing in for the SQL query; counts its calls."""

    def __init__(self, turns: Sequence[WorkingTurn], delay: float = 0.0) -> None:
        self.turns = list(turns)
        self.delay = delay
        self.calls = 0

    def __call__(self) -> list[WorkingTurn]:
        self.calls += 1
        time.sleep(self.delay)  # a query's latency lets racing updates interleave
        return self.turns


def test_store_put_get_delete(store: WorkingStore) -> None:
    memory = append_turns(None, "s1", [turn(seq) for seq in range(6)], window=3, summary_lines=2)
    assert store.get("s1") is None
    store.put(memory)
    assert store.get("s1") == memory
    store.delete(["s1", "never-stored"])
    assert store.get("s1") is None
    store.delete([])


def test_update_rebuilds_once_then_appends(store: WorkingStore) -> None:
    rebuild = Rebuild([turn(seq) for seq in range(5)])
    new = [turn(5), turn(6)]
    first = update(store, "s1", new, window=4, summary_lines=2, rebuild=rebuild)
    assert rebuild.calls == 1
    assert seqs(first.turns) == [3, 4, 5, 6]
    assert seqs(first.summary) == [0, 1]  # equal salience: the cap keeps the earlier lines
    assert first.earlier_turns == 3
    assert store.get("s1") == first

    again = update(store, "s1", new, window=4, summary_lines=2, rebuild=rebuild)
    assert rebuild.calls == 1
    assert again == first


def test_update_when_rebuild_already_holds_the_new_turns(store: WorkingStore) -> None:
    # The turns are written to SQL before working memory is updated, so a rebuild includes them.
    turns = [turn(seq) for seq in range(4)]
    memory = update(store, "s1", turns[2:], window=10, summary_lines=2, rebuild=Rebuild(turns))
    assert seqs(memory.turns) == [0, 1, 2, 3]


def test_held_counts_kept_and_evicted_turns_once() -> None:
    # The service compares it with the session's turn count in SQL to spot a stale copy.
    turns = [turn(seq) for seq in range(7)]
    memory = append_turns(None, "s1", turns, window=3, summary_lines=1)
    assert memory.held == 7
    assert append_turns(memory, "s1", turns, window=3, summary_lines=1).held == 7
    missing_one = append_turns(None, "s1", turns[:5] + turns[6:], window=3, summary_lines=1)
    assert missing_one.held == 6


def test_in_process_store_is_never_degraded() -> None:
    assert InProcessWorkingStore(ttl_seconds=TTL).problem() is None


def test_concurrent_updates_lose_no_turn(store: WorkingStore) -> None:
    threads_count = 8
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def worker(seq: int) -> None:
        try:
            barrier.wait()
            rebuild = Rebuild([], delay=0.005)
            update(store, "s1", [turn(seq)], window=20, summary_lines=2, rebuild=rebuild)
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)

    workers = [threading.Thread(target=worker, args=(seq,)) for seq in range(threads_count)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    assert errors == []
    memory = store.get("s1")
    assert memory is not None
    assert seqs(memory.turns) == list(range(threads_count))


def test_in_process_entries_expire() -> None:
    store = InProcessWorkingStore(ttl_seconds=0)
    store.put(append_turns(None, "s1", [turn(0)], window=2, summary_lines=1))
    assert store.get("s1") is None


@pytest.mark.redis
def test_redis_memory_survives_a_restart(redis_prefix: str) -> None:
    memory = append_turns(None, "s1", [turn(seq) for seq in range(9)], window=4, summary_lines=3)
    before = RedisWorkingStore(REDIS_URL, ttl_seconds=TTL, prefix=redis_prefix, **TIMEOUTS)
    before.put(memory)
    before.close()

    after = RedisWorkingStore(REDIS_URL, ttl_seconds=TTL, prefix=redis_prefix, **TIMEOUTS)
    client = redis.Redis.from_url(REDIS_URL)
    try:
        assert after.get("s1") == memory
        assert 0 < client.ttl(f"{redis_prefix}s1") <= TTL
        after.delete(["s1"])
        assert client.exists(f"{redis_prefix}s1") == 0
        assert after.get("s1") is None
    finally:
        client.close()
        after.close()
