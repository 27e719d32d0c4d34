"""The reader: compose scratchpad, working memory, relevant facts and episodic evidence into
one cited context that never exceeds its token budget."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import lru_cache

from sqlalchemy.orm import Session

from memsvc.context.layout import Format, Line, Sections, messages, render
from memsvc.context.schemas import ContextItem, ContextRequest, ContextResponse, Sources
from memsvc.errors import NotFoundError
from memsvc.lexical import split_sentences, tokenize
from memsvc.linguistics.temporal import day_label
from memsvc.runtime import Runtime
from memsvc.search.ranked import ScoredMemory, ScoredTurn
from memsvc.search.service import Ranking, matches, rank
from memsvc.search.tuning import with_server_tuning
from memsvc.sessions import service as sessions
from memsvc.storage.models import Memory
from memsvc.tiers import scratchpad
from memsvc.tiers import service as tiers
from memsvc.tiers.facts import SEMANTIC
from memsvc.tokens import TokenCounter
from memsvc.turns import repository as turns_repository
from memsvc.turns.refs import Refs, ref

CANDIDATES = 100
# Ceilings on each tier's share of the budget; what a tier leaves flows to the evidence.
NOTES_SHARE = 0.15
WORKING_SHARE = 0.25
FACTS_SHARE = 0.15
NEAR_DUPLICATE = 0.8  # share of content words two turns have in common
LONG_TURN = 30  # tokens; a longer turn keeps its sentences that match the query best
# Score-adaptive truncation: the evidence stops where scores fall below `tuning.fall_off` of the
# best hit's, instead of at a fixed k; turns next to the strong hits (at least
# `tuning.strong_share` of the best) come next, scored at `tuning.neighbour_share` of the hit
# that pulls them in. Chosen by cross-validation on evidence-in-context (`python -m eval cv`).


def build(db: Session, *, runtime: Runtime, request: ContextRequest) -> ContextResponse:
    """The context for a query within its token budget, with everything it cites."""
    request = with_server_tuning(request, runtime.settings.tuning)
    # Before the first query, so the request's pooled connection never waits on Redis.
    stored = tiers.fetch_working(runtime, request.session_id) if request.session_id else None
    ranking = rank(db, runtime=runtime, query=request.query, where=request, limit=CANDIDATES)
    today = request.reference_time or datetime.now(UTC)
    sections, candidates = compose(
        db, runtime=runtime, request=request, ranking=ranking, today=today, stored=stored
    )
    text = render(sections, request.format)
    turns = [candidates[line.source_ids[0]] for line in sections.turns]
    turns.sort(key=lambda c: (c.turn.timestamp, c.turn.seq))
    sources = _sources(sections)
    cited = Refs(db, user_id=request.user_id, ids=sources.turns).of(sources.turns)
    return ContextResponse(
        context=text,
        format=request.format,
        messages=messages(sections) if request.format == "messages" else None,
        tokens=runtime.tokens.count(text) if text else 0,
        budget_tokens=request.budget_tokens,
        turn_ids=[c.turn.id for c in turns],
        turn_refs=[ref(c.turn) for c in turns],
        items=[_item(c) for c in turns],
        sources=sources.model_copy(update={"turn_refs": cited}),
        evidence=ranking.evidence,
    )


def compose(
    db: Session,
    *,
    runtime: Runtime,
    request: ContextRequest,
    ranking: Ranking,
    today: datetime,
    stored: tiers.StoredWorking | None,
) -> tuple[Sections, dict[str, ScoredTurn]]:
    """Fill each tier within its share, the evidence with the rest, give what the evidence
    leaves to the tiers their shares cut short, then verify the total. Returns the sections
    and the evidence candidates by turn id (stored: the working store's copy of the request's
    session, fetched before any query; None without a session)."""
    counter, budget, fmt = runtime.tokens, request.budget_tokens, request.format
    tiers = {
        "working": working_lines(
            db,
            runtime=runtime,
            user_id=request.user_id,
            session_id=request.session_id,
            stored=stored,
        ),
        "facts": fact_lines(ranking.memories),
        "notes": note_lines(db, request.user_id),
    }
    sections = Sections(today=today)
    sections.working = within(tiers["working"], counter, budget * WORKING_SHARE, keep_latest=True)
    sections.facts = within(tiers["facts"], counter, budget * FACTS_SHARE)
    sections.notes = within(tiers["notes"], counter, budget * NOTES_SHARE)
    in_working = {i for line in sections.working for i in line.source_ids}
    ranked = [t for t in distinct(ranking.turns) if t.turn.id not in in_working]
    evidence = packing_order(db, ranked, where=request, exclude=in_working)
    spare = budget - _frame_cost(sections, counter, fmt)
    terms = set(tokenize(request.query))
    lines = [turn_line(t, terms=terms, counter=counter) for t in evidence]
    sections.turns = within(lines, counter, spare)
    widen(sections, tiers, counter, budget, fmt)
    return fit(sections, counter, budget, fmt), {t.turn.id: t for t in evidence}


def widen(
    sections: Sections,
    tiers: dict[str, list[Line]],
    counter: TokenCounter,
    budget: int,
    fmt: Format,
) -> None:
    """Budget the evidence left unused goes to the tiers their shares cut short (working
    memory first), skipping turns the evidence already shows."""
    shown = {i for line in sections.turns for i in line.source_ids}
    for part, lines in tiers.items():
        kept: list[Line] = getattr(sections, part)
        spare = budget - counter.count(render(sections, fmt))
        if len(kept) == len(lines) or spare <= 0:
            continue
        allowance = sum(_line_cost(line, counter) for line in kept) + spare
        pool = [line for line in lines if not shown.intersection(line.source_ids)]
        latest_first = part == "working"
        widened = within(pool, counter, allowance, keep_latest=latest_first)
        setattr(sections, part, widened)
        # The allowance is an estimate (headings, JSON fields): take back the lines it added,
        # least important first, rather than let fit() trim evidence that already fitted.
        extras = [line for line in widened if line not in kept]
        while extras and counter.count(render(sections, fmt)) > budget:
            widened.remove(extras.pop(0 if latest_first else -1))


def packing_order(
    db: Session, ranked: Sequence[ScoredTurn], *, where: ContextRequest, exclude: set[str]
) -> list[ScoredTurn]:
    """The evidence in the order it gets the budget: the hits down to where scores fall off,
    then the turns around the strong hits (a question and its answer often sit side by side).
    The weak tail never gets in: a context may end below its budget."""
    if not ranked:
        return []
    tuning = where.tuning
    head = [t for t in ranked if t.score >= tuning.fall_off * ranked[0].score]
    if not where.features.neighbours:
        return head
    strong = [t for t in head if t.score >= tuning.strong_share * ranked[0].score]
    present = {t.turn.id for t in head} | exclude
    around = [t for t in neighbours(db, strong, where=where) if t.turn.id not in present]
    return distinct([*head, *around])


def neighbours(
    db: Session, hits: Sequence[ScoredTurn], *, where: ContextRequest
) -> list[ScoredTurn]:
    """The turns right before and after each hit that pass the request's filters, scored
    below the hit that pulls them in."""
    wanted = {(h.turn.session_id, h.turn.seq + d) for h in hits for d in (-1, 1)}
    found = turns_repository.by_positions(db, user_id=where.user_id, positions=wanted)
    around: dict[str, ScoredTurn] = {}
    for hit in hits:
        for delta in (-1, 1):
            turn = found.get((hit.turn.session_id, hit.turn.seq + delta))
            if turn is not None and turn.id not in around and matches(turn, where):
                around[turn.id] = ScoredTurn(turn, hit.score * where.tuning.neighbour_share)
    return list(around.values())


def within(
    lines: Sequence[Line], counter: TokenCounter, allowance: float, *, keep_latest: bool = False
) -> list[Line]:
    """Lines in priority order while they fit the allowance (working memory keeps the
    latest turns first); the result keeps the input's order."""
    order = range(len(lines) - 1, -1, -1) if keep_latest else range(len(lines))
    kept: set[int] = set()
    used = 0
    for i in order:
        cost = _line_cost(lines[i], counter)
        if used + cost <= allowance:
            kept.add(i)
            used += cost
    return [line for i, line in enumerate(lines) if i in kept]


