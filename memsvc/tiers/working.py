"""Working memory: per active session, the recent window of turns plus a rolling extractive
summary of the turns that fell out of it. Stored in Redis when configured (it survives a service
restart), in process otherwise; either way it can be rebuilt from SQL, which is what happens on
a miss, when the stored copy lacks turns SQL holds, and while Redis is down."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)
T = TypeVar("T")

LOCK_TIMEOUT_SECONDS = 5.0  # a lock left by a crashed holder expires after this
LOCK_WAIT_SECONDS = 1.0  # holders keep it for milliseconds; longer means something is wrong


@dataclass(frozen=True)
class WorkingTurn:
    """One turn as working memory holds it."""

    id: str
    seq: int
    speaker: str
    text: str
    timestamp: datetime
    salience: float
    summary_line: str
    turn_id: str | None = None  # the client's id for the turn

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (timestamp as an ISO string)."""
        return {
            "id": self.id,
            "seq": self.seq,
            "speaker": self.speaker,
            "text": self.text,
            "timestamp": self.timestamp.isoformat(),
            "salience": self.salience,
            "summary_line": self.summary_line,
            "turn_id": self.turn_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WorkingTurn:
        """Inverse of to_dict."""
        return cls(
            id=data["id"],
            seq=int(data["seq"]),
            speaker=data["speaker"],
            text=data["text"],
            timestamp=datetime.fromisoformat(data["timestamp"]),
            salience=float(data["salience"]),
            summary_line=data["summary_line"],
            turn_id=data.get("turn_id"),  # absent from entries cached before it was kept
        )


@dataclass(frozen=True)
class WorkingMemory:
    """A session's recent window (oldest first) and its summary of earlier turns (seq order)."""

    session_id: str
    turns: list[WorkingTurn] = field(default_factory=list)
    summary: list[WorkingTurn] = field(default_factory=list)
    earlier_turns: int = 0

    @property
    def held(self) -> int:
        """How many of the session's turns this memory has taken in (kept or evicted)."""
        return len(self.turns) + self.earlier_turns

    def summary_text(self) -> str:
        """The kept summary lines, one per line ("" when none)."""
        return "\n".join(turn.summary_line for turn in self.summary)

    def to_json(self) -> str:
        """The Redis value."""
        return json.dumps(
            {
                "session_id": self.session_id,
                "turns": [turn.to_dict() for turn in self.turns],
                "summary": [turn.to_dict() for turn in self.summary],
                "earlier_turns": self.earlier_turns,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, raw: str | bytes) -> WorkingMemory:
        """Inverse of to_json."""
        data = json.loads(raw)
        return cls(
            session_id=data["session_id"],
            turns=[WorkingTurn.from_dict(item) for item in data["turns"]],
            summary=[WorkingTurn.from_dict(item) for item in data["summary"]],
            earlier_turns=int(data["earlier_turns"]),
        )


class RedisUnavailable(Exception):
    """Redis did not answer in time (or is resting after a failure): fall back to SQL."""


class WorkingStore(Protocol):
    """Where working memories live between requests; a Redis store raises RedisUnavailable."""

    def get(self, session_id: str) -> WorkingMemory | None: ...

    def put(self, memory: WorkingMemory) -> None: ...

    def delete(self, session_ids: Iterable[str]) -> None: ...

    def lock(self, session_id: str) -> AbstractContextManager[None]:
        """Serialises read-modify-write of one session (used by update)."""
        ...

    def problem(self) -> str | None:
        """Why the store cannot serve now, or None when it can."""
        ...


class InProcessWorkingStore:
    """A dict in this process; entries expire after ttl_seconds like the Redis keys do."""

    _STRIPES = 64  # bounded set of per-session update locks (sessions hash onto them)

    def __init__(self, *, ttl_seconds: int | None = None) -> None:
        self._ttl = ttl_seconds
        self._data: OrderedDict[str, tuple[float, WorkingMemory]] = OrderedDict()
        self._guard = threading.Lock()
        self._stripes = [threading.Lock() for _ in range(self._STRIPES)]

    def get(self, session_id: str) -> WorkingMemory | None:
        with self._guard:
            self._expire(time.monotonic())
            entry = self._data.get(session_id)
        return None if entry is None else entry[1]

    def put(self, memory: WorkingMemory) -> None:
        now = time.monotonic()
        expires = now + self._ttl if self._ttl is not None else float("inf")
        with self._guard:
            self._data[memory.session_id] = (expires, memory)
            self._data.move_to_end(memory.session_id)  # keeps the dict in expiry order
            self._expire(now)

    def delete(self, session_ids: Iterable[str]) -> None:
        with self._guard:
            for session_id in session_ids:
                self._data.pop(session_id, None)

    @contextmanager
    def lock(self, session_id: str) -> Iterator[None]:
        with self._stripes[hash(session_id) % self._STRIPES]:
            yield

    def problem(self) -> str | None:
        """This process's memory is always there."""
        return None

    def _expire(self, now: float) -> None:
        """Drop expired entries; the TTL is constant, so they are all at the front."""
        while self._data:
            expires, _ = next(iter(self._data.values()))
            if expires > now:
                return
            self._data.popitem(last=False)


class Breaker:
    """A circuit breaker: after a Redis failure, calls fail at once for retry_seconds, then
    one call probes; so a dead Redis costs one timeout per interval, not one per request."""

    def __init__(self, *, retry_seconds: float) -> None:
        self._retry = retry_seconds
        self._reason: str | None = None  # None: closed, calls go through
        self._probe_at = 0.0
        self._guard = threading.Lock()

    def call(self, operation: Callable[[], T]) -> T:
        """Run a Redis operation; RedisUnavailable if it fails or the breaker is open."""
        self._admit()
        try:
            result = operation()
        except redis.RedisError as exc:
            self._trip(exc)
            raise RedisUnavailable(self.reason or str(exc)) from exc
        self._close()
        return result

    @property
    def reason(self) -> str | None:
        """Why the breaker is open (None when closed)."""
        return self._reason

    def _admit(self) -> None:
        with self._guard:
            if self._reason is None:
                return
            now = time.monotonic()
            if now < self._probe_at:
                raise RedisUnavailable(self._reason)
            self._probe_at = now + self._retry  # this call probes; the others keep failing fast

    def _trip(self, exc: redis.RedisError) -> None:
        with self._guard:
            opened = self._reason is None
            self._reason = f"redis unreachable ({exc.__class__.__name__}: {exc})"
            self._probe_at = time.monotonic() + self._retry
        if opened:
            log.warning("%s; working memory comes from SQL until it answers", self._reason)

    def _close(self) -> None:
        with self._guard:
            reopened, self._reason = self._reason is not None, None
        if reopened:
            log.warning("redis answers again; working memory is served from it")


def redis_client(url: str, *, timeout_seconds: float) -> redis.Redis:
    """A client that waits at most timeout_seconds per connect or reply and never retries:
    redis-py's defaults (5 s, three retries) let one stalled Redis hold a request for 20 s."""
    return redis.Redis.from_url(
        url,
        socket_timeout=timeout_seconds,
        socket_connect_timeout=timeout_seconds,
        retry=Retry(NoBackoff(), 0),
    )


class RedisWorkingStore:
    """One JSON value per session under {prefix}{session_id}, with a TTL; every call goes
    through a circuit breaker and raises RedisUnavailable instead of waiting on Redis."""

    def __init__(
        self,
        url: str,
        *,
        ttl_seconds: int,
        timeout_seconds: float,
        retry_seconds: float,
        prefix: str = "memsvc:wm:",
    ) -> None:
        self._client = redis_client(url, timeout_seconds=timeout_seconds)
        self._breaker = Breaker(retry_seconds=retry_seconds)
        self._ttl = ttl_seconds
        self._prefix = prefix
        # "memsvc:wm:" -> "memsvc:wm-lock:"; a custom prefix keeps its locks in its namespace.
        self._lock_prefix = f"{prefix.removesuffix(':')}-lock:"

    def key(self, session_id: str) -> str:
        """The Redis key of a session's working memory."""
        return f"{self._prefix}{session_id}"

    def get(self, session_id: str) -> WorkingMemory | None:
        raw: bytes | None = self._breaker.call(lambda: self._client.get(self.key(session_id)))
        return None if raw is None else WorkingMemory.from_json(raw)

    def put(self, memory: WorkingMemory) -> None:
        key, value = self.key(memory.session_id), memory.to_json()
        self._breaker.call(lambda: self._client.set(key, value, ex=self._ttl))

    def delete(self, session_ids: Iterable[str]) -> None:
        keys = [self.key(session_id) for session_id in session_ids]
        if keys:
            self._breaker.call(lambda: self._client.delete(*keys))

    @contextmanager
    def lock(self, session_id: str) -> Iterator[None]:
        """A short Redis lock, so concurrent updates from several workers do not lose turns."""
        lock = self._client.lock(
            f"{self._lock_prefix}{session_id}",
            timeout=LOCK_TIMEOUT_SECONDS,
            blocking_timeout=LOCK_WAIT_SECONDS,
            sleep=0.01,
        )
        if not self._breaker.call(lock.acquire):
            raise RedisUnavailable(f"working memory of session {session_id!r} stayed locked")
        try:
            yield
        finally:
            # Past its timeout the lock expired on its own (our write has already happened);
            # if Redis went away meanwhile, it expires there too.
            with suppress(redis.RedisError):
                lock.release()

    def problem(self) -> str | None:
        """None when Redis answers a ping (at most one ping per breaker interval when down)."""
        try:
            self._breaker.call(self._client.ping)
        except RedisUnavailable as exc:
            return str(exc)
        return None

    def close(self) -> None:
        self._client.close()


def build_working_store(
    redis_url: str | None, *, ttl_seconds: int, timeout_seconds: float, retry_seconds: float
) -> WorkingStore:
    """Redis when a URL is configured, in process otherwise."""
    if redis_url:
        return RedisWorkingStore(
            redis_url,
            ttl_seconds=ttl_seconds,
            timeout_seconds=timeout_seconds,
            retry_seconds=retry_seconds,
        )
    return InProcessWorkingStore(ttl_seconds=ttl_seconds)


def append_turns(
    memory: WorkingMemory | None,
    session_id: str,
    new: Sequence[WorkingTurn],
    *,
    window: int,
    summary_lines: int,
) -> WorkingMemory:
    """Add new turns (idempotently) and evict the oldest beyond the window into the summary."""
    if window < 1 or summary_lines < 0:
        raise ValueError("window must be >= 1 and summary_lines >= 0")
    memory = memory or WorkingMemory(session_id=session_id)
    if memory.session_id != session_id:
        raise ValueError(f"memory of {memory.session_id!r} given for {session_id!r}")
    turns = [*memory.turns, *_unseen(memory, new)]
    turns.sort(key=lambda turn: turn.seq)
    summary, earlier = memory.summary, memory.earlier_turns
    while len(turns) > window:
        summary = _offer(summary, turns.pop(0), summary_lines)
        earlier += 1
    return WorkingMemory(session_id, turns, summary, earlier)


def _unseen(memory: WorkingMemory, new: Sequence[WorkingTurn]) -> list[WorkingTurn]:
    """New turns not already held. Evicted turns left out of the summary are no longer held, but
    once anything was evicted, every turn older than the window was evicted before (or arrived
    too late to matter), so those are skipped too: re-appending them must change nothing."""
    seen = {turn.id for turn in memory.turns} | {turn.id for turn in memory.summary}
    horizon = memory.turns[0].seq if memory.earlier_turns and memory.turns else None
    unseen: list[WorkingTurn] = []
    for turn in new:
        if turn.id in seen or (horizon is not None and turn.seq < horizon):
            continue
        seen.add(turn.id)
        unseen.append(turn)
    return unseen


def _offer(summary: list[WorkingTurn], turn: WorkingTurn, cap: int) -> list[WorkingTurn]:
    """The summary with an evicted turn offered to it: the least salient lines go beyond the cap,
    the later of equally salient ones first (so a tie keeps the earlier line)."""
    if not turn.summary_line.strip():
        return summary
    kept = sorted([*summary, turn], key=lambda item: item.seq)
    while len(kept) > cap:
        kept.remove(min(kept, key=lambda item: (item.salience, -item.seq)))
    return kept


def update(
    store: WorkingStore,
    session_id: str,
    new: Sequence[WorkingTurn],
    *,
    window: int,
    summary_lines: int,
    rebuild: Callable[[], Sequence[WorkingTurn]],
) -> WorkingMemory:
    """Append new turns to the stored memory; on a miss, rebuild it from all the session's turns
    first (an in-process store is empty after a restart, a Redis key may have expired)."""
    with store.lock(session_id):
        memory = store.get(session_id)
        if memory is None:
            memory = append_turns(
                None, session_id, rebuild(), window=window, summary_lines=summary_lines
            )
        memory = append_turns(memory, session_id, new, window=window, summary_lines=summary_lines)
        store.put(memory)  # also refreshes the TTL of an active session
        return memory
