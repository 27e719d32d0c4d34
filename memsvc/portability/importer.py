"""Import: a checked dump written into a tenant, user by user, each user in one transaction
(all of its rows or none), keyed by id so that importing the same dump again changes nothing.
Rows are written as the dump has them: no anchoring, extraction or linking runs again; only
the index is fed (the rows' vectors are not in the dump)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from tqdm import tqdm

from memsvc.errors import ConflictError, InvalidRequestError
from memsvc.portability.format import (
    NOTE_CLIENT_ID,
    TYPES,
    EpisodeLine,
    FactLine,
    MemoryLine,
    NoteLine,
    SessionLine,
    TurnLine,
    TurnUpdateLine,
    UserLine,
)
from memsvc.portability.reading import Checked, UserBlock, user_blocks
from memsvc.reindex import INDEXED_TIERS
from memsvc.runtime import Runtime
from memsvc.storage.models import Base, Memory, Turn, TurnUpdate, User
from memsvc.storage.models import Session as ChatSession
from memsvc.tenants.scope import TENANT_ID, Principal, public, tenant_of
from memsvc.tiers import scratchpad
from memsvc.tiers.episodes import EPISODE
from memsvc.tiers.facts import SEMANTIC
from memsvc.tiers.indexing import index_memories
from memsvc.tiers.scratchpad import SCRATCHPAD
from memsvc.turns.indexing import index_turns

# Derived ids of rows imported into another tenant: the same dump always maps to the same ids.
DERIVED_IDS = uuid.uuid5(uuid.NAMESPACE_URL, "memsvc:export:v1")
TIERS = {"fact": SEMANTIC, "episode": EPISODE, "note": SCRATCHPAD}
KINDS = {tier: kind for kind, tier in TIERS.items()}
BATCH = 256  # rows per encode, as in reindex
RowT = TypeVar("RowT", bound=Base)
T = TypeVar("T")


@dataclass(frozen=True)
class Rescope:
    """Public ids of the dump to stored ids of the target tenant. User and session ids get the
    target's prefix. Turn and memory ids are global primary keys: kept when the dump goes back
    into its own tenant (a restore, a move to another database: clients' stored ids still
    work), derived from (tenant, id) otherwise, so a copy beside the original never collides."""

    source: str
    target: Principal

    def scoped(self, public_id: str) -> str:
        """A user or session id as the target tenant stores it."""
        return self.target.scope(public_id)

    def row(self, memsvc_id: str) -> str:
        """A turn or memory id in the target tenant."""
        if self.source == self.target.tenant_id:
            return memsvc_id
        return uuid.uuid5(DERIVED_IDS, f"{self.target.tenant_id}/{memsvc_id}").hex


@dataclass
class Counts:
    """Rows of one type: written now, or found stored with the same content."""

    created: int = 0
    unchanged: int = 0


def _by_type() -> dict[str, Counts]:
    return {kind: Counts() for kind in TYPES}


@dataclass
class ImportReport:
    """What an import did, by line type, and the users it refused (public id: why)."""

    tenant: str
    counts: dict[str, Counts] = field(default_factory=_by_type)
    refused: dict[str, str] = field(default_factory=dict)

    @property
    def created(self) -> int:
        """Rows written."""
        return sum(c.created for c in self.counts.values())

    def summary(self) -> str:
        """One line per type, then the refused users."""
        rows = [
            f"{kind:12} created {c.created:>8}  unchanged {c.unchanged:>8}"
            for kind, c in self.counts.items()
        ]
        refused = [f"refused user {user!r}: {why}" for user, why in self.refused.items()]
        return "\n".join([f"imported into tenant {self.tenant!r}:", *rows, *refused])


class ImportConflict(ConflictError):
    """A row the dump carries is stored with other content (the import never overwrites)."""


@dataclass
class _Written:
    """One user's rows: counts by type and the new rows the index needs."""

    counts: dict[str, Counts] = field(default_factory=_by_type)
    turns: list[Turn] = field(default_factory=list)
    memories: list[Memory] = field(default_factory=list)


