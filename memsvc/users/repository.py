"""SQL for users."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from memsvc.pagination import SortKey, later_than
from memsvc.storage.models import Session as ChatSession
from memsvc.storage.models import Turn, User
from memsvc.tenants.scope import tenant_of


def get(db: Session, user_id: str) -> User | None:
    """The user, or None."""
    return db.get(User, user_id)


def get_or_create(db: Session, *, user_id: str, metadata: dict[str, Any]) -> tuple[User, bool]:
    """The user, inserted if missing; safe when concurrent requests create the same user."""
    if (user := db.get(User, user_id)) is not None:
        return user, False
    try:
        with db.begin_nested():
            user = User(id=user_id, tenant_id=tenant_of(user_id), metadata_=metadata)
            db.add(user)
    except IntegrityError:
        existing = db.get(User, user_id)
        if existing is None:
            raise
        return existing, False
    return user, True


def counts(db: Session, user_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Number of sessions and turns of each user (two grouped queries for a whole page)."""
    sessions = _count_by_user(db, ChatSession, user_ids)
    turns = _count_by_user(db, Turn, user_ids)
    return {u: (sessions.get(u, 0), turns.get(u, 0)) for u in user_ids}


def _count_by_user(
    db: Session, model: type[ChatSession] | type[Turn], user_ids: Sequence[str]
) -> dict[str, int]:
    query = (
        select(model.user_id, func.count())
        .where(model.user_id.in_(user_ids))
        .group_by(model.user_id)
    )
    return {user_id: int(n) for user_id, n in db.execute(query)}


def delete(db: Session, user: User) -> None:
    """Delete the user; sessions, turns and memories cascade."""
    db.delete(user)
    db.flush()


def list_for_tenant(
    db: Session, *, tenant_id: str, after: SortKey | None, limit: int
) -> Sequence[User]:
    """Up to limit of the tenant's users by creation, after a (created_at, id) key."""
    query = select(User).where(User.tenant_id == tenant_id)
    if after is not None:
        query = query.where(later_than(User.created_at, User.id, after))
    return db.scalars(query.order_by(User.created_at, User.id).limit(limit)).all()
