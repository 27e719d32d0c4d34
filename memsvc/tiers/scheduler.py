"""Where consolidation runs: a background thread in this process, or jobs on a Redis-backed rq
queue consumed by `memsvc worker` (so ingestion scales across processes; only with a Qdrant
server, since the embedded index is one process's files). Either way a request never waits for
it, and a session queued twice runs once."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

import redis

from memsvc.tiers.working import RedisUnavailable, redis_client

log = logging.getLogger(__name__)

QUEUE_NAME = "memsvc-consolidation"
JOB_FUNCTION = "memsvc.tiers.jobs.consolidate_session"


class Scheduler(Protocol):
    """Runs a session's consolidation later, at most once per pending request."""

    def schedule(self, session_id: str) -> None: ...

    def cancel(self, session_ids: Iterable[str]) -> None: ...

    def wait(self) -> None: ...

    def pending(self) -> int:
        """Sessions waiting for their consolidation (raises RedisUnavailable for rq)."""
        ...

    def close(self) -> None: ...


class BackgroundScheduler:
    """One worker thread in this process; a session already pending is not queued again."""

    def __init__(self, run: Callable[[str], object]) -> None:
        self._run = run
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="consolidate")
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._futures: list[object] = []

    def schedule(self, session_id: str) -> None:
        """Queue the session unless it is already waiting."""
        with self._lock:
            if session_id in self._pending:
                return
            self._pending.add(session_id)
            self._futures.append(self._pool.submit(self._job, session_id))

    def cancel(self, session_ids: Iterable[str]) -> None:
        """Drop waiting runs of these sessions (they were deleted)."""
        with self._lock:
            self._pending.difference_update(session_ids)

    def pending(self) -> int:
        """Sessions queued and not yet started."""
        with self._lock:
            return len(self._pending)

    def _job(self, session_id: str) -> None:
        with self._lock:
            if session_id not in self._pending:  # cancelled while it waited
                return
            self._pending.discard(session_id)
        try:
            self._run(session_id)
        except Exception:  # a failed run must not kill the worker thread; it is retried later
            log.exception("consolidation of session %s failed", session_id)

    def wait(self) -> None:
        """Block until everything queued so far has run (tests, shutdown)."""
        with self._lock:
            futures, self._futures = self._futures, []
        for future in futures:
            future.result()  # type: ignore[attr-defined]

    def close(self) -> None:
        """Finish queued work and stop the thread."""
        self._pool.shutdown(wait=True)


class QueueScheduler:
    """Enqueue on rq; the job id is per session, so a session already queued is skipped. Redis
    calls time out quickly and raise RedisUnavailable: the session stays closed and
    unconsolidated in SQL, and the sweeper schedules it again."""

    def __init__(self, redis_url: str, *, timeout_seconds: float) -> None:
        from rq import Queue

        self.connection = redis_client(redis_url, timeout_seconds=timeout_seconds)
        self.queue = Queue(QUEUE_NAME, connection=self.connection)

    def schedule(self, session_id: str) -> None:
        """Enqueue unless a job for the session is still waiting or running."""
        try:
            self._enqueue(session_id)
        except redis.RedisError as exc:
            raise RedisUnavailable(f"consolidation queue unreachable: {exc}") from exc

    def _enqueue(self, session_id: str) -> None:
        from rq.exceptions import NoSuchJobError
        from rq.job import Job, JobStatus

        job_id = job_id_for(session_id)
        try:
            status = Job.fetch(job_id, connection=self.connection).get_status()
        except NoSuchJobError:
            status = None
        if status in (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED):
            return
        self.queue.enqueue(JOB_FUNCTION, session_id, job_id=job_id, result_ttl=3600)

    def cancel(self, session_ids: Iterable[str]) -> None:
        """Delete these sessions' jobs (they were deleted): waiting ones leave the queue, done
        ones leave Redis. A running one finishes: it finds no session and does nothing."""
        from rq.job import Job, JobStatus

        ids = [job_id_for(s) for s in session_ids]
        try:
            for job in Job.fetch_many(ids, connection=self.connection):
                if job is not None and job.get_status() != JobStatus.STARTED:
                    job.delete()  # also takes it out of its queue
        except redis.RedisError as exc:  # a job left behind finds no session and does nothing
            raise RedisUnavailable(f"consolidation queue unreachable: {exc}") from exc

    def pending(self) -> int:
        """Jobs waiting in rq's queue."""
        try:
            return int(self.queue.count)
        except redis.RedisError as exc:
            raise RedisUnavailable(f"consolidation queue unreachable: {exc}") from exc

    def wait(self) -> None:
        """Nothing to wait for here: a separate worker process runs the jobs."""

    def close(self) -> None:
        """Release the Redis connection."""
        self.connection.close()


def job_id_for(session_id: str) -> str:
    """rq job id of a session's consolidation: rq allows only letters, digits, _ and - in ids,
    and session ids may hold '.', ':', '@' and a tenant's '~', so the id is a digest."""
    return f"consolidate-{hashlib.sha256(session_id.encode()).hexdigest()[:32]}"