def _line_cost(line: Line, counter: TokenCounter) -> int:
    """Tokens a line takes in the context: its text, its bullet and newline."""
    return counter.count(line.text) + 2


def fit(sections: Sections, counter: TokenCounter, budget: int, fmt: Format) -> Sections:
    """Token counts do not add up exactly across joins and headings: verify the rendered
    context and drop the weakest evidence (then facts, working turns, notes) until it fits."""
    for part in ("turns", "facts", "working", "notes"):
        while counter.count(render(sections, fmt)) > budget and getattr(sections, part):
            lines: list[Line] = getattr(sections, part)
            weakest = min(lines, key=lambda ln: ln.score) if part == "turns" else lines[0]
            lines.remove(weakest)
    if counter.count(render(sections, fmt)) > budget:  # the frame alone does not fit
        return Sections(today=sections.today)
    return sections


def _frame_cost(sections: Sections, counter: TokenCounter, fmt: Format) -> int:
    """Tokens of everything but the evidence lines: the other tiers, the headings and one
    session heading (the evidence section's frame)."""
    placeholder = Line(text="", source_ids=("",), kind="turn", session_id="", when=sections.today)
    framed = Sections(sections.today, sections.notes, sections.working, sections.facts)
    framed.turns = [placeholder]
    return counter.count(render(framed, fmt))


def note_lines(db: Session, user_id: str) -> list[Line]:
    """The scratchpad, oldest first."""
    notes = scratchpad.notes(db, user_id=user_id)
    return [Line(text=n.text, source_ids=(scratchpad.public_id(n),), kind="note") for n in notes]


