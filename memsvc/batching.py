"""Encode calls of concurrent requests on a few worker threads: queries first, bulk work merged.

Two kinds of call reach an encoder. A search needs one short text now; an ingest batch
needs many texts soon. So calls of at most QUERY_TEXTS texts go to a queue that every
worker serves first (and queued queries share one pass), while bulk calls that arrive
together are merged, grouped by length across requests (less padding) and cut into chunks
of at most `chunk` texts, which any idle worker takes. A query therefore waits for at most
one chunk, never for a whole ingest batch, and one request's batch spreads over every worker.

Workers run single-threaded torch ops side by side (see `encoder.default_threads`): torch
releases the GIL inside each op, and independent workers keep going on a busy machine where
an OpenMP team of threads stalls whenever one of its members loses its core.

`BatchPool` does this for any model that maps texts to one result row each; `EncoderPool`
is the dense encoder's (rows stacked into an array), the SPLADE sparse leg has its own.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np

from memsvc.encoder import Encoder, Vectors, length_groups

QUERY_TEXTS = 4  # calls this small are latency-bound: search queries, a fact or two

Row = TypeVar("Row")
Out = TypeVar("Out")


@dataclass
class _Call:
    """One caller's texts and where their result rows go."""

    texts: list[str]
    rows: list[Any]
    future: Future[Any] = field(default_factory=Future)
    pending: int = 0  # chunks not yet encoded (changed under the pool's lock)


# A chunk: texts to encode in one pass, and for each (call, row in that call).
_Chunk = list[tuple[_Call, int]]


class BatchPool(Generic[Row, Out]):
    """Passes of `run` (texts -> one row per text) on `workers` threads, small calls ahead of
    bulk ones; `collect` turns a call's rows, in order, into what its future holds."""

    def __init__(
        self,
        run: Callable[[list[str]], Sequence[Row]],
        collect: Callable[[list[Row]], Out],
        *,
        workers: int = 1,
        chunk: int = 32,
        max_merge: int = 512,
        name: str = "memsvc-encoder",
    ) -> None:
        self._run_pass = run
        self._collect = collect
        self.chunk = chunk
        self.max_merge = max_merge
        self._queries: deque[_Call] = deque()
        self._bulk: deque[_Call] = deque()
        self._chunks: deque[_Chunk] = deque()
        self._ready = threading.Condition()
        self._closing = False
        self._workers = [
            threading.Thread(target=self._run, name=f"{name}-{n}", daemon=True)
            for n in range(max(1, workers))
        ]
        for worker in self._workers:
            worker.start()

    def submit_rows(self, texts: list[str], *, urgent: bool | None = None) -> Future[Out]:
        """Queue texts for encoding; the future holds their collected rows. `urgent`
        (default: at most QUERY_TEXTS texts) puts them ahead of bulk work."""
        call = _Call(texts, [None] * len(texts))
        if not texts:
            call.future.set_result(self._collect([]))
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
            results = self._run_pass([call.texts[row] for call, row in work])
        except Exception as exc:  # every caller in this pass gets the failure, not a hang
            for call in calls.values():
                if not call.future.done():
                    call.future.set_exception(exc)
            return
        for (call, row), result in zip(work, results, strict=True):
            call.rows[row] = result  # disjoint rows: no lock needed
        with self._ready:
            finished = []
            for call in calls.values():
                call.pending -= 1
                if call.pending == 0:
                    finished.append(call)
        for call in finished:
            if not call.future.done():
                self._finish(call)

    def _finish(self, call: _Call) -> None:
        try:
            call.future.set_result(self._collect(call.rows))
        except Exception as exc:  # a collect that fails must not leave the caller waiting
            call.future.set_exception(exc)


class EncoderPool(BatchPool[Vectors, Vectors]):
    """An Encoder whose passes run on `workers` threads, small calls ahead of bulk ones."""

    def __init__(
        self, inner: Encoder, *, workers: int = 1, chunk: int = 32, max_merge: int = 512
    ) -> None:
        self.inner = inner
        super().__init__(
            inner.encode,
            self._stack,
            workers=workers,
            chunk=chunk,
            max_merge=max_merge,
            name="memsvc-encoder",
        )

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
        """Queue texts for encoding; the future holds their (n, dimension) vectors. `urgent`
        (default: at most QUERY_TEXTS texts) puts them ahead of bulk work."""
        return self.submit_rows(texts, urgent=urgent)

    def _stack(self, rows: list[Vectors]) -> Vectors:
        if not rows:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack(rows).astype(np.float32, copy=False)


def submit(encoder: Encoder, texts: list[str], *, urgent: bool | None = None) -> Future[Vectors]:
    """Encode on the pool without waiting, or (any other encoder) here and now."""
    if isinstance(encoder, EncoderPool):
        return encoder.submit(texts, urgent=urgent)
    future: Future[Vectors] = Future()
    future.set_result(encoder.encode(texts))
    return future
