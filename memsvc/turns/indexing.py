"""Turns into index points: one batched encode per call, never one per turn."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from memsvc.encoder import Vectors
from memsvc.index import IndexPoint
from memsvc.lexical import Sparse
from memsvc.runtime import Runtime
from memsvc.storage.models import Turn
from memsvc.turns.anchoring import anchor_payload, expanded_key

EPISODIC = "episodic"


def index_turns(
    turns: Sequence[Turn],
    *,
    runtime: Runtime,
    vectors: Vectors | None = None,
    sparse: Sequence[Sparse] | None = None,
) -> Vectors | None:
    """Upsert turns into the index, encoding them in one batch per leg unless their vectors
    are given (the sparse pass, a model's for SPLADE, runs beside the dense one); returns the
    dense vectors (None for no turns)."""
    if not turns:
        return None
    expand = runtime.settings.expand_keys
    keys = [index_key(t.speaker, t.text, t.anchors, expand=expand) for t in turns]
    if sparse is None:
        pending = runtime.lexical.submit_documents(keys)
        if vectors is None:
            vectors = runtime.encoder.encode(keys)
        sparse = pending.result()
    elif vectors is None:
        vectors = runtime.encoder.encode(keys)
    points = [
        IndexPoint(id=turn.id, dense=vector, sparse=document, payload=payload(turn))
        for turn, vector, document in zip(turns, vectors, sparse, strict=True)
    ]
    runtime.index.upsert(points)
    return vectors


def index_key(speaker: str, text: str, anchors: dict[str, Any] | None, *, expand: bool) -> str:
    """What the index keys on: who spoke and what they said, plus (when expanding) the
    resolved people, entities and dates. The stored text stays verbatim."""
    return expanded_key(speaker, text, anchors if expand else None)


def payload(turn: Turn) -> dict[str, object]:
    """The fields searches filter on."""
    return {
        "user_id": turn.user_id,
        "session_id": turn.session_id,
        "tier": EPISODIC,
        "speaker": turn.speaker,
        "event_time": turn.timestamp.timestamp(),
        "turn_id": turn.id,
        **anchor_payload(turn.anchors),
    }
