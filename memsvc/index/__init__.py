"""Vector index: one protocol, the embedded Qdrant edge engine or a Qdrant server."""

from __future__ import annotations

from collections.abc import Sequence

from memsvc.config import Settings
from memsvc.index.base import IndexFilter, IndexHit, IndexPoint, LegResults, VectorIndex

__all__ = ["IndexFilter", "IndexHit", "IndexPoint", "LegResults", "VectorIndex", "build_index"]


def build_index(
    settings: Settings, *, dimension: int, probe: Sequence[float] | None = None
) -> VectorIndex:
    """A Qdrant server when MEMSVC_QDRANT_URL is set, else the embedded edge shard; its
    sparse vectors configured (and checked) for MEMSVC_SPARSE's kind, its dense ones for the
    encoder's size and probe vector (see base.PROBE_TEXT)."""
    if settings.qdrant_url:
        from qdrant_client import QdrantClient

        from memsvc.index.qdrant_server import QdrantServerIndex

        client = QdrantClient(url=settings.qdrant_url, api_key=settings.qdrant_api_key)
        return QdrantServerIndex(
            client,
            collection=settings.collection,
            dimension=dimension,
            sparse=settings.sparse,
            probe=probe,
        )
    from memsvc.index.edge import EdgeIndex

    return EdgeIndex(
        settings.edge_index_path, dimension=dimension, sparse=settings.sparse, probe=probe
    )
