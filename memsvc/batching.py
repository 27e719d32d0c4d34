"""Coalesce encode calls from concurrent requests into one encoder pass.

Requests arriving together (many chatbots posting turns) are merged, so the encoder sees
larger pools of texts to group by length, as a bulk job would. A lone request is encoded
at once: no waiting for company.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future

import numpy as np

from memsvc.encoder import Encoder, Vectors

Job = tuple[list[str], "Future[Vectors]"]


class CoalescingEncoder:
    """An Encoder that funnels every call through one worker thread, merging queued calls."""

    def __init__(self, inner: Encoder, *, max_texts: int = 512) -> None:
        self.inner = inner
        self.max_texts = max_texts
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._worker = threading.Thread(target=self._run, name="memsvc-encoder", daemon=True)
        self._worker.start()

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def name(self) -> str:
        return self.inner.name

    def encode(self, texts: list[str]) -> Vectors:
        """Encode texts, possibly together with other callers' texts."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        future: Future[Vectors] = Future()
        self._jobs.put((texts, future))
        return future.result()

    def close(self) -> None:
        """Stop the worker after the queued jobs."""
        self._jobs.put(None)
        self._worker.join(timeout=30)

    def _run(self) -> None:
        while (first := self._jobs.get()) is not None:
            batch = [first, *self._drain(len(first[0]))]
            self._encode_jobs([job for job in batch if job is not None])
            if batch[-1] is None:
                return

    def _drain(self, size: int) -> list[Job | None]:
        """Jobs already waiting, up to max_texts in all (a None stop marker ends the drain)."""
        taken: list[Job | None] = []
        while size < self.max_texts:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            taken.append(job)
            if job is None:
                break
            size += len(job[0])
        return taken

    def _encode_jobs(self, jobs: list[Job]) -> None:
        texts = [text for job_texts, _ in jobs for text in job_texts]
        try:
            vectors = self.inner.encode(texts)
        except Exception as exc:  # every waiting request gets the failure, not a hang
            for _, future in jobs:
                future.set_exception(exc)
            return
        start = 0
        for job_texts, future in jobs:
            future.set_result(vectors[start : start + len(job_texts)])
            start += len(job_texts)
