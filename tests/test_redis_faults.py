"""Redis faults against a real `memsvc serve` on PostgreSQL, with a private redis-server on a
loopback port: stopped, paused (SIGSTOP) under concurrent load, back again; and Redis next to
the embedded index, where consolidation must still run."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from memsvc.app import create_app
from memsvc.config import Settings
from memsvc.encoder import SentenceTransformerEncoder
from memsvc.linguistics.anchors import Anchorer
from memsvc.runtime import build_runtime
from memsvc.tiers.scheduler import QUEUE_NAME, QueueScheduler
from memsvc.tiers.worker import work
from memsvc.tiers.working import RedisUnavailable, RedisWorkingStore
from tests.conftest import require_service
from tests.live import BIN, free_port, live_server, service_env

REDIS_SERVER = shutil.which("redis-server")
WORKING_KEY = "memsvc:wm:{}"  # the open server's default tenant keeps ids unscoped
CONCURRENT = 45
Http = httpx.Client | TestClient  # the live server's client, or the in-process app's
HEALTHZ_BOUND = 1.0  # seconds: generous; a starved event loop took 10 s
POOL_TIMEOUT = 30.0  # seconds: the PostgreSQL pool's wait, which a request must never reach


class RedisServer:
    """A private redis-server on a free loopback port, signalled and stopped by its pid."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._log = tmp_path / f"redis-{self.port}.log"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start it (empty: nothing is saved) and wait until it answers."""
        command = [str(REDIS_SERVER), "--port", str(self.port), "--bind", "127.0.0.1"]
        with self._log.open("ab") as log:
            self._process = subprocess.Popen(
                [*command, "--save", "", "--appendonly", "no"], stdout=log, stderr=log
            )
        with self.client() as client:
            wait_for(lambda: _pings(client), seconds=10, what="redis-server to answer")

    def pause(self) -> None:
        """SIGSTOP: connections are accepted, nothing is answered."""
        self._signal(signal.SIGSTOP)

    def resume(self) -> None:
        """SIGCONT."""
        self._signal(signal.SIGCONT)

    def stop(self) -> None:
        """Resume (a stopped process ignores SIGTERM) and terminate it."""
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def client(self) -> redis.Redis:
        """A test-side client with its own short timeouts."""
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)

    def _signal(self, signum: signal.Signals) -> None:
        assert self._process is not None, "redis-server is not running"
        os.kill(self._process.pid, signum)