def load(
    runtime: Runtime, checked: Checked, *, tenant: str | None = None, progress: bool = False
) -> ImportReport:
    """Write a checked dump into `tenant` (default: the one it was exported from). A user
    whose rows clash with stored ones is refused whole and reported; the others are written."""
    target = Principal(tenant or checked.header.tenant)
    if not TENANT_ID.match(target.tenant_id):
        raise InvalidRequestError(
            f"tenant ids are 1-32 characters of a-z 0-9 and '-': got {target.tenant_id!r}"
        )
    ids = Rescope(source=checked.header.tenant, target=target)
    report = ImportReport(tenant=target.tenant_id)
    with tqdm(total=checked.lines, unit=" lines", desc="import", disable=not progress) as bar:
        for block in user_blocks(checked):
            try:
                counts = _import_user(runtime, block, ids)
            except ImportConflict as exc:
                report.refused[block.user.id] = exc.message
            else:
                for kind, count in counts.items():
                    report.counts[kind].created += count.created
                    report.counts[kind].unchanged += count.unchanged
            bar.update(len(block.lines) + 1)
    return report


def _import_user(runtime: Runtime, block: UserBlock, ids: Rescope) -> dict[str, Counts]:
    """One user in one transaction. The index is written before the commit, as ingest does:
    if indexing fails, none of the user's rows are committed, and the points already upserted
    (which have no row) are skipped by search and removed by the start-up check. The price:
    the encode runs inside the write transaction (on SQLite, other writers wait for it)."""
    with runtime.sessions() as db:
        try:
            written = _write(db, block, ids)
            for turns in _chunks(written.turns):
                index_turns(turns, runtime=runtime)
            indexed = [m for m in written.memories if m.tier in INDEXED_TIERS]  # not notes
            for memories in _chunks(indexed):
                index_memories(memories, runtime=runtime)
            db.commit()
        except IntegrityError as exc:  # e.g. a stored turn holds one of these turn ids
            db.rollback()
            raise ImportConflict(
                f"a stored row clashes with this user's rows ({_first_line(exc)}); nothing of "
                "the user was written",
                user_id=block.user.id,
            ) from exc
        except BaseException:
            db.rollback()
            raise
    return written.counts


def _write(db: Session, block: UserBlock, ids: Rescope) -> _Written:
    """Insert the rows not stored yet, table by table in dependency order (one flush each:
    memories and links have no ORM relationships the flush could order them by)."""
    user_id = ids.scoped(block.user.id)
    written = _Written()
    lines: dict[str, list[tuple[int, Any]]] = {kind: [] for kind in TYPES}
    for number, line in block.lines:
        lines[line.type].append((number, line))
    _insert(db, written, [(block.line, _user_row(block.user, user_id))])
    _insert(db, written, [(n, _session_row(line, ids)) for n, line in lines["session"]])
    written.turns = _insert(db, written, [(n, _turn_row(line, ids)) for n, line in lines["turn"]])
    # In file order: a fact's superseding fact comes first, so it is inserted first.
    memories = sorted(lines["fact"] + lines["episode"] + lines["note"], key=lambda item: item[0])
    rows = [(n, _memory_row(line, ids, user_id)) for n, line in memories]
    written.memories = _insert(db, written, rows)
    _insert(db, written, [(n, _link_row(line, ids)) for n, line in lines["turn_update"]])
    return written


def _insert(db: Session, written: _Written, rows: Sequence[tuple[int, RowT]]) -> list[RowT]:
    """Add the rows whose primary key is not stored; a stored one must hold the same content
    (else ImportConflict). Returns the new rows."""
    if not rows:
        return []
    stored = _stored(db, type(rows[0][1]), [row for _, row in rows])
    new: list[RowT] = []
    for number, row in rows:
        kind = _kind(row)
        existing = stored.get(_key(row))
        if existing is None:
            db.add(row)
            new.append(row)
            written.counts[kind].created += 1
        elif differing := _differing(existing, row):
            raise ImportConflict(
                f"line {number}: {kind} {_shown_id(row)!r} is stored with other "
                f"{', '.join(differing)}; the import never overwrites (delete the user to "
                "replace it)",
                line=number,
            )
        else:
            written.counts[kind].unchanged += 1
    db.flush()
    return new


def _stored(db: Session, model: type[Base], rows: Sequence[Base]) -> dict[tuple[Any, ...], Base]:
    """The stored rows with the primary keys of `rows`, by key (read by the key's first
    column, in chunks)."""
    first = inspect(model).primary_key[0]
    wanted = {_key(row) for row in rows}
    found: dict[tuple[Any, ...], Base] = {}
    for chunk in _chunks(sorted({key[0] for key in wanted})):
        for stored in db.scalars(select(model).where(first.in_(chunk))):
            if (key := _key(stored)) in wanted:
                found[key] = stored
    return found


