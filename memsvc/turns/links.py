"""SQL for turn update links (a later turn updates an earlier one of the same speaker)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from memsvc.storage.models import TurnUpdate


def existing(db: Session, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (turn_id, earlier_turn_id) pairs among `pairs` already stored."""
    wanted = set(pairs)
    if not wanted:
        return set()
    newer_ids = sorted({newer for newer, _ in wanted})
    query = select(TurnUpdate.turn_id, TurnUpdate.earlier_turn_id).where(
        TurnUpdate.turn_id.in_(newer_ids)
    )
    return {(newer, earlier) for newer, earlier in db.execute(query)} & wanted


def add_all(db: Session, links: Sequence[TurnUpdate]) -> int:
    """Insert links not stored yet; returns how many were added. A concurrent request that
    stored one of them first costs this batch nothing (the pair is the primary key)."""
    stored = existing(db, [(link.turn_id, link.earlier_turn_id) for link in links])
    fresh = [link for link in links if (link.turn_id, link.earlier_turn_id) not in stored]
    if not fresh:
        return 0
    try:
        with db.begin_nested():
            db.add_all(fresh)
    except IntegrityError:
        return 0
    return len(fresh)


def updated_by(db: Session, *, user_id: str, earlier_ids: Iterable[str]) -> list[TurnUpdate]:
    """The links from later turns to any of `earlier_ids`."""
    ids = sorted(set(earlier_ids))
    if not ids:
        return []
    query = select(TurnUpdate).where(
        TurnUpdate.user_id == user_id, TurnUpdate.earlier_turn_id.in_(ids)
    )
    return list(db.scalars(query))


def count(db: Session, *, user_id: str | None = None) -> int:
    """Number of links stored (of one user, or of all)."""
    query = select(func.count()).select_from(TurnUpdate)
    if user_id is not None:
        query = query.where(TurnUpdate.user_id == user_id)
    return int(db.scalar(query) or 0)
