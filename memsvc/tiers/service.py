"""Tier verbs behind the API: close, working memory, facts, episodes, scratchpad."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from memsvc import pagination
from memsvc.deps import after_commit
from memsvc.pagination import Page
from memsvc.runtime import Runtime
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
from memsvc.users import service as users


def close(db: Session, *, runtime: Runtime, session_id: str) -> SessionClosed:
    """Mark the session closed and schedule its consolidation once that is committed."""
    chat = sessions.get(db, session_id=session_id)
    chat.closed_at = chat.closed_at or utcnow()
    if runtime.scheduler is not None:
        scheduler = runtime.scheduler
        after_commit(db, lambda: scheduler.schedule(session_id))
    return SessionClosed(session_id=chat.id, closed_at=chat.closed_at, consolidation="scheduled")


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
    )


def remember_turns(runtime: Runtime, *, session_id: str, new: Sequence[Turn]) -> None:
    """Fold newly stored turns into the session's working memory (after their commit)."""
    if not new:
        return
    settings = runtime.settings
    working.update(
        runtime.working,
        session_id,
        [as_working(t) for t in new],
        window=2 * settings.working_exchanges,
        summary_lines=settings.working_summary_lines,
        rebuild=lambda: _session_turns(runtime, session_id),
    )


def _session_turns(runtime: Runtime, session_id: str) -> list[working.WorkingTurn]:
    with runtime.sessions() as db:
        return [as_working(t) for t in turns.for_session(db, session_id=session_id)]


def working_memory(db: Session, *, runtime: Runtime, session_id: str) -> WorkingMemoryRead:
    """The session's working memory (rebuilt from SQL if the store lost it)."""
    sessions.get(db, session_id=session_id)
    settings = runtime.settings
    memory = working.read(
        runtime.working,
        session_id,
        window=2 * settings.working_exchanges,
        summary_lines=settings.working_summary_lines,
        rebuild=lambda: [as_working(t) for t in turns.for_session(db, session_id=session_id)],
    )
    return WorkingMemoryRead(
        session_id=session_id,
        turns=[WorkingTurnRead.model_validate(t, from_attributes=True) for t in memory.turns],
        summary=memory.summary_text(),
        summary_turn_ids=[t.id for t in memory.summary],
        earlier_turns=memory.earlier_turns,
    )


def fact_read(fact: Memory) -> FactRead:
    """API form of a fact."""
    return FactRead.model_validate(fact).model_copy(update={"current": fact.valid_to is None})


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
    page, next_cursor = pagination.after(chosen, cursor=cursor, limit=limit, key=_by_creation)
    return Page[FactRead](items=[fact_read(f) for f in page], next_cursor=next_cursor)


def episodes_of(db: Session, *, user_id: str, limit: int, cursor: str | None) -> Page[EpisodeRead]:
    """A page of the user's episodes, oldest first."""
    users.get(db, user_id=user_id)
    query = select(Memory).where(Memory.user_id == user_id, Memory.tier == EPISODE)
    rows = sorted(db.scalars(query), key=_by_start)
    page, next_cursor = pagination.after(rows, cursor=cursor, limit=limit, key=_by_start)
    return Page[EpisodeRead](
        items=[EpisodeRead.model_validate(m) for m in page], next_cursor=next_cursor
    )


def _by_creation(memory: Memory) -> pagination.SortKey:
    return (memory.created_at.isoformat(), memory.id)


def _by_start(memory: Memory) -> pagination.SortKey:
    return (memory.valid_from.isoformat() if memory.valid_from else "", memory.id)


def note_read(note: Memory) -> NoteRead:
    """API form of a note."""
    return NoteRead(
        id=scratchpad.public_id(note),
        text=note.text,
        distilled=bool((note.metadata_ or {}).get("distilled")),
        session_id=note.session_id,
        source_turn_ids=note.source_turn_ids,
        created_at=note.created_at,
        updated_at=note.updated_at,
    )


def notes(db: Session, *, user_id: str, limit: int, cursor: str | None) -> Page[NoteRead]:
    """A page of the user's scratchpad, oldest first."""
    users.get(db, user_id=user_id)
    rows = sorted(scratchpad.notes(db, user_id=user_id), key=_by_creation)
    page, next_cursor = pagination.after(rows, cursor=cursor, limit=limit, key=_by_creation)
    return Page[NoteRead](items=[note_read(n) for n in page], next_cursor=next_cursor)


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
    return note_read(note), created


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
    return note_read(note)


def delete_note(db: Session, *, user_id: str, note_id: str) -> None:
    """Delete a note."""
    scratchpad.delete(db, user_id=user_id, note_id=note_id)
