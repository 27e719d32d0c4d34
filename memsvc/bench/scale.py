"""`memsvc bench scale`: a store of N turns over U users built through a real server's REST API.

At each checkpoint (1k, 10k, 100k turns by default) it reports ingest turns/s against the raw
encoder measured in the same run, search and context latency for one and for eight
concurrent clients, the server's RSS and disk, and the time a restart takes to be ready.
The server is `memsvc serve` with default settings, as the README starts it; the environment
passes through, so `MEMSVC_TORCH_THREADS=1 memsvc bench scale` compares a setting.
"""

from __future__ import annotations

import gc
import json
import math
import multiprocessing
import os
import random
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from tqdm import tqdm

from eval.datasets import load_locomo
from memsvc.bench.server import Server, StartTimes, clear
from memsvc.bench.workload import (
    UserSession,
    UserWorkload,
    percentile,
    raw_encoder_rate,
    users,
)
from memsvc.config import Settings

WARM_UP_REQUESTS = 10
BURN_BOUND_SECONDS = 6 * 3600  # burners stop by themselves even if this process dies


@dataclass(frozen=True)
class Load:
    """Latency and throughput of one kind of request from some concurrent clients."""

    clients: int
    requests: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    per_s: float


@dataclass(frozen=True)
class Checkpoint:
    """Everything measured once the store reached `turns` turns."""

    turns: int
    users: int
    ingest_clients: int
    ingest_turns_per_s: float
    ingest_vs_raw: float
    ingest_vs_float32: float
    search: list[Load]
    context: list[Load]
    rss_mb: float
    disk_mb: float
    restart: StartTimes
    rss_idle_mb: float


@dataclass(frozen=True)
class ScaleRun:
    """A whole run: the conditions and one entry per checkpoint."""

    started_at: str
    cpus: int
    burners: int
    torch_threads: str
    encoder_precision: str
    raw_encoder_texts_per_s: float  # plain sentence-transformers at the service's precision
    raw_float32_texts_per_s: float  # ... as it comes (float32): what a user would start from
    first_start: StartTimes
    checkpoints: list[Checkpoint]


def run_scale(
    *,
    data: str,
    out: Path,
    turns: int,
    user_count: int,
    checkpoints: Sequence[int],
    clients: int,
    queries: int,
    burners: int,
) -> ScaleRun:
    """Build the store checkpoint by checkpoint and measure; writes JSON, a table and a plot."""
    conversations = load_locomo(data)
    per_user = math.ceil(turns / user_count)
    workload = list(users(conversations, count=user_count, turns_per_user=per_user))
    out.mkdir(parents=True, exist_ok=True)
    data_dir = out / "data"
    clear(data_dir)
    with _burning(burners):
        texts = [f"{t.speaker}: {t.text}" for c in conversations for t in c.turns]
        precision, raw = _raw_encoder_rate(texts, Settings())
        _, raw32 = _raw_encoder_rate(texts, Settings(encoder_precision="float32"))
        server = Server(data_dir=data_dir, log=out / "serve.log")
        first_start = server.start()
        try:
            done = _checkpoints(
                server, workload, sorted(checkpoints), (raw, raw32), clients, queries
            )
        finally:
            server.stop()
    run = ScaleRun(
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        cpus=os.cpu_count() or 1,
        burners=burners,
        torch_threads=os.environ.get("MEMSVC_TORCH_THREADS", "default"),
        encoder_precision=precision,
        raw_encoder_texts_per_s=round(raw, 1),
        raw_float32_texts_per_s=round(raw32, 1),
        first_start=first_start,
        checkpoints=done,
    )
    (out / "scale.json").write_text(json.dumps(asdict(run), indent=2))
    (out / "scale.md").write_text(table(run))
    plot(run, out / "scale.png")
    return run


def _raw_encoder_rate(texts: list[str], settings: Settings) -> tuple[str, float]:
    """The raw encoder (its precision, texts/s), measured here before the server starts,
    under the same conditions (burners included); the model is freed before the server
    loads its own."""
    from memsvc.encoder import build_encoder

    encoder = build_encoder(settings)
    rate = raw_encoder_rate(encoder, texts)
    precision = encoder.precision
    del encoder
    gc.collect()
    return precision, rate


