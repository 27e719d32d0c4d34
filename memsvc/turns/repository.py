"""SQL for turns."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from memsvc.storage.models import Turn


def get(db: Session, turn_id: str) -> Turn | None:
    """The turn, or None."""
    return db.get(Turn, turn_id)


def by_client_ids(db: Session, *, session_id: str, client_ids: Sequence[str]) -> dict[str, Turn]:
    """Stored turns of a session keyed by the client's turn id."""
    if not client_ids:
        return {}
    query = select(Turn).where(Turn.session_id == session_id, Turn.client_turn_id.in_(client_ids))
    return {t.client_turn_id: t for t in db.scalars(query) if t.client_turn_id}


def next_seq(db: Session, *, session_id: str) -> int:
    """The position the next turn of the session takes."""
    current = db.scalar(select(func.max(Turn.seq)).where(Turn.session_id == session_id))
    return 0 if current is None else int(current) + 1


def add_all(db: Session, turns: Sequence[Turn]) -> None:
    """Insert turns."""
    db.add_all(turns)
    db.flush()


def by_ids(db: Session, *, user_id: str, ids: Sequence[str]) -> dict[str, Turn]:
    """The user's turns among ids (ids of other users or deleted turns are dropped)."""
    if not ids:
        return {}
    query = select(Turn).where(Turn.user_id == user_id, Turn.id.in_(ids))
    return {t.id: t for t in db.scalars(query)}


def delete(db: Session, turn: Turn) -> None:
    """Delete one turn."""
    db.delete(turn)
    db.flush()


def iter_all(db: Session, *, batch: int = 512) -> Iterator[list[Turn]]:
    """Every turn, in batches by id (for rebuilding the index)."""
    last = ""
    while True:
        query = select(Turn).where(Turn.id > last).order_by(Turn.id).limit(batch)
        rows = list(db.scalars(query))
        if not rows:
            return
        yield rows
        last = rows[-1].id


def count(db: Session) -> int:
    """Number of turns stored."""
    return int(db.scalar(select(func.count()).select_from(Turn)) or 0)
