"""SQL for sessions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from memsvc.pagination import SortKey, later_than
from memsvc.storage.models import Session as ChatSession
from memsvc.storage.models import Turn


def get(db: Session, session_id: str, *, for_update: bool = False) -> ChatSession | None:
    """The session, or None; for_update locks its row until the transaction ends (PostgreSQL;
    SQLite's BEGIN IMMEDIATE already serialises writers)."""
    if not for_update:
        return db.get(ChatSession, session_id)
    query = select(ChatSession).where(ChatSession.id == session_id).with_for_update()
    return db.scalars(query.execution_options(populate_existing=True)).one_or_none()


def create(
    db: Session,
    *,
    user_id: str,
    session_id: str | None,
    started_at: datetime | None,
    metadata: dict[str, Any],
) -> ChatSession | None:
    """Insert a session; None if a concurrent request took the same id first."""
    chat = ChatSession(user_id=user_id, metadata_=metadata)
    if session_id:
        chat.id = session_id
    if started_at:
        chat.started_at = started_at
    try:
        with db.begin_nested():
            db.add(chat)
    except IntegrityError:
        return None
    return chat


def list_for_user(
    db: Session, *, user_id: str, after: SortKey | None, limit: int
) -> Sequence[ChatSession]:
    """Up to limit of the user's sessions by start time, after a (started_at, id) key."""
    query = select(ChatSession).where(ChatSession.user_id == user_id)
    if after is not None:
        query = query.where(later_than(ChatSession.started_at, ChatSession.id, after))
    return db.scalars(query.order_by(ChatSession.started_at, ChatSession.id).limit(limit)).all()


def turn_counts(db: Session, session_ids: Sequence[str]) -> dict[str, int]:
    """Number of turns per session."""
    if not session_ids:
        return {}
    query = (
        select(Turn.session_id, func.count())
        .where(Turn.session_id.in_(session_ids))
        .group_by(Turn.session_id)
    )
    return {sid: int(n) for sid, n in db.execute(query)}


def delete(db: Session, chat: ChatSession) -> None:
    """Delete the session; its turns cascade."""
    db.delete(chat)
    db.flush()


def all_ids(db: Session) -> list[str]:
    """Every session id."""
    return list(db.scalars(select(ChatSession.id).order_by(ChatSession.id)))
