"""Concurrent context load against a running memsvc: `python -m eval.contention --url URL`.

Ingests one LoCoMo conversation (unless --skip-ingest) through the REST API, then asks its
questions for contexts from --clients concurrent clients and prints p50/p95 latency and
throughput. Start the server the README's way (`memsvc serve`, default settings) first.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from tqdm import tqdm


def ingest(http: httpx.Client, conversation: dict[str, Any], user_id: str) -> int:
    """Post every session of the conversation, one request per session; returns turns."""
    stored, n = 0, 1
    sessions = conversation["conversation"]
    with tqdm(desc="ingest", unit="turn") as bar:
        while f"session_{n}" in sessions:
            session_id = f"{user_id}-s{n}"
            http.post("/v1/sessions", json={"user_id": user_id, "id": session_id})
            turns = [
                {"speaker": t["speaker"], "text": t["text"], "turn_id": t["dia_id"]}
                for t in sessions[f"session_{n}"]
            ]
            http.post(f"/v1/sessions/{session_id}/turns", json={"turns": turns}).raise_for_status()
            stored += len(turns)
            bar.update(len(turns))
            n += 1
    return stored


def ask_all(http: httpx.Client, questions: list[str], *, user_id: str, clients: int) -> None:
    """Contexts for every question from `clients` concurrent clients; prints the figures."""

    def ask(question: str) -> float:
        started = time.perf_counter()
        body = {"user_id": user_id, "query": question, "budget_tokens": 1024}
        http.post("/v1/context", json=body).raise_for_status()
        return time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        latencies = list(tqdm(pool.map(ask, questions), total=len(questions), desc="context"))
    wall = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"{len(latencies)} contexts, {clients} clients: p50 {cuts[49] * 1000:.0f} ms, "
        f"p95 {cuts[94] * 1000:.0f} ms, {len(latencies) / wall:.1f} req/s"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(prog="python -m eval.contention", description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/locomo/locomo_dev.json"))
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--questions", type=int, default=160)
    parser.add_argument("--user", default="contention")
    parser.add_argument("--skip-ingest", action="store_true", help="the user is already stored")
    args = parser.parse_args(argv)
    conversation = json.loads(args.data.read_text())[0]
    questions = [qa["question"] for qa in conversation["qa"]][: args.questions]
    with httpx.Client(base_url=args.url, timeout=120) as http:
        if not args.skip_ingest:
            ingest(http, conversation, args.user)
        ask_all(http, questions, user_id=args.user, clients=args.clients)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
