"""Export: a tenant's users (or some of them) and everything remembered about them, as the
lines of docs/export-format.md, read from one snapshot of SQL (the source of truth)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from tqdm import tqdm

from memsvc import __version__
from memsvc.errors import NotFoundError
from memsvc.portability.format import (
    NOTE_CLIENT_ID,
    EpisodeLine,
    FactLine,
    Header,
    MemoryLine,
    NoteLine,
    SessionLine,
    TurnLine,
    TurnUpdateLine,
    UserLine,
    encode,
)
from memsvc.storage.models import Memory, Turn, TurnUpdate, User, utcnow
from memsvc.storage.models import Session as ChatSession
from memsvc.tenants.scope import public
from memsvc.tiers import facts, scratchpad
from memsvc.tiers.episodes import EPISODE
from memsvc.turns import repository as turns


def snapshot(factory: sessionmaker[Session]) -> Session:
    """A read transaction that sees one state of the store throughout: SQLite's (WAL) read
    transactions already do; PostgreSQL's default isolation re-reads per statement, so a turn
    committed between two queries could be linked to but missing from the dump."""
    db = factory()
    if db.get_bind().dialect.name == "postgresql":
        db.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    return db


def user_ids(db: Session, *, tenant: str, users: Sequence[str] | None = None) -> list[str]:
    """The stored ids of the tenant's users (of `users`, stored ids, if given), oldest first;
    a 404 for a named user the tenant does not have."""
    query = select(User.id).where(User.tenant_id == tenant)
    if users is not None:
        query = query.where(User.id.in_(users))
    found = list(db.scalars(query.order_by(User.created_at, User.id)))
    if users is not None and (missing := sorted(set(users) - set(found))):
        raise NotFoundError(f"user {public(missing[0])!r} not found", user_id=missing[0])
    return found


def lines(db: Session, *, tenant: str, users: Sequence[str]) -> Iterator[str]:
    """The header, then each user's lines (stored ids in, public ids out)."""
    header = Header(
        format="memsvc-export", version=1, exported_at=utcnow(), tenant=tenant, memsvc=__version__
    )
    yield encode(header)
    for user_id in users:
        for line in _user_lines(db, user_id):
            yield encode(line)


def row_count(db: Session, *, users: Sequence[str]) -> int:
    """How many lines the users' data makes (for the progress bar)."""
    total = len(users)
    for model in (ChatSession, Turn, Memory, TurnUpdate):
        for chunk in _chunks(users):
            query = select(func.count()).select_from(model).where(model.user_id.in_(chunk))
            total += int(db.scalar(query) or 0)
    return total


def write(
    factory: sessionmaker[Session],
    out: BinaryIO,
    *,
    tenant: str,
    users: Sequence[str] | None = None,
    progress: bool = False,
) -> int:
    """Write the dump to `out` (UTF-8); returns the number of data lines."""
    with snapshot(factory) as db:
        chosen = user_ids(db, tenant=tenant, users=users)
        total = row_count(db, users=chosen) if progress else None
        dump = lines(db, tenant=tenant, users=chosen)
        out.write(next(dump).encode())  # the header
        written = 0
        with tqdm(total=total, unit=" lines", desc="export", disable=not progress) as bar:
            for text in dump:
                out.write(text.encode())
                written += 1
                bar.update()
    return written


def stream(factory: sessionmaker[Session], *, tenant: str, users: Sequence[str]) -> Iterator[bytes]:
    """The dump as a response body: its own snapshot, held while the body is sent (the
    request's transaction ends before a streamed body starts)."""
    with snapshot(factory) as db:
        chosen = user_ids(db, tenant=tenant, users=users)
        for text in lines(db, tenant=tenant, users=chosen):
            yield text.encode()


