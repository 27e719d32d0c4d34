"""SQL for turns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from memsvc.pagination import SortKey, later_than
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


def by_positions(
    db: Session, *, user_id: str, positions: set[tuple[str, int]]
) -> dict[tuple[str, int], Turn]:
    """The user's turns at (session id, seq) positions."""
    if not positions:
        return {}
    sessions = {session_id for session_id, _ in positions}
    seqs = {seq for _, seq in positions}
    query = select(Turn).where(
        Turn.user_id == user_id, Turn.session_id.in_(sessions), Turn.seq.in_(seqs)
    )
    rows = {(t.session_id, t.seq): t for t in db.scalars(query)}
    return {key: turn for key, turn in rows.items() if key in positions}


def delete(db: Session, turn: Turn) -> None:
    """Delete one turn."""
    db.delete(turn)
    db.flush()


def recent_anchors(
    db: Session, *, session_id: str, limit: int
) -> list[tuple[str, dict[str, Any] | None]]:
    """(speaker, anchors) of a session's last `limit` turns, oldest first."""
    query = (
        select(Turn.speaker, Turn.anchors)
        .where(Turn.session_id == session_id)
        .order_by(Turn.seq.desc())
        .limit(limit)
    )
    return [(speaker, anchors) for speaker, anchors in db.execute(query)][::-1]


def for_session(
    db: Session,
    *,
    session_id: str,
    after: SortKey | None = None,
    limit: int | None = None,
) -> list[Turn]:
    """A session's turns in order (optionally those after a (seq, id) key, at most limit)."""
    query = select(Turn).where(Turn.session_id == session_id)
    if after is not None:
        query = query.where(later_than(Turn.seq, Turn.id, after))
    return list(db.scalars(query.order_by(Turn.seq, Turn.id).limit(limit)))


def count(db: Session) -> int:
    """Number of turns stored."""
    return int(db.scalar(select(func.count()).select_from(Turn)) or 0)
