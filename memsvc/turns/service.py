"""Turn verbs: append a batch atomically and idempotently, delete."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from memsvc import pagination
from memsvc.batching import submit
from memsvc.deps import after_commit
from memsvc.encoder import Vectors
from memsvc.errors import ConflictError, NotFoundError, PayloadTooLargeError
from memsvc.pagination import Page
from memsvc.runtime import Runtime
from memsvc.sessions import service as sessions
from memsvc.storage.models import Session as ChatSession
from memsvc.storage.models import Turn, utcnow
from memsvc.tenants.scope import Principal
from memsvc.tiers.service import remember_turns
from memsvc.turns import repository, updates
from memsvc.turns.anchoring import SessionContext, anchor_batch, load_context
from memsvc.turns.indexing import index_key, index_turns
from memsvc.turns.schemas import TurnBatchResult, TurnIn, TurnRead

log = logging.getLogger(__name__)


def add(
    db: Session, *, runtime: Runtime, session_id: str, turns: Sequence[TurnIn]
) -> TurnBatchResult:
    """Append turns; known client turn ids return the stored turn, the rest are all stored."""
    _check_size(runtime, turns)
    now = utcnow()
    # Anchor and encode before the request's first SQL statement: the write transaction
    # then lasts milliseconds, not the length of a model pass.
    anchors, vectors = _prepare(runtime, session_id=session_id, turns=turns, now=now)
    # The session's row lock serialises concurrent appends: each reads the next seq and the
    # stored client ids only after the previous append committed, so seqs stay distinct.
    chat = sessions.get(db, session_id=session_id, for_update=True)
    client_ids = [t.turn_id for t in turns if t.turn_id]
    stored = repository.by_client_ids(db, session_id=session_id, client_ids=client_ids)
    ordered, new_turns = _plan(db, chat, turns, stored, anchors=anchors, now=now)
    try:
        repository.add_all(db, new_turns)
    except IntegrityError as exc:
        raise ConflictError(
            "a concurrent request stored turns in this session at the same moment; retry the "
            "batch (turns with a turn_id are never stored twice)",
            session_id=session_id,
        ) from exc
    if new_turns:
        chat.last_activity_at = now
        after_commit(db, lambda: remember_turns(runtime, session_id=chat.id, new=new_turns))
        after_commit(db, lambda: runtime.metrics.turns_ingested.inc(len(new_turns)))
    # Index before commit: if the index fails, the whole batch rolls back.
    positions = {id(turn): i for i, turn in enumerate(ordered)}
    new_vectors = vectors[[positions[id(turn)] for turn in new_turns]]
    index_turns(new_turns, runtime=runtime, vectors=new_vectors)
    # With the vectors at hand, link each new turn to the earlier statements it updates.
    updates.link(db, runtime=runtime, turns=new_turns, vectors=new_vectors)
    return TurnBatchResult(
        turns=[TurnRead.model_validate(t) for t in ordered],
        created=len(new_turns),
        existing=len(turns) - len(new_turns),
    )


def _prepare(
    runtime: Runtime, *, session_id: str, turns: Sequence[TurnIn], now: datetime
) -> tuple[list[dict[str, Any] | None], Vectors]:
    """Anchors (when enabled) and index vectors for every request item."""
    if runtime.anchorer is None:
        return [None] * len(turns), runtime.encoder.encode(
            _keys(runtime, turns, [None] * len(turns))
        )
    context = load_context(runtime.read_sessions, session_id=session_id)
    items = [(t.speaker, t.text, t.timestamp or now) for t in turns]
    if runtime.anchor_process is not None:
        try:
            return _pipelined(runtime, turns, items, context)
        except BrokenProcessPool:
            log.warning("the anchoring process died mid-batch; anchoring this one in process")
    anchors: list[dict[str, Any] | None] = list(
        anchor_batch(runtime.anchorer, items, context=context)
    )
    return anchors, runtime.encoder.encode(_keys(runtime, turns, anchors))


def _pipelined(
    runtime: Runtime,
    turns: Sequence[TurnIn],
    items: list[tuple[str, str, datetime]],
    context: SessionContext,
) -> tuple[list[dict[str, Any] | None], Vectors]:
    """Anchors from the child process chunk by chunk, each chunk's keys encoded while the
    child parses the next."""
    assert runtime.anchor_process is not None
    anchors: list[dict[str, Any] | None] = []
    passes = []
    for chunk in runtime.anchor_process.stream(items, context=context):
        done = len(anchors)
        anchors += chunk
        keys = _keys(runtime, turns[done : len(anchors)], chunk)
        passes.append(submit(runtime.encoder, keys, urgent=False))
    return anchors, np.concatenate([p.result() for p in passes])


def _keys(
    runtime: Runtime, turns: Sequence[TurnIn], anchors: Sequence[dict[str, Any] | None]
) -> list[str]:
    expand = runtime.settings.expand_keys
    return [
        index_key(t.speaker, t.text, a, expand=expand) for t, a in zip(turns, anchors, strict=True)
    ]


def _check_size(runtime: Runtime, turns: Sequence[TurnIn]) -> None:
    limit = runtime.settings.max_batch_turns
    if len(turns) > limit:
        raise PayloadTooLargeError(
            f"batch has {len(turns)} turns; send at most {limit} per request", limit=limit
        )
    max_chars = runtime.settings.max_turn_chars
    too_long = [i for i, t in enumerate(turns) if len(t.text) > max_chars]
    if too_long:
        raise PayloadTooLargeError(
            f"turns {too_long[:10]} exceed {max_chars} characters; split them", limit=max_chars
        )


def _plan(
    db: Session,
    chat: ChatSession,
    turns: Sequence[TurnIn],
    stored: dict[str, Turn],
    *,
    anchors: Sequence[dict[str, Any] | None],
    now: datetime,
) -> tuple[list[Turn], list[Turn]]:
    """The row for every request item, in order, and the new rows among them.

    Client ids already stored (or repeated inside the batch) map to the existing row.
    """
    seq = repository.next_seq(db, session_id=chat.id)
    ordered: list[Turn] = []
    created: list[Turn] = []
    for item, item_anchors in zip(turns, anchors, strict=True):
        if item.turn_id and item.turn_id in stored:
            _check_same(stored[item.turn_id], item)
            ordered.append(stored[item.turn_id])
            continue
        turn = Turn(
            session_id=chat.id,
            user_id=chat.user_id,
            client_turn_id=item.turn_id,
            seq=seq,
            speaker=item.speaker,
            role=item.role,
            text=item.text,
            timestamp=item.timestamp or now,
            metadata_=item.metadata,
            anchors=item_anchors,
        )
        seq += 1
        created.append(turn)
        ordered.append(turn)
        if item.turn_id:
            stored[item.turn_id] = turn
    return ordered, created


def _check_same(turn: Turn, item: TurnIn) -> None:
    if turn.text != item.text or turn.speaker != item.speaker:
        raise ConflictError(
            f"turn_id {item.turn_id!r} is already stored with different speaker or text; "
            "use a new turn_id for a new turn",
            turn_id=item.turn_id,
            stored_id=turn.id,
        )


def get(db: Session, *, tenant: Principal, turn_id: str) -> Turn:
    """The tenant's turn, or a 404 (another tenant's turn is not found either)."""
    turn = repository.get(db, turn_id)
    if turn is None or not tenant.owns(turn.user_id):
        raise NotFoundError(f"turn {turn_id!r} not found", turn_id=turn_id)
    return turn


def list_for_session(
    db: Session, *, session_id: str, limit: int, cursor: str | None
) -> Page[TurnRead]:
    """A page of the session's turns in order."""
    sessions.get(db, session_id=session_id)
    # (seq, id): concurrent appends may share a seq, and a page boundary must not skip one.
    start = pagination.decode(cursor, shape=(int, str))
    rows = repository.for_session(db, session_id=session_id, after=start, limit=limit + 1)
    turns, next_cursor = pagination.page(rows, limit=limit, key=lambda t: (t.seq, t.id))
    return Page[TurnRead](
        items=[TurnRead.model_validate(t) for t in turns], next_cursor=next_cursor
    )


def delete(db: Session, *, runtime: Runtime, tenant: Principal, turn_id: str) -> None:
    """Delete a turn from SQL, then (after commit) from the index."""
    turn = get(db, tenant=tenant, turn_id=turn_id)
    repository.delete(db, turn)
    after_commit(db, lambda: runtime.index.delete([turn_id]))
