"""Query analysis: who and when a question is about, resolved against its reference time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from memsvc.linguistics.anchors import Anchorer
from memsvc.linguistics.temporal import find_time_spans

EPOCH = date(1970, 1, 1)
WHEN_QUESTION = re.compile(
    r"^\s*(when|what (date|day|year|month|time)|which (year|month|day)|how long ago|since when)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class QueryAnalysis:
    """Anchors of a query: people and entities (lower-case), a day window, a when-question."""

    people: frozenset[str] = field(default_factory=frozenset)
    window: tuple[int, int] | None = None  # epoch days, inclusive
    asks_when: bool = False
    lexical_text: str = ""  # the query without its time expressions (the window covers them)


def analyse(
    query: str, *, reference: datetime | None, anchorer: Anchorer | None, speaker: str | None = None
) -> QueryAnalysis:
    """Parse the query with the ingest pipeline's rules against its reference time."""
    reference = reference or datetime.now(UTC)
    people: set[str] = set()
    if anchorer is not None:
        anchors = anchorer.anchor_query(query, speaker=speaker)
        people = {p.lower() for p in anchors.people} | {e.lower() for e, _ in anchors.entities}
    spans = find_time_spans(query, reference)
    window = None
    lexical_text = query
    if spans:
        window = (min(day(s.start) for s in spans), max(day(s.end) for s in spans))
        for span in sorted(spans, key=lambda s: s.char_start, reverse=True):
            if span.char_start >= 0:
                lexical_text = lexical_text[: span.char_start] + lexical_text[span.char_end :]
    return QueryAnalysis(
        people=frozenset(people),
        window=window,
        asks_when=bool(WHEN_QUESTION.search(query)),
        lexical_text=lexical_text,
    )


def day(value: date) -> int:
    """Days since 1970-01-01."""
    return (value - EPOCH).days
