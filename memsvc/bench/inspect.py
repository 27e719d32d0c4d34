"""`memsvc bench inspect`: inspector page loads on a store of ~10k turns.

`memsvc serve` with default settings (as the README starts it) gets the LoCoMo dev
conversations through REST under several users (the first two sessions of each closed, so
facts and episodes exist); then each page is fetched `--repeat` times over HTTP and p50/p95
printed. The playground asks a different LoCoMo question each load. `--data-dir` keeps the
store, so a second run skips the ingest.
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from tqdm import tqdm

from memsvc.bench.ingest import post_session
from memsvc.bench.server import Server
from memsvc.bench.workload import percentile

TARGET_P95_MS = 150.0
FEATURES = ("entities", "kinds", "when", "time", "neighbours", "sessions", "recency")


def build(http: httpx.Client, conversations: list[Any], copies: int) -> int:
    """Every conversation under `copies` users each; its first two sessions closed."""
    total = sum(len(s.turns) for c in conversations for s in c.sessions) * copies
    bar = tqdm(total=total, unit="turn", desc="ingest through REST")
    for copy in range(copies):
        for conv in conversations:
            user_id = f"{conv.id}-u{copy}"
            for i, session in enumerate(conv.sessions):
                bar.update(post_session(http, user_id, session))
                if i < 2:
                    http.post(f"/v1/sessions/{user_id}-{session.id}/close").raise_for_status()
    bar.close()
    return total


def playground_url(user_id: str, question: str) -> str:
    """The playground with every feature on, both default tiers, the default budget."""
    params = [("query", question), ("tiers", "episodic"), ("tiers", "semantic")]
    params += [(f"f_{f}", "1") for f in FEATURES]
    return f"/inspect/users/{user_id}/search?{urlencode(params)}"


def pages(user_id: str, session_id: str, questions: list[str]) -> dict[str, list[str]]:
    """Each page's URLs to cycle through (one URL for all but the playground)."""
    base = f"/inspect/users/{user_id}"
    return {
        "users": ["/inspect/users"],
        "timeline": [base],
        "session": [f"{base}/sessions/{session_id}"],
        "facts": [f"{base}/facts"],
        "scratchpad": [f"{base}/scratchpad"],
        "health": ["/inspect/health"],
        "playground (search + context)": [playground_url(user_id, q) for q in questions],
    }


def _timed(http: httpx.Client, urls: list[str], repeat: int) -> list[float]:
    http.get(urls[0]).raise_for_status()  # warm: templates compiled, caches filled
    timings = []
    for url in itertools.islice(itertools.cycle(urls), repeat):
        begun = time.perf_counter()
        http.get(url).raise_for_status()
        timings.append((time.perf_counter() - begun) * 1000)
    return timings


def run_inspect_bench(data: Path, data_dir: Path, *, copies: int, repeat: int) -> int:
    from eval.datasets import load_locomo

    conversations = load_locomo(data)
    fresh = not data_dir.exists()
    data_dir.mkdir(parents=True, exist_ok=True)
    server = Server(data_dir=data_dir, log=data_dir.parent / f"{data_dir.name}-serve.log")
    server.start()
    try:
        with httpx.Client(base_url=server.url, timeout=300) as http:
            if fresh:
                started = time.perf_counter()
                total = build(http, conversations, copies)
                print(f"{total} turns in {time.perf_counter() - started:.0f} s")
            turns = http.get("/readyz").json().get("index_points")
            print(f"store: {turns} index points, {len(conversations) * copies} users")
            conv = conversations[0]
            user, session = f"{conv.id}-u0", f"{conv.id}-u0-{conv.sessions[0].id}"
            questions = [q.text for q in conv.questions if not q.abstention]
            print(f"{'page':32} {'p50':>10} {'p95':>10}   (target p95 ≤ {TARGET_P95_MS:.0f} ms)")
            for name, urls in pages(user, session, questions).items():
                timings = _timed(http, urls, repeat)
                p50, p95 = percentile(timings, 50), percentile(timings, 95)
                print(f"{name:32} {p50:7.1f} ms {p95:7.1f} ms")
    finally:
        server.stop()
    return 0
