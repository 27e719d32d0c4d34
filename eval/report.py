"""Write a run's report: JSON (machine-readable), per-question JSONL, and Markdown tables."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.metrics import SESSION_KS, TURN_KS
from eval.runner import QuestionRecord
from eval.scoring import ALL, NO_ADVERSARIAL

PER_CATEGORY_METRICS = ("recall@10", "ndcg@10", "eic@2048")


def overview_metrics(budgets: Sequence[int]) -> list[str]:
    """The rows of the side-by-side table, in reading order."""
    rows = [f"hit@{k}" for k in TURN_KS] + [f"recall@{k}" for k in TURN_KS]
    rows += [f"sess_any@{k}" for k in SESSION_KS] + [f"sess_all@{k}" for k in SESSION_KS]
    rows += ["ndcg@10", "mrr"] + [f"eic@{b}" for b in budgets]
    return rows + [f"ctx_tokens@{b}" for b in budgets]


def fmt(value: Any) -> str:
    """3 decimals for fractions, whole numbers for counts, '-' for missing."""
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float) and abs(value) <= 1.0:
        return f"{value:.3f}"
    if isinstance(value, (int, float)):
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.1f}"
    return str(value)


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += [
        "| " + " | ".join(fmt(c) if not isinstance(c, str) else c for c in r) + " |" for r in rows
    ]
    return "\n".join(lines)


def systems_table(
    group: dict[str, dict[str, Any]], systems: list[str], budgets: Sequence[int]
) -> str:
    """Metrics as rows, systems as columns, best value per retrieval row in bold."""
    rows = []
    for metric in overview_metrics(budgets):
        values = [group[s].get(metric) for s in systems]
        cells = [fmt(v) for v in values]
        present = [v for v in values if v is not None]
        if present and not metric.startswith("ctx_tokens"):
            best = max(present)
            cells = [f"**{c}**" if v == best else c for c, v in zip(cells, values, strict=True)]
        rows.append([metric, *cells])
    counts = group[systems[0]]
    caption = f"{counts['questions']} questions, {counts['scored']} with evidence turns scored"
    return f"{table(['metric', *systems], rows)}\n\n_{caption}; {counts['no_evidence']} without._"


def side_by_side(result: dict[str, Any]) -> str:
    """The headline tables: every system overall (and without adversarial questions)."""
    summary, systems, budgets = result["summary"], result["system_names"], result["budgets"]
    parts = [f"### All questions\n\n{systems_table(summary[ALL], systems, budgets)}"]
    if NO_ADVERSARIAL in summary:
        body = systems_table(summary[NO_ADVERSARIAL], systems, budgets)
        parts.append(f"### Excluding adversarial (LoCoMo category 5)\n\n{body}")
    return "\n\n".join(parts)


def per_category(result: dict[str, Any]) -> str:
    """One table per headline metric: categories as rows, systems as columns."""
    systems = result["system_names"]
    cats = {k: v for k, v in result["summary"].items() if k.startswith("category: ")}
    parts = []
    for metric in PER_CATEGORY_METRICS:
        rows = [
            [name.removeprefix("category: "), str(g[systems[0]]["scored"])]
            + [fmt(g[s].get(metric)) for s in systems]
            for name, g in cats.items()
        ]
        parts.append(f"#### {metric}\n\n{table(['category', 'n', *systems], rows)}")
    return "\n\n".join(parts)


def budget_table(result: dict[str, Any]) -> str:
    """Evidence-in-context and context tokens per budget, with the full-conversation cost."""
    systems, overall = result["system_names"], result["summary"][ALL]
    rows = []
    for budget in result["budgets"]:
        eic = [fmt(overall[s].get(f"eic@{budget}")) for s in systems]
        tokens = [fmt(overall[s].get(f"ctx_tokens@{budget}")) for s in systems]
        rows.append([str(budget), *eic, *tokens])
    header = ["budget", *(f"EiC {s}" for s in systems), *(f"tokens {s}" for s in systems)]
    full = overall[systems[0]].get("full_tokens")
    note = (
        f"Full-conversation baseline: {fmt(full)} tokens per question on average "
        f"(every turn as `speaker: text`; total {fmt(result['costs']['full_tokens_total'])})."
    )
    return f"{table(header, rows)}\n\n{note}"


def latency_table(result: dict[str, Any]) -> str:
    """Ingest throughput and per-system latency percentiles."""
    ingest = result["ingest"]
    rows = [
        [
            s,
            fmt(v["search_p50_ms"]),
            fmt(v["search_p95_ms"]),
            fmt(v["context_p50_ms"]),
            fmt(v["context_p95_ms"]),
        ]
        for s, v in result["latency"].items()
    ]
    header = ["system", "search p50 ms", "search p95 ms", "context p50 ms", "context p95 ms"]
    line = (
        f"Ingest: {ingest['turns']} turns in {ingest['seconds']:.1f} s = "
        f"**{ingest['turns_per_s']:.1f} turns/s** (REST, one batch per session)."
        if ingest["turns_per_s"]
        else f"Ingest: skipped ({ingest['turns']} turns stored by an earlier run)."
    )
    return f"{line}\n\n{table(header, rows)}"


def evidence_table(result: dict[str, Any]) -> str:
    """Evidence ids the loader dropped or repaired, per conversation (only non-zero rows)."""
    quality = result["evidence"]
    rows = [
        [
            cid,
            str(q["dropped"]),
            ", ".join(map(repr, q["dropped_ids"])) or "-",
            str(q["repaired"]),
            str(q["questions_without_evidence"]),
        ]
        for cid, q in quality["per_conversation"].items()
        if q["dropped"] or q["repaired"] or q["questions_without_evidence"]
    ]
    t = quality["totals"]
    rows.append(
        [
            "**total**",
            str(t["dropped"]),
            "",
            str(t["repaired"]),
            str(t["questions_without_evidence"]),
        ]
    )
    header = ["conversation", "dropped", "dropped ids", "repaired", "questions w/o evidence"]
    return table(header, rows)


def qa_table(result: dict[str, Any]) -> str:
    """QA accuracy per group and memsvc system."""
    qa = result["qa"]
    systems = list(next(iter(qa["accuracy"].values())))
    rows = [
        [group, *(f"{fmt(row[s]['accuracy'])} (n={row[s]['judged']})" for s in systems)]
        for group, row in qa["accuracy"].items()
    ]
    note = f"Model `{qa['model']}` at `{qa['url']}`, context budget {qa['budget']} tokens."
    return f"{note}\n\n{table(['group', *systems], rows)}"


def header(result: dict[str, Any]) -> str:
    """What was run, on what, with which versions and options."""
    meta, data = result["meta"], result["dataset"]
    systems = "; ".join(
        f"`{s['name']}` {json.dumps(s['options'])}" if s["options"] else f"`{s['name']}`"
        for s in result["systems"]
    )
    versions = ", ".join(f"{k} {v}" for k, v in meta["versions"].items())
    return "\n".join(
        [
            f"# memsvc eval: {meta['run_name']}",
            "",
            f"- Dataset: {data['kind']} `{data['path']}` (sha256 `{data['sha256'][:16]}…`): "
            f"{data['conversations']} conversations, {data['turns']} turns, "
            f"{data['questions']} questions",
            f"- Command: `{meta['command']}`",
            f"- Run at {meta['timestamp']} against {meta['target']}; {versions}",
            f"- Systems: {systems}",
            f"- Search depth {result['depth']} (all k from one k={result['depth']} search); "
            "recency ranks the conversation's most recent turns, computed locally.",
        ]
    )


def tiers_table(result: dict[str, Any]) -> str:
    """Knowledge-update ranking, history marks and the evidence signal, per memsvc system."""
    keys = [
        ("knowledge_updates", "KU probes"),
        ("current_first", "current value first"),
        ("history_marked", "superseded hits marked"),
        ("abstention_questions", "abstention qs"),
        ("none_on_abstention", "'none' on abstention"),
        ("none_on_answerable", "'none' on answerable"),
        ("evidence_auc", "evidence score AUC"),
    ]
    rows = [[system, *(fmt(v.get(k)) for k, _ in keys)] for system, v in result["tiers"].items()]
    return table(["system", *(label for _, label in keys)], rows)


def markdown(result: dict[str, Any]) -> str:
    """The whole Markdown report."""
    sections = [
        header(result),
        "## Systems side by side\n\n" + side_by_side(result),
        "## Per category\n\n" + per_category(result),
        "## Evidence in context vs budget\n\n" + budget_table(result),
        "## Latency and throughput\n\n" + latency_table(result),
        "## Evidence ids (loader)\n\n" + evidence_table(result),
    ]
    if result.get("tiers"):
        sections.append("## Knowledge updates and abstention\n\n" + tiers_table(result))
    if result.get("qa"):
        sections.append("## QA accuracy (LLM judge)\n\n" + qa_table(result))
    return "\n\n".join(sections) + "\n"


def record_json(record: QuestionRecord) -> dict[str, Any]:
    """One question's raw results (rankings, context ids, QA) for later analysis."""
    q = record.question
    return {
        "id": q.id,
        "conversation": record.conversation_id,
        "category": q.category,
        "question": q.text,
        "answer": q.answer,
        "abstention": q.abstention,
        **q.extra,
        "evidence_turns": q.evidence_turns,
        "evidence_sessions": q.evidence_sessions,
        "systems": {
            name: {
                "ranking": r.ranking,
                "sessions": r.sessions,
                "search_ms": r.search_ms,
                "evidence": r.evidence_detail or r.evidence,
                "top_hits": [{"text": t, "superseded": sup} for t, sup in r.hits],
                "contexts": {
                    str(b): {"turn_ids": c.turn_ids, "tokens": c.tokens, "ms": c.ms}
                    for b, c in r.contexts.items()
                },
            }
            for name, r in record.systems.items()
        },
        "qa": record.qa,
    }


def write(result: dict[str, Any], records: list[QuestionRecord], out_dir: Path) -> Path:
    """report.json, questions.jsonl and report.md under out_dir; returns the Markdown path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps(result, indent=2, default=str))
    with (out_dir / "questions.jsonl").open("w") as handle:
        for record in records:
            handle.write(json.dumps(record_json(record), default=str) + "\n")
    path = out_dir / "report.md"
    path.write_text(markdown(result))
    return path
