"""The vector index against SQL, the source of truth: rebuild it, or check and repair it."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import NamedTuple, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tqdm import tqdm

from memsvc.errors import MemsvcError
from memsvc.index import VectorIndex
from memsvc.index.base import IndexMismatchError, IndexStatus
from memsvc.runtime import Runtime
from memsvc.sessions import repository as sessions
from memsvc.storage.models import Memory, Turn
from memsvc.tiers.episodes import EPISODE
from memsvc.tiers.facts import SEMANTIC
from memsvc.tiers.indexing import index_memories
from memsvc.turns import repository as turns
from memsvc.turns import updates
from memsvc.turns.anchoring import SessionContext, anchor_batch
from memsvc.turns.indexing import index_turns

log = logging.getLogger(__name__)

BATCH = 256  # rows per encode: sessions are short, and one pass per session wastes the model
INDEXED_TIERS = (SEMANTIC, EPISODE)  # scratchpad notes are never indexed
T = TypeVar("T")


class Reindexed(NamedTuple):
    """How many rows a rebuild indexed."""

    turns: int
    memories: int


def reindex(runtime: Runtime, *, progress: bool = False) -> Reindexed:
    """Drop the index (whatever state its files are in) and re-encode every stored turn,
    session by session (anchoring turns stored before anchoring existed, linking the
    statements they update), then every fact and episode."""
    runtime.index.reset()
    with runtime.sessions() as db:
        done_turns = _reindex_turns(db, runtime, progress=progress)
        memories = list(db.scalars(select(Memory).where(Memory.tier.in_(INDEXED_TIERS))))
        with _bar(len(memories), "memories", "memory", progress) as bar:
            for chunk in _chunks(memories, BATCH):
                index_memories(chunk, runtime=runtime)
                bar.update(len(chunk))
    return Reindexed(turns=done_turns, memories=len(memories))


def _reindex_turns(db: Session, runtime: Runtime, *, progress: bool) -> int:
    pending: list[Turn] = []
    done = 0
    with _bar(turns.count(db), "turns", "turn", progress) as bar:
        for session_id in sessions.all_ids(db):
            rows = turns.for_session(db, session_id=session_id)
            _anchor_missing(runtime, rows)
            db.commit()
            pending.extend(rows)
            if len(pending) >= BATCH:
                _index_and_link(db, runtime, pending)
                done, pending = done + len(pending), []
                bar.update(done - bar.n)
        _index_and_link(db, runtime, pending)
        done += len(pending)
        bar.update(done - bar.n)
    return done


def _index_and_link(db: Session, runtime: Runtime, rows: list[Turn]) -> None:
    """Index a batch and link its turns to the statements they update (stores from before
    update links get theirs here). The search for links looks both ways in time, so a pair
    is found whichever of its turns is indexed second."""
    vectors = index_turns(rows, runtime=runtime)
    if vectors is None:
        return
    by_user: dict[str, list[int]] = {}
    for position, turn in enumerate(rows):
        by_user.setdefault(turn.user_id, []).append(position)
    for positions in by_user.values():
        updates.link(
            db, runtime=runtime, turns=[rows[i] for i in positions], vectors=vectors[positions]
        )
    db.commit()


def _bar(total: int, what: str, unit: str, progress: bool) -> tqdm[None]:
    """A progress bar on stderr: `reindex turns`, `reindex memories`."""
    return tqdm(total=total, unit=unit, desc=f"reindex {what}", disable=not progress)


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _anchor_missing(runtime: Runtime, rows: list[Turn]) -> None:
    """Anchor a session's turns in one pass if any lacks anchors."""
    if runtime.anchorer is None or all(t.anchors is not None for t in rows):
        return
    context = SessionContext(
        speakers=list(dict.fromkeys(t.speaker for t in rows)), history=[], relations={}
    )
    items = [(t.speaker, t.text, t.timestamp) for t in rows]
    for turn, anchors in zip(
        rows, anchor_batch(runtime.anchorer, items, context=context), strict=True
    ):
        turn.anchors = anchors


def check(runtime: Runtime) -> IndexStatus:
    """At start-up: is the index readable and does it hold exactly SQL's turns and indexed
    memories? A small difference is repaired by id, and a small index of the other sparse kind
    rebuilt; a large one or an unreadable shard is reported (and logged) with what to run."""
    try:
        points = runtime.index.count()
    except IndexMismatchError as exc:  # built with the other sparse kind
        return _rebuild_if_small(runtime, exc)
    except MemsvcError as exc:  # an unreadable shard says so, and what to run
        return _not_ok(exc.message)
    except Exception as exc:
        return _not_ok(f"vector index not reachable ({exc.__class__.__name__}: {exc})")
    with runtime.sessions() as db:
        expected = turns.count(db) + _memory_count(db)
        if points == expected:  # the cheap test; a consistent store starts without a scan
            return IndexStatus(ok=True)
        missing, orphans = _diff(db, runtime.index)
        if len(missing) + len(orphans) > runtime.settings.index_repair_max_points:
            return _not_ok(
                f"the vector index holds {points} points but SQL has {expected} turns and "
                f"memories ({len(missing)} missing from the index, {len(orphans)} without a "
                "row); stop memsvc and run `memsvc reindex` to rebuild it from SQL"
            )
        _repair(db, runtime, missing=missing, orphans=orphans)
    log.warning(
        "vector index disagreed with SQL: removed %d points without a row, re-encoded %d rows",
        len(orphans),
        len(missing),
    )
    return IndexStatus(ok=True, repaired=len(missing) + len(orphans))


def _rebuild_if_small(runtime: Runtime, mismatch: IndexMismatchError) -> IndexStatus:
    """An index of the other sparse kind is rebuilt here when SQL holds no more rows than a
    repair may touch (a rebuild of that many costs seconds); a larger one waits for `memsvc
    reindex`, with the reason on /readyz and every call."""
    with runtime.sessions() as db:
        rows = turns.count(db) + _memory_count(db)
    if rows > runtime.settings.index_repair_max_points:
        return _not_ok(mismatch.message)
    log.warning("%s: rebuilding it now (%d rows)", mismatch.message.split(";")[0], rows)
    done = reindex(runtime)
    return IndexStatus(ok=True, repaired=done.turns + done.memories)


def _not_ok(reason: str) -> IndexStatus:
    log.error("vector index needs a rebuild: %s", reason)
    return IndexStatus(ok=False, reason=reason)


def _memory_count(db: Session) -> int:
    query = select(func.count()).select_from(Memory).where(Memory.tier.in_(INDEXED_TIERS))
    return int(db.scalar(query) or 0)


def _diff(db: Session, index: VectorIndex) -> tuple[set[str], set[str]]:
    """Ids with a row but no point, and points without a row."""
    rows = set(db.scalars(select(Turn.id)))
    rows |= set(db.scalars(select(Memory.id).where(Memory.tier.in_(INDEXED_TIERS))))
    points = index.ids()
    return rows - points, points - rows


def _repair(db: Session, runtime: Runtime, *, missing: set[str], orphans: set[str]) -> None:
    """Delete the orphan points and encode the rows the index lacks."""
    runtime.index.delete(sorted(orphans))
    for chunk in _chunks(sorted(missing), BATCH):
        index_turns(list(db.scalars(select(Turn).where(Turn.id.in_(chunk)))), runtime=runtime)
        index_memories(
            list(db.scalars(select(Memory).where(Memory.id.in_(chunk)))), runtime=runtime
        )
