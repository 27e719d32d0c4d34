"""Query analysis: who and when a question is about, resolved against its reference time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from memsvc.lexical import tokenize
from memsvc.linguistics.temporal import epoch_day, find_time_spans
from memsvc.search.schemas import Features

if TYPE_CHECKING:  # spaCy loads with the runtime, not with the app
    from memsvc.linguistics.anchors import Anchorer, TurnAnchors

WHEN_QUESTION = re.compile(
    r"^\s*(when|what (date|day|year|month|time)|which (year|month|day)|how long ago|since when)\b",
    re.IGNORECASE,
)


# What a question asks for, by the spaCy entity kinds that would answer it ("which cities",
# "what books"): list questions whose evidence shares a kind rather than words.
ANSWER_KINDS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (re.compile(rf"\b({words})\b", re.IGNORECASE), frozenset(kinds.split()))
    for words, kinds in (
        (
            "cit(y|ies)|countr(y|ies)|states?|places?|locations?|areas?|where|travell?ed|visited",
            "GPE LOC FAC",
        ),
        (
            "books?|novels?|movies?|films?|songs?|shows?|series|games?|albums?|authors?|"
            "artists?|bands?|musicians?",
            "WORK_OF_ART PRODUCT PERSON ORG",
        ),
        ("names?|who", "PERSON"),
        ("teams?|compan(y|ies)|organi[sz]ations?|charit(y|ies)|brands?", "ORG"),
        ("events?|festivals?|concerts?|holidays?", "EVENT"),
        ("nationalit(y|ies)|religio(n|us)|political", "NORP"),
    )
)


NOW_QUESTION = re.compile(
    r"\b(now|currently|current|these days|at the moment|nowadays|anymore|latest|most recent)\b",
    re.IGNORECASE,
)


# Aggregation questions, whose evidence is spread over several sessions: "how many", "which",
# and a plural asked for ("what books has she read", "what are her hobbies").
LIST_QUESTION = re.compile(
    r"^\s*(how many|how often|which|list|name (the|all)|what (are|were)|"
    r"what (kinds?|types?|sorts?))\b|\b(all the|every time|each time|both)\b|"
    r"^\s*what\s+(?:[\w+/-]+\s+){0,2}?[\w+/-]*[a-rt-z]s\s+(has|have|does|do|did|are|were)\b",
    re.IGNORECASE,
)


# Whom a question is about: the asker ("where do I live?", "what did we name the dog?": the
# user and their household), not what the assistant said ("what did you recommend?").
FIRST_PERSON = re.compile(
    r"\b(i|i'm|i've|i'd|my|me|mine|myself|we|we're|we've|(?-i:us)|our|ours)\b", re.IGNORECASE
)  # "us", not "the US"
SECOND_PERSON = re.compile(r"\b(you|your|you've|you're|yours)\b", re.IGNORECASE)


@dataclass(frozen=True)
class QueryAnalysis:
    """Anchors of a query: people and entities (lower-case), a day window, a when-question."""

    people: frozenset[str] = field(default_factory=frozenset)
    window: tuple[int, int] | None = None  # epoch days, inclusive
    asks_when: bool = False
    answer_kinds: frozenset[str] = field(default_factory=frozenset)  # spaCy entity labels
    asks_now: bool = False  # about the present value of something that may have changed
    asks_list: bool = False  # an aggregation over several memories ("how many ...")
    key_terms: frozenset[str] = field(default_factory=frozenset)  # stemmed content words
    focus_terms: frozenset[str] = field(default_factory=frozenset)  # "what [dessert]", stemmed
    lexical_text: str = ""  # the query without its time expressions (the window covers them)


def analyse(
    query: str,
    *,
    reference: datetime | None,
    anchorer: Anchorer | None,
    features: Features,
    speaker: str | None = None,
) -> QueryAnalysis:
    """Parse the query with the ingest pipeline's rules against its reference time, doing
    only the parsing that the enabled features use (this runs on every search)."""
    people: set[str] = set()
    nouns: list[str] = []
    focus: list[str] = []
    if anchorer is not None:
        anchors = _query_anchors(anchorer, query, speaker)
        nouns, focus = anchors.nouns, anchors.focus
        if features.entities:
            people = {p.lower() for p in anchors.people} | {e.lower() for e, _ in anchors.entities}
    spans = find_time_spans(query, reference or datetime.now(UTC)) if features.time else []
    window = None
    lexical_text = query
    if spans:
        window = (min(epoch_day(s.start) for s in spans), max(epoch_day(s.end) for s in spans))
        for span in sorted(spans, key=lambda s: s.char_start, reverse=True):
            if span.char_start >= 0:
                lexical_text = lexical_text[: span.char_start] + lexical_text[span.char_end :]
    return QueryAnalysis(
        people=frozenset(people),
        window=window,
        asks_when=bool(WHEN_QUESTION.search(query)),
        answer_kinds=answer_kinds(query) if features.kinds else frozenset(),
        asks_now=bool(NOW_QUESTION.search(query)),
        asks_list=bool(LIST_QUESTION.search(query)),
        key_terms=key_terms(nouns or [lexical_text]),
        focus_terms=key_terms(focus),
        lexical_text=lexical_text,
    )


@lru_cache(maxsize=4096)
def _query_anchors(anchorer: Anchorer, query: str, speaker: str | None) -> TurnAnchors:
    """A query's parse, kept: chatbots ask the same thing again (search, then context), and
    the parse is a tenth of a search's time. The anchors are read, never changed."""
    return anchorer.anchor_query(query, speaker=speaker)


def asks_own(analysis: QueryAnalysis) -> bool:
    """Whether the question is in the first person and not about the assistant's words."""
    text = analysis.lexical_text
    return bool(FIRST_PERSON.search(text)) and not SECOND_PERSON.search(text)


def answer_kinds(query: str) -> frozenset[str]:
    """The entity kinds that would answer the query (empty when it names none)."""
    kinds: set[str] = set()
    for pattern, labels in ANSWER_KINDS:
        if pattern.search(query):
            kinds |= labels
    return frozenset(kinds)


def key_terms(phrases: list[str]) -> frozenset[str]:
    """The stemmed content words a relevant memory should contain."""
    return frozenset(t for phrase in phrases for t in tokenize(phrase))
