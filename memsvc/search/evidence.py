"""The evidence-strength signal: how much of what the query asks about the best hits contain,
so a chatbot can answer "I don't remember that" instead of guessing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from memsvc.lexical import tokenize
from memsvc.search.query import QueryAnalysis
from memsvc.search.schemas import Evidence
from memsvc.turns.anchoring import expanded_key

EVIDENCE_HITS = 3  # the best few hits are judged, not the long tail
STRONG = 0.99
WEAK = 0.5


def assess(
    analysis: QueryAnalysis,
    turns: Sequence[Any],
    memories: Sequence[Any],
    payloads: Mapping[str, Mapping[str, Any]],
) -> Evidence:
    """Strength = the largest share of the query's key terms one top hit covers (a hit naming
    the entity kind the question asks for covers one term); labelled strong, weak or none."""
    candidates = [
        (expanded_key(t.turn.speaker, t.turn.text, t.turn.anchors), t.turn.id) for t in turns
    ]
    candidates += [(m.memory.text, m.memory.id) for m in memories]
    if not candidates:
        return Evidence(strength=0.0, label="none")
    terms = analysis.key_terms
    strength = max(_coverage(terms, text, payloads.get(i, {}), analysis) for text, i in candidates)
    label = "strong" if strength >= STRONG else "weak" if strength >= WEAK else "none"
    return Evidence(strength=round(strength, 3), label=label)


def _coverage(
    terms: frozenset[str], text: str, payload: Mapping[str, Any], analysis: QueryAnalysis
) -> float:
    if not terms:
        return 1.0  # nothing specific asked: any hit will do
    found = len(terms.intersection(tokenize(text)))
    if analysis.answer_kinds.intersection(payload.get("kinds", [])):
        found += 1
    return min(1.0, found / len(terms))
