"""Scale-out: a Qdrant server through qdrant-client (its local mode mirrors the same API)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from qdrant_client import QdrantClient, models

from memsvc.config import SparseKind
from memsvc.index.base import (
    DENSE,
    DENSE_PROBE_KEY,
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
from memsvc.lexical import Sparse


class QdrantServerIndex:
    """One collection on a Qdrant server (or in qdrant-client's local mode).

    The collection's metadata records its sparse kind and the dense encoder's probe vector;
    one built with the other kind, or by another dense encoder (another size or probe),
    refuses every call (a 503 saying to run `memsvc reindex`) until reset() rebuilds it.
    """

    def __init__(
        self,
        client: QdrantClient,
        *,
        collection: str,
        dimension: int,
        sparse: SparseKind = "bm25",
        probe: Sequence[float] | None = None,
    ) -> None:
        self.client = client
        self.collection = collection
        self.dimension = dimension
        self.sparse = sparse
        self.probe = probe  # the encoder's vector for PROBE_TEXT (None: not checked)
        self._built: BuiltWith | None = None  # what built the collection, when not these
        self._ensure_collection()

    def _ensure_collection(self) -> None:
        if self.client.collection_exists(self.collection):
            built = self._built_with()
            self._built = built if self._mismatch_with(built) else None
            return
        modifier = models.Modifier.IDF if sparse_idf(self.sparse) else None
        metadata: dict[str, object] = {SPARSE_KIND_KEY: self.sparse}
        if self.probe is not None:
            metadata[DENSE_PROBE_KEY] = probe_record(self.probe)
        self.client.create_collection(
            self.collection,
            vectors_config={
                DENSE: models.VectorParams(size=self.dimension, distance=models.Distance.COSINE)
            },
            sparse_vectors_config={SPARSE: models.SparseVectorParams(modifier=modifier)},
            metadata=metadata,
        )
        with warnings.catch_warnings():
            # Local mode (tests) warns that payload indexes do nothing there; the server uses them.
            warnings.simplefilter("ignore", UserWarning)
            self._create_payload_indexes()

    def _built_with(self) -> BuiltWith:
        """What built the collection: its metadata's sparse kind (without one, built before the
        record or on a server that drops metadata, the IDF modifier tells BM25 from a learned
        kind) and probe, and its dense vectors' size."""
        config = self.client.get_collection(self.collection).config
        metadata = config.metadata or {}
        recorded = metadata.get(SPARSE_KIND_KEY)
        if recorded:
            kind = str(recorded)
        else:
            params = (config.params.sparse_vectors or {}).get(SPARSE)
            kind = "bm25" if params and params.modifier == models.Modifier.IDF else "unknown"
        vectors = config.params.vectors
        dense = vectors.get(DENSE) if isinstance(vectors, dict) else vectors
        size = dense.size if dense is not None else None
        return BuiltWith(sparse=kind, size=size, probe=metadata.get(DENSE_PROBE_KEY))

    def _mismatch_with(self, built: BuiltWith) -> IndexMismatchError | None:
        where = f"collection {self.collection!r}"
        return built.mismatch(where, sparse=self.sparse, size=self.dimension, probe=self.probe)

    def _usable(self) -> None:
        """A 503 that says to rebuild, if the collection was built by other encoders."""
        mismatch = self._mismatch_with(self._built) if self._built else None
        if mismatch is not None:
            raise mismatch

    def _create_payload_indexes(self) -> None:
        for name in KEYWORD_FIELDS:
            is_tenant = name == "user_id"  # co-locates each user's points on the server
            schema = models.KeywordIndexParams(
                type=models.KeywordIndexType.KEYWORD, is_tenant=is_tenant
            )
            self.client.create_payload_index(self.collection, name, field_schema=schema)
        for name in FLOAT_FIELDS:
            self.client.create_payload_index(
                self.collection, name, field_schema=models.PayloadSchemaType.FLOAT
            )

    def upsert(self, points: Sequence[IndexPoint]) -> None:
        """Insert or replace points."""
        if not points:
            return
        self._usable()
        structs = [
            models.PointStruct(
                id=to_point_id(p.id),
                vector={
                    DENSE: [float(x) for x in p.dense],
                    SPARSE: models.SparseVector(indices=p.sparse.indices, values=p.sparse.values),
                },
                payload=p.payload,
            )
            for p in points
        ]
        self.client.upsert(self.collection, points=structs, wait=True)

    def delete(self, ids: Sequence[str]) -> None:
        """Remove points by id."""
        self._usable()
        if ids:
            selector = models.PointIdsList(points=[to_point_id(i) for i in ids])
            self.client.delete(self.collection, points_selector=selector, wait=True)

    def delete_where(self, *, user_id: str, session_id: str | None = None) -> None:
        """Remove every point of a user, or of one of its sessions."""
        self._usable()
        where = _filter(
            IndexFilter(user_id=user_id, session_ids=[session_id] if session_id else None)
        )
        self.client.delete(
            self.collection, points_selector=models.FilterSelector(filter=where), wait=True
        )

    def search(
        self,
        *,
        dense: Sequence[float] | None,
        sparse: Sparse | None,
        where: IndexFilter,
        limit: int,
    ) -> LegResults:
        """Run the dense and sparse legs in one batch request."""
        self._usable()
        flt = _filter(where)
        legs: list[tuple[str, models.QueryRequest]] = []
        if dense is not None:
            legs.append((DENSE, _request([float(x) for x in dense], DENSE, flt, limit)))
        if sparse:
            vector = models.SparseVector(indices=sparse.indices, values=sparse.values)
            legs.append((SPARSE, _request(vector, SPARSE, flt, limit)))
        if not legs:
            return LegResults()
        responses = self.client.query_batch_points(self.collection, requests=[r for _, r in legs])
        results = {
            name: [_hit(p) for p in response.points]
            for (name, _), response in zip(legs, responses, strict=True)
        }
        return LegResults(dense=results.get(DENSE, []), sparse=results.get(SPARSE, []))

    def count(self, *, user_id: str | None = None) -> int:
        """Number of points, overall or for one user."""
        self._usable()
        flt = _filter(IndexFilter(user_id=user_id)) if user_id else None
        return self.client.count(self.collection, count_filter=flt, exact=True).count

    def ids(self, *, user_id: str | None = None) -> set[str]:
        """Every point id, or every point id of a user."""
        self._usable()
        flt = _filter(IndexFilter(user_id=user_id)) if user_id else None
        found: set[str] = set()
        offset = None
        while True:
            records, offset = self.client.scroll(
                self.collection,
                scroll_filter=flt,
                limit=1000,
                offset=offset,
                with_payload=False,
            )
            found.update(from_point_id(r.id) for r in records)
            if offset is None:
                return found

    def compact(self) -> bool:
        """Nothing to do here: the server vacuums its own segments (its storage is not ours)."""
        return False

    def reset(self) -> None:
        """Drop the collection and create it empty."""
        self.client.delete_collection(self.collection)
        self._built = None
        self._ensure_collection()

    def close(self) -> None:
        """Release the client."""
        self.client.close()


def _request(
    query: list[float] | models.SparseVector, using: str, flt: models.Filter, limit: int
) -> models.QueryRequest:
    return models.QueryRequest(query=query, using=using, filter=flt, limit=limit, with_payload=True)


def _hit(point: models.ScoredPoint) -> IndexHit:
    return IndexHit(
        id=from_point_id(point.id), score=float(point.score), payload=point.payload or {}
    )


def _filter(where: IndexFilter) -> models.Filter:
    must: list[models.Condition] = [
        models.FieldCondition(key="user_id", match=models.MatchValue(value=where.user_id))
    ]
    for key, values in (
        ("session_id", where.session_ids),
        ("speaker", where.speakers),
        ("tier", where.tiers),
    ):
        if values:
            must.append(models.FieldCondition(key=key, match=models.MatchAny(any=list(values))))
    if where.start is not None or where.end is not None:
        must.append(
            models.FieldCondition(
                key="event_time", range=models.Range(gte=where.start, lte=where.end)
            )
        )
    return models.Filter(must=must)
