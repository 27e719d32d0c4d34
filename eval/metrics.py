"""Retrieval metrics on one question's ranking; pure functions, hand-checkable."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence

TURN_KS = (1, 5, 10, 20, 50)
SESSION_KS = (1, 3, 5, 10)
BUDGETS = (512, 1024, 2048, 4096)
SEARCH_DEPTH = 50


def hit_at_k(ranking: Sequence[str], relevant: Iterable[str], k: int) -> float:
    """1.0 if any relevant id is in the top k."""
    gold = set(relevant)
    return float(any(item in gold for item in ranking[:k]))


def recall_at_k(ranking: Sequence[str], relevant: Iterable[str], k: int) -> float:
    """Fraction of the relevant ids found in the top k."""
    gold = set(relevant)
    if not gold:
        return 0.0
    return len(gold.intersection(ranking[:k])) / len(gold)


def recall_any_at_k(ranking: Sequence[str], relevant: Iterable[str], k: int) -> float:
    """LongMemEval's recall_any: 1.0 if at least one relevant id is in the top k."""
    return hit_at_k(ranking, relevant, k)


def recall_all_at_k(ranking: Sequence[str], relevant: Iterable[str], k: int) -> float:
    """LongMemEval's recall_all: 1.0 only if every relevant id is in the top k."""
    gold = set(relevant)
    return float(bool(gold) and gold.issubset(ranking[:k]))


def ndcg_at_k(ranking: Sequence[str], relevant: Iterable[str], k: int) -> float:
    """NDCG with binary relevance: DCG over the top k divided by the ideal DCG."""
    gold = set(relevant)
    dcg = sum(1.0 / math.log2(i + 2) for i, item in enumerate(ranking[:k]) if item in gold)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(gold), k)))
    return dcg / ideal if ideal else 0.0


def reciprocal_rank(ranking: Sequence[str], relevant: Iterable[str]) -> float:
    """1 / rank of the first relevant id; 0.0 if none is ranked."""
    gold = set(relevant)
    for i, item in enumerate(ranking):
        if item in gold:
            return 1.0 / (i + 1)
    return 0.0


def session_ranking(turn_ranking: Sequence[str], session_of: dict[str, str]) -> list[str]:
    """Sessions in order of the first appearance of any of their turns in the turn ranking."""
    seen: dict[str, None] = {}
    for turn_id in turn_ranking:
        session = session_of.get(turn_id)
        if session is not None:
            seen.setdefault(session)
    return list(seen)


def evidence_in_context(context_ids: Iterable[str], evidence: Iterable[str]) -> float:
    """Fraction of the evidence turns the context contains."""
    return recall_at_k(list(context_ids), evidence, k=10**9)


def turn_metrics(ranking: Sequence[str], evidence: Sequence[str]) -> dict[str, float]:
    """Every turn-level metric for one question (evidence must be non-empty)."""
    out: dict[str, float] = {}
    for k in TURN_KS:
        out[f"hit@{k}"] = hit_at_k(ranking, evidence, k)
        out[f"recall@{k}"] = recall_at_k(ranking, evidence, k)
    out["ndcg@10"] = ndcg_at_k(ranking, evidence, 10)
    out["mrr"] = reciprocal_rank(ranking, evidence)
    return out


def session_metrics(sessions: Sequence[str], evidence_sessions: Sequence[str]) -> dict[str, float]:
    """Session-level recall_any@k and recall_all@k for one question."""
    out: dict[str, float] = {}
    for k in SESSION_KS:
        out[f"sess_any@{k}"] = recall_any_at_k(sessions, evidence_sessions, k)
        out[f"sess_all@{k}"] = recall_all_at_k(sessions, evidence_sessions, k)
    return out


def mean(values: Iterable[float]) -> float | None:
    """Arithmetic mean, or None for no values."""
    items = list(values)
    return sum(items) / len(items) if items else None


def percentile(values: Sequence[float], pct: float) -> float | None:
    """The pct-th percentile (inclusive method); None for no values."""
    if not values:
        return None
    if len(values) == 1:
        return float(values[0])
    return statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1]


def auc(scores: Sequence[float], labels: Sequence[bool]) -> float | None:
    """Area under the ROC curve (the chance an answerable question outscores an abstention)."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))
