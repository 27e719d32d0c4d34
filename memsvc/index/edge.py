"""Embedded default: Qdrant's in-process engine (qdrant-edge-py), zero servers."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Sequence
from pathlib import Path

import qdrant_edge as qe

from memsvc.index.base import (
    DENSE,
    FLOAT_FIELDS,
    KEYWORD_FIELDS,
    SPARSE,
    IndexFilter,
    IndexHit,
    IndexPoint,
    LegResults,
    from_point_id,
    to_point_id,
)
from memsvc.lexical import Sparse

PAYLOAD_FIELDS = [
    "user_id",
    "session_id",
    "tier",
    "speaker",
    "event_time",
    "turn_id",
    "people",
    "kinds",
    "days",
    "dated",
]


class EdgeIndex:
    """A single on-disk edge shard; writes are serialised, the engine handles reads."""

    def __init__(self, path: Path, *, dimension: int) -> None:
        self.path = path
        self.dimension = dimension
        self._lock = threading.RLock()
        self._shard = self._open()

    def _config(self) -> qe.EdgeConfig:
        return qe.EdgeConfig(
            vectors={DENSE: qe.EdgeVectorParams(size=self.dimension, distance=qe.Distance.Cosine)},
            sparse_vectors={SPARSE: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)},
        )

    def _open(self) -> qe.EdgeShard:
        if self.path.exists() and any(self.path.iterdir()):
            return qe.EdgeShard.load(str(self.path), self._config())
        self.path.mkdir(parents=True, exist_ok=True)
        shard = qe.EdgeShard.create(str(self.path), self._config())
        for name in KEYWORD_FIELDS:
            shard.update(qe.UpdateOperation.create_field_index(name, qe.PayloadSchemaType.Keyword))
        for name in FLOAT_FIELDS:
            shard.update(qe.UpdateOperation.create_field_index(name, qe.PayloadSchemaType.Float))
        return shard

    def upsert(self, points: Sequence[IndexPoint]) -> None:
        """Insert or replace points."""
        if not points:
            return
        edge_points = [
            qe.Point(
                id=to_point_id(p.id),
                vector={
                    DENSE: [float(x) for x in p.dense],
                    SPARSE: qe.SparseVector(indices=p.sparse.indices, values=p.sparse.values),
                },
                payload=p.payload,
            )
            for p in points
        ]
        with self._lock:
            self._shard.update(qe.UpdateOperation.upsert_points(edge_points))

    def delete(self, ids: Sequence[str]) -> None:
        """Remove points by id (missing ids are ignored)."""
        if ids:
            with self._lock:
                self._shard.update(qe.UpdateOperation.delete_points([to_point_id(i) for i in ids]))

    def delete_where(self, *, user_id: str, session_id: str | None = None) -> None:
        """Remove every point of a user, or of one of its sessions."""
        where = _filter(
            IndexFilter(user_id=user_id, session_ids=[session_id] if session_id else None)
        )
        with self._lock:
            self._shard.update(qe.UpdateOperation.delete_points_by_filter(where))

    def search(
        self,
        *,
        dense: Sequence[float] | None,
        sparse: Sparse | None,
        where: IndexFilter,
        limit: int,
    ) -> LegResults:
        """Run the dense and sparse legs as one planned batch."""
        flt = _filter(where)
        legs: list[tuple[str, qe.QueryRequest]] = []
        if dense is not None:
            query = qe.Query.Nearest([float(x) for x in dense], using=DENSE)
            legs.append((DENSE, _request(query, flt, limit)))
        if sparse:
            vector = qe.SparseVector(indices=sparse.indices, values=sparse.values)
            legs.append((SPARSE, _request(qe.Query.Nearest(vector, using=SPARSE), flt, limit)))
        if not legs:
            return LegResults()
        batches = self._shard.query_batch(qe.QueryBatchRequest([req for _, req in legs]))
        results = {
            name: [_hit(p) for p in batch] for (name, _), batch in zip(legs, batches, strict=True)
        }
        return LegResults(dense=results.get(DENSE, []), sparse=results.get(SPARSE, []))

    def count(self, *, user_id: str | None = None) -> int:
        """Number of points, overall or for one user."""
        flt = _filter(IndexFilter(user_id=user_id)) if user_id else None
        return int(self._shard.count(qe.CountRequest(exact=True, filter=flt)))

    def ids(self, *, user_id: str) -> set[str]:
        """Every point id of a user (used to check deletes and rebuilds)."""
        found: set[str] = set()
        offset = None
        while True:
            records, offset = self._shard.scroll(
                qe.ScrollRequest(
                    offset=offset, limit=1000, filter=_filter(IndexFilter(user_id=user_id))
                )
            )
            found.update(from_point_id(r.id) for r in records)
            if offset is None:
                return found

    def reset(self) -> None:
        """Drop every point and start from an empty shard."""
        with self._lock:
            self._shard.close()
            shutil.rmtree(self.path, ignore_errors=True)
            self._shard = self._open()

    def flush(self) -> None:
        """Persist pending changes."""
        with self._lock:
            self._shard.flush()

    def close(self) -> None:
        """Flush and release the shard."""
        with self._lock:
            self._shard.flush()
            self._shard.close()


def _request(query: qe.Query, flt: qe.Filter, limit: int) -> qe.QueryRequest:
    return qe.QueryRequest(limit=limit, query=query, filter=flt, with_payload=PAYLOAD_FIELDS)


def _hit(point: qe.ScoredPoint) -> IndexHit:
    return IndexHit(
        id=from_point_id(point.id), score=float(point.score), payload=point.payload or {}
    )


def _filter(where: IndexFilter) -> qe.Filter:
    must: list[qe.FieldCondition] = [
        qe.FieldCondition(key="user_id", match=qe.MatchValue(where.user_id))
    ]
    for key, values in (
        ("session_id", where.session_ids),
        ("speaker", where.speakers),
        ("tier", where.tiers),
    ):
        if values:
            must.append(qe.FieldCondition(key=key, match=qe.MatchAny(list(values))))
    if where.start is not None or where.end is not None:
        must.append(
            qe.FieldCondition(key="event_time", range=qe.RangeFloat(gte=where.start, lte=where.end))
        )
    return qe.Filter(must=must)