def _user_lines(db: Session, user_id: str) -> Iterator[BaseModel]:
    """A user's lines in dependency order: each refers only to lines before it."""
    user = db.get(User, user_id)
    assert user is not None
    yield UserLine(id=public(user.id), metadata=user.metadata_, created_at=user.created_at)
    chats = list(
        db.scalars(
            select(ChatSession)
            .where(ChatSession.user_id == user_id)
            .order_by(ChatSession.started_at, ChatSession.id)
        )
    )
    for chat in chats:
        yield _session_line(chat)
    for chat in chats:  # a session's turns at a time: a long history is streamed, not held
        for turn in turns.for_session(db, session_id=chat.id):
            yield _turn_line(turn)
    for fact in _targets_first(facts.for_user(db, user_id=user_id)):
        yield FactLine(**_memory_fields(fact), key=fact.key)
    for episode in _episodes(db, user_id):
        yield EpisodeLine(**_memory_fields(episode))
    for note in scratchpad.notes(db, user_id=user_id):
        yield _note_line(note)
    for link in _links(db, user_id):
        yield TurnUpdateLine(
            user_id=public(link.user_id),
            turn=link.turn_id,
            earlier_turn=link.earlier_turn_id,
            similarity=link.similarity,
            cue=link.cue,
            created_at=link.created_at,
        )


def _session_line(chat: ChatSession) -> SessionLine:
    return SessionLine(
        id=public(chat.id),
        user_id=public(chat.user_id),
        started_at=chat.started_at,
        metadata=chat.metadata_,
        created_at=chat.created_at,
        last_activity_at=chat.last_activity_at,
        closed_at=chat.closed_at,
        consolidated_at=chat.consolidated_at,
    )


def _turn_line(turn: Turn) -> TurnLine:
    return TurnLine(
        id=turn.id,
        user_id=public(turn.user_id),
        session_id=public(turn.session_id),
        turn_id=turn.client_turn_id,
        seq=turn.seq,
        speaker=turn.speaker,
        role=turn.role,
        text=turn.text,
        timestamp=turn.timestamp,
        metadata=turn.metadata_,
        anchors=turn.anchors,
        created_at=turn.created_at,
    )


def _memory_fields(memory: Memory) -> dict[str, Any]:
    """The columns every memory line carries (MemoryLine's fields)."""
    fields = {
        "id": memory.id,
        "user_id": public(memory.user_id),
        "session_id": public(memory.session_id) if memory.session_id else None,
        "text": memory.text,
        "subject": memory.subject,
        "predicate": memory.predicate,
        "object": memory.object,
        "confidence": memory.confidence,
        "mentions": memory.mentions,
        "valid_from": memory.valid_from,
        "valid_to": memory.valid_to,
        "superseded_by": memory.superseded_by,
        "source_turn_ids": memory.source_turn_ids,
        "metadata": memory.metadata_,
        "created_at": memory.created_at,
        "updated_at": memory.updated_at,
    }
    assert fields.keys() <= MemoryLine.model_fields.keys()
    return fields


def _note_line(note: Memory) -> NoteLine:
    """A note under its public id; a client-chosen one is stored under a digest of the
    (tenant-scoped) user and that id, which the import computes again for its tenant."""
    metadata = dict(note.metadata_ or {})
    chosen = metadata.pop(NOTE_CLIENT_ID, None)
    fields = _memory_fields(note) | {"id": scratchpad.public_id(note), "metadata": metadata}
    return NoteLine(**fields, client_chosen=bool(chosen), key=note.key)


def _targets_first(rows: list[Memory]) -> list[Memory]:
    """Facts ordered so each one's superseding fact comes before it (chains of updates)."""
    by_id = {m.id: m for m in rows}
    done: set[str] = set()
    ordered: list[Memory] = []
    for fact in rows:
        chain: list[Memory] = []
        current: Memory | None = fact
        while current is not None and current.id not in done and current not in chain:
            chain.append(current)
            current = by_id.get(current.superseded_by or "")
        for memory in reversed(chain):
            done.add(memory.id)
            ordered.append(memory)
    return ordered


def _episodes(db: Session, user_id: str) -> list[Memory]:
    query = select(Memory).where(Memory.user_id == user_id, Memory.tier == EPISODE)
    return list(db.scalars(query.order_by(Memory.valid_from, Memory.created_at, Memory.id)))


def _links(db: Session, user_id: str) -> list[TurnUpdate]:
    query = select(TurnUpdate).where(TurnUpdate.user_id == user_id)
    order = (TurnUpdate.created_at, TurnUpdate.turn_id, TurnUpdate.earlier_turn_id)
    return list(db.scalars(query.order_by(*order)))


def _chunks(items: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
