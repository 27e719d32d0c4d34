"""Rebuild the vector index from SQL, the source of truth."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from tqdm import tqdm

from memsvc.runtime import Runtime
from memsvc.sessions import repository as sessions
from memsvc.storage.models import Memory, Turn
from memsvc.tiers.episodes import EPISODE
from memsvc.tiers.facts import SEMANTIC
from memsvc.tiers.indexing import index_memories
from memsvc.turns import repository as turns
from memsvc.turns.anchoring import SessionContext, anchor_batch
from memsvc.turns.indexing import index_turns


def reindex(runtime: Runtime, *, progress: bool = False) -> int:
    """Drop the index and re-encode every stored turn, session by session (anchoring turns
    stored before anchoring existed), then every fact and episode; returns how many turns
    were indexed."""
    runtime.index.reset()
    done = 0
    with runtime.sessions() as db:
        bar = tqdm(total=turns.count(db), unit="turn", disable=not progress, desc="reindex")
        for session_id in sessions.all_ids(db):
            rows = turns.for_session(db, session_id=session_id)
            _anchor_missing(runtime, rows)
            db.commit()
            index_turns(rows, runtime=runtime)
            done += len(rows)
            bar.update(len(rows))
        bar.close()
        # Facts and episodes live in the same index (scratchpad notes are never indexed).
        index_memories(_indexed_memories(db), runtime=runtime)
    return done


def _indexed_memories(db: Session) -> list[Memory]:
    query = select(Memory).where(Memory.tier.in_((SEMANTIC, EPISODE)))
    return list(db.scalars(query))


def _anchor_missing(runtime: Runtime, rows: list[Turn]) -> None:
    """Anchor a session's turns in one pass if any lacks anchors."""
    if runtime.anchorer is None or all(t.anchors is not None for t in rows):
        return
    context = SessionContext(
        speakers=list(dict.fromkeys(t.speaker for t in rows)), history=[], relations={}
    )
    items = [(t.speaker, t.text, t.timestamp) for t in rows]
    for turn, anchors in zip(
        rows, anchor_batch(runtime.anchorer, items, context=context), strict=True
    ):
        turn.anchors = anchors
