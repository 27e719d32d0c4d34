"""One benchmark run end to end: load, ingest, query, score, report."""

from __future__ import annotations

import contextlib
import hashlib
import platform
import sys
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import memsvc_client
from memsvc_client import Memsvc, MemsvcError

from eval import plots, report, runner, scoring
from eval.datasets import Conversation, load_dataset
from eval.qa import ChatClient, LLMConfig, make_hook
from eval.runner import QuestionRecord, RunSettings
from eval.systems import SystemSpec
from eval.transport import open_client


@dataclass
class BenchConfig:
    """Everything a run needs, as parsed from the command line."""

    kind: str
    data: Path
    systems: list[SystemSpec]
    settings: RunSettings = field(default_factory=RunSettings)
    url: str | None = None
    data_dir: str | None = None
    run_name: str | None = None
    out_root: Path = Path("eval/results")
    limit_conversations: int | None = None
    limit_sessions: int | None = None
    limit_questions: int | None = None
    keep_users: bool = False
    reuse_users: bool = False  # query what an earlier --keep-users run stored; skip ingest
    plots: bool = True
    llm: LLMConfig | None = None
    command: str = ""


def slice_conversations(
    conversations: list[Conversation],
    conversations_limit: int | None,
    sessions_limit: int | None,
    questions_limit: int | None,
) -> list[Conversation]:
    """A smaller benchmark: first conversations/sessions, questions answerable inside the cut."""
    out = []
    for conv in conversations[:conversations_limit]:
        sessions = conv.sessions[:sessions_limit]
        kept = {t.id for s in sessions for t in s.turns}
        questions = [q for q in conv.questions if set(q.evidence_turns) <= kept]
        out.append(replace(conv, sessions=sessions, questions=questions[:questions_limit]))
    return out


def sha256(path: Path) -> str:
    """Hex digest of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def versions(client: Memsvc) -> dict[str, str]:
    """The server's memsvc version and encoder (from its readiness answer; the installed
    package when the server does not say), the SDK, Python and the local model stack."""
    out = {
        "memsvc": _pkg("memsvc"),
        "memsvc-client": memsvc_client.__version__,
        "python": platform.python_version(),
    }
    with contextlib.suppress(MemsvcError):
        ready = client.ready().model_extra or {}
        out.update({k: str(ready[k]) for k in ("version", "encoder") if ready.get(k)})
        if "version" in out:
            out["memsvc"] = out.pop("version")
    for name in ("torch", "sentence-transformers", "tiktoken", "numpy"):
        out[name] = _pkg(name)
    return out


def _pkg(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def run(config: BenchConfig) -> dict[str, Any]:
    """Run the benchmark, write the report, print the side-by-side table; returns the result."""
    conversations = slice_conversations(
        load_dataset(config.kind, config.data),
        config.limit_conversations,
        config.limit_sessions,
        config.limit_questions,
    )
    name = config.run_name or f"{config.kind}-{datetime.now(UTC):%Y%m%d-%H%M%S}"
    with open_client(config.url, data_dir=config.data_dir) as memsvc:
        if config.reuse_users:
            ingest = runner.expect_ingested(memsvc, conversations, config.settings)
        else:
            ingest = runner.ingest(memsvc, conversations, config.settings)
        records = _query(config, memsvc, conversations)
        if not config.keep_users:
            runner.cleanup(memsvc, conversations, config.settings.user_prefix)
        meta = _meta(config, memsvc, name)
    result = assemble(config, conversations, records, ingest, meta)
    out_dir = config.out_root / name
    path = report.write(result, records, out_dir)
    if config.plots:
        plots.write_all(result, out_dir)
    print("\n" + report.side_by_side(result))
    print(f"\nReport: {path}")
    return result


def _query(
    config: BenchConfig, memsvc: Memsvc, conversations: list[Conversation]
) -> list[QuestionRecord]:
    client = ChatClient(config.llm) if config.llm else None
    hook = make_hook(client, config.kind, config.settings) if client else None
    try:
        return runner.query_all(memsvc, conversations, config.systems, config.settings, hook)
    finally:
        if client:
            client.close()


def _meta(config: BenchConfig, memsvc: Memsvc, name: str) -> dict[str, Any]:
    return {
        "run_name": name,
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": config.command or " ".join(sys.argv),
        "target": config.url or "in-process memsvc",
        "versions": versions(memsvc),
        "settings": asdict(config.settings),
        "limits": {
            "conversations": config.limit_conversations,
            "sessions": config.limit_sessions,
            "questions": config.limit_questions,
        },
    }


def assemble(
    config: BenchConfig,
    conversations: list[Conversation],
    records: list[QuestionRecord],
    ingest: dict[str, float],
    meta: dict[str, Any],
) -> dict[str, Any]:
    """The machine-readable result the reports and plots are drawn from."""
    names = [s.name for s in config.systems]
    result: dict[str, Any] = {
        "meta": meta,
        "dataset": _dataset(config, conversations),
        "systems": [asdict(s) for s in config.systems],
        "system_names": names,
        "depth": config.settings.depth,
        "budgets": list(config.settings.budgets),
        "summary": scoring.summarize(records, names),
        "latency": scoring.latencies(records, names),
        "ingest": ingest,
        "costs": {"full_tokens_total": _full_tokens_total(records)},
        "evidence": scoring.evidence_quality(conversations),
        "tiers": scoring.tier_checks(records, names),
    }
    if config.llm:
        memsvc = [s.name for s in config.systems if s.kind == "memsvc"]
        result["qa"] = {
            "url": config.llm.url,
            "model": config.llm.model,
            "budget": config.llm.budget,
            "accuracy": scoring.qa_accuracy(records, memsvc),
        }
    return result


def _dataset(config: BenchConfig, conversations: list[Conversation]) -> dict[str, Any]:
    return {
        "kind": config.kind,
        "path": str(config.data),
        "sha256": sha256(config.data),
        "conversations": len(conversations),
        "turns": sum(len(c.turns) for c in conversations),
        "questions": sum(len(c.questions) for c in conversations),
    }


def _full_tokens_total(records: list[QuestionRecord]) -> int:
    """Tokens of every conversation once (each conversation counted a single time)."""
    return sum({r.conversation_id: r.full_tokens for r in records}.values())
