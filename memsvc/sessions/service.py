"""Session verbs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from memsvc import pagination
from memsvc.deps import after_commit
from memsvc.errors import ConflictError, NotFoundError
from memsvc.pagination import Page
from memsvc.runtime import Runtime
from memsvc.sessions import repository
from memsvc.sessions.schemas import SessionCreate, SessionRead
from memsvc.storage.models import Session as ChatSession
from memsvc.users import service as users


def get(db: Session, *, session_id: str, for_update: bool = False) -> ChatSession:
    """The session (its row locked for this transaction with for_update), or a 404."""
    chat = repository.get(db, session_id, for_update=for_update)
    if chat is None:
        raise NotFoundError(
            f"session {session_id!r} not found; create it with POST /v1/sessions",
            session_id=session_id,
        )
    return chat


def create(db: Session, *, body: SessionCreate) -> tuple[SessionRead, bool]:
    """Create a session (idempotent on a client-chosen id); returns it and whether it is new."""
    if body.id and (existing := repository.get(db, body.id)) is not None:
        return _existing(db, existing, body), False
    users.get_or_create(db, user_id=body.user_id)
    chat = repository.create(
        db,
        user_id=body.user_id,
        session_id=body.id,
        started_at=body.started_at,
        metadata=body.metadata,
    )
    if chat is None:  # a concurrent request created this id first
        return _existing(db, get(db, session_id=str(body.id)), body), False
    return SessionRead.model_validate(chat), True


def _existing(db: Session, chat: ChatSession, body: SessionCreate) -> SessionRead:
    """The stored session a create request re-posted, if it is the same user's."""
    if chat.user_id != body.user_id:
        raise ConflictError(
            f"session id {body.id!r} already belongs to another user; choose another id",
            session_id=body.id,
        )
    return read(db, session_id=chat.id)


def read(db: Session, *, session_id: str) -> SessionRead:
    """The session with its turn count."""
    chat = get(db, session_id=session_id)
    count = repository.turn_counts(db, [chat.id]).get(chat.id, 0)
    return SessionRead.model_validate(chat).model_copy(update={"turn_count": count})


def list_for_user(
    db: Session, *, user_id: str, limit: int, cursor: str | None
) -> Page[SessionRead]:
    """A page of the user's sessions, oldest first."""
    users.get(db, user_id=user_id)
    start = pagination.decode(cursor, shape=(datetime, str))
    chats = repository.list_for_user(db, user_id=user_id, after=start, limit=limit + 1)
    page, next_cursor = pagination.page(
        chats, limit=limit, key=lambda c: (c.started_at.isoformat(), c.id)
    )
    counts = repository.turn_counts(db, [c.id for c in page])
    items = [
        SessionRead.model_validate(c).model_copy(update={"turn_count": counts.get(c.id, 0)})
        for c in page
    ]
    return Page[SessionRead](items=items, next_cursor=next_cursor)


def delete(db: Session, *, runtime: Runtime, session_id: str) -> None:
    """Delete a session, its turns and what was distilled from it, from SQL, then (after
    commit) from the index and working memory."""
    chat = get(db, session_id=session_id)
    user_id = chat.user_id
    repository.delete(db, chat)

    def forget() -> None:
        runtime.index.delete_where(user_id=user_id, session_id=session_id)
        runtime.working.delete([session_id])
        if runtime.scheduler is not None:
            runtime.scheduler.cancel([session_id])

    after_commit(db, forget)
