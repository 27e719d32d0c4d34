"""Embedded default: Qdrant's in-process engine (qdrant-edge-py), zero servers."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import qdrant_edge as qe

from memsvc.config import SparseKind
from memsvc.errors import UnavailableError
from memsvc.index.base import (
    DENSE,
    DENSE_PROBE_KEY,
    DENSE_SIZE_KEY,
    FLOAT_FIELDS,
    KEYWORD_FIELDS,
    SPARSE,
    SPARSE_KIND_KEY,
    BuiltWith,
    IndexFilter,
    IndexHit,
    IndexMismatchError,
    IndexPoint,
    LegResults,
    from_point_id,
    probe_record,
    sparse_idf,
    to_point_id,
)
from memsvc.index.shard_files import ShardFiles, remove
from memsvc.lexical import Sparse

log = logging.getLogger(__name__)

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
COPY_PAGE = 500  # points per scroll page when a compaction copies the shard
# Inside the shard's directory, so a compaction's fresh shard (which writes its own) and a
# reset carry it along; the engine ignores files it does not know.
RECORD = "memsvc-index.json"


class EdgeIndex:
    """A single on-disk edge shard; writes are serialised, the engine handles reads.

    A shard that cannot be read does not stop the process: every call then raises a 503 that
    says to run `memsvc reindex`. Deletes only flag points in the engine (their payloads stay
    in the segments and the WAL), so compact() rewrites the live points into a fresh shard.
    """

    def __init__(
        self,
        path: Path,
        *,
        dimension: int,
        sparse: SparseKind = "bm25",
        probe: Sequence[float] | None = None,
    ) -> None:
        self.path = path
        self.dimension = dimension
        self.sparse = sparse
        self.probe = probe  # the encoder's vector for PROBE_TEXT (None: not checked)
        self._files = ShardFiles(path)
        self._lock = threading.RLock()  # serialises writes and compaction
        self._gate = _Gate()  # lets reads run until the shard is closed or swapped
        self._broken = ""
        self._built: BuiltWith | None = None  # what built the shard, when not these encoders
        self._files.recover()
        self._shard = self._open()

    def _config(self) -> qe.EdgeConfig:
        modifier = qe.Modifier.Idf if sparse_idf(self.sparse) else getattr(qe.Modifier, "None")
        return qe.EdgeConfig(
            vectors={DENSE: qe.EdgeVectorParams(size=self.dimension, distance=qe.Distance.Cosine)},
            sparse_vectors={SPARSE: qe.EdgeSparseVectorParams(modifier=modifier)},
        )

    def _open(self) -> qe.EdgeShard | None:
        """Load the shard (a new empty one if there is none); None, with the reason, if it
        cannot be read or was built by other encoders (see BuiltWith)."""
        if not self.path.exists() or (self.path.is_dir() and not any(self.path.iterdir())):
            log.info("no vector index at %s: created an empty one", self.path)
            return self._create(self.path)
        built = _built_with(self.path)
        mismatch = self._mismatch_with(built)
        if mismatch is not None:
            self._built = built
            log.error("%s", mismatch.message)
            return None
        try:
            shard = qe.EdgeShard.load(str(self.path), self._config())
        except Exception as exc:  # the engine raises plain Exceptions for unreadable files
            return self._unreadable(exc)
        try:
            self._probe(shard)
        except Exception as exc:
            shard.close()
            return self._unreadable(exc)
        return shard

    def _unreadable(self, exc: Exception) -> None:
        self._broken = str(exc).splitlines()[0][:300]
        log.error(
            "vector index at %s is unreadable (%s): stop memsvc and run `memsvc reindex`",
            self.path,
            self._broken,
        )

    def _probe(self, shard: qe.EdgeShard) -> None:
        """Read a point's vectors and payload and scan the dense vectors, so that corrupt
        storage fails here rather than in a request."""
        shard.scroll(qe.ScrollRequest(limit=1, with_payload=True, with_vector=True))
        query = qe.Query.Nearest([1.0] * self.dimension, using=DENSE)
        shard.query(qe.QueryRequest(limit=1, query=query, with_payload=True))

    def _create(self, path: Path) -> qe.EdgeShard:
        path.mkdir(parents=True, exist_ok=True)
        shard = qe.EdgeShard.create(str(path), self._config())
        record: dict[str, object] = {SPARSE_KIND_KEY: self.sparse, DENSE_SIZE_KEY: self.dimension}
        if self.probe is not None:
            record[DENSE_PROBE_KEY] = probe_record(self.probe)
        (path / RECORD).write_text(json.dumps(record))
        for name in KEYWORD_FIELDS:
            shard.update(qe.UpdateOperation.create_field_index(name, qe.PayloadSchemaType.Keyword))
        for name in FLOAT_FIELDS:
            shard.update(qe.UpdateOperation.create_field_index(name, qe.PayloadSchemaType.Float))
        return shard

    def _mismatch_with(self, built: BuiltWith) -> IndexMismatchError | None:
        where = str(self.path)
        return built.mismatch(where, sparse=self.sparse, size=self.dimension, probe=self.probe)

    def _live(self) -> qe.EdgeShard:
        """The open shard, or a 503 that says how to rebuild it."""
        mismatch = self._mismatch_with(self._built) if self._built else None
        if mismatch is not None:
            raise mismatch
        if self._shard is None:
            raise UnavailableError(
                f"vector index at {self.path} is unreadable ({self._broken}); "
                "stop memsvc and run `memsvc reindex` to rebuild it from SQL",
                index=str(self.path),
            )
        return self._shard

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
            self._live().update(qe.UpdateOperation.upsert_points(edge_points))

    def delete(self, ids: Sequence[str]) -> None:
        """Remove points by id (missing ids are ignored)."""
        if ids:
            self._delete(qe.UpdateOperation.delete_points([to_point_id(i) for i in ids]))

    def delete_where(self, *, user_id: str, session_id: str | None = None) -> None:
        """Remove every point of a user, or of one of its sessions."""
        where = _filter(
            IndexFilter(user_id=user_id, session_ids=[session_id] if session_id else None)
        )
        self._delete(qe.UpdateOperation.delete_points_by_filter(where))

    def _delete(self, operation: qe.UpdateOperation) -> None:
        with self._lock:
            shard = self._live()
            # Marked first: a crash after the delete still leaves the rewrite to do.
            self._files.mark_pending()
            shard.update(operation)

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
        with self._gate.reading():
            batches = self._live().query_batch(qe.QueryBatchRequest([req for _, req in legs]))
        results = {
            name: [_hit(p) for p in batch] for (name, _), batch in zip(legs, batches, strict=True)
        }
        return LegResults(dense=results.get(DENSE, []), sparse=results.get(SPARSE, []))

    def count(self, *, user_id: str | None = None) -> int:
        """Number of points, overall or for one user."""
        flt = _filter(IndexFilter(user_id=user_id)) if user_id else None
        with self._gate.reading():
            return int(self._live().count(qe.CountRequest(exact=True, filter=flt)))

    def ids(self, *, user_id: str | None = None) -> set[str]:
        """Every point id, or every point id of a user (to check deletes and rebuilds)."""
        flt = _filter(IndexFilter(user_id=user_id)) if user_id else None
        with self._gate.reading():
            pages = _pages(self._live(), size=1000, where=flt)
            return {from_point_id(r.id) for records in pages for r in records}

    def compact(self) -> bool:
        """If points were deleted since the last rewrite, copy the live points into a fresh
        shard and swap it in, so deleted payloads leave the segments and the WAL; returns
        whether it rewrote."""
        if not self._files.pending.exists():
            return False
        with self._lock:  # writes wait for the copy; reads go on until the swap
            shard = self._live()
            remove(self._files.staging)
            fresh = self._create(self._files.staging)
            _copy(shard, fresh)
            fresh.flush()
            fresh.close()
            with self._gate.closed():
                shard.close()
                self._shard, self._broken = None, "a compaction did not finish; see the log"
                self._files.swap_in_staging()
                self._shard = qe.EdgeShard.load(str(self.path), self._config())
                self._broken = ""
            self._files.clear_pending()
        return True

    def reset(self) -> None:
        """Drop every point and start from an empty shard, whatever state the files are in."""
        with self._lock, self._gate.closed():
            if self._shard is not None:
                self._shard.close()
            self._shard = None
            for path in (self.path, self._files.staging, self._files.retired):
                remove(path)
            self._shard, self._broken = self._create(self.path), ""
            self._built = None  # rebuilt empty, by these encoders
            self._files.clear_pending()

    def close(self) -> None:
        """Flush and release the shard."""
        with self._lock, self._gate.closed():
            if self._shard is not None:
                self._shard.flush()
                self._shard.close()
            self._shard, self._broken = None, "the index is closed"


def _built_with(path: Path) -> BuiltWith:
    """What the shard's record says built it. A shard without the record predates SPLADE, so
    it holds BM25 vectors; one without a size or probe predates those (the engine itself
    refuses another size, as an unreadable shard); an unreadable record is rebuilt like a
    mismatch, never trusted."""
    try:
        record = json.loads((path / RECORD).read_text())
    except FileNotFoundError:
        return BuiltWith(sparse="bm25")
    except (OSError, ValueError):
        return BuiltWith(sparse="unknown")
    if not isinstance(record, dict):
        return BuiltWith(sparse="unknown")
    size = record.get(DENSE_SIZE_KEY)
    return BuiltWith(
        sparse=str(record.get(SPARSE_KIND_KEY, "unknown")),
        size=size if isinstance(size, int) else None,
        probe=record.get(DENSE_PROBE_KEY),
    )


class _Gate:
    """Many readers at once; closing or swapping the shard waits for them and holds new ones."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._shut = False

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Hold the shard open for one read."""
        with self._cond:
            self._cond.wait_for(lambda: not self._shut)
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def closed(self) -> Iterator[None]:
        """No read runs inside (callers hold the write lock, so one at a time)."""
        with self._cond:
            self._shut = True
            self._cond.wait_for(lambda: self._readers == 0)
        try:
            yield
        finally:
            with self._cond:
                self._shut = False
                self._cond.notify_all()


def _pages(
    shard: qe.EdgeShard, *, size: int, where: qe.Filter | None = None, whole: bool = False
) -> Iterator[list[qe.Record]]:
    """Every point of the shard (matching where), a page of at most size at a time; whole
    pages carry vectors and payloads."""
    offset = None
    while True:
        request = qe.ScrollRequest(
            offset=offset,
            limit=size,
            filter=where,
            with_payload=whole or None,
            with_vector=whole or None,
        )
        records, offset = shard.scroll(request)
        yield records
        if offset is None:
            return


def _copy(source: qe.EdgeShard, target: qe.EdgeShard) -> None:
    """Copy every live point (vectors and payload, no re-encoding) from one shard to another."""
    for records in _pages(source, size=COPY_PAGE, whole=True):
        if records:
            points = [qe.Point(id=r.id, vector=r.vector, payload=r.payload) for r in records]
            target.update(qe.UpdateOperation.upsert_points(points))


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
