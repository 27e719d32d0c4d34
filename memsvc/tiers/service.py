"""Tier verbs behind the API: close, working memory, facts, episodes, scratchpad."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from memsvc import pagination
from memsvc.deps import after_commit
from memsvc.pagination import Page
from memsvc.runtime import Runtime
from memsvc.sessions import repository as session_rows
from memsvc.sessions import service as sessions
from memsvc.storage.models import Memory, Turn, utcnow
from memsvc.tiers import facts as fact_store
from memsvc.tiers import scratchpad, working
from memsvc.tiers.episodes import EPISODE, salience, summary_line
from memsvc.tiers.schemas import (
    EpisodeRead,
    FactRead,
    NoteEdit,
    NoteRead,
    NoteWrite,
    SessionClosed,
    WorkingMemoryRead,
    WorkingTurnRead,
)
from memsvc.turns import repository as turns
from memsvc.turns.refs import Refs
from memsvc.turns.schemas import TurnRef
from memsvc.users import service as users

log = logging.getLogger(__name__)


def close(db: Session, *, runtime: Runtime, session_id: str) -> SessionClosed:
    """Mark the session closed and schedule its consolidation once that is committed."""
    chat = sessions.get(db, session_id=session_id)
    chat.closed_at = chat.closed_at or utcnow()
    after_commit(db, lambda: _schedule(runtime, session_id))
    return SessionClosed(session_id=chat.id, closed_at=chat.closed_at, consolidation="scheduled")


def _schedule(runtime: Runtime, session_id: str) -> None:
    """Hand a closed session to consolidation; if the queue is unreachable, the session stays
    closed and unconsolidated in SQL, where the sweeper finds it (at start, then every minute)."""
    if runtime.scheduler is None:
        return
    try:
        runtime.scheduler.schedule(session_id)
    except working.RedisUnavailable as exc:  # the queue has no breaker to log the outage
        _degraded(runtime, "schedule", session_id, exc, level=logging.WARNING)


def _degraded(
    runtime: Runtime, operation: str, session_id: str, exc: Exception, *, level: int = logging.DEBUG
) -> None:
    """Count a Redis operation that fell back; the working store logs each outage once, so
    its per-request fallbacks log at debug."""
    runtime.metrics.observe_degraded(dependency="redis", operation=operation)
    log.log(level, "%s of session %s fell back: %s", operation, session_id, exc)


def as_working(turn: Turn) -> working.WorkingTurn:
    """A stored turn as working memory holds it."""
    return working.WorkingTurn(
        id=turn.id,
        seq=turn.seq,
        speaker=turn.speaker,
        text=turn.text,
        timestamp=turn.timestamp,
        salience=salience(turn.anchors),
        summary_line=summary_line(turn),
        turn_id=turn.client_turn_id,
    )


def remember_turns(runtime: Runtime, *, session_id: str, new: Sequence[Turn]) -> None:
    """Fold newly stored turns into the session's working memory (after their commit). If
    Redis fails, the stored copy lacks them, so the next read rebuilds it from SQL."""
    if not new:
        return
    settings = runtime.settings
    try:
        working.update(
            runtime.working,
            session_id,
            [as_working(t) for t in new],
            window=2 * settings.working_exchanges,
            summary_lines=settings.working_summary_lines,
            rebuild=lambda: _session_turns(runtime, session_id),
        )
    except working.RedisUnavailable as exc:
        _degraded(runtime, "working_memory_update", session_id, exc)


def _session_turns(runtime: Runtime, session_id: str) -> list[working.WorkingTurn]:
    with runtime.sessions() as db:
        return _working_turns(db, session_id)


def _working_turns(db: Session, session_id: str) -> list[working.WorkingTurn]:
    """Every stored turn of the session, as working memory holds them."""
    return [as_working(t) for t in turns.for_session(db, session_id=session_id)]


@dataclass(frozen=True)
class StoredWorking:
    """What the working store held for a session, asked before any SQL."""

    memory: working.WorkingMemory | None
    reachable: bool


def fetch_working(runtime: Runtime, session_id: str) -> StoredWorking:
    """The store's copy of a session's working memory. Call it before the request's first
    query: the request's pooled connection is taken then, and must never wait on Redis."""
    try:
        return StoredWorking(runtime.working.get(session_id), reachable=True)
    except working.RedisUnavailable as exc:
        _degraded(runtime, "working_memory_read", session_id, exc)
        return StoredWorking(None, reachable=False)


def current_working(
    db: Session, *, runtime: Runtime, session_id: str, stored: StoredWorking
) -> working.WorkingMemory:
    """The stored copy if it holds every turn SQL holds, else one rebuilt from SQL (a miss, an
    update lost while Redis was down, a deleted turn), stored again after the commit."""
    sessions.get(db, session_id=session_id)
    count = session_rows.turn_counts(db, [session_id]).get(session_id, 0)
    if stored.memory is not None and stored.memory.held == count:
        return stored.memory
    settings = runtime.settings
    memory = working.append_turns(
        None,
        session_id,
        _working_turns(db, session_id),
        window=2 * settings.working_exchanges,
        summary_lines=settings.working_summary_lines,
    )
    if stored.reachable:  # after the commit, when the request holds no connection
        after_commit(db, lambda: _store_working(runtime, memory))
    return memory


def _store_working(runtime: Runtime, memory: working.WorkingMemory) -> None:
    """Store a rebuilt working memory (after the request's commit)."""
    try:
        runtime.working.put(memory)
    except working.RedisUnavailable as exc:
        _degraded(runtime, "working_memory_store", memory.session_id, exc)


