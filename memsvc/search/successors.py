"""Questions about the present, at query time: the user's own statements first, and the newest
statement of a value above the earlier ones, although no ingest link joins them.

"moved my salary over to Monzo last month" updates "I bank with Halvorsen" in meaning, not in
words: neither the fact rules nor word match tie it to "which bank am I with?", so it ranks
below the first statement, which names the slot. Among the strongest candidates of a question
about the present, one speaker's statements that hold an answer of the asked type (a name, a
number: see evidence.asked_type) are read as values of the asked slot. The newest of them, from
a later session and scoring at least `successor_share` of the best, ranks just above the best
one, and the earlier ones are marked as history with the date they stopped holding, as the
ingest links do (search.updates). Questions that add values up over time ("how many nights
have I spent away so far?") are left alone: every value counts. On a question in the first
person the user's own turns also gain `own_turns`: the assistant's replies echo values without
stating them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from memsvc.search import updates
from memsvc.search.evidence import (
    ASSISTANT,
    DATE_TYPES,
    asked_type,
    asked_words,
    asks_advice,
    holds_answer,
    statements,
)
from memsvc.search.query import QueryAnalysis, asks_own
from memsvc.search.ranked import Replacement, ScoredTurn
from memsvc.search.schemas import MemoryFilter
from memsvc.storage.models import Turn

POOL = 20  # the strongest candidates read for values of the asked slot
# A question that adds values up over time ("how many nights have I spent away so far?",
# "what are my chickens called?") asks for all of them: a later one does not replace an earlier.
CUMULATIVE = re.compile(
    r"\b(so far|altogether|in total|total|in all|all the)\b|\b(have|has)\s+(i|we)\b|"
    r"\b(i|we)'ve\b|^\s*what (are|were) (my|our)\b",
    re.IGNORECASE,
)
# ... unless it asks about the present ("which band have I had on repeat lately?").
PRESENT = re.compile(r"\b(lately|rn|right now|these days|currently|now|at the moment)\b", re.I)
USER = "user"


def prefer_own(
    ranked: Sequence[ScoredTurn], *, analysis: QueryAnalysis, where: MemoryFilter
) -> list[ScoredTurn]:
    """The user's turns raised by `own_turns` on a first-person question, when the store
    tells user turns from the assistant's (roles given at ingest)."""
    bonus = where.tuning.own_turns
    roles = {item.turn.role for item in ranked}
    if not bonus or not asks_own(analysis) or not {USER, ASSISTANT} <= roles:
        return list(ranked)
    raised = [replace(s, score=s.score + bonus) if s.turn.role == USER else s for s in ranked]
    return sorted(raised, key=lambda s: s.score, reverse=True)


def newest_first(
    ranked: Sequence[ScoredTurn],
    *,
    where: MemoryFilter,
    analysis: QueryAnalysis,
    keep: Callable[[Turn, MemoryFilter], bool],
) -> list[ScoredTurn]:
    """The ranking with the newest statement of the asked value above the best earlier one
    and the earlier ones marked as history; unchanged unless the question is about the
    asker's present ("which bank am I with?") and a later statement scores close enough.
    Third-person questions are left alone: on LoCoMo's ("what is Caroline's identity?") the
    rule lowered Hit@1 + Recall@10 by 0.005-0.086 in cross-validation (eval/results/cv)."""
    share = where.tuning.successor_share
    wanted = asked_type(analysis)
    if share >= 1.0 or wanted in DATE_TYPES or asks_advice(analysis) or not asks_own(analysis):
        return list(ranked)
    if not updates.asks_present(analysis, where) or adds_up(analysis):
        return list(ranked)
    asked = asked_words(analysis)
    pool = [s for s in ranked if s.turn.role != ASSISTANT][:POOL]
    pool = [s for s in pool if _states_value(s, wanted, asked)]
    if len(pool) < 2:
        return list(ranked)
    best = pool[0]
    values = [
        s
        for s in pool
        if s.turn.speaker == best.turn.speaker
        and s.score >= share * best.score
        and keep(s.turn, where)
        and not updates.after_window(s.turn, analysis)
    ]
    if not values:
        return list(ranked)
    # The newest session holds the current value; within it, the strongest statement states
    # it ("it's all Khruangbin since april" rather than the song named two turns later).
    latest = max(values, key=lambda s: (s.turn.timestamp, s.turn.seq)).turn.session_id
    newest = next(s for s in values if s.turn.session_id == latest)
    if newest.turn.session_id == best.turn.session_id:
        return list(ranked)
    items = {s.turn.id: s for s in ranked}
    for earlier in values:
        if earlier.turn.session_id == newest.turn.session_id:
            continue
        since = min(s.turn.timestamp for s in values if s.turn.timestamp > earlier.turn.timestamp)
        items[earlier.turn.id] = replace(
            items[earlier.turn.id], replaced_by=Replacement(newest.turn, since)
        )
    items[newest.turn.id] = updates.placed(items, best, newest.turn, above=True)
    return sorted(items.values(), key=lambda s: s.score, reverse=True)


def adds_up(analysis: QueryAnalysis) -> bool:
    """Whether the question adds values up over time rather than asks for the current one."""
    text = analysis.lexical_text
    return bool(CUMULATIVE.search(text)) and not PRESENT.search(text)


def _states_value(item: ScoredTurn, wanted: str | None, asked: set[str]) -> bool:
    """Whether a candidate states a value of the asked slot: outside its questions, it holds
    an answer of the asked type (a name when the question asks for no type), and
    it is not already updated by an ingest link."""
    if item.replaced_by is not None:
        return False
    said = statements(item.turn.text)
    entities = [(str(e[0]), str(e[1])) for e in (item.turn.anchors or {}).get("entities", [])]
    entities = [e for e in entities if e[0] in said]
    # Untyped ("what bike do I ride?"): a name; numbers are everywhere ("7 letters", "I'm 5").
    return holds_answer(wanted or "name", said, entities, asked=asked)
