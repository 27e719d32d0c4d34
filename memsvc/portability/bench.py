"""The full round trip: every LoCoMo conversation ingested and consolidated, exported,
imported into a fresh store, and every question asked of both (search hits and context).

    python -m memsvc.portability.bench [--data ../shared/data/locomo/locomo_dev.json]
        [--questions 20] [--database-url postgresql+psycopg://...] [--out figures.json]

The tests run a bounded version (tests/test_portability.py); this one measures the whole
dev set: dump size, export and import rates, and how many answers came back the same.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from tqdm import tqdm

from memsvc.app import create_app
from memsvc.config import Settings
from memsvc.encoder import build_encoder
from memsvc.portability import export, importer, reading
from memsvc.runtime import Runtime, build_runtime
from memsvc.sparse import load_splade

TOLERANCE = 1e-6 + 1e-12  # scores are rounded to 6 decimals by the API


@dataclass
class Figures:
    """What the round trip measured."""

    conversations: int
    lines: int
    dump_bytes: int
    export_seconds: float
    import_seconds: float
    import_lines_per_s: float
    questions: int
    same_order: int  # the same hits in the same order
    same_search: int  # and every score within TOLERANCE
    same_context: int
    max_score_difference: float


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m memsvc.portability.bench")
    parser.add_argument("--data", default="../shared/data/locomo/locomo_dev.json")
    parser.add_argument("--questions", type=int, default=20, help="asked per conversation")
    parser.add_argument("--database-url", default=None, help="the target (default: SQLite)")
    parser.add_argument("--out", default=None, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    figures = run(Path(args.data), questions=args.questions, target_url=args.database_url)
    print(json.dumps(asdict(figures), indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(asdict(figures), indent=2))
    return 0


def run(data: Path, *, questions: int, target_url: str | None) -> Figures:
    from eval.datasets import load_locomo

    conversations = load_locomo(data)
    with tempfile.TemporaryDirectory(prefix="memsvc-portability-") as tmp:
        base = Settings(data_dir=Path(tmp) / "source")
        models = {"encoder": build_encoder(base), "splade": load_splade(base)}
        source = build_runtime(base, **models)
        # A new Settings, not model_copy: a copy would keep the source's cached database URL.
        fresh = Settings(data_dir=Path(tmp) / "target", database_url=target_url)
        target = build_runtime(fresh, **models)
        try:
            _fill(source, conversations)
            dump = Path(tmp) / "dump.jsonl"
            started = time.perf_counter()
            with dump.open("wb") as out:
                lines = export.write(source.read_sessions, out, tenant="default", progress=True)
            exported = time.perf_counter() - started
            started = time.perf_counter()
            report = importer.load(target, reading.check(dump), progress=True)
            imported = time.perf_counter() - started
            assert not report.refused and report.created == lines, report.summary()
            asked = [(c.id, q.text) for c in conversations for q in c.questions[:questions]]
            same = _compare(source, target, asked)
        finally:
            source.close()
            target.close()
        return Figures(
            conversations=len(conversations),
            lines=lines,
            dump_bytes=dump.stat().st_size if dump.exists() else 0,
            export_seconds=round(exported, 2),
            import_seconds=round(imported, 2),
            import_lines_per_s=round(lines / imported, 1),
            questions=len(asked),
            **same,
        )


def _fill(runtime: Runtime, conversations: list[Any]) -> None:
    """Ingest every session through the API, close it and wait for consolidation."""
    with TestClient(create_app(runtime=runtime)) as client:
        sessions = [(c, s) for c in conversations for s in c.sessions]
        for conversation, session in tqdm(sessions, desc="ingest", unit=" sessions"):
            session_id = f"{conversation.id}-{session.id}"
            body = {
                "user_id": conversation.id,
                "id": session_id,
                "started_at": session.started_at.isoformat(),
            }
            client.post("/v1/sessions", json=body).raise_for_status()
            turns = [
                {
                    "speaker": t.speaker,
                    "text": t.text,
                    "timestamp": t.timestamp.isoformat(),
                    "turn_id": t.id,
                }
                for t in session.turns
            ]
            client.post(
                f"/v1/sessions/{session_id}/turns", json={"turns": turns}
            ).raise_for_status()
            client.post(f"/v1/sessions/{session_id}/close").raise_for_status()
        assert runtime.scheduler is not None
        runtime.scheduler.wait()


def _compare(source: Runtime, target: Runtime, asked: list[tuple[str, str]]) -> dict[str, Any]:
    """How many questions got the same hits (by client ids, in order; and scores within the
    tolerance) and the same context text from both stores."""
    same_order = same_search = same_context = 0
    worst = 0.0
    with (
        TestClient(create_app(runtime=source)) as before,
        TestClient(create_app(runtime=target)) as after,
    ):
        for user_id, question in tqdm(asked, desc="compare", unit=" questions"):
            ask = {"user_id": user_id, "query": question, "reference_time": "2024-01-01T00:00:00Z"}
            search = ask | {"tiers": ["episodic", "semantic", "episode"]}
            hits = [_hits(c.post("/v1/search", json=search).json()) for c in (before, after)]
            scores = [s for s, _ in hits[0]], [s for s, _ in hits[1]]
            keys_same = [k for _, k in hits[0]] == [k for _, k in hits[1]]
            same_order += keys_same
            if keys_same:
                worst = max([worst, *(abs(a - b) for a, b in zip(*scores, strict=True))])
            same_search += keys_same and all(
                abs(a - b) <= TOLERANCE for a, b in zip(*scores, strict=True)
            )
            body = ask | {"budget_tokens": 1024}
            texts = [c.post("/v1/context", json=body).json()["context"] for c in (before, after)]
            same_context += texts[0] == texts[1]
    return {
        "same_order": same_order,
        "same_search": same_search,
        "same_context": same_context,
        "max_score_difference": worst,
    }


def _hits(response: dict[str, Any]) -> list[tuple[float, tuple[str, ...]]]:
    """(score, identity) of every turn and memory hit, in order."""
    turns = [(h["score"], (h["session_id"], str(h["turn_id"]))) for h in response["hits"]]
    memories = [(m["score"], (m["tier"], m["text"])) for m in response["memories"]]
    return turns + memories


if __name__ == "__main__":
    raise SystemExit(main())
