"""Property: the packed context never exceeds its token budget, whatever the turns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from memsvc.context.service import pack, render
from memsvc.search.service import ScoredTurn
from memsvc.storage.models import Turn
from memsvc.tokens import TokenCounter

COUNTER = TokenCounter()
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300
).filter(lambda s: s.strip())


def scored(items: list[tuple[str, float]]) -> list[ScoredTurn]:
    start = datetime(2023, 5, 8, tzinfo=UTC)
    turns = [
        ScoredTurn(
            Turn(
                id=f"{i:032x}",
                session_id="s",
                user_id="u",
                seq=i,
                speaker="Caroline",
                text=text,
                timestamp=start + timedelta(minutes=i),
            ),
            score,
        )
        for i, (text, score) in enumerate(items)
    ]
    return sorted(turns, key=lambda t: t.score, reverse=True)


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(st.tuples(texts, st.floats(0, 1)), min_size=0, max_size=25),
    budget=st.integers(1, 600),
)
def test_context_never_exceeds_budget(items: list[tuple[str, float]], budget: int) -> None:
    chosen = pack(scored(items), counter=COUNTER, budget=budget)
    assert COUNTER.count(render(chosen)) <= budget
    stamps = [c.turn.timestamp for c in chosen]
    assert stamps == sorted(stamps)


def test_best_ranked_turns_win_when_the_budget_is_tight() -> None:
    ranked = scored([("low relevance filler " * 5, 0.1), ("the answer", 0.9), ("medium " * 3, 0.5)])
    chosen = pack(ranked, counter=COUNTER, budget=COUNTER.count(render(ranked[:1])) + 1)
    assert [c.turn.text for c in chosen] == ["the answer"]