def _key(row: Base) -> tuple[Any, ...]:
    return tuple(inspect(type(row)).primary_key_from_instance(row))


def _kind(row: Base) -> str:
    """The line type a row comes from."""
    if isinstance(row, Memory):
        return KINDS[row.tier]
    kinds: dict[type[Base], str] = {User: "user", ChatSession: "session", Turn: "turn"}
    return kinds.get(type(row), "turn_update")


def _shown_id(row: Base) -> str:
    """The row's id as the dump has it."""
    if isinstance(row, Memory) and row.tier == SCRATCHPAD:
        return scratchpad.public_id(row)
    return " -> ".join(public(str(part)) for part in _key(row))


def _differing(stored: Base, row: Base) -> list[str]:
    """The columns the new row gives other values than the stored one has."""
    columns = [c.key for c in inspect(type(row)).column_attrs]
    return [c.removesuffix("_") for c in columns if getattr(row, c) != getattr(stored, c)]


def _user_row(line: UserLine, user_id: str) -> User:
    return User(
        id=user_id,
        tenant_id=tenant_of(user_id),
        metadata_=line.metadata,
        created_at=line.created_at,
    )


def _session_row(line: SessionLine, ids: Rescope) -> ChatSession:
    return ChatSession(
        id=ids.scoped(line.id),
        user_id=ids.scoped(line.user_id),
        started_at=line.started_at,
        metadata_=line.metadata,
        created_at=line.created_at,
        last_activity_at=line.last_activity_at,
        closed_at=line.closed_at,
        consolidated_at=line.consolidated_at,
    )


def _turn_row(line: TurnLine, ids: Rescope) -> Turn:
    return Turn(
        id=ids.row(line.id),
        session_id=ids.scoped(line.session_id),
        user_id=ids.scoped(line.user_id),
        client_turn_id=line.turn_id,
        seq=line.seq,
        speaker=line.speaker,
        role=line.role,
        text=line.text,
        timestamp=line.timestamp,
        metadata_=line.metadata,
        anchors=line.anchors,
        created_at=line.created_at,
    )


def _memory_row(line: FactLine | EpisodeLine | NoteLine, ids: Rescope, user_id: str) -> Memory:
    return Memory(
        id=_memory_id(line, ids, user_id),
        user_id=user_id,
        session_id=ids.scoped(line.session_id) if line.session_id else None,
        tier=TIERS[line.type],
        key=_memory_key(line, ids),
        text=line.text,
        subject=line.subject,
        predicate=line.predicate,
        object=line.object,
        confidence=line.confidence,
        mentions=line.mentions,
        valid_from=line.valid_from,
        valid_to=line.valid_to,
        superseded_by=ids.row(line.superseded_by) if line.superseded_by else None,
        source_turn_ids=[ids.row(i) for i in line.source_turn_ids],
        metadata_=_memory_metadata(line),
        created_at=line.created_at,
        updated_at=line.updated_at,
    )


def _memory_id(line: MemoryLine, ids: Rescope, user_id: str) -> str:
    """A client-chosen note id is stored as a digest of the user's stored id and that id."""
    if isinstance(line, NoteLine) and line.client_chosen:
        return scratchpad.storage_id(user_id, line.id)
    return ids.row(line.id)


def _memory_key(line: FactLine | EpisodeLine | NoteLine, ids: Rescope) -> str | None:
    if isinstance(line, EpisodeLine):
        return f"episode|{ids.scoped(line.session_id)}"  # as tiers.episodes.build keys it
    return line.key


def _memory_metadata(line: MemoryLine) -> dict[str, Any]:
    if isinstance(line, NoteLine) and line.client_chosen:
        return {**line.metadata, NOTE_CLIENT_ID: line.id}
    return line.metadata


def _link_row(line: TurnUpdateLine, ids: Rescope) -> TurnUpdate:
    return TurnUpdate(
        turn_id=ids.row(line.turn),
        earlier_turn_id=ids.row(line.earlier_turn),
        user_id=ids.scoped(line.user_id),
        similarity=line.similarity,
        cue=line.cue,
        created_at=line.created_at,
    )


def _first_line(exc: IntegrityError) -> str:
    return str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__


def _chunks(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