def _checkpoints(
    server: Server,
    workload: list[UserWorkload],
    checkpoints: list[int],
    raw: tuple[float, float],
    clients: int,
    queries: int,
) -> list[Checkpoint]:
    results: list[Checkpoint] = []
    sessions = [s for user in workload for s in user.sessions]
    stored, start = 0, 0
    seen: set[str] = set()
    for n, target in enumerate(checkpoints):
        end, count = start, stored
        while end < len(sessions) and count < target:
            count, end = count + len(sessions[end].turns), end + 1
        batch, start = sessions[start:end], end
        ingest_clients = 1 if n == 0 else clients  # one client first, then concurrent ones
        rate = ingest(server.url, batch, clients=ingest_clients, label=f"to {target:,} turns")
        stored += _turns(batch)
        seen |= {s.user_id for s in batch}
        asked = [u for u in workload if u.user_id in seen]
        results.append(_measure(server, stored, asked, rate, ingest_clients, raw, clients, queries))
        print(table_row(results[-1]), flush=True)
    return results


def _measure(
    server: Server,
    stored: int,
    asked: list[UserWorkload],
    rate: float,
    ingest_clients: int,
    raw: tuple[float, float],
    clients: int,
    queries: int,
) -> Checkpoint:
    rng = random.Random(stored)
    picks = [rng.choice(asked) for _ in range(queries + WARM_UP_REQUESTS)]
    asks = [(u.user_id, rng.choice(u.questions)) for u in picks]
    search = [_load(server.url, "/v1/search", {"k": 10}, asks, c) for c in (1, clients)]
    context = [
        _load(server.url, "/v1/context", {"budget_tokens": 1024}, asks, c) for c in (1, clients)
    ]
    rss, disk = server.rss_mb(), server.disk_mb()
    server.stop()
    restart = server.start()
    return Checkpoint(
        turns=stored,
        users=len(asked),
        ingest_clients=ingest_clients,
        ingest_turns_per_s=round(rate, 1),
        ingest_vs_raw=round(rate / raw[0], 3),
        ingest_vs_float32=round(rate / raw[1], 3),
        search=search,
        context=context,
        rss_mb=rss,
        disk_mb=disk,
        restart=restart,
        rss_idle_mb=server.rss_mb(),
    )


def _turns(sessions: Sequence[UserSession]) -> int:
    return sum(len(s.turns) for s in sessions)


def ingest(url: str, sessions: list[UserSession], *, clients: int, label: str) -> float:
    """Post each session (create it, then its turns as one batch) from `clients` threads;
    turns/s over the whole phase."""
    total = sum(len(s.turns) for s in sessions)
    if not total:
        return 0.0
    bar = tqdm(total=total, unit="turn", desc=f"ingest {label} ({clients} clients)")
    with httpx.Client(base_url=url, timeout=300, limits=_pool(clients)) as http:
        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            for posted in pool.map(lambda s: post_session(http, s), sessions):
                bar.update(posted)
        elapsed = time.perf_counter() - started
    bar.close()
    return total / elapsed


def post_session(http: httpx.Client, session: UserSession) -> int:
    """Create one session and post its turns; returns how many were posted."""
    body = {"user_id": session.user_id, "id": session.session_id, "started_at": session.started_at}
    http.post("/v1/sessions", json=body).raise_for_status()
    path = f"/v1/sessions/{session.session_id}/turns"
    http.post(path, json={"turns": session.turns}).raise_for_status()
    return len(session.turns)


def _load(
    url: str, path: str, extra: dict[str, Any], asks: list[tuple[str, str]], clients: int
) -> Load:
    """Ask every question once from `clients` threads (the first few warm up, uncounted)."""

    def ask(http: httpx.Client, user_id: str, query: str) -> float:
        started = time.perf_counter()
        http.post(path, json={"user_id": user_id, "query": query, **extra}).raise_for_status()
        return (time.perf_counter() - started) * 1000

    with httpx.Client(base_url=url, timeout=300, limits=_pool(clients)) as http:
        for user_id, query in asks[:WARM_UP_REQUESTS]:
            ask(http, user_id, query)
        counted = asks[WARM_UP_REQUESTS:]
        bar = tqdm(total=len(counted), unit="req", desc=f"{path} ({clients} clients)")
        started = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            timings = []
            for ms in pool.map(lambda a: ask(http, *a), counted):
                timings.append(ms)
                bar.update()
        wall = time.perf_counter() - started
        bar.close()
    return Load(
        clients=clients,
        requests=len(timings),
        p50_ms=percentile(timings, 50),
        p95_ms=percentile(timings, 95),
        p99_ms=percentile(timings, 99),
        per_s=round(len(timings) / wall, 1),
    )


