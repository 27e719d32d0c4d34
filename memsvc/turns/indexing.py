"""Turns into index points: one batched encode per call, never one per turn."""

from __future__ import annotations

from collections.abc import Sequence

from memsvc.encoder import Encoder, Vectors
from memsvc.index import IndexPoint, VectorIndex
from memsvc.lexical import LexicalEncoder
from memsvc.storage.models import Turn

EPISODIC = "episodic"


def index_turns(
    turns: Sequence[Turn],
    *,
    encoder: Encoder,
    lexical: LexicalEncoder,
    index: VectorIndex,
    vectors: Vectors | None = None,
) -> None:
    """Upsert turns into the index, encoding them in one batch unless vectors are given."""
    if not turns:
        return
    if vectors is None:
        vectors = encoder.encode([index_text(t.speaker, t.text) for t in turns])
    points = [
        IndexPoint(
            id=turn.id,
            dense=vector,
            sparse=lexical.document(index_text(turn.speaker, turn.text)),
            payload=payload(turn),
        )
        for turn, vector in zip(turns, vectors, strict=True)
    ]
    index.upsert(points)


def index_text(speaker: str, text: str) -> str:
    """What the index keys on: who spoke and what they said (the stored text stays verbatim)."""
    return f"{speaker}: {text}"


def payload(turn: Turn) -> dict[str, object]:
    """The fields searches filter on."""
    return {
        "user_id": turn.user_id,
        "session_id": turn.session_id,
        "tier": EPISODIC,
        "speaker": turn.speaker,
        "event_time": turn.timestamp.timestamp(),
        "turn_id": turn.id,
    }
