"""The evidence-strength signal: how much of what the query asks about the best hits contain,
so a chatbot can answer "I don't remember that" instead of guessing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from memsvc.lexical import tokenize
from memsvc.search.query import QueryAnalysis, answer_kinds
from memsvc.search.schemas import Evidence
from memsvc.turns.anchoring import expanded_key

# Chosen on the probe set (abstention vs answerable) and checked on LoCoMo; see README.
EVIDENCE_HITS = 5  # the best few hits are judged, not the long tail
STRONG = 0.99  # every key noun covered
CLOSE = 0.55  # below this cosine, hits that miss a key noun are about something else


def assess(
    analysis: QueryAnalysis,
    turns: Sequence[Any],
    memories: Sequence[Any],
    payloads: Mapping[str, Mapping[str, Any]],
    similarities: Mapping[str, float],
) -> Evidence:
    """Strength = the share of the query's key nouns that the best hits mention (a noun that
    names an entity kind, like 'city', also counts when a hit names such an entity). The label
    is none when what the question asks for is missing or too little matches (see _label)."""
    hits = [(expanded_key(t.turn.speaker, t.turn.text, t.turn.anchors), t.turn.id) for t in turns]
    hits += [(m.memory.text, m.memory.id) for m in memories]
    if not hits:
        return Evidence(strength=0.0, similarity=0.0, label="none")
    similarity = round(max(similarities.get(i, 0.0) for _, i in hits), 3)
    terms = analysis.key_terms
    if not terms:  # nothing specific asked: any hit will do
        return Evidence(strength=1.0, similarity=similarity, label="strong")
    # Union over the hits: a multi-session answer spreads its terms across several turns.
    words = {w for text, _ in hits for w in tokenize(text)}
    kinds = {k for _, i in hits for k in payloads.get(i, {}).get("kinds", [])}
    covered = {t for t in terms if t in words or kinds.intersection(answer_kinds(t))}
    strength = len(covered) / len(terms)
    label = _label(strength, similarity)
    return Evidence(strength=round(strength, 3), similarity=similarity, label=label)


def _label(strength: float, similarity: float) -> str:
    """Strong: every key noun is covered. None: none is, or some are missing and the hits are
    not even close in meaning. Weak otherwise."""
    if strength >= STRONG:
        return "strong"
    if strength == 0.0 or similarity < CLOSE:
        return "none"
    return "weak"
