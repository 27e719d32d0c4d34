"""The evidence signal: how likely it is that the best hits answer the query, so a chatbot can
say "I don't remember that" instead of guessing.

A plausible on-topic question always shares nouns with some turn, so noun coverage alone
cannot tell "answerable" from "plausible but absent". The score is a logistic model over a few
signals that do separate them, one model per kind of memory. Between people (a conversation
asked about its speakers): whose turns cover the question, the asked-for word itself, how much
the two legs agree. With an assistant (a user asking about themselves): whether what the user
said holds an answer of the asked type, a name for "what's my physio called?", an amount for
"how much did I pay?", and how early among the hits. The weights and the cut-off were fitted
with leave-one-conversation-out cross-validation (`python -m eval calibrate`)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from memsvc.index import LegResults
from memsvc.lexical import tokenize
from memsvc.search.query import QueryAnalysis, answer_kinds, asks_own
from memsvc.search.schemas import Evidence
from memsvc.turns.anchoring import expanded_key

EVIDENCE_HITS = 5  # the best few hits are judged, not the long tail
AGREEMENT_DEPTH = 10  # how deep the two legs' rankings are compared
STRONG_SCORE = 0.5  # at or above: strong (more likely answered than not)

# Logistic weights per signal (and the bias), one model per kind of memory, fitted by `python -m
# eval calibrate` (eval/results/calibrate): between people on the LoCoMo dev split run with the
# shipped defaults (held-out AUC 0.711), with an assistant on the hand-written dev probes
# (held-out AUC 0.838; 0.699 on the hand-written check probes, never fitted on).
WEIGHTS = {
    "bias": -1.3933,
    "coverage": -1.2703,
    "owner_coverage": 2.1555,
    "best_coverage": 1.7774,
    "owner_best": 1.0849,
    "focus": -0.9432,
    "similarity": 0.5203,
    "agreement": -0.0349,
    "sparse_top": 0.0153,
    "answer_type": -0.1463,
    "typed_answer": 0.2684,
}
WITH_ASSISTANT_WEIGHTS = {"bias": -3.1883, "typed_answer": 4.7987, "asks_type": 2.034}


# What kind of answer a question wants, beyond the ranking's entity kinds: a plausible
# on-topic question ("which hotel did I book in Rome?") is answered only by a hit that holds
# such an answer, and one that is not just a name the question itself already gives.
NUMBER_QUESTION = re.compile(r"\bhow (many|much|often|far|old|long|tall|big)\b", re.I)
NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|hundred|thousand|dozen|once|twice|half|couple)\b",
    re.I,
)
EXTRA_KINDS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (re.compile(rf"\b({words})\b", re.I), frozenset(kinds.split()))
    for words, kinds in (
        ("hotel|restaurant|caf[eé]|bar|gym|school|universit(y|ies)|shop|store|clinic", "FAC ORG"),
        ("phone|car|laptop|brand|model|app|device", "PRODUCT ORG"),
        ("boss|manager|teacher|doctor|partner|friend|coach|landlord", "PERSON"),
    )
)


# The answer a question asks for, when it asks for a type of thing: a date ahead ("how many
# days until ..."), a date past, a year, an amount of money, a number, an address, a person or
# a firm ("who ..."), or a name (of a person, a firm, a book, a place: a proper noun). Checked
# in this order: "how many days until" wants a date, not any number. A request for advice
# ("what should I watch?") asks for no type: a preference answers it, not a stated value.
ADVICE = re.compile(
    r"\b(should I|should we|recommend|suggest|any (ideas|tips)|ideas? for|give me)\b", re.I
)
ASKED_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.I))
    for name, pattern in (
        (
            "date_ahead",
            r"\bhow (many|much) (days|weeks|months|years) (until|till|before)\b|"
            r"\bhow long (until|till|before)\b|^\s*when('s| is| will| do| does| am| are)\b",
        ),
        (
            "date",
            r"\bhow (many|much) (days|weeks|months|years) (since|ago|after|between)\b|"
            r"\bhow long (ago|since)\b|^\s*when\b|\bwhat (date|day|month)\b",
        ),
        ("year", r"\b(what|which) year\b"),
        (
            "money",
            r"\bhow much\b.*\b(pay|paid|spend|spent|cost|charge|owe|earn|make|save|saved)\b|"
            r"\b(price|cost|rent|salary|fee)\b",
        ),
        (
            "number",
            r"\bhow (many|much|often|far|old|long|tall|big)\b|"
            r"\b(score|number|size|grade|percentage|amount)\b",
        ),
        ("address", r"\baddress\b"),
        ("person", r"^\s*(who|whom)\b|\bwho('s| is| are| was| were)\b"),
        ("name", r"\b(name|named|called|who|whom|which|where)\b"),
    )
)
DATE_TYPES = frozenset({"date", "date_ahead"})
YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
MONEY = re.compile(
    r"[$£€¥]\s?\d|\d\s?(k\b|dollars|euros|pounds|quid|bucks|grand)|"
    r"\d\s(a|an|per) (month|week|year|night|hour|lesson|session|class)\b",
    re.I,
)
# A date ahead, said outright: "today" and "last week" date what was said, not what is due.
DATE_AHEAD = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|"
    r"next (week|month|year)|in \w+ (days|weeks|months))\b|\b\d{1,2}(st|nd|rd|th)\b|"
    r"\b\d{1,2}[/.]\d{1,2}\b|\b(19|20)\d\d\b",
    re.I,
)
ADDRESS = re.compile(
    r"\b\d+[a-z]?,?\s+(\w+\s+){1,3}(road|rd|street|st|avenue|ave|lane|close|way|drive|court|"
    r"place|gardens|terrace|crescent|square|row|hill)\b|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b",
    re.I,
)
# A capitalised word inside a sentence: a name spaCy may not tag ("Piranesi", "FlexBox").
PROPER = re.compile(r"(?<![.!?]\s)(?<!^)(?<![.!?])\b[A-Z][\w&'-]*[a-z][\w&'-]*")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Month and day names are capitalised but are dates, not names.
MONTHS_DAYS = re.compile(
    r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*$|"
    r"^(mon|tues|wednes|thurs|fri|satur|sun)day$",
    re.I,
)
ASSISTANT = "assistant"
PLACES = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True)
class Hit:
    """A judged hit, read once: its id, speaker (None for memories) and score, the stemmed
    words of the text it is keyed on, what was said (without the anchors), the entity kinds
    it names, whether it mentions a date, and its named entities (text, kind)."""

    id: str
    speaker: str | None
    score: float
    words: frozenset[str]
    said: str
    kinds: frozenset[str] = frozenset()
    dated: bool = False
    entities: tuple[tuple[str, str], ...] = ()
    role: str | None = None


def assess(
    analysis: QueryAnalysis,
    turns: Sequence[Any],
    memories: Sequence[Any],
    payloads: Mapping[str, Mapping[str, Any]],
    legs: LegResults,
    cutoff: float,
    *,
    with_assistant: bool,
) -> Evidence:
    """The evidence score (0-1), its label against the cut-off, and the signals behind it.
    `with_assistant`: the candidates come from chats with an assistant (roles given at
    ingest), not a conversation between people; the two have evidence models of their own."""
    hits = [_turn_hit(t.turn, t.score, payloads.get(t.turn.id, {})) for t in turns[:EVIDENCE_HITS]]
    hits += [
        _memory_hit(m.memory, m.score, payloads.get(m.memory.id, {}))
        for m in memories[:EVIDENCE_HITS]
    ]
    if not hits:
        return Evidence(strength=0.0, similarity=0.0, score=0.0, label="none")
    found = signals(analysis, hits, legs) | {"with_assistant": float(with_assistant)}
    score = probability(found)
    return Evidence(
        strength=round(found["coverage"], 3),
        similarity=round(found["similarity"], 3),
        score=round(score, 3),
        label=label(score, cutoff),
        signals={k: round(v, 4) for k, v in found.items()},
    )


def _turn_hit(turn: Any, score: float, payload: Mapping[str, Any]) -> Hit:
    key = expanded_key(turn.speaker, turn.text, turn.anchors)
    entities = tuple((str(e[0]), str(e[1])) for e in (turn.anchors or {}).get("entities", []))
    return Hit(
        turn.id,
        turn.speaker,
        score,
        frozenset(tokenize(key)),
        turn.text,
        frozenset(payload.get("kinds", [])),
        bool(payload.get("dated")),
        entities,
        turn.role,
    )


def _memory_hit(memory: Any, score: float, payload: Mapping[str, Any]) -> Hit:
    words = frozenset(tokenize(memory.text))
    kinds = frozenset(payload.get("kinds", []))
    return Hit(memory.id, None, score, words, memory.text, kinds, bool(payload.get("dated")))


def signals(analysis: QueryAnalysis, hits: Sequence[Hit], legs: LegResults) -> dict[str, float]:
    """Each signal in [0, 1] (gap: a score difference, about that range)."""
    dense = {hit.id: hit.score for hit in legs.dense}
    asked = analysis.people
    own = [h for h in hits if h.speaker and h.speaker.lower() in asked] if asked else hits
    ordered = sorted(h.score for h in hits if h.speaker is not None)  # turns: one scale
    terms = analysis.key_terms
    wanted = asked_type(analysis)
    subject = subject_turns(analysis, hits)
    return {
        "coverage": coverage(terms, hits),
        "owner_coverage": coverage(terms, own),
        "best_coverage": max((coverage(terms, [h]) for h in hits), default=0.0),
        "owner_best": max((coverage(terms, [h]) for h in own), default=0.0),
        "focus": coverage(analysis.focus_terms or terms, hits),
        "similarity": max((dense.get(h.id, 0.0) for h in hits), default=0.0),
        "agreement": agreement(legs),
        "gap": ordered[-1] - ordered[0] if len(ordered) > 1 else 0.0,
        "top_score": ordered[-1] if ordered else 0.0,
        "kind_match": kind_match(analysis, hits),
        "dated": dated(analysis, hits),
        "answer_type": answer_type(analysis, hits),
        "sparse_top": legs.sparse[0].score / max(len(terms), 1) if legs.sparse else 0.0,
        "typed_answer": typed_answer(analysis, subject, wanted),
        "subject_similarity": max((dense.get(h.id, 0.0) for h in subject), default=0.0),
        "asks_type": float(wanted is not None),
    }


def coverage(terms: frozenset[str], hits: Sequence[Hit]) -> float:
    """The share of terms the hits mention, pooled over the hits (a multi-session answer
    spreads its terms across several turns); a term naming an entity kind ('city') also
    counts when a hit names such an entity. Nothing specific asked: fully covered."""
    if not terms:
        return 1.0
    if not hits:
        return 0.0
    words = frozenset().union(*(h.words for h in hits))
    kinds = frozenset().union(*(h.kinds for h in hits))
    covered = {t for t in terms if t in words or kinds.intersection(answer_kinds(t))}
    return len(covered) / len(terms)


def kind_match(analysis: QueryAnalysis, hits: Sequence[Hit]) -> float:
    """Whether a hit names the kind of thing asked for ('which city' -> a place); 1.0 when the
    question asks for no kind."""
    if not analysis.answer_kinds:
        return 1.0
    return float(any(h.kinds & analysis.answer_kinds for h in hits))


def dated(analysis: QueryAnalysis, hits: Sequence[Hit]) -> float:
    """For a when-question, whether a hit mentions a date; 1.0 for other questions."""
    if not analysis.asks_when:
        return 1.0
    return float(any(h.dated for h in hits))


def answer_type(analysis: QueryAnalysis, hits: Sequence[Hit]) -> float:
    """Whether a hit holds the kind of answer asked for: a date for when-questions, a number
    for how-many, else an entity of the asked kind that the question does not itself name.
    1.0 when the question asks for no particular kind."""
    text = analysis.lexical_text
    if analysis.asks_when:
        return dated(analysis, hits)
    if NUMBER_QUESTION.search(text):
        return float(any(NUMBER.search(h.said) for h in hits))
    kinds = set(analysis.answer_kinds)
    for pattern, labels in EXTRA_KINDS:
        if pattern.search(text):
            kinds |= labels
    if not kinds:
        return 1.0
    named = {n.lower() for n in analysis.people} | set(tokenize(text))
    return float(
        any(
            label in kinds and name.lower() not in named and not set(tokenize(name)) <= named
            for h in hits
            for name, label in h.entities
        )
    )


def asked_type(analysis: QueryAnalysis) -> str | None:
    """The type of answer the question asks for (see ASKED_TYPES), None when it asks for none."""
    text = analysis.lexical_text
    if asks_advice(analysis):
        return None
    for name, pattern in ASKED_TYPES:
        if pattern.search(text):
            return name
    if analysis.asks_when:
        return "date"
    return "name" if analysis.answer_kinds else None


def asks_advice(analysis: QueryAnalysis) -> bool:
    """Whether the question asks for advice ("what should I watch?"), which the user's
    preferences answer, rather than for something the user said."""
    return bool(ADVICE.search(analysis.lexical_text))


def typed_answer(analysis: QueryAnalysis, subject: Sequence[Hit], wanted: str | None) -> float:
    """1 / (1 + i) for the first of the subject's turns among the hits (i its place, see
    subject_turns) that holds an answer of the asked type (`wanted`, see asked_type) the
    question does not already give; 0 when none does.
    A plausible on-topic question ("what's my physio called?") finds the topic, but no name
    in what the user said about it. The subject's turns: the user's on a question in the first
    person (the assistant's replies suggest names, they do not state them), the named
    people's when the question names speakers, else every turn."""
    asked = asked_words(analysis)
    for i, hit in enumerate(subject):
        if wanted is None or _holds(wanted, hit, asked):
            return 1.0 / (1 + i)
    return 0.0


def asked_words(analysis: QueryAnalysis) -> set[str]:
    """The question's stemmed words and names: an answer must say something beyond them."""
    return set(tokenize(analysis.lexical_text)) | {p.lower() for p in analysis.people}


def subject_turns(analysis: QueryAnalysis, hits: Sequence[Hit]) -> list[Hit]:
    """The turns among the hits spoken by whom the question is about (see typed_answer)."""
    turns = [h for h in hits if h.speaker is not None]
    if asks_own(analysis) and any(h.role == ASSISTANT for h in turns):
        return [h for h in turns if h.role != ASSISTANT]
    named = [h for h in turns if h.speaker and h.speaker.lower() in analysis.people]
    return named or turns


def _holds(wanted: str, hit: Hit, asked: set[str]) -> bool:
    said = statements(hit.said)
    entities = [e for e in hit.entities if e[0] in said]
    return holds_answer(wanted, said, entities, asked=asked)


def holds_answer(
    wanted: str, said: str, entities: Sequence[tuple[str, str]], *, asked: set[str]
) -> bool:
    """Whether a text holds an answer of the wanted type (see ASKED_TYPES) that is not a
    word of the question (`asked`: its stemmed words)."""
    if wanted == "date_ahead":
        return bool(DATE_AHEAD.search(said))
    if wanted == "date":  # the day it was said dates an event told as it happened
        return True
    if wanted == "year":
        return bool(YEAR.search(said))
    if wanted == "money":
        return bool(MONEY.search(said))
    if wanted == "number":
        return bool(NUMBER.search(said))
    if wanted == "address":
        return bool(ADDRESS.search(said))
    if wanted == "person":  # "who": a name that is not a place's
        places = " ".join(name for name, kind in entities if kind in PLACES)
        entities = [e for e in entities if e[1] not in PLACES]
        said = " ".join(w for w in said.split() if w.strip(".,!?;:'\"") not in places.split())
    names = [name for name, _ in entities] + PROPER.findall(said)
    return any(
        not set(tokenize(name)) <= asked and not MONTHS_DAYS.match(name)
        for name in names
        if tokenize(name)
    )


def statements(text: str) -> str:
    """The text without its questions ("I have eleven plants. too dark?" states eleven)."""
    return " ".join(s for s in SENTENCE_END.split(text) if s and not s.rstrip().endswith("?"))


def agreement(legs: LegResults) -> float:
    """How many of the dense leg's best candidates the sparse leg also ranks near its top
    (1.0 when a single leg ran: no disagreement to measure)."""
    if not legs.dense or not legs.sparse:
        return 1.0
    dense = {hit.id for hit in legs.dense[:AGREEMENT_DEPTH]}
    sparse = {hit.id for hit in legs.sparse[:AGREEMENT_DEPTH]}
    return len(dense & sparse) / min(AGREEMENT_DEPTH, len(dense), len(sparse))


def probability(found: Mapping[str, float]) -> float:
    """The logistic model's probability that the hits answer the query, by the model of the
    kind of memory they come from."""
    weights = WITH_ASSISTANT_WEIGHTS if found.get("with_assistant") else WEIGHTS
    z = weights["bias"] + sum(w * found[name] for name, w in weights.items() if name != "bias")
    return 1.0 / (1.0 + math.exp(-z))


def label(score: float, cutoff: float) -> str:
    """none below the cut-off, strong from STRONG_SCORE, weak between."""
    if score < cutoff:
        return "none"
    return "strong" if score >= max(STRONG_SCORE, cutoff) else "weak"
