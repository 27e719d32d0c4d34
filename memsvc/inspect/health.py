"""The health page's figures: readiness exactly as /readyz computes it, plus how far the
index, SQL and the consolidation queue are apart."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from memsvc.errors import MemsvcError
from memsvc.health.endpoints import readyz
from memsvc.inspect import queries
from memsvc.runtime import Runtime
from memsvc.tiers.scheduler import QueueScheduler, Scheduler
from memsvc.tiers.working import RedisUnavailable
from memsvc.turns import repository as turns


@dataclass(frozen=True)
class Report:
    """What the health page shows."""

    ready: dict[str, Any] | None
    problem: str | None
    index_points: int | None
    sql_turns: int
    memories: dict[str, int]
    backlog: dict[str, int]
    queue: str
    queue_depth: int | None
    working: str
    working_problem: str | None
    notes: list[str] = field(default_factory=list)


def report(db: Session, runtime: Runtime) -> Report:
    """Readiness (or why not), counts from the index and SQL, and the queue's depth."""
    try:
        ready, problem = readyz(runtime), None
    except MemsvcError as exc:
        ready, problem = None, exc.message
    points = ready["index_points"] if ready else None
    memories = queries.memory_counts(db)
    depth, queue = _queue(runtime.scheduler)
    return Report(
        ready=ready,
        problem=problem,
        index_points=points if isinstance(points, int) else None,
        sql_turns=turns.count(db),
        memories=memories,
        backlog=queries.backlog(db),
        queue=queue,
        queue_depth=depth,
        working="redis" if runtime.settings.redis_url else "in-process",
        working_problem=runtime.working.problem(),
    )


def _queue(scheduler: Scheduler | None) -> tuple[int | None, str]:
    """Sessions waiting for consolidation, and where they wait (None when unreachable)."""
    if scheduler is None:
        return None, "none"
    where = "rq (Redis)" if isinstance(scheduler, QueueScheduler) else "background thread"
    try:
        return scheduler.pending(), where
    except RedisUnavailable:  # the page still renders and says so
        return None, f"{where} unreachable"
