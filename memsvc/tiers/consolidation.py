"""Session consolidation: the episode, facts and scratchpad notes a closed (or idle) session
leaves behind. Idempotent: a second run over the same turns changes nothing."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from memsvc.runtime import Runtime
from memsvc.storage.models import Memory, utcnow
from memsvc.storage.models import Session as ChatSession
from memsvc.tiers import episodes, facts, scratchpad
from memsvc.tiers.indexing import index_memories
from memsvc.turns import repository as turns_repository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Consolidated:
    """What one run stored or changed."""

    session_id: str
    episode: bool
    facts: int
    notes: int


def consolidate(runtime: Runtime, session_id: str) -> Consolidated | None:
    """Distil a session in one transaction; None when the session no longer exists."""
    settings = runtime.settings
    with runtime.sessions.begin() as db:
        chat = db.get(ChatSession, session_id)
        if chat is None:
            return None
        turns = turns_repository.for_session(db, session_id=session_id)
        episode = episodes.upsert(db, chat, turns)
        candidates = [c for turn in turns for c in facts.extract(turn)]
        changed = facts.apply(db, user_id=chat.user_id, candidates=candidates)
        notes = scratchpad.distil(
            db,
            chat,
            turns,
            max_notes=settings.scratchpad_max_notes,
            max_chars=settings.scratchpad_note_chars,
        )
        # Every run marks the turns it saw as distilled, whatever it found: a session whose new
        # turns distil to nothing new must not look due to the sweep forever.
        chat.consolidated_at = utcnow()
        db.flush()
        # Index inside the transaction: if the index fails, nothing is committed.
        indexed: list[Memory] = [*([episode] if episode else []), *changed]
        index_memories(indexed, runtime=runtime)
    result = Consolidated(session_id, episode is not None, len(changed), len(notes))
    log.info("consolidated %s", result)
    return result
