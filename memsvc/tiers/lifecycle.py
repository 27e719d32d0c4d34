"""Session lifecycle: sessions closed or idle with turns their last consolidation has not seen
are handed to consolidation, by a sweep at start and every interval after, so a closed session
whose run was lost (a restart, an unreachable queue) is consolidated all the same."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, sessionmaker

from memsvc.periodic import Periodic
from memsvc.storage.models import Session as ChatSession
from memsvc.storage.models import utcnow
from memsvc.tiers.scheduler import Scheduler


def due_sessions(db: Session, *, idle_seconds: int, limit: int = 500) -> list[str]:
    """Sessions with turns newer than their last consolidation that are closed or (when
    idle_seconds is not 0) have had no activity for idle_seconds."""
    due: ColumnElement[bool] = ChatSession.closed_at.is_not(None)
    if idle_seconds:
        due = or_(due, ChatSession.last_activity_at < utcnow() - timedelta(seconds=idle_seconds))
    query = select(ChatSession.id).where(
        ChatSession.last_activity_at.is_not(None),
        or_(
            ChatSession.consolidated_at.is_(None),
            ChatSession.consolidated_at < ChatSession.last_activity_at,
        ),
        due,
    )
    # Oldest activity first, so past the limit the sessions waiting longest go first.
    return list(db.scalars(query.order_by(ChatSession.last_activity_at).limit(limit)))


class IdleSweeper:
    """A daemon thread that schedules consolidation of due sessions at start and then every
    `every` seconds."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        scheduler: Scheduler,
        *,
        idle_seconds: int,
        every: float,
    ) -> None:
        self._factory = factory
        self._scheduler = scheduler
        self._idle_seconds = idle_seconds
        self._runs = Periodic("consolidation-sweep", self.sweep, every=every, at_start=True)

    def start(self) -> None:
        """Begin sweeping."""
        self._runs.start()

    def sweep(self) -> list[str]:
        """Schedule every due session now; returns their ids."""
        with self._factory() as db:
            found = due_sessions(db, idle_seconds=self._idle_seconds)
        for session_id in found:
            self._scheduler.schedule(session_id)
        return found

    def stop(self) -> None:
        """Stop sweeping."""
        self._runs.stop()
