"""Encode calls of concurrent requests on a few worker threads: queries first, bulk work merged.

Two kinds of call reach the encoder. A search needs one short text now; an ingest batch
needs many texts soon. So calls of at most QUERY_TEXTS texts go to a queue that every
worker serves first (and queued queries share one pass), while bulk calls that arrive
together are merged, grouped by length across requests (less padding) and cut into chunks
of at most `chunk` texts, which any idle worker takes. A query therefore waits for at most
one chunk, never for a whole ingest batch, and one request's batch spreads over every worker.

Workers run single-threaded torch ops side by side (see `encoder.default_threads`): torch
releases the GIL inside each op, and independent workers keep going on a busy machine where
an OpenMP team of threads stalls whenever one of its members loses its core.
"""

from __future__ import annotations

import threading
from collections import deque
from concurrent.futures import Future
from dataclasses import dataclass, field

import numpy as np

from memsvc.encoder import Encoder, Vectors, length_groups

QUERY_TEXTS = 4  # calls this small are latency-bound: search queries, a fact or two


@dataclass
class _Call:
    """One caller's texts and where their vectors go."""

    texts: list[str]
    vectors: Vectors
    future: Future[Vectors] = field(default_factory=Future)
    pending: int = 0  # chunks not yet encoded (changed under the pool's lock)


# A chunk: texts to encode in one pass, and for each (call, row in that call).
_Chunk = list[tuple[_Call, int]]


class EncoderPool:
    """An Encoder whose passes run on `workers` threads, small calls ahead of bulk ones."""

    def __init__(
        self, inner: Encoder, *, workers: int = 1, chunk: int = 32, max_merge: int = 512
    ) -> None:
        self.inner = inner
        self.chunk = chunk
        self.max_merge = max_merge
        self._queries: deque[_Call] = deque()
        self._bulk: deque[_Call] = deque()
        self._chunks: deque[_Chunk] = deque()
        self._ready = threading.Condition()
        self._closing = False
        self._workers = [
            threading.Thread(target=self._run, name=f"memsvc-encoder-{n}", daemon=True)
            for n in range(max(1, workers))
        ]
        for worker in self._workers:
            worker.start()

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def name(self) -> str:
        return self.inner.name

    def encode(self, texts: list[str]) -> Vectors:
        """Encode texts, possibly in one pass with other callers' texts."""
        return self.submit(texts).result()

    def submit(self, texts: list[str], *, urgent: bool | None = None) -> Future[Vectors]:
        """Queue texts for encoding; the future holds their vectors. `urgent` (default: at
        most QUERY_TEXTS texts) puts them ahead of bulk work."""
        call = _Call(texts, np.zeros((len(texts), self.dimension), dtype=np.float32))
        if not texts:
            call.future.set_result(call.vectors)
            return call.future
        with self._ready:
            if self._closing:
                raise RuntimeError("the encoder is closed")
            urgent = len(texts) <= QUERY_TEXTS if urgent is None else urgent
            (self._queries if urgent else self._bulk).append(call)
            self._ready.notify()
        return call.future

    def close(self) -> None:
        """Stop the workers once the queued work is done."""
        with self._ready:
            self._closing = True
            self._ready.notify_all()
        for worker in self._workers:
            worker.join(timeout=30)

    def _run(self) -> None:
        while (work := self._next()) is not None:
            self._encode(work)

    def _next(self) -> _Chunk | None:
        """The next pass: every queued query, else a chunk of bulk work (None: closed)."""
        with self._ready:
            while True:
                if self._queries:
                    return self._take_queries()
                if self._chunks:
                    return self._chunks.popleft()
                if self._bulk:
                    self._split_bulk()
                    continue
                if self._closing:
                    return None
                self._ready.wait()

    def _take_queries(self) -> _Chunk:
        work: _Chunk = []
        while self._queries and len(work) < self.chunk:
            call = self._queries.popleft()
            call.pending = 1
            work += [(call, row) for row in range(len(call.texts))]
        return work

    def _split_bulk(self) -> None:
        """Merge the waiting bulk calls (up to max_merge texts) and queue their chunks,
        grouped by length across calls."""
        merged: _Chunk = []
        while self._bulk and (
            not merged or len(merged) + len(self._bulk[0].texts) <= self.max_merge
        ):
            call = self._bulk.popleft()
            merged += [(call, row) for row in range(len(call.texts))]
        texts = [call.texts[row] for call, row in merged]
        chunks = [[merged[i] for i in group] for group in length_groups(texts, max_size=self.chunk)]
        for chunk in chunks:
            for call in {id(call): call for call, _ in chunk}.values():
                call.pending += 1
        self._chunks.extend(chunks)
        self._ready.notify_all()  # the other workers can take chunks too

    def _encode(self, work: _Chunk) -> None:
        calls = {id(call): call for call, _ in work}
        try:
            vectors = self.inner.encode([call.texts[row] for call, row in work])
        except Exception as exc:  # every caller in this pass gets the failure, not a hang
            for call in calls.values():
                if not call.future.done():
                    call.future.set_exception(exc)
            return
        for key, call in calls.items():
            positions = [i for i, (c, _) in enumerate(work) if id(c) == key]
            call.vectors[[work[i][1] for i in positions]] = vectors[positions]  # disjoint rows
        with self._ready:
            finished = []
            for call in calls.values():
                call.pending -= 1
                if call.pending == 0:
                    finished.append(call)
        for call in finished:
            if not call.future.done():
                call.future.set_result(call.vectors)


def submit(encoder: Encoder, texts: list[str], *, urgent: bool | None = None) -> Future[Vectors]:
    """Encode on the pool without waiting, or (any other encoder) here and now."""
    if isinstance(encoder, EncoderPool):
        return encoder.submit(texts, urgent=urgent)
    future: Future[Vectors] = Future()
    future.set_result(encoder.encode(texts))
    return future