def working_memory(db: Session, *, runtime: Runtime, session_id: str) -> WorkingMemoryRead:
    """The session's working memory (from SQL when the store lacks it or Redis is down)."""
    stored = fetch_working(runtime, session_id)
    memory = current_working(db, runtime=runtime, session_id=session_id, stored=stored)
    return WorkingMemoryRead(
        session_id=session_id,
        turns=[WorkingTurnRead.model_validate(t, from_attributes=True) for t in memory.turns],
        summary=memory.summary_text(),
        summary_turn_ids=[t.id for t in memory.summary],
        summary_turns=[
            TurnRef(id=t.id, session_id=session_id, turn_id=t.turn_id, timestamp=t.timestamp)
            for t in memory.summary
        ],
        earlier_turns=memory.earlier_turns,
    )


def fact_read(fact: Memory, refs: Refs) -> FactRead:
    """API form of a fact (refs: its source turns' references)."""
    update = {"current": fact.valid_to is None, "source_turns": refs.of(fact.source_turn_ids)}
    return FactRead.model_validate(fact).model_copy(update=update)


def source_refs(db: Session, memories: Sequence[Memory]) -> Refs:
    """The references of every turn these memories (of one user) come from, in one query."""
    user_id = memories[0].user_id if memories else ""
    return Refs(db, user_id=user_id, ids=[i for m in memories for i in m.source_turn_ids])


def facts(
    db: Session,
    *,
    user_id: str,
    status: fact_store.Status,
    as_of: datetime | None,
    subject: str | None,
    limit: int,
    cursor: str | None,
) -> Page[FactRead]:
    """A page of the user's facts (current, history, all, or as of a time), oldest first."""
    users.get(db, user_id=user_id)
    rows = fact_store.for_user(db, user_id=user_id, subject=subject)
    chosen = sorted(fact_store.select_facts(rows, status=status, as_of=as_of), key=_by_creation)
    page, next_cursor = pagination.after(
        chosen, cursor=cursor, limit=limit, key=_by_creation, shape=TIME_AND_ID
    )
    refs = source_refs(db, page)
    return Page[FactRead](items=[fact_read(f, refs) for f in page], next_cursor=next_cursor)


def episodes_of(db: Session, *, user_id: str, limit: int, cursor: str | None) -> Page[EpisodeRead]:
    """A page of the user's episodes, oldest first."""
    users.get(db, user_id=user_id)
    query = select(Memory).where(Memory.user_id == user_id, Memory.tier == EPISODE)
    rows = sorted(db.scalars(query), key=_by_start)
    page, next_cursor = pagination.after(
        rows, cursor=cursor, limit=limit, key=_by_start, shape=TIME_AND_ID
    )
    refs = source_refs(db, page)
    items = [
        EpisodeRead.model_validate(m).model_copy(
            update={"source_turns": refs.of(m.source_turn_ids)}
        )
        for m in page
    ]
    return Page[EpisodeRead](items=items, next_cursor=next_cursor)


TIME_AND_ID = (pagination.IsoTime, str)  # the shape of _by_creation and _by_start keys


def _by_creation(memory: Memory) -> pagination.SortKey:
    return (memory.created_at.isoformat(), memory.id)


def _by_start(memory: Memory) -> pagination.SortKey:
    return (memory.valid_from.isoformat() if memory.valid_from else "", memory.id)


def note_read(note: Memory, refs: Refs) -> NoteRead:
    """API form of a note (refs: its source turns' references)."""
    return NoteRead(
        id=scratchpad.public_id(note),
        text=note.text,
        distilled=bool((note.metadata_ or {}).get("distilled")),
        session_id=note.session_id,
        source_turn_ids=note.source_turn_ids,
        source_turns=refs.of(note.source_turn_ids),
        created_at=note.created_at,
        updated_at=note.updated_at,
    )


def notes(db: Session, *, user_id: str, limit: int, cursor: str | None) -> Page[NoteRead]:
    """A page of the user's scratchpad, oldest first."""
    users.get(db, user_id=user_id)
    rows = sorted(scratchpad.notes(db, user_id=user_id), key=_by_creation)
    page, next_cursor = pagination.after(
        rows, cursor=cursor, limit=limit, key=_by_creation, shape=TIME_AND_ID
    )
    refs = source_refs(db, page)
    return Page[NoteRead](items=[note_read(n, refs) for n in page], next_cursor=next_cursor)


def add_note(
    db: Session, *, runtime: Runtime, user_id: str, body: NoteWrite
) -> tuple[NoteRead, bool]:
    """Add a note (the user is registered on first use)."""
    users.get_or_create(db, user_id=user_id)
    note, created = scratchpad.add(
        db,
        user_id=user_id,
        text=body.text,
        note_id=body.id,
        max_notes=runtime.settings.scratchpad_max_notes,
        max_chars=runtime.settings.scratchpad_note_chars,
    )
    return note_read(note, source_refs(db, [note])), created


def edit_note(
    db: Session, *, runtime: Runtime, user_id: str, note_id: str, body: NoteEdit
) -> NoteRead:
    """Replace a note's text."""
    note = scratchpad.edit(
        db,
        user_id=user_id,
        note_id=note_id,
        text=body.text,
        max_chars=runtime.settings.scratchpad_note_chars,
    )
    return note_read(note, source_refs(db, [note]))


def delete_note(db: Session, *, user_id: str, note_id: str) -> None:
    """Delete a note."""
    scratchpad.delete(db, user_id=user_id, note_id=note_id)
