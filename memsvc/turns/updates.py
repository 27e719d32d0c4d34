"""Link each new turn to the earlier turns of its speaker that it updates, at ingest.

The new turns' dense vectors are at hand right after indexing: one index search per turn
finds the speaker's most similar earlier turns, `update_rule.judge` decides, and the links go
to SQL in the batch's transaction (so a rolled-back batch leaves none). Turns posted out of
time order are caught too: each new turn also looks for later turns that update it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from memsvc.encoder import Vectors
from memsvc.index import IndexFilter, IndexHit
from memsvc.runtime import Runtime
from memsvc.storage.models import Turn, TurnUpdate
from memsvc.turns import links
from memsvc.turns import repository as turns_repository
from memsvc.turns.update_rule import Statement, judge

EPISODIC = "episodic"
CANDIDATES = 5  # nearest turns of the speaker read on each side of a new turn (bounded work)
EPSILON = 1e-3  # seconds: "earlier" excludes the turn's own moment
# The assistant's replies echo and advise; they state no knowledge of the user to update.
UNLINKED_ROLES = frozenset({"assistant", "system"})


@dataclass(frozen=True)
class Pair:
    """A candidate link: `newer` may update `earlier`, at this dense similarity."""

    newer: str
    earlier: str
    similarity: float


def link(db: Session, *, runtime: Runtime, turns: Sequence[Turn], vectors: Vectors) -> int:
    """Store the update links between new turns and the user's other turns; returns how many
    were added (re-posting the same turns adds none)."""
    linkable = [(t, v) for t, v in zip(turns, vectors, strict=True) if linkable_turn(t)]
    if not linkable:
        return 0
    pairs = [p for turn, vector in linkable for p in candidates(runtime, turn, vector)]
    by_id = {t.id: t for t in turns}
    wanted = {i for p in pairs for i in (p.newer, p.earlier)} - by_id.keys()
    by_id |= turns_repository.by_ids(db, user_id=turns[0].user_id, ids=sorted(wanted))
    found = _decide(pairs, by_id)
    return links.add_all(db, found)


def candidates(runtime: Runtime, turn: Turn, vector: Sequence[float]) -> list[Pair]:
    """The speaker's nearest earlier turns (which `turn` may update) and nearest later ones
    (which may update `turn`)."""
    at = turn.timestamp.timestamp()
    before = _search(runtime, turn, vector, end=at - EPSILON)
    after = _search(runtime, turn, vector, start=at + EPSILON)
    return [Pair(turn.id, hit.id, hit.score) for hit in before] + [
        Pair(hit.id, turn.id, hit.score) for hit in after
    ]


def _search(
    runtime: Runtime,
    turn: Turn,
    vector: Sequence[float],
    *,
    start: float | None = None,
    end: float | None = None,
) -> list[IndexHit]:
    where = IndexFilter(
        user_id=turn.user_id, speakers=[turn.speaker], tiers=[EPISODIC], start=start, end=end
    )
    return runtime.index.search(dense=vector, sparse=None, where=where, limit=CANDIDATES).dense


def _decide(pairs: Sequence[Pair], by_id: dict[str, Turn]) -> list[TurnUpdate]:
    """The pairs the rule links, once each (a pair inside one batch is found from both ends)."""
    found: dict[tuple[str, str], TurnUpdate] = {}
    for pair in pairs:
        newer, earlier = by_id.get(pair.newer), by_id.get(pair.earlier)
        # A hit without a SQL row is another request's uncommitted turn or a pending delete.
        if newer is None or earlier is None or (pair.newer, pair.earlier) in found:
            continue
        if not (linkable_turn(newer) and linkable_turn(earlier)):
            continue
        verdict = judge(statement(newer), statement(earlier), pair.similarity)
        if verdict.linked:
            found[(pair.newer, pair.earlier)] = TurnUpdate(
                turn_id=newer.id,
                earlier_turn_id=earlier.id,
                user_id=newer.user_id,
                similarity=round(verdict.similarity, 4),
                cue=verdict.cue,
            )
    return list(found.values())


def linkable_turn(turn: Turn) -> bool:
    """Whether a turn states the speaker's own knowledge (not the assistant's replies; chat
    logs often name the assistant only by its speaker name)."""
    return turn.role not in UNLINKED_ROLES and turn.speaker.lower() not in UNLINKED_ROLES


def statement(turn: Turn) -> Statement:
    """What the rule reads of a stored turn."""
    return Statement(
        id=turn.id,
        session_id=turn.session_id,
        speaker=turn.speaker,
        text=turn.text,
        timestamp=turn.timestamp,
        anchors=turn.anchors,
    )
