"""Pack the best-ranked turns into the budget, then lay them out chronologically with dates."""

from __future__ import annotations

from sqlalchemy.orm import Session

from memsvc.context.schemas import ContextItem, ContextRequest, ContextResponse
from memsvc.runtime import Runtime
from memsvc.search.service import ScoredTurn, rank
from memsvc.tokens import TokenCounter

HEADER = "Relevant memories from past conversations (oldest first):"
CANDIDATES = 100


def build(db: Session, *, runtime: Runtime, request: ContextRequest) -> ContextResponse:
    """The context for a query within its token budget, with the ids it cites."""
    ranking = rank(db, runtime=runtime, query=request.query, where=request, limit=CANDIDATES)
    chosen = pack(ranking.turns, counter=runtime.tokens, budget=request.budget_tokens)
    text = render(chosen)
    return ContextResponse(
        context=text,
        tokens=runtime.tokens.count(text) if text else 0,
        budget_tokens=request.budget_tokens,
        turn_ids=[c.turn.id for c in chosen],
        items=[_item(c) for c in chosen],
        evidence=ranking.evidence,
    )


def pack(ranked: list[ScoredTurn], *, counter: TokenCounter, budget: int) -> list[ScoredTurn]:
    """Greedy by rank while lines fit, then trimmed until the rendered text truly fits."""
    used = counter.count(HEADER)
    chosen: list[ScoredTurn] = []
    for item in ranked:
        cost = counter.count(line(item)) + 1  # the line and the newline before it
        if used + cost <= budget:
            chosen.append(item)
            used += cost
    # Token counts are not exactly additive across line joins: verify and trim the weakest.
    while chosen and counter.count(render(chosen)) > budget:
        chosen.remove(min(chosen, key=lambda c: c.score))
    return sorted(chosen, key=lambda c: (c.turn.timestamp, c.turn.seq))


def render(chosen: list[ScoredTurn]) -> str:
    """Header plus one dated line per turn, oldest first."""
    if not chosen:
        return ""
    ordered = sorted(chosen, key=lambda c: (c.turn.timestamp, c.turn.seq))
    return "\n".join([HEADER, *(line(c) for c in ordered)])


def line(item: ScoredTurn) -> str:
    """`[8 May 2023 13:56] Caroline: I went ... yesterday (7 May 2023)`: relative time phrases
    get their resolved dates, so the reader need not work them out."""
    t = item.turn
    when = f"{t.timestamp.day} {t.timestamp:%b %Y %H:%M}"
    text = f"[{when}] {t.speaker}: {' '.join(t.text.split())}"
    labels = [span["label"] for span in (t.anchors or {}).get("times", [])]
    return f"{text} ({'; '.join(labels)})" if labels else text


def _item(c: ScoredTurn) -> ContextItem:
    t = c.turn
    return ContextItem(
        id=t.id,
        session_id=t.session_id,
        turn_id=t.client_turn_id,
        speaker=t.speaker,
        text=t.text,
        timestamp=t.timestamp,
        score=round(c.score, 6),
    )
