"""Scratchpad: short salient notes per user that the assistant always sees. Clients write,
edit and delete them; consolidation distils standing preferences and instructions."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from memsvc.errors import ConflictError, NotFoundError, PayloadTooLargeError
from memsvc.lexical import split_sentences
from memsvc.storage.models import Memory, Turn
from memsvc.storage.models import Session as ChatSession
from memsvc.tiers.facts import normalise

SCRATCHPAD = "scratchpad"
# What a user says that the assistant should keep in mind in every later conversation.
STANDING = re.compile(
    r"\b(i (would |'d )?prefer|i'm allergic|i am allergic|i'm (a )?vegetarian|i'm vegan|"
    r"i am (a )?vegetarian|i am vegan|i don't eat|i do not eat|my name is|call me|"
    r"please (always|never|remember|don't|do not)|always remember|remember that|"
    r"i (always|never) want)\b",
    re.IGNORECASE,
)


def notes(db: Session, *, user_id: str) -> list[Memory]:
    """The user's notes, oldest first."""
    query = select(Memory).where(Memory.user_id == user_id, Memory.tier == SCRATCHPAD)
    return list(db.scalars(query.order_by(Memory.created_at, Memory.id)))


def storage_id(user_id: str, note_id: str) -> str:
    """Where a client-chosen note id is stored: a digest of (user, id), so every user (in every
    tenant) has its own note ids and nobody learns another's."""
    return hashlib.sha256(f"{user_id}\x00{note_id}".encode()).hexdigest()[:32]


def public_id(note: Memory) -> str:
    """The id a client addresses a note by: its own, or the one memsvc generated."""
    return str((note.metadata_ or {}).get("client_id") or note.id)


def get(db: Session, *, user_id: str, note_id: str) -> Memory:
    """One note of the user by its public id, or a 404."""
    for candidate in (storage_id(user_id, note_id), note_id):
        note = db.get(Memory, candidate)
        if note is not None and note.user_id == user_id and note.tier == SCRATCHPAD:
            return note
    raise NotFoundError(f"note {note_id!r} not found for user {user_id!r}", note_id=note_id)


def add(
    db: Session, *, user_id: str, text: str, max_notes: int, max_chars: int, note_id: str | None
) -> tuple[Memory, bool]:
    """Write a note (idempotent on a client-chosen id); returns it and whether it is new."""
    _check_length(text, max_chars)
    stored_id = storage_id(user_id, note_id) if note_id else None
    if stored_id and (existing := db.get(Memory, stored_id)) is not None:
        if existing.text != text:
            raise ConflictError(
                f"note id {note_id!r} is already used with other content; edit it with PUT",
                note_id=note_id,
            )
        return existing, False
    count = _count(db, user_id=user_id)
    if count >= max_notes:
        raise ConflictError(
            f"the scratchpad holds {count} notes, the cap is {max_notes}; "
            "delete or merge notes before adding more",
            limit=max_notes,
        )
    note = Memory(user_id=user_id, tier=SCRATCHPAD, key=f"note|{normalise(text)}", text=text)
    if stored_id:
        note.id, note.metadata_ = stored_id, {"client_id": note_id}
    db.add(note)
    db.flush()
    return note, True


def edit(db: Session, *, user_id: str, note_id: str, text: str, max_chars: int) -> Memory:
    """Replace a note's text."""
    _check_length(text, max_chars)
    note = get(db, user_id=user_id, note_id=note_id)
    note.text, note.key = text, f"note|{normalise(text)}"
    db.flush()
    return note


def delete(db: Session, *, user_id: str, note_id: str) -> None:
    """Delete a note."""
    db.delete(get(db, user_id=user_id, note_id=note_id))


def distil(
    db: Session, chat: ChatSession, turns: Sequence[Turn], *, max_notes: int, max_chars: int
) -> list[Memory]:
    """Notes for the standing preferences and instructions the user stated in a session.
    Known notes are skipped (re-running adds nothing); a full scratchpad takes no more."""
    known = {n.key for n in notes(db, user_id=chat.user_id)}
    room = max_notes - len(known)
    added = []
    for turn in turns:
        if turn.role not in (None, "user"):
            continue
        for sentence in split_sentences(turn.text):
            text = sentence.strip()[:max_chars]
            key = f"note|{normalise(text)}"
            if not STANDING.search(text) or key in known or room <= 0:
                continue
            note = Memory(
                user_id=chat.user_id,
                session_id=chat.id,
                tier=SCRATCHPAD,
                key=key,
                text=text,
                valid_from=turn.timestamp,
                source_turn_ids=[turn.id],
                metadata_={"distilled": True},
            )
            db.add(note)
            known.add(key)
            added.append(note)
            room -= 1
    return added


def _count(db: Session, *, user_id: str) -> int:
    query = select(func.count()).where(Memory.user_id == user_id, Memory.tier == SCRATCHPAD)
    return int(db.scalar(query) or 0)


def _check_length(text: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise PayloadTooLargeError(
            f"note has {len(text)} characters; the cap is {max_chars}: keep notes short",
            limit=max_chars,
        )