def _pool(clients: int) -> httpx.Limits:
    return httpx.Limits(max_connections=clients, max_keepalive_connections=clients)


@contextmanager
def _burning(count: int) -> Iterator[None]:
    """`count` processes spinning on a core each: a busy machine, as a shared node is."""
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    procs = [context.Process(target=_burn, args=(stop,), daemon=True) for _ in range(count)]
    for proc in procs:
        proc.start()
    try:
        yield
    finally:
        stop.set()
        for proc in procs:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()


def _burn(stop: Any) -> None:
    deadline = time.monotonic() + BURN_BOUND_SECONDS
    while not stop.is_set() and time.monotonic() < deadline:
        sum(i * i for i in range(10_000))


def table_row(c: Checkpoint) -> str:
    """One checkpoint as a markdown table row."""
    s1, s8 = c.search
    c1, c8 = c.context
    return (
        f"| {c.turns:,} | {c.ingest_turns_per_s} ({c.ingest_clients}c, {c.ingest_vs_raw:.2f}x / "
        f"{c.ingest_vs_float32:.2f}x) "
        f"| {s1.p50_ms:.0f} / {s1.p95_ms:.0f} / {s1.p99_ms:.0f} ({s1.per_s}/s) "
        f"| {s8.p50_ms:.0f} / {s8.p95_ms:.0f} / {s8.p99_ms:.0f} ({s8.per_s}/s) "
        f"| {c1.p50_ms:.0f} / {c1.p95_ms:.0f} / {c1.p99_ms:.0f} ({c1.per_s}/s) "
        f"| {c8.p50_ms:.0f} / {c8.p95_ms:.0f} / {c8.p99_ms:.0f} ({c8.per_s}/s) "
        f"| {c.rss_mb:.0f} / {c.rss_idle_mb:.0f} | {c.disk_mb:.0f} "
        f"| {c.restart.healthz} / {c.restart.readyz} |"
    )


def table(run: ScaleRun) -> str:
    """The run as a markdown table (ms are p50 / p95 / p99)."""
    head = (
        f"raw encoder {run.raw_encoder_texts_per_s} texts/s ({run.encoder_precision}), "
        f"{run.raw_float32_texts_per_s} texts/s (float32); {run.cpus} CPUs, "
        f"{run.burners} CPU burners, torch threads {run.torch_threads}\n\n"
        "| turns | ingest turns/s (clients, vs raw / vs float32 raw) | search 1 client ms "
        "| search 8 clients ms "
        "| context 1 client ms | context 8 clients ms | RSS MB (loaded / idle) | disk MB "
        "| restart s (healthz / readyz) |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
    )
    return head + "\n".join(table_row(c) for c in run.checkpoints) + "\n"


def plot(run: ScaleRun, path: Path) -> None:
    """Latency percentiles against store size, one panel per request kind."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [c.turns for c in run.checkpoints]
    fig, panels = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
    for panel, kind in zip(panels, ("search", "context"), strict=True):
        for i, style in ((0, "-"), (1, "--")):
            loads = [getattr(c, kind)[i] for c in run.checkpoints]
            clients = loads[0].clients if loads else 0
            for pct, color in (("p50_ms", "C0"), ("p95_ms", "C1"), ("p99_ms", "C3")):
                values = [getattr(load, pct) for load in loads]
                label = f"{pct[:3]}, {clients} client{'s' * (clients > 1)}"
                panel.plot(sizes, values, style, color=color, marker="o", label=label)
        panel.set(xscale="log", yscale="log", title=kind, xlabel="turns stored")
        panel.grid(True, which="both", alpha=0.3)
    panels[0].set_ylabel("latency (ms)")
    panels[1].legend(fontsize=8)
    fig.suptitle(f"memsvc serve through REST ({run.burners} CPU burners)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
