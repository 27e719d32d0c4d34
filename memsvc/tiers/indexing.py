"""Facts and episodes into the index, beside the turns (one collection, a tier per point)."""

from __future__ import annotations

from collections.abc import Sequence

from memsvc.index import IndexPoint
from memsvc.runtime import Runtime
from memsvc.storage.models import Memory


def index_memories(memories: Sequence[Memory], *, runtime: Runtime) -> None:
    """Upsert memories (one batched encode per leg); ids are the memory ids, so re-indexing is
    safe. Their sparse vectors sit in the memories' half of the index space."""
    if not memories:
        return
    keys = [memory_key(m) for m in memories]
    sparse = runtime.lexical.submit_documents(keys)  # SPLADE's pass beside the dense one
    vectors = runtime.encoder.encode(keys)
    points = [
        IndexPoint(id=m.id, dense=v, sparse=s.in_memory_space(), payload=payload(m))
        for m, v, s in zip(memories, vectors, sparse.result(), strict=True)
    ]
    runtime.index.upsert(points)


def memory_key(memory: Memory) -> str:
    """What a memory is found by: its statement, and for a fact its triple."""
    if memory.subject and memory.predicate and memory.object:
        return f"{memory.subject} {memory.predicate} {memory.object}. {memory.text}"
    return memory.text


def payload(memory: Memory) -> dict[str, object]:
    """The fields searches filter and boost on (validity is checked against SQL)."""
    subject = (memory.subject or "").lower()
    return {
        "user_id": memory.user_id,
        "session_id": memory.session_id or "",
        "tier": memory.tier,
        "speaker": memory.subject or "",
        "event_time": memory.valid_from.timestamp() if memory.valid_from else 0.0,
        "turn_id": memory.id,
        "people": [subject] if subject else [],
        "kinds": [],
        "days": [],
        "dated": memory.valid_from is not None,
    }
