"""Deleted data leaves the disk: SQLite zeroes deleted content as it deletes (secure_delete),
and a background pass rewrites the index after deletes and truncates SQLite's WAL."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine, event

from memsvc.index.base import VectorIndex
from memsvc.periodic import Periodic

log = logging.getLogger(__name__)


def enable_secure_delete(engine: Engine) -> None:
    """Make every SQLite connection of the engine overwrite deleted rows (and freed pages)."""
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _secure_delete)


def _secure_delete(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def truncate_sqlite_wal(engine: Engine) -> bool:
    """Checkpoint SQLite's WAL into the database file and truncate it to zero bytes (the WAL
    keeps old page images, deleted rows included, until then); False if readers held it."""
    # The raw DBAPI connection runs in autocommit (isolation_level None): a checkpoint cannot
    # run inside the BEGIN IMMEDIATE that SQLAlchemy would open.
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        busy, _, _ = cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        cursor.close()
    finally:
        connection.close()
    return busy == 0


class Compactor:
    """A daemon thread that, every `every` seconds, rewrites the index if points were deleted
    since the last pass and truncates SQLite's WAL."""

    def __init__(self, index: VectorIndex, engine: Engine, *, every: float) -> None:
        self._index = index
        self._engine = engine
        # A pass may rewrite a large index: stop waits for it. A failed pass (a full disk, say)
        # leaves the pending mark, so the next one does the work.
        self._runs = Periodic("compactor", self.compact, every=every, join_seconds=120)

    def start(self) -> None:
        """Begin compacting."""
        self._runs.start()

    def compact(self) -> None:
        """One pass now."""
        if self._index.compact():
            log.info("index compacted: deleted points are gone from its files")
        if self._engine.dialect.name == "sqlite" and not truncate_sqlite_wal(self._engine):
            log.info("SQLite WAL busy; truncating it on the next pass")

    def stop(self) -> None:
        """Stop compacting (after the pass under way)."""
        self._runs.stop()
