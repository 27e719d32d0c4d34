"""SQLAlchemy 2 models. SQL is the source of truth; the vector index is rebuilt from it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

# Stable constraint names keep alembic autogenerate deterministic across databases.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Timezone-aware now, in UTC."""
    return datetime.now(UTC)


def new_id() -> str:
    """A new random identifier (32 hex chars, also a valid Qdrant UUID point id)."""
    return uuid.uuid4().hex


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC; SQLite drops tzinfo, so it is restored on load."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(), dict[str, Any]: JSON}


# Tenant-scoped ids: a client id with its tenant's prefix (see memsvc.tenants.scope).
SCOPED_ID = 200


class Tenant(Base):
    """An isolated customer of the service: its API keys see only its own users."""

    __tablename__ = "tenants"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiKey(Base):
    """A tenant's API key; only its SHA-256 is stored (the key is shown once, at creation)."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(128), default="")
    # The key's first characters, to tell keys apart in listings without revealing them.
    prefix: Mapped[str] = mapped_column(String(16))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class User(Base):
    """A chatbot end user whose memory we keep; the id is the client's own, scoped by tenant."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(SCOPED_ID), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(
        String(32), default="default", server_default="default", index=True
    )
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    sessions: Mapped[list[Session]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )


class Session(Base):
    """One conversation between the user and someone (the assistant, or another person)."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(SCOPED_ID), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Wall-clock time of the last ingest: an idle session is consolidated after a timeout.
    last_activity_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    consolidated_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="sessions")
    turns: Mapped[list[Turn]] = relationship(
        back_populates="session", cascade="all, delete-orphan", passive_deletes=True
    )


class Turn(Base):
    """One utterance in a session, stored verbatim with its event time."""

    __tablename__ = "turns"
    __table_args__ = (
        UniqueConstraint("session_id", "client_turn_id", name="uq_turns_session_client_turn"),
        Index("ix_turns_user_time", "user_id", "timestamp"),
        # One turn per position: concurrent appends must never share a seq.
        Index("ix_turns_session_seq", "session_id", "seq", unique=True),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    # Denormalised so user-wide scans and deletes need no join.
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_turn_id: Mapped[str | None] = mapped_column(String(128))
    seq: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(128))
    role: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    timestamp: Mapped[datetime]
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict)
    # Linguistic anchors (people, entities, key phrases, triples, resolved dates); see
    # memsvc.linguistics. Null for turns stored before anchoring existed: reindex fills them.
    anchors: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[Session] = relationship(back_populates="turns")


class Memory(Base):
    """A distilled memory beyond raw turns: a semantic fact, a scratchpad note or an episode."""

    __tablename__ = "memories"
    __table_args__ = (
        Index("ix_memories_user_tier", "user_id", "tier"),
        Index("ix_memories_user_tier_key", "user_id", "tier", "key"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The session it was distilled from (none for client-written notes); deleted with it.
    session_id: Mapped[str | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    tier: Mapped[str] = mapped_column(String(16))
    # What makes two memories "the same" (a fact's subject|attribute|value): dedup key.
    key: Mapped[str | None] = mapped_column(String(512))
    text: Mapped[str] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(String(256))
    predicate: Mapped[str | None] = mapped_column(String(256))
    object: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    mentions: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    valid_from: Mapped[datetime | None]
    valid_to: Mapped[datetime | None]
    superseded_by: Mapped[str | None] = mapped_column(
        ForeignKey("memories.id", ondelete="SET NULL")
    )
    source_turn_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    metadata_: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TurnUpdate(Base):
    """A later turn that updates what an earlier turn of the same speaker said ("we moved to
    Halifax" after "I love living in Osaka"): the earlier one is history from the later's
    time on. Rows go with the user and with either turn (database cascades)."""

    __tablename__ = "turn_updates"

    # One row per pair: re-linking the same turns finds the row, never adds a second.
    turn_id: Mapped[str] = mapped_column(
        ForeignKey("turns.id", ondelete="CASCADE"), primary_key=True
    )
    earlier_turn_id: Mapped[str] = mapped_column(
        ForeignKey("turns.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    similarity: Mapped[float] = mapped_column(Float)
    # The change cue the later turn carries ("moved", "no longer"); empty when the link rests
    # on similarity alone. Kept for inspection and for tuning the rule.
    cue: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
