"""`memsvc worker`: consumes consolidation jobs from the Redis queue, with one runtime (models
and engines) loaded at start and shared by every job."""

from __future__ import annotations

import logging

from memsvc.config import Settings
from memsvc.runtime import Runtime, build_runtime
from memsvc.tiers import jobs
from memsvc.tiers.scheduler import QUEUE_NAME

log = logging.getLogger(__name__)


def run_worker(settings: Settings, *, burst: bool = False) -> int:
    """Work the queue until stopped (or, with burst, until it is empty)."""
    if not settings.redis_url:
        print("memsvc worker needs MEMSVC_REDIS_URL (the queue lives in Redis)")
        return 2
    if not settings.qdrant_url:
        # The embedded index is one process's files: a second writer would corrupt it.
        print(
            "memsvc worker needs MEMSVC_QDRANT_URL; with the embedded index, `memsvc serve` "
            "consolidates on its own thread (MEMSVC_CONSOLIDATION=auto or background)"
        )
        return 2
    # The worker consumes the queue; it never schedules work or sweeps for due sessions.
    runtime = build_runtime(settings, sweep=False)
    try:
        return work(runtime, burst=burst)
    finally:
        runtime.close()


def work(runtime: Runtime, *, burst: bool) -> int:
    """Run rq's in-process worker (no fork per job: the models stay loaded)."""
    from redis import Redis
    from rq import Queue, SimpleWorker

    jobs.bind(runtime)
    connection = Redis.from_url(str(runtime.settings.redis_url))
    worker = SimpleWorker([Queue(QUEUE_NAME, connection=connection)], connection=connection)
    log.info("memsvc worker listening on %s", QUEUE_NAME)
    worker.work(burst=burst, with_scheduler=False)
    return 0
