"""User verbs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from memsvc import pagination
from memsvc.deps import after_commit
from memsvc.errors import NotFoundError
from memsvc.pagination import Page
from memsvc.runtime import Runtime
from memsvc.storage.models import User
from memsvc.users import repository
from memsvc.users.schemas import UserRead


def get(db: Session, *, user_id: str) -> User:
    """The user, or a 404 that says how users come to exist."""
    user = repository.get(db, user_id)
    if user is None:
        raise NotFoundError(
            f"user {user_id!r} not found; create it with POST /v1/users or by creating a session",
            user_id=user_id,
        )
    return user


def get_or_create(db: Session, *, user_id: str, metadata: dict[str, Any] | None = None) -> User:
    """The user, created on first use."""
    user, _ = repository.get_or_create(db, user_id=user_id, metadata=metadata or {})
    return user


def register(db: Session, *, user_id: str, metadata: dict[str, Any]) -> tuple[UserRead, bool]:
    """Create the user if new; returns it and whether it was created."""
    _, created = repository.get_or_create(db, user_id=user_id, metadata=metadata)
    return read(db, user_id=user_id), created


def read(db: Session, *, user_id: str) -> UserRead:
    """The user with its session and turn counts."""
    return _with_counts(db, [get(db, user_id=user_id)])[0]


def _with_counts(db: Session, users: Sequence[User]) -> list[UserRead]:
    counts = repository.counts(db, [u.id for u in users])
    return [
        UserRead.model_validate(u).model_copy(
            update={"session_count": counts[u.id][0], "turn_count": counts[u.id][1]}
        )
        for u in users
    ]


def list_for_tenant(
    db: Session, *, tenant_id: str, limit: int, cursor: str | None
) -> Page[UserRead]:
    """A page of the tenant's users, oldest first."""
    start = pagination.decode(cursor, shape=(datetime, str))
    rows = repository.list_for_tenant(db, tenant_id=tenant_id, after=start, limit=limit + 1)
    users, next_cursor = pagination.page(
        rows, limit=limit, key=lambda u: (u.created_at.isoformat(), u.id)
    )
    return Page[UserRead](items=_with_counts(db, users), next_cursor=next_cursor)


def delete(db: Session, *, runtime: Runtime, user_id: str) -> None:
    """Delete a user and everything remembered about them from SQL, then (after commit) from
    the vector index, working memory and the consolidation queue."""
    user = get(db, user_id=user_id)
    session_ids = [chat.id for chat in user.sessions]
    repository.delete(db, user)

    def forget() -> None:
        runtime.index.delete_where(user_id=user_id)
        runtime.working.delete(session_ids)
        if runtime.scheduler is not None:
            runtime.scheduler.cancel(session_ids)

    after_commit(db, forget)
