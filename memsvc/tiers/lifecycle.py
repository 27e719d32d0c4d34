"""Session lifecycle: closing a session, and finding idle ones, hands them to consolidation."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from memsvc.storage.models import Session as ChatSession
from memsvc.storage.models import utcnow
from memsvc.tiers.scheduler import Scheduler

log = logging.getLogger(__name__)


def idle_sessions(db: Session, *, idle_seconds: int, limit: int = 500) -> list[str]:
    """Sessions with turns newer than their last consolidation and no activity for a while."""
    cutoff = utcnow() - timedelta(seconds=idle_seconds)
    query = select(ChatSession.id).where(
        ChatSession.last_activity_at.is_not(None),
        ChatSession.last_activity_at < cutoff,
        or_(
            ChatSession.consolidated_at.is_(None),
            ChatSession.consolidated_at < ChatSession.last_activity_at,
        ),
    )
    return list(db.scalars(query.limit(limit)))


class IdleSweeper:
    """A daemon thread that schedules consolidation of idle sessions every `every` seconds."""

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
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="idle-sweeper", daemon=True)

    def start(self) -> None:
        """Begin sweeping."""
        self._thread.start()

    def sweep(self) -> list[str]:
        """Schedule every idle session now; returns their ids."""
        with self._factory() as db:
            found = idle_sessions(db, idle_seconds=self._idle_seconds)
        for session_id in found:
            self._scheduler.schedule(session_id)
        return found

    def _loop(self) -> None:
        while not self._stop.wait(self._every):
            try:
                self.sweep()
            except Exception:  # the database may be briefly away; try again next round
                log.exception("idle sweep failed")

    def stop(self) -> None:
        """Stop sweeping."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
