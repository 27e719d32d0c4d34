"""Knowledge updates in a ranking: a ranked turn that a later turn updated brings the newest
statement of its chain with it, and is marked as history.

The links come from ingest (memsvc.turns.updates). On a question about the present the newest
statement ranks just above the highest-ranked turn it updates; on a question about the past,
or when history or an `as_of` time is asked for, it comes just below, both with their dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from memsvc.linguistics.temporal import epoch_day
from memsvc.search.query import QueryAnalysis
from memsvc.search.ranked import Replacement, ScoredTurn
from memsvc.search.schemas import MemoryFilter
from memsvc.storage.models import Turn
from memsvc.turns import links
from memsvc.turns import repository as turns_repository

MAX_CHAIN = 5  # link hops followed from a ranked turn (A -> B -> C ...), a bound per search
SCORE_STEP = 1e-6  # how far above (or below) the turn it updates the newest one is placed
# A question about an earlier state keeps the earlier statement first.
PAST_QUESTION = re.compile(
    r"\b(used to|did|was|were|had|before|previous(?:ly)?|former(?:ly)?|originally|at first|"
    r"first|earlier|back then)\b",
    re.IGNORECASE,
)

# "Which band have I had on repeat?" asks about the present: its "had" is no past.
PRESENT_PERFECT = re.compile(r"\b(have|has|'ve)\s+(?:\w+\s+)?had\b", re.IGNORECASE)


@dataclass(frozen=True)
class Chain:
    """What the links say about one ranked turn: its newest successor and its first one's time."""

    newest: Turn
    since: datetime


def resolve(
    db: Session,
    ranked: Sequence[ScoredTurn],
    *,
    where: MemoryFilter,
    analysis: QueryAnalysis,
    keep: Callable[[Turn, MemoryFilter], bool],
) -> list[ScoredTurn]:
    """The ranking with each updated turn marked and the newest of its chain pulled in
    beside it (above on questions about the present), best first. A pulled-in turn bypassed
    the index's filter: `keep` says whether it passes the request's."""
    chains = chains_of(db, [s.turn for s in ranked], where=where)
    if not chains:
        return list(ranked)
    above = asks_present(analysis, where)
    items = {s.turn.id: s for s in ranked}
    for item in ranked:  # best first: the newest goes next to its highest-ranked earlier turn
        chain = chains.get(item.turn.id)
        if chain is None:
            continue
        items[item.turn.id] = replace(
            items[item.turn.id], replaced_by=Replacement(chain.newest, chain.since)
        )
        if chain.newest.id in items or keep(chain.newest, where):
            first = above and not after_window(chain.newest, analysis)
            items[chain.newest.id] = placed(items, item, chain.newest, above=first)
    return sorted(items.values(), key=lambda s: s.score, reverse=True)


def asks_present(analysis: QueryAnalysis, where: MemoryFilter) -> bool:
    """Whether the current value should come first: not when history, a past moment or a
    past state is asked about."""
    if where.include_history or where.as_of is not None:
        return False
    text = PRESENT_PERFECT.sub("have", analysis.lexical_text)
    return analysis.asks_now or not PAST_QUESTION.search(text)


def after_window(turn: Turn, analysis: QueryAnalysis) -> bool:
    """Whether the turn was said after the time the question asks about ("in August 2023"):
    then the earlier statement held at that time."""
    return analysis.window is not None and epoch_day(turn.timestamp.date()) > analysis.window[1]


def placed(
    items: dict[str, ScoredTurn],
    earlier: ScoredTurn,
    newest: Turn,
    *,
    above: bool,
) -> ScoredTurn:
    """The newest turn's entry: scored just above (or below) the earlier turn unless already
    ranked higher, and recording which ranked turn it updates."""
    present = items.get(newest.id)
    target = earlier.score + SCORE_STEP if above else earlier.score - SCORE_STEP
    if present is None:
        present = ScoredTurn(newest, target)
    elif above and present.score < target:
        present = replace(present, score=target)
    return replace(present, replaces=(*present.replaces, earlier.turn.id))


def chains_of(db: Session, turns: Sequence[Turn], *, where: MemoryFilter) -> dict[str, Chain]:
    """For each turn a later turn updates: the newest turn reachable over the links (known at
    `as_of`, when given) and the time of its first successor."""
    successors = _successors(db, turns, where=where)
    out = {}
    for turn in turns:
        direct = successors.get(turn.id, [])
        if not direct:
            continue
        newest = _newest(turn, successors)
        out[turn.id] = Chain(newest=newest, since=min(t.timestamp for t in direct))
    return out


def _successors(
    db: Session, turns: Sequence[Turn], *, where: MemoryFilter
) -> dict[str, list[Turn]]:
    """Earlier turn id -> the turns that update it, hop by hop from the given turns."""
    out: dict[str, list[Turn]] = {}
    seen = {t.id for t in turns}
    frontier = sorted(seen)
    for _ in range(MAX_CHAIN):
        found = links.updated_by(db, user_id=where.user_id, earlier_ids=frontier)
        if not found:
            break
        rows = turns_repository.by_ids(db, user_id=where.user_id, ids=[x.turn_id for x in found])
        for link in found:
            newer = rows.get(link.turn_id)
            if newer is not None and (where.as_of is None or newer.timestamp <= where.as_of):
                out.setdefault(link.earlier_turn_id, []).append(newer)
        frontier = sorted({x.turn_id for x in found if x.turn_id in rows} - seen)
        seen.update(frontier)
    return out


def _newest(turn: Turn, successors: dict[str, list[Turn]]) -> Turn:
    """The latest turn reachable from `turn` over the links (a chain resolves to its end)."""
    best, stack, seen = turn, [turn], {turn.id}
    while stack:
        for newer in successors.get(stack.pop().id, []):
            if newer.id not in seen:
                seen.add(newer.id)
                stack.append(newer)
                if (newer.timestamp, newer.seq) > (best.timestamp, best.seq):
                    best = newer
    return best
