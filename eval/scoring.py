"""Turn per-question records into averaged metrics per group (overall, per category) and system."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from eval.datasets import Conversation
from eval.metrics import auc, mean, percentile, session_metrics, turn_metrics
from eval.metrics import evidence_in_context as eic
from eval.runner import QuestionRecord, SystemResult

ALL = "all"
NO_ADVERSARIAL = "all (excl. adversarial)"
ADVERSARIAL = "adversarial"


def question_metrics(record: QuestionRecord, result: SystemResult) -> dict[str, float]:
    """Every metric this question contributes for one system (recall ones need evidence)."""
    q = record.question
    out: dict[str, float] = {}
    if q.evidence_turns:
        out.update(turn_metrics(result.ranking, q.evidence_turns))
        for budget, ctx in result.contexts.items():
            out[f"eic@{budget}"] = eic(ctx.turn_ids, q.evidence_turns)
    if q.evidence_sessions:
        out.update(session_metrics(result.sessions, q.evidence_sessions))
    for budget, ctx in result.contexts.items():
        out[f"ctx_tokens@{budget}"] = float(ctx.tokens)
    out["full_tokens"] = float(record.full_tokens)
    return out


def groups(records: list[QuestionRecord]) -> dict[str, list[QuestionRecord]]:
    """'all', 'all (excl. adversarial)' when LoCoMo's category 5 is present, then each category."""
    out: dict[str, list[QuestionRecord]] = {ALL: records}
    if any(r.question.category == ADVERSARIAL for r in records):
        out[NO_ADVERSARIAL] = [r for r in records if r.question.category != ADVERSARIAL]
    by_category: dict[str, list[QuestionRecord]] = defaultdict(list)
    for record in records:
        by_category[record.question.category].append(record)
    out.update({f"category: {c}": rs for c, rs in sorted(by_category.items())})
    return out


def aggregate(records: list[QuestionRecord], system: str) -> dict[str, Any]:
    """Mean of each metric over the questions that have it, plus the counts behind it."""
    values: dict[str, list[float]] = defaultdict(list)
    for record in records:
        for name, value in question_metrics(record, record.systems[system]).items():
            values[name].append(value)
    out: dict[str, Any] = {name: mean(vs) for name, vs in values.items()}
    out["questions"] = len(records)
    out["scored"] = sum(1 for r in records if r.question.evidence_turns)
    out["no_evidence"] = out["questions"] - out["scored"]
    return out


def summarize(records: list[QuestionRecord], systems: list[str]) -> dict[str, dict[str, Any]]:
    """{group: {system: metrics}}."""
    return {name: {s: aggregate(rs, s) for s in systems} for name, rs in groups(records).items()}


def latencies(records: list[QuestionRecord], systems: list[str]) -> dict[str, dict[str, Any]]:
    """Search and context p50/p95 in ms per system (context pooled over budgets)."""
    out: dict[str, dict[str, Any]] = {}
    for system in systems:
        search = [r.systems[system].search_ms for r in records]
        ctx = [c.ms for r in records for c in r.systems[system].contexts.values()]
        search_ms = [v for v in search if v is not None]
        ctx_ms = [v for v in ctx if v is not None]
        if not search_ms and not ctx_ms:
            continue
        out[system] = {
            "search_p50_ms": percentile(search_ms, 50),
            "search_p95_ms": percentile(search_ms, 95),
            "context_p50_ms": percentile(ctx_ms, 50),
            "context_p95_ms": percentile(ctx_ms, 95),
            "search_requests": len(search_ms),
            "context_requests": len(ctx_ms),
        }
    return out


def evidence_quality(conversations: list[Conversation]) -> dict[str, Any]:
    """Per conversation: evidence ids dropped or repaired by the loader, questions without any."""
    rows = {
        c.id: {
            "dropped": len(c.dropped_evidence),
            "dropped_ids": list(c.dropped_evidence),
            "repaired": len(c.repaired_evidence),
            "repaired_ids": list(c.repaired_evidence),
            "questions_without_evidence": sum(1 for q in c.questions if not q.evidence_turns),
        }
        for c in conversations
    }
    totals = {
        key: sum(row[key] for row in rows.values())
        for key in ("dropped", "repaired", "questions_without_evidence")
    }
    return {"per_conversation": rows, "totals": totals}


def qa_accuracy(records: list[QuestionRecord], systems: list[str]) -> dict[str, dict[str, Any]]:
    """{group: {system: {accuracy, judged}}} over questions that were judged."""
    out: dict[str, dict[str, Any]] = {}
    for name, rs in groups(records).items():
        row = {}
        for system in systems:
            judged = [r.qa[system]["correct"] for r in rs if system in r.qa]
            row[system] = {"accuracy": mean(float(j) for j in judged), "judged": len(judged)}
        out[name] = row
    return out


def tier_checks(records: list[QuestionRecord], systems: list[str]) -> dict[str, dict[str, Any]]:
    """Knowledge updates and abstention, per memsvc system:
    - current_first: share of knowledge-update probes whose first hit naming any value of the
      attribute names the current one (not a superseded one);
    - history_marked: share of superseded values among the hits that carry the outdated mark;
    - none_on_abstention / none_on_answerable: how often the evidence signal says "no relevant
      memory" on questions nothing answers, and on ones something does."""
    out: dict[str, dict[str, Any]] = {}
    for system in systems:
        results = [(r.question, r.systems[system]) for r in records if system in r.systems]
        if not any(res.evidence for _, res in results):
            continue
        updates = [(q, res) for q, res in results if q.extra.get("superseded_answers")]
        firsts = [_current_first(q, res.hits) for q, res in updates]
        marks = [m for q, res in updates for m in _history_marks(q, res.hits)]
        abstain = [res.evidence == "none" for q, res in results if q.abstention]
        answerable = [res.evidence == "none" for q, res in results if not q.abstention]
        scored = [(res.evidence_detail.get("score"), not q.abstention) for q, res in results]
        scored = [(s, y) for s, y in scored if s is not None]
        out[system] = {
            "knowledge_updates": len(updates),
            "current_first": mean([float(x) for x in firsts if x is not None]),
            "history_marked": mean([float(x) for x in marks]),
            "abstention_questions": len(abstain),
            "none_on_abstention": mean([float(x) for x in abstain]),
            "none_on_answerable": mean([float(x) for x in answerable]),
            "evidence_auc": auc([s for s, _ in scored], [y for _, y in scored]),
        }
    return out


def _mentions(text: str, value: str) -> bool:
    return value.lower() in text.lower()


def _current_first(question: Any, hits: list[tuple[str, bool]]) -> bool | None:
    old = question.extra["superseded_answers"]
    for text, _ in hits:
        if _mentions(text, question.answer):
            return True
        if any(_mentions(text, v) for v in old):
            return False
    return None  # no value among the hits: not a ranking question for this probe


def _history_marks(question: Any, hits: list[tuple[str, bool]]) -> list[bool]:
    old = question.extra["superseded_answers"]
    return [
        superseded
        for text, superseded in hits
        if any(_mentions(text, v) for v in old) and not _mentions(text, question.answer)
    ]
