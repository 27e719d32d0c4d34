"""spaCy anchoring of ingest batches in a child process, streamed back in chunks.

In the serving process spaCy would hold the GIL for most of a parse, and every encoder
worker needs the GIL between torch ops: each parse then stretches every model pass (under
eight concurrent ingest clients the service fell to a third of its one-client rate). In a
child process the parse runs on the other core, and chunking lets a request encode chunk k
while the child parses chunk k+1. The child keeps each batch's discourse state (speakers,
pronouns, relations) across chunks, so the anchors are those one pass would give.

The child imports no torch (spaCy's pipeline runs on thinc's numpy ops): a smaller, faster
process. If it dies, the request that saw it anchors in process and a new child starts.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import sys
import threading
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from memsvc.turns.anchoring import SessionContext

log = logging.getLogger(__name__)
CHUNK_TURNS = 16  # spaCy parses 16 at a time ~15% slower than 64, and encoding starts sooner
REPLY_SECONDS = 120  # an anti-hang bound for one chunk, far above any real parse

Items = Sequence[tuple[str, str, datetime]]
Anchors = list[dict[str, Any]]

# Child side: the pipeline and the batches in progress, by job id.
_ANCHORER: Any = None
_JOBS: dict[str, Iterator[dict[str, Any]]] = {}


def _load_pipeline() -> None:
    sys.modules.setdefault("torch", None)  # type: ignore[arg-type]  # thinc then skips torch
    from memsvc.linguistics.anchors import Anchorer

    global _ANCHORER
    _ANCHORER = Anchorer(batch_size=CHUNK_TURNS)
    _ANCHORER.nlp("warm up")


def _start(job: str, items: Items, context: SessionContext) -> tuple[Anchors, bool]:
    from memsvc.turns.anchoring import iter_batch

    _JOBS[job] = iter_batch(_ANCHORER, items, context=context)
    return _next(job)


def _next(job: str) -> tuple[Anchors, bool]:
    chunk = list(itertools.islice(_JOBS[job], CHUNK_TURNS))
    more = len(chunk) == CHUNK_TURNS
    if not more:
        del _JOBS[job]
    return chunk, more


def _drop(job: str) -> None:
    _JOBS.pop(job, None)


class AnchorProcess:
    """A child process anchoring batches; `stream` yields each batch's anchors in chunks."""

    def __init__(self) -> None:
        """Start the child now: it loads spaCy while the caller goes on."""
        self._lock = threading.Lock()
        self._pool = self._new_pool()

    def stream(self, items: Items, *, context: SessionContext) -> Iterator[Anchors]:
        """The batch's anchors, CHUNK_TURNS at a time; the child parses the next chunk while
        the caller works on this one. BrokenProcessPool: the child died (a new one starts)."""
        pool = self._pool
        job = uuid.uuid4().hex
        more = True
        try:
            reply: Future[tuple[Anchors, bool]] = pool.submit(_start, job, list(items), context)
            while more:
                chunk, more = reply.result(timeout=REPLY_SECONDS)
                if more:
                    reply = pool.submit(_next, job)
                yield chunk
        except BrokenProcessPool:
            self._replace(pool)
            raise
        finally:
            if more and pool is self._pool:  # the caller stopped early: free the child's state
                pool.submit(_drop, job)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is broken:  # not already replaced by another request
                log.warning("the anchoring process died; starting a new one")
                self._pool = self._new_pool()
        broken.shutdown(wait=False, cancel_futures=True)

    @staticmethod
    def _new_pool() -> ProcessPoolExecutor:
        # spawn: a fork of a process holding torch's threads and open SQLite files is unsafe.
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(1, mp_context=context, initializer=_load_pipeline)
        pool.submit(_drop, "")  # a pool starts its process at the first submit
        return pool
