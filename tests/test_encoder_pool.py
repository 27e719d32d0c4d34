"""The encoder pool on the real MiniLM model: same vectors as a direct pass, queries ahead of
bulk work, failures reach every caller, and the CPU defaults (one torch thread per worker)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from memsvc.batching import QUERY_TEXTS, EncoderPool
from memsvc.config import Settings
from memsvc.encoder import (
    SentenceTransformerEncoder,
    Vectors,
    default_threads,
    encoder_workers,
    usable_cores,
)

TEXTS = [
    f"Caroline: I went to the {place} on day {n} and it was {mood}."
    + " We talked for a long while about everything." * (n % 4)
    for n, (place, mood) in enumerate(
        [("park", "lovely"), ("support group", "moving"), ("museum", "quiet")] * 30
    )
]


class _Recording:
    """The real encoder, recording the order in which calls finish their passes."""

    def __init__(self, inner: SentenceTransformerEncoder) -> None:
        self.inner = inner
        self.passes: list[int] = []
        self.started = threading.Event()

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def name(self) -> str:
        return self.inner.name

    def encode(self, texts: list[str]) -> Vectors:
        self.started.set()
        vectors = self.inner.encode(texts)
        self.passes.append(len(texts))
        return vectors


class _FailingOn(_Recording):
    """The real encoder, failing a pass that holds a poisoned text (fault injection)."""

    def encode(self, texts: list[str]) -> Vectors:
        if "poison" in texts:
            raise RuntimeError("model pass failed")
        return super().encode(texts)


def _assert_same(got: Vectors, expected: Vectors) -> None:
    """Row by row the same vectors (batch composition moves bfloat16 in its 4th digit)."""
    assert got.shape == expected.shape
    assert (got * expected).sum(axis=1).min() > 0.9999


def test_concurrent_calls_get_the_vectors_a_direct_pass_gives(
    encoder: SentenceTransformerEncoder,
) -> None:
    """Queries and batches from eight threads, merged and chunked, land on the right rows."""
    direct = encoder.encode(TEXTS)
    pool = EncoderPool(encoder, workers=2, chunk=8)
    calls = [
        (i, i + size)
        for i, size in zip(range(0, 60, 4), ([1, 9, 2, 30, 3, 12] * 3)[:15], strict=True)
    ]
    try:
        with ThreadPoolExecutor(8) as threads:
            results = list(threads.map(lambda span: pool.encode(TEXTS[span[0] : span[1]]), calls))
    finally:
        pool.close()
    for (start, end), vectors in zip(calls, results, strict=True):
        assert vectors.shape == (end - start, encoder.dimension)
        _assert_same(vectors, direct[start:end])


def test_a_query_waits_for_one_chunk_not_for_a_whole_batch(
    encoder: SentenceTransformerEncoder,
) -> None:
    """With one worker busy on a long batch, a query sent meanwhile is encoded next."""
    recording = _Recording(encoder)
    pool = EncoderPool(recording, workers=1, chunk=8)
    done: list[str] = []
    try:
        bulk = threading.Thread(target=lambda: (pool.encode(TEXTS), done.append("bulk")))
        bulk.start()
        assert recording.started.wait(60)  # the batch's first chunk is being encoded
        pool.encode(["When did Caroline go to the support group?"])
        done.append("query")
        bulk.join(60)
    finally:
        pool.close()
    assert done == ["query", "bulk"]
    # The query had a pass of its own, second or third (a chunk may have started meanwhile).
    assert 1 in recording.passes[:3]
    assert sum(recording.passes) == len(TEXTS) + 1


def test_queued_queries_share_one_pass(encoder: SentenceTransformerEncoder) -> None:
    recording = _Recording(encoder)
    pool = EncoderPool(recording, workers=1, chunk=32)
    try:
        blocker = threading.Thread(target=lambda: pool.encode(TEXTS[:40]))
        blocker.start()
        assert recording.started.wait(60)
        with ThreadPoolExecutor(6) as threads:
            queries = list(threads.map(lambda n: pool.encode([f"question {n}?"]), range(6)))
        blocker.join(60)
    finally:
        pool.close()
    assert all(q.shape == (1, encoder.dimension) for q in queries)
    assert len(recording.passes) < 2 + 6  # some queries were encoded together
    assert QUERY_TEXTS >= 1


def test_a_failed_pass_fails_its_callers_and_the_pool_goes_on(
    encoder: SentenceTransformerEncoder,
) -> None:
    pool = EncoderPool(_FailingOn(encoder), workers=2, chunk=4)
    try:
        with pytest.raises(RuntimeError, match="model pass failed"):
            pool.encode(["poison"])
        with pytest.raises(RuntimeError, match="model pass failed"):
            pool.encode([*TEXTS[:10], "poison"])
        _assert_same(pool.encode(TEXTS[:10]), encoder.encode(TEXTS[:10]))
    finally:
        pool.close()
    with pytest.raises(RuntimeError, match="closed"):
        pool.encode(["after close"])


def test_cpu_defaults_give_each_worker_one_core() -> None:
    """By default a worker per core (up to 4) and one torch thread each; a GPU gets one
    worker; explicit settings win."""
    cores = usable_cores()
    auto = Settings(torch_threads=None, encoder_workers=None)  # whatever the environment says
    workers = encoder_workers(auto, device="cpu")
    assert workers == min(4, cores)
    assert default_threads(auto, workers=workers) == max(1, cores // workers)
    assert encoder_workers(auto, device="cuda") == 1
    assert default_threads(auto, workers=1) == cores
    assert encoder_workers(Settings(encoder_workers=3), device="cpu") == 3
    assert default_threads(Settings(torch_threads=2), workers=workers) == 2
