"""The vector index protocol: what memsvc needs from any Qdrant engine."""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from memsvc.config import SparseKind
from memsvc.errors import UnavailableError
from memsvc.lexical import Sparse

DENSE = "dense"
SPARSE = "sparse"
SPARSE_KIND_KEY = "memsvc_sparse"  # where a collection records which sparse vectors it holds
DENSE_SIZE_KEY = "memsvc_dense_size"  # ... and an edge shard the size of its dense vectors
# ... and the encoder's vector for a fixed text: two models of one size tell apart by it, one
# model in two precisions does not (bfloat16 and float32 agree to a cosine of 0.9999).
DENSE_PROBE_KEY = "memsvc_dense_probe"
PROBE_TEXT = "memsvc: which encoder wrote the vectors of this index"
SAME_ENCODER = 0.99  # probe cosine at or above which two encoders are the same model

# Payload fields filtered on; each gets a payload index.
KEYWORD_FIELDS = ("user_id", "session_id", "tier", "speaker")
FLOAT_FIELDS = ("event_time",)


@dataclass(frozen=True)
class IndexPoint:
    """One indexed memory item: its vectors and the payload searches filter on."""

    id: str
    dense: Sequence[float]
    sparse: Sparse
    payload: dict[str, Any]


@dataclass(frozen=True)
class IndexFilter:
    """Restricts a search to one user and optionally sessions, speakers, tiers and a time range."""

    user_id: str
    session_ids: Sequence[str] | None = None
    speakers: Sequence[str] | None = None
    tiers: Sequence[str] | None = None
    start: float | None = None  # event_time >= start (epoch seconds)
    end: float | None = None  # event_time <= end


@dataclass(frozen=True)
class IndexHit:
    """A search result: point id, engine score and payload."""

    id: str
    score: float
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LegResults:
    """Ranked hits per retrieval leg."""

    dense: list[IndexHit] = field(default_factory=list)
    sparse: list[IndexHit] = field(default_factory=list)


@dataclass(frozen=True)
class IndexStatus:
    """What the start-up check found: whether the index agrees with SQL, and if not, why."""

    ok: bool
    reason: str = ""
    repaired: int = 0  # points deleted or re-encoded to make the index agree


class VectorIndex(Protocol):
    """One collection with a named dense vector and a sparse lexical vector."""

    def upsert(self, points: Sequence[IndexPoint]) -> None: ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def delete_where(self, *, user_id: str, session_id: str | None = None) -> None: ...

    def search(
        self,
        *,
        dense: Sequence[float] | None,
        sparse: Sparse | None,
        where: IndexFilter,
        limit: int,
    ) -> LegResults: ...

    def count(self, *, user_id: str | None = None) -> int: ...

    def ids(self, *, user_id: str | None = None) -> set[str]: ...

    def compact(self) -> bool: ...

    def reset(self) -> None: ...

    def close(self) -> None: ...


def sparse_idf(kind: SparseKind) -> bool:
    """Whether the index weighs sparse terms by IDF: BM25's document vectors carry term
    frequency only, while SPLADE's weights are final (IDF on top would distort them)."""
    return kind == "bm25"


class IndexMismatchError(UnavailableError):
    """The index holds another sparse kind's vectors than MEMSVC_SPARSE asks for, or dense
    vectors another encoder made (another size, or another probe vector): mixing them would
    rank by meaningless scores (or fail), so the index refuses every call until rebuilt."""

    @classmethod
    def of_encoder(cls, where: str, *, cosine: float) -> IndexMismatchError:
        """The error for an index at `where` built by another encoder of the same size."""
        return cls(
            f"the vector index at {where} was built by another encoder than MEMSVC_ENCODER_"
            f"MODEL's (their vectors for one probe text differ: cosine {cosine:.2f}); stop "
            "memsvc and run `memsvc reindex` to rebuild it from SQL with this encoder (or set "
            "MEMSVC_ENCODER_MODEL back to the one it was built with)",
            index=where,
            cosine=round(cosine, 4),
        )

    @classmethod
    def of_size(cls, where: str, *, found: int, wanted: int) -> IndexMismatchError:
        """The error for an index at `where` built with another encoder's `found`-dimension
        dense vectors."""
        return cls(
            f"the vector index at {where} holds {found}-dimension dense vectors but the "
            f"encoder (MEMSVC_ENCODER_MODEL) makes {wanted}; stop memsvc and run `memsvc "
            "reindex` to rebuild it from SQL with this encoder (or set MEMSVC_ENCODER_MODEL "
            "back to the one it was built with)",
            index=where,
            found=found,
            wanted=wanted,
        )

    @classmethod
    def of(cls, where: str, *, found: str, wanted: SparseKind) -> IndexMismatchError:
        """The error for an index at `where` built with `found` vectors."""
        return cls(
            f"the vector index at {where} holds {found} sparse vectors but MEMSVC_SPARSE="
            f"{wanted}; stop memsvc and run `memsvc reindex` to rebuild it from SQL with {wanted} "
            f"vectors (or set MEMSVC_SPARSE={found} again)",
            index=where,
            found=found,
            wanted=wanted,
        )


@dataclass(frozen=True)
class BuiltWith:
    """What an index records of the encoders that made its vectors (None: not recorded, as
    in an index from before the record)."""

    sparse: str
    size: int | None = None
    probe: object = None

    def mismatch(
        self, where: str, *, sparse: SparseKind, size: int, probe: Sequence[float] | None
    ) -> IndexMismatchError | None:
        """The error to refuse calls with when these encoders are not the configured ones (a
        fresh one per call: one instance raised again would grow its traceback)."""
        if self.sparse != sparse:
            return IndexMismatchError.of(where, found=self.sparse, wanted=sparse)
        if self.size is not None and self.size != size:
            return IndexMismatchError.of_size(where, found=self.size, wanted=size)
        cosine = other_encoder(self.probe, probe)
        if cosine is not None:
            return IndexMismatchError.of_encoder(where, cosine=cosine)
        return None


def probe_record(probe: Sequence[float]) -> list[float]:
    """The probe vector as recorded (4 decimals: a record stays a few kilobytes)."""
    return [round(float(v), 4) for v in probe]


def other_encoder(recorded: object, probe: Sequence[float] | None) -> float | None:
    """The probe cosine when the recorded probe says another encoder built the index, else
    None (the same encoder, or nothing to compare: an index from before the probe)."""
    if probe is None or not isinstance(recorded, list) or len(recorded) != len(probe):
        return None
    dot = sum(float(a) * float(b) for a, b in zip(recorded, probe, strict=True))
    norms = math.sqrt(sum(float(a) ** 2 for a in recorded) * sum(float(b) ** 2 for b in probe))
    cosine = dot / norms if norms else 0.0
    return cosine if cosine < SAME_ENCODER else None


def to_point_id(item_id: str) -> str:
    """Qdrant wants UUIDs: our 32-hex ids in canonical dashed form."""
    return str(uuid.UUID(item_id))


def from_point_id(point_id: Any) -> str:
    """Back from a Qdrant point id (UUID or string) to our 32-hex id."""
    return uuid.UUID(str(point_id)).hex
