"""Property: the composed context never exceeds its token budget, whatever the memories, the
budget and the format."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from memsvc.context.layout import Line, Sections, render
from memsvc.context.service import fit, within
from memsvc.tokens import TokenCounter

COUNTER = TokenCounter()
START = datetime(2023, 5, 8, tzinfo=UTC)
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300
).filter(lambda s: s.strip())
formats = st.sampled_from(["text", "markdown", "json", "messages"])


def lines(items: list[tuple[str, float]], kind: str) -> list[Line]:
    return [
        Line(
            text=text,
            source_ids=(f"{kind}{i}",),
            kind=kind,
            session_id=f"s{i % 3}",
            when=START + timedelta(days=i % 3, minutes=i),
            score=score,
        )
        for i, (text, score) in enumerate(items)
    ]


scored_texts = st.lists(st.tuples(texts, st.floats(0, 1)), min_size=0, max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    notes=scored_texts,
    facts=scored_texts,
    turns=st.lists(st.tuples(texts, st.floats(0, 1)), min_size=0, max_size=25),
    budget=st.integers(1, 800),
    fmt=formats,
)
def test_context_never_exceeds_budget(
    notes: list[tuple[str, float]],
    facts: list[tuple[str, float]],
    turns: list[tuple[str, float]],
    budget: int,
    fmt: str,
) -> None:
    sections = Sections(
        today=START,
        notes=within(lines(notes, "note"), COUNTER, budget * 0.15),
        facts=within(lines(facts, "fact"), COUNTER, budget * 0.15),
        turns=within(lines(turns, "turn"), COUNTER, budget),
    )
    fitted = fit(sections, COUNTER, budget, fmt)  # type: ignore[arg-type]
    assert COUNTER.count(render(fitted, fmt)) <= budget  # type: ignore[arg-type]


def test_the_weakest_evidence_goes_first_when_the_budget_is_tight() -> None:
    turns = lines([("low relevance filler " * 5, 0.1), ("the answer", 0.9)], "turn")
    full = Sections(today=START, turns=list(turns))
    budget = COUNTER.count(render(Sections(today=START, turns=[turns[1]]), "text"))
    fitted = fit(full, COUNTER, budget, "text")
    assert [ln.text for ln in fitted.turns] == ["the answer"]


def test_a_long_turn_keeps_the_sentences_that_match_the_query() -> None:
    from memsvc.context.service import LONG_TURN, condense

    filler = "We talked about the weather and the traffic on the way home for a long while."
    text = f"{filler} {filler} I adopted a puppy named Oscar from the shelter. {filler}"
    short = condense(text, {"puppy", "adopt"}, COUNTER)
    assert short == "… I adopted a puppy named Oscar from the shelter. …"
    assert COUNTER.count(short) <= LONG_TURN
    assert condense("A short turn.", {"turn"}, COUNTER) == "A short turn."
