"""`memsvc bench ingest`: service ingest vs raw encoder throughput, search latency, peak memory."""

from __future__ import annotations

import json
import resource
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient
from tqdm import tqdm

from memsvc.app import create_app
from memsvc.bench.workload import percentile, raw_encoder_rate
from memsvc.config import Settings
from memsvc.encoder import build_encoder
from memsvc.runtime import build_runtime


@dataclass
class IngestFigures:
    """What the ingest benchmark measures."""

    conversations: int
    turns: int
    batch_size: int
    torch_threads: int
    raw_encoder_sentences_per_s: float
    service_ingest_turns_per_s: float
    ratio: float
    concurrent_clients: int
    concurrent_ingest_turns_per_s: float
    concurrent_ratio: float
    search_p50_ms: float
    search_p95_ms: float
    context_p50_ms: float
    context_p95_ms: float
    queries: int
    peak_rss_mb: float
    spacy_loaded: bool


def run_ingest_bench(
    settings: Settings, *, data: str, out: str | None, concurrency: int = 4
) -> int:
    """Run the benchmark on a fresh data dir and print (and optionally save) the figures."""
    from eval.datasets import load_locomo

    conversations = load_locomo(data)
    with tempfile.TemporaryDirectory(prefix="memsvc-bench-") as tmp:
        bench_settings = settings.model_copy(update={"data_dir": Path(tmp), "database_url": None})
        figures = _measure(bench_settings, conversations, concurrency)
    _print(figures)
    if out:
        Path(out).write_text(json.dumps(asdict(figures), indent=2))
    return 0


def _measure(settings: Settings, conversations: list[Any], concurrency: int) -> IngestFigures:
    import torch

    encoder = build_encoder(settings)
    runtime = build_runtime(settings, encoder=encoder)
    texts = [f"{t.speaker}: {t.text}" for c in conversations for t in c.turns]
    raw_rate = raw_encoder_rate(encoder, texts)
    with TestClient(create_app(runtime=runtime)) as client:
        ingest_rate = _ingest(client, conversations, clients=1, prefix="")
        concurrent_rate = _ingest(client, conversations, clients=concurrency, prefix="c-")
        search = _latencies(client, conversations, "/v1/search", {"k": 10})
        context = _latencies(client, conversations, "/v1/context", {"budget_tokens": 1024})
    runtime.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return IngestFigures(
        conversations=len(conversations),
        turns=len(texts),
        batch_size=settings.encoder_batch_size,
        torch_threads=torch.get_num_threads(),
        raw_encoder_sentences_per_s=round(raw_rate, 1),
        service_ingest_turns_per_s=round(ingest_rate, 1),
        ratio=round(ingest_rate / raw_rate, 3),
        concurrent_clients=concurrency,
        concurrent_ingest_turns_per_s=round(concurrent_rate, 1),
        concurrent_ratio=round(concurrent_rate / raw_rate, 3),
        search_p50_ms=percentile(search, 50),
        search_p95_ms=percentile(search, 95),
        context_p50_ms=percentile(context, 50),
        context_p95_ms=percentile(context, 95),
        queries=len(search),
        peak_rss_mb=round(peak, 1),
        spacy_loaded=runtime.anchorer is not None,
    )


def _ingest(client: TestClient, conversations: list[Any], *, clients: int, prefix: str) -> float:
    """Post every session's turns through the REST API from `clients` threads; turns/s."""
    jobs = [(f"{prefix}{conv.id}", session) for conv in conversations for session in conv.sessions]
    total = sum(len(session.turns) for _, session in jobs)
    bar = tqdm(total=total, unit="turn", desc=f"ingest ({clients} client{'s' * (clients > 1)})")
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        for posted in pool.map(lambda job: post_session(client, *job), jobs):
            bar.update(posted)
    elapsed = time.perf_counter() - started
    bar.close()
    return total / elapsed


def post_session(client: httpx.Client, user_id: str, session: Any) -> int:
    """Create one session and post its turns as one batch; returns the number of turns."""
    session_id = f"{user_id}-{session.id}"
    body = {"user_id": user_id, "id": session_id, "started_at": session.started_at.isoformat()}
    client.post("/v1/sessions", json=body).raise_for_status()
    turns = [
        {
            "turn_id": t.id,
            "speaker": t.speaker,
            "text": t.text,
            "timestamp": t.timestamp.isoformat(),
        }
        for t in session.turns
    ]
    client.post(f"/v1/sessions/{session_id}/turns", json={"turns": turns}).raise_for_status()
    return len(turns)


def _latencies(
    client: TestClient, conversations: list[Any], path: str, extra: dict[str, Any]
) -> list[float]:
    """Milliseconds per request, one request per benchmark question."""
    questions = [(c.id, q.text) for c in conversations for q in c.questions]
    timings = []
    for user_id, text in tqdm(questions, unit="query", desc=path):
        started = time.perf_counter()
        client.post(path, json={"user_id": user_id, "query": text, **extra}).raise_for_status()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _print(f: IngestFigures) -> None:
    rows = [
        ("turns ingested", f"{f.turns} ({f.conversations} conversations)"),
        ("raw encoder", f"{f.raw_encoder_sentences_per_s} sentences/s (batch {f.batch_size})"),
        ("service ingest (REST)", f"{f.service_ingest_turns_per_s} turns/s"),
        ("ingest / raw encoder", f"{f.ratio:.2f}x"),
        (
            f"service ingest, {f.concurrent_clients} concurrent clients",
            f"{f.concurrent_ingest_turns_per_s} turns/s ({f.concurrent_ratio:.2f}x raw)",
        ),
        (
            "search latency",
            f"p50 {f.search_p50_ms} ms, p95 {f.search_p95_ms} ms ({f.queries} queries)",
        ),
        ("context latency", f"p50 {f.context_p50_ms} ms, p95 {f.context_p95_ms} ms"),
        ("peak RSS", f"{f.peak_rss_mb} MB (spaCy loaded: {f.spacy_loaded})"),
        ("torch threads", str(f.torch_threads)),
    ]
    print("\n| measure | value |\n| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")