def _pings(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


def wait_for(check: Callable[[], bool], *, seconds: float, what: str) -> None:
    """Poll check until it holds; fail after `seconds` (an anti-hang bound, not a target)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out after {seconds} s waiting for {what}")


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A private redis-server, always resumed and stopped afterwards."""
    if REDIS_SERVER is None:
        require_service("redis-server", "the binary is not installed")
    server = RedisServer(tmp_path)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def seed(http: Http, session_id: str, texts: list[str], *, user_id: str = "u1") -> None:
    """A session of the user with these turns, alternating speakers a day apart."""
    started = "2023-05-08T13:56:00Z"
    body = {"user_id": user_id, "id": session_id, "started_at": started}
    assert http.post("/v1/sessions", json=body).status_code in (200, 201)
    turns = [
        {
            "speaker": ("Caroline", "Melanie")[i % 2],
            "text": t,
            "timestamp": f"2023-05-08T14:{i:02d}:00Z",
            "turn_id": f"{session_id}:{i}",
        }
        for i, t in enumerate(texts)
    ]
    reply = http.post(f"/v1/sessions/{session_id}/turns", json={"turns": turns})
    assert reply.status_code == 201, reply.text


TEXTS = [
    "I moved to Denver last year.",
    "How do you like it there?",
    "I love hiking in the mountains near Denver.",
    "That sounds wonderful.",
    "I went to a LGBTQ support group yesterday.",
    "I painted a sunrise last week.",
]


def working_memory(http: Http, session_id: str) -> dict[str, Any]:
    """GET the session's working memory; it must answer 200."""
    reply = http.get(f"/v1/sessions/{session_id}/working-memory")
    assert reply.status_code == 200, reply.text
    body: dict[str, Any] = reply.json()
    return body


def degraded_count(http: Http, operation: str) -> float:
    """memsvc_degraded_total for a Redis operation, as /metrics reports it (0 if never)."""
    pattern = rf'^memsvc_degraded_total{{[^}}]*operation="{operation}"[^}}]*}} (\S+)$'
    found = re.search(pattern, http.get("/metrics").text, flags=re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def readiness(http: Http) -> dict[str, Any]:
    """GET /readyz; degraded or not, it must answer 200."""
    reply = http.get("/readyz")
    assert reply.status_code == 200, reply.text
    body: dict[str, Any] = reply.json()
    return body


def assert_served_from_redis(http: Http, server: RedisServer, session_id: str) -> None:
    """Rewrite the stored copy's last turn in Redis (same turn count, so still current) and
    see the endpoint return the rewrite: the answer came from Redis, not from SQL."""
    key = WORKING_KEY.format(session_id)
    with server.client() as client:
        wait_for(lambda: bool(client.exists(key)), seconds=10, what=f"{key} in Redis")
        stored = json.loads(client.get(key) or b"{}")
        stored["turns"][-1]["text"] = "rewritten inside Redis"
        client.set(key, json.dumps(stored), keepttl=True)
    assert working_memory(http, session_id)["turns"][-1]["text"] == "rewritten inside Redis"


def wait_until_ready(http: Http) -> None:
    """Readiness back to "ready" once the breaker's probe reaches Redis again."""
    wait_for(lambda: readiness(http)["status"] == "ready", seconds=30, what="readyz ready")


def _commands_processed(server: RedisServer) -> int:
    with server.client() as client:
        return int(client.info("stats")["total_commands_processed"])


def test_a_paused_redis_costs_one_timeout_per_retry_interval(redis_server: RedisServer) -> None:
    store = RedisWorkingStore(
        redis_server.url, ttl_seconds=600, timeout_seconds=0.2, retry_seconds=1.0
    )
    before = _commands_processed(redis_server)
    redis_server.pause()
    try:
        for _ in range(20):
            with pytest.raises(RedisUnavailable):
                store.get("s1")
        with pytest.raises(RedisUnavailable), store.lock("s1"):
            pytest.fail("the lock was granted by a paused Redis")
        assert "redis unreachable" in (store.problem() or "")
    finally:
        redis_server.resume()
    # Commands sent while paused are processed on SIGCONT: only the first call reached Redis,
    # the rest failed in the breaker (the two INFO calls count themselves).
    assert _commands_processed(redis_server) - before <= 3
    wait_for(lambda: store.problem() is None, seconds=10, what="the breaker's probe to pass")
    assert store.get("s1") is None
    store.close()


def test_a_stopped_redis_degrades_to_sql_and_recovers(
    tmp_path: Path, postgres_url: str, redis_server: RedisServer
) -> None:
    settings = {"database_url": postgres_url, "redis_url": redis_server.url}
    with (
        live_server(tmp_path, settings=settings, migrate=False) as served,
        httpx.Client(base_url=served.base, timeout=60) as http,
    ):
        seed(http, "s1", TEXTS)
        before = working_memory(http, "s1")
        assert_served_from_redis(http, redis_server, "s1")

        redis_server.stop()
        down = working_memory(http, "s1")  # from SQL: the rewrite in Redis is not there
        assert [t["text"] for t in down["turns"]] == TEXTS
        assert [t["id"] for t in down["turns"]] == [t["id"] for t in before["turns"]]
        context = http.post(
            "/v1/context",
            json={"user_id": "u1", "session_id": "s1", "query": "Denver", "budget_tokens": 400},
        )
        assert context.status_code == 200, context.text
        assert down["turns"][-1]["id"] in context.json()["sources"]["turns"]
        ready = readiness(http)
        assert ready["status"] == "degraded"
        assert "redis unreachable" in ready["degraded"]["working_memory"]
        assert degraded_count(http, "working_memory_read") >= 2

        # Writes and closing go on: SQL is the source of truth, the rest catches up.
        seed(http, "s2", ["I adopted a dog named Max.", "What a lovely name."])
        assert working_memory(http, "s2")["turns"][-1]["text"] == "What a lovely name."
        assert degraded_count(http, "working_memory_update") >= 1
        closed = http.post("/v1/sessions/s1/close")
        assert closed.status_code == 202, closed.text
        wait_for(
            lambda: len(http.get("/v1/users/u1/episodes").json()["items"]) == 1,
            seconds=60,
            what="the episode of the session closed while Redis was down",
        )

        redis_server.start()  # the same port, empty
        wait_until_ready(http)
        assert len(working_memory(http, "s2")["turns"]) == 2  # rebuilt from SQL, stored again
        assert_served_from_redis(http, redis_server, "s2")


def _timed(call: Callable[[], httpx.Response]) -> tuple[int, float]:
    start = time.monotonic()
    status = call().status_code
    return status, time.monotonic() - start


def _load(http: httpx.Client) -> list[tuple[str, Callable[[], httpx.Response]]]:
    """CONCURRENT requests, an equal mix of Redis-backed and Redis-free endpoints."""
    context = {"user_id": "u1", "session_id": "s1", "query": "Denver", "budget_tokens": 300}
    search = {"user_id": "u1", "query": "hiking in the mountains", "k": 5}

    def append(i: int) -> httpx.Response:
        turn = {"speaker": "Caroline", "text": f"Paused note {i}.", "turn_id": f"paused:{i}"}
        return http.post("/v1/sessions/s1/turns", json={"turns": [turn]})

    kinds: list[tuple[str, Callable[[int], httpx.Response]]] = [
        ("working-memory", lambda _: http.get("/v1/sessions/s1/working-memory")),
        ("context", lambda _: http.post("/v1/context", json=context)),
        ("search", lambda _: http.post("/v1/search", json=search)),
        ("users", lambda _: http.get("/v1/users")),
        ("append", append),
    ]
    return [
        (name, partial(make, i)) for i in range(CONCURRENT // len(kinds)) for name, make in kinds
    ]


def _sample_healthz(base: str, stop: threading.Event) -> list[float]:
    """/healthz latencies, sampled until stop is set (its own connection, not the pool's)."""
    latencies: list[float] = []
    with httpx.Client(base_url=base, timeout=30) as probe:
        while not stop.is_set():
            start = time.monotonic()
            assert probe.get("/healthz").status_code == 200
            latencies.append(time.monotonic() - start)
            stop.wait(0.1)
    return latencies


def test_a_paused_redis_under_concurrent_load_never_cascades(
    tmp_path: Path, postgres_url: str, redis_server: RedisServer
) -> None:
    limits = httpx.Limits(max_connections=CONCURRENT + 5)
    settings = {"database_url": postgres_url, "redis_url": redis_server.url}
    with (
        live_server(tmp_path, settings=settings, migrate=False) as served,
        httpx.Client(base_url=served.base, timeout=120, limits=limits) as http,
    ):
        seed(http, "s1", TEXTS)
        working_memory(http, "s1")
        requests = _load(http)
        redis_server.pause()
        try:
            stop = threading.Event()
            with ThreadPoolExecutor(max_workers=CONCURRENT + 1) as pool:
                healthz = pool.submit(_sample_healthz, served.base, stop)
                results = list(pool.map(lambda r: (r[0], *_timed(r[1])), requests))
                paused_ready = readiness(http)
                stop.set()
            latencies = healthz.result()
        finally:
            redis_server.resume()

        statuses = Counter(f"{name} {status}" for name, status, _ in results)
        slowest = {name: max(s for n, _, s in results if n == name) for name, _ in requests}
        print(f"statuses under a paused Redis: {dict(statuses)}")
        print(f"slowest per endpoint (s): { {k: round(v, 2) for k, v in slowest.items()} }")
        print(f"healthz max {max(latencies):.3f} s over {len(latencies)} probes")
        assert len(results) == CONCURRENT
        assert [r for r in results if r[1] >= 500] == []
        assert all(status in (200, 201) for _, status, _ in results), statuses
        assert max(latencies) < HEALTHZ_BOUND
        # A request that had waited for a pooled connection this long would have failed.
        assert max(slowest.values()) < POOL_TIMEOUT
        assert paused_ready["status"] == "degraded"

        wait_until_ready(http)
        after = working_memory(http, "s1")  # the appends Redis missed are there
        assert after["earlier_turns"] + len(after["turns"]) == len(TEXTS) + CONCURRENT // 5
        assert_served_from_redis(http, redis_server, "s1")


def _episodes(http: httpx.Client) -> int:
    return len(http.get("/v1/users/u1/episodes").json()["items"])


def test_redis_with_the_embedded_index_consolidates_closed_sessions(
    tmp_path: Path, postgres_url: str, redis_server: RedisServer
) -> None:
    settings = {"database_url": postgres_url, "redis_url": redis_server.url}
    with (
        live_server(tmp_path, settings=settings, migrate=False) as served,
        httpx.Client(base_url=served.base, timeout=60) as h,
    ):
        seed(h, "s1", TEXTS)
        assert h.post("/v1/sessions/s1/close").status_code == 202
        wait_for(lambda: _episodes(h) == 1, seconds=60, what="the closed session's episode")
        seed(h, "s2", ["I adopted a dog named Max.", "What a lovely name."])
    with redis_server.client() as client:  # nothing was left on a queue nobody consumes
        assert client.llen(f"rq:queue:{QUEUE_NAME}") == 0
        assert list(client.scan_iter("rq:job:*")) == []

    # A crash right after a close committed, before its run: closed in SQL, never consolidated.
    engine = create_engine(postgres_url)
    with engine.begin() as connection:
        closing = "UPDATE sessions SET closed_at = last_activity_at WHERE id = 's2'"
        assert connection.execute(text(closing)).rowcount == 1
    engine.dispose()
    with (
        live_server(tmp_path, settings=settings, migrate=False) as served,
        httpx.Client(base_url=served.base, timeout=60) as h,
    ):
        wait_for(lambda: _episodes(h) == 2, seconds=60, what="the start-up sweep's episode")


def test_a_close_the_queue_missed_is_swept_onto_it_later(
    tmp_path: Path,
    postgres_url: str,
    redis_server: RedisServer,
    encoder: SentenceTransformerEncoder,
    anchorer: Anchorer,
) -> None:
    # The queue itself, in process (a worker needs a Qdrant server, which this machine lacks).
    settings = Settings(
        data_dir=tmp_path / "data", database_url=postgres_url, redis_url=redis_server.url
    )
    queue = QueueScheduler(redis_server.url, timeout_seconds=settings.redis_timeout_seconds)
    built = build_runtime(settings, encoder=encoder, anchorer=anchorer, scheduler=queue)
    try:
        with TestClient(create_app(runtime=built)) as client:
            seed(client, "s1", TEXTS)
            redis_server.stop()
            assert client.post("/v1/sessions/s1/close").status_code == 202
            assert degraded_count(client, "schedule") == 1
            redis_server.start()
            assert built.sweeper is not None and built.sweeper.sweep() == ["s1"]
            assert queue.queue.count == 1
            assert work(built, burst=True) == 0
            assert len(client.get("/v1/users/u1/episodes").json()["items"]) == 1
    finally:
        built.close()


def test_the_queue_next_to_the_embedded_index_is_refused_at_start(tmp_path: Path) -> None:
    env = {
        **service_env(tmp_path),
        "MEMSVC_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",  # never contacted
        "MEMSVC_CONSOLIDATION": "queue",
    }
    port = str(free_port())
    refused = subprocess.run(
        [BIN, "serve", "--host", "127.0.0.1", "--port", port],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode != 0
    assert "MEMSVC_CONSOLIDATION=queue needs MEMSVC_QDRANT_URL" in refused.stdout + refused.stderr
    worker = subprocess.run(
        [BIN, "worker", "--burst"], env=env, capture_output=True, text=True, timeout=120
    )
    assert worker.returncode == 2
    assert "memsvc serve` consolidates on its own thread" in worker.stdout