def working_lines(
    db: Session,
    *,
    runtime: Runtime,
    user_id: str,
    session_id: str | None,
    stored: tiers.StoredWorking | None,
) -> list[Line]:
    """The active session's summary lines, then its recent turns (oldest first)."""
    if not session_id or stored is None:
        return []
    if sessions.get(db, session_id=session_id).user_id != user_id:
        raise NotFoundError(
            f"session {session_id!r} is not a session of user {user_id!r}", session_id=session_id
        )
    memory = tiers.current_working(db, runtime=runtime, session_id=session_id, stored=stored)
    summary = [
        Line(text=_one_line(t.summary_line), source_ids=(t.id,), kind="summary")
        for t in memory.summary
    ]
    recent = [
        Line(text=f"{t.speaker}: {_one_line(t.text)}", source_ids=(t.id,), kind="working")
        for t in memory.turns
    ]
    return summary + recent


def fact_lines(memories: Sequence[ScoredMemory]) -> list[Line]:
    """Relevant facts, best first: current ones with their valid-from date, outdated ones
    (only present when history was asked for) marked as such."""
    return [
        Line(text=_fact_text(m.memory), source_ids=(m.memory.id,), kind="fact", score=m.score)
        for m in memories
        if m.memory.tier == SEMANTIC
    ]


def _fact_text(fact: Memory) -> str:
    since = f" (since {day_label(fact.valid_from)})" if fact.valid_from else ""
    if fact.valid_to is not None:
        return f"{fact.text} (outdated since {day_label(fact.valid_to)})"
    return f"{fact.text}{since}"


def turn_line(
    item: ScoredTurn, *, terms: set[str] | None = None, counter: TokenCounter | None = None
) -> Line:
    """`Caroline: I went ... yesterday (7 May 2023)`: the session heading carries the
    day; relative time phrases get their resolved dates; a long turn keeps the sentences
    that matter to the query."""
    t = item.turn
    body = _one_line(t.text)
    if terms is not None and counter is not None:
        body = condense(body, terms, counter)
    text = f"{t.speaker}: {body}"
    labels = [span["label"] for span in (t.anchors or {}).get("times", [])]
    if labels:
        text += f" ({'; '.join(labels)})"
    valid_to = item.valid_to
    if valid_to is not None:
        text += f" [outdated since {day_label(valid_to)}]"
    elif item.replaces:  # the newest statement of a chain whose earlier ones were ranked
        text += " [current]"
    return Line(
        text=text,
        source_ids=(t.id,),
        kind="turn",
        session_id=t.session_id,
        when=t.timestamp,
        score=item.score,
        chain=item.chain,
    )


def condense(text: str, terms: set[str], counter: TokenCounter) -> str:
    """A long turn cut to its sentences that share the most words with the query (in their
    order, gaps marked with …), within LONG_TURN tokens; short turns stay whole."""
    if counter.count(text) <= LONG_TURN:
        return text
    sentences = split_sentences(text)
    overlap = [len(terms.intersection(tokenize(sentence))) for sentence in sentences]
    ranked = sorted(range(len(sentences)), key=lambda i: (overlap[i], -i), reverse=True)
    keep: set[int] = set()
    used = 0
    for i in ranked:
        cost = counter.count(sentences[i])
        if keep and (used + cost > LONG_TURN or not overlap[i]):
            continue
        keep.add(i)
        used += cost
    parts, previous = [], -1
    for i in sorted(keep):
        if i != previous + 1:
            parts.append("…")
        parts.append(sentences[i])
        previous = i
    if previous != len(sentences) - 1:
        parts.append("…")
    return " ".join(parts)


def distinct(ranked: Sequence[ScoredTurn]) -> list[ScoredTurn]:
    """Ranked turns without near-duplicates of a better-ranked one (they add tokens, not
    evidence). Statements of one update chain are never duplicates of each other: "I live in
    Dublin now" and "I live in Porto now" differ in what matters."""
    kept: list[tuple[ScoredTurn, frozenset[str]]] = []
    for item in ranked:
        words = content_words(item.turn.text)
        if not any(
            _near_duplicate(words, other) and not _same_chain(item, seen) for seen, other in kept
        ):
            kept.append((item, words))
    return [item for item, _ in kept]


@lru_cache(maxsize=16_384)
def content_words(text: str) -> frozenset[str]:
    """A turn's content words, once per text (a context compares every pair of candidates)."""
    return frozenset(tokenize(text))


def _same_chain(a: ScoredTurn, b: ScoredTurn) -> bool:
    return a.chain is not None and a.chain == b.chain


def _near_duplicate(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether the two share at least NEAR_DUPLICATE of their words (Jaccard). Sets whose sizes
    differ more than that can never be, so most pairs stop at the size check."""
    small, large = sorted((len(a), len(b)))
    if not small or small < NEAR_DUPLICATE * large:
        return False
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) >= NEAR_DUPLICATE


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _sources(sections: Sections) -> Sources:
    def ids(lines: Sequence[Line], keep: Callable[[Line], bool] = lambda _: True) -> list[str]:
        return list(dict.fromkeys(i for ln in lines if keep(ln) for i in ln.source_ids))

    return Sources(
        turns=ids([*sections.working, *sections.turns]),
        facts=ids(sections.facts),
        notes=ids(sections.notes),
    )


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
