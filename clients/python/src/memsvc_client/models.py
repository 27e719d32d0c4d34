"""Response models mirroring the server's schemas (field names match); unknown fields are kept.

Every model allows extra fields, so a newer server adding fields never breaks an older client;
the additions are reachable as attributes and through `model_extra`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

__all__ = [
    "ContextItem",
    "ContextResponse",
    "ContextSources",
    "Episode",
    "Evidence",
    "Fact",
    "Health",
    "MemoryHit",
    "MemsvcModel",
    "Note",
    "Page",
    "SearchHit",
    "SearchResponse",
    "Session",
    "SessionClosed",
    "Turn",
    "TurnIn",
    "TurnRef",
    "TurnsAdded",
    "User",
    "WorkingMemory",
    "WorkingTurn",
]


class MemsvcModel(BaseModel):
    """Base of every model: lenient about fields the server adds later."""

    model_config = ConfigDict(extra="allow", protected_namespaces=())


class Page(MemsvcModel, Generic[T]):
    """One page of a list endpoint (the SDK's iterators follow `next_cursor` for you)."""

    items: list[T]
    next_cursor: str | None = None


class User(MemsvcModel):
    """A user (server: UserRead)."""

    id: str
    metadata: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime
    session_count: int = 0
    turn_count: int = 0


class Session(MemsvcModel):
    """A conversation session (server: SessionRead)."""

    id: str
    user_id: str
    started_at: datetime
    metadata: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime
    closed_at: datetime | None = None
    consolidated_at: datetime | None = None
    turn_count: int = 0


class SessionClosed(MemsvcModel):
    """The answer to closing a session; consolidation runs in the background."""

    session_id: str
    closed_at: datetime | None = None
    consolidation: str


class TurnRef(MemsvcModel):
    """Which turn, in your ids (session_id, turn_id) and memsvc's (id), and when it was said."""

    id: str
    session_id: str
    turn_id: str | None = None
    timestamp: datetime


class WorkingTurn(MemsvcModel):
    """A recent turn as held in working memory."""

    id: str
    turn_id: str | None = None
    seq: int
    speaker: str
    text: str
    timestamp: datetime


class WorkingMemory(MemsvcModel):
    """A session's recent turns and a rolling summary of its earlier part."""

    session_id: str
    turns: list[WorkingTurn] = Field(default_factory=list)
    summary: str = ""
    summary_turn_ids: list[str] = Field(default_factory=list)
    summary_turns: list[TurnRef] = Field(default_factory=list)
    earlier_turns: int = 0


class TurnIn(MemsvcModel):
    """A turn to add; pass `turn_id` to make re-sending it (e.g. on retry) a no-op."""

    speaker: str
    text: str
    role: Literal["user", "assistant", "system", "other"] | None = None
    timestamp: datetime | None = None
    turn_id: str | None = None
    metadata: dict[str, Any] | None = None


class Turn(MemsvcModel):
    """A stored turn (server: TurnRead)."""

    id: str
    session_id: str
    user_id: str
    turn_id: str | None = None
    seq: int
    speaker: str
    role: str | None = None
    text: str
    timestamp: datetime
    metadata: dict[str, Any] = Field(default_factory=dict)
    created_at: datetime


class TurnsAdded(MemsvcModel):
    """The result of adding a batch of turns (server: TurnBatchResult)."""

    turns: list[Turn]
    created: int
    existing: int


class Fact(MemsvcModel):
    """A fact distilled from the user's sessions, with its validity interval."""

    id: str
    subject: str | None = None
    predicate: str | None = None
    object: str | None = None
    text: str
    confidence: float
    mentions: int
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    superseded_by: str | None = None
    current: bool = False
    source_turn_ids: list[str] = Field(default_factory=list)
    source_turns: list[TurnRef] = Field(default_factory=list)  # the same turns in your ids
    session_id: str | None = None


class Episode(MemsvcModel):
    """The episode distilled from one consolidated session."""

    id: str
    session_id: str | None = None
    text: str
    metadata: dict[str, Any] = Field(default_factory=dict)
    source_turn_ids: list[str] = Field(default_factory=list)
    source_turns: list[TurnRef] = Field(default_factory=list)  # the same turns in your ids


class Note(MemsvcModel):
    """A scratchpad note (server: NoteRead)."""

    id: str
    text: str
    distilled: bool = False
    session_id: str | None = None
    source_turn_ids: list[str] = Field(default_factory=list)
    source_turns: list[TurnRef] = Field(default_factory=list)  # the same turns in your ids
    created_at: datetime
    updated_at: datetime


class Evidence(MemsvcModel):
    """How strongly the stored memory supports an answer ("strong", "weak" or "none")."""

    strength: float
    similarity: float
    label: str
    score: float = 0.0  # calibrated 0-1 (servers before 0.4 do not send it)
    signals: dict[str, float] = {}


class SearchHit(MemsvcModel):
    """A turn that matched a search."""

    id: str
    session_id: str
    turn_id: str | None = None
    seq: int
    speaker: str
    text: str
    timestamp: datetime
    score: float
    superseded: bool = False
    valid_to: datetime | None = None
    superseded_by_turn: TurnRef | None = None  # the newest later turn updating this one
    explain: dict[str, float] | None = None  # with explain=True: the score breakdown


class MemoryHit(MemsvcModel):
    """A fact, episode or note that matched a search."""

    id: str
    tier: str
    session_id: str | None = None
    text: str
    subject: str | None = None
    predicate: str | None = None
    object: str | None = None
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    superseded_by: str | None = None
    current: bool = True
    source_turn_ids: list[str] = Field(default_factory=list)
    source_turns: list[TurnRef] = Field(default_factory=list)  # the same turns in your ids
    score: float


class SearchResponse(MemsvcModel):
    """Search results: matching turns, matching distilled memories and the evidence."""

    query: str
    hits: list[SearchHit]
    memories: list[MemoryHit] = Field(default_factory=list)
    evidence: Evidence


class ContextItem(MemsvcModel):
    """A turn quoted in an assembled context."""

    id: str
    session_id: str
    turn_id: str | None = None
    speaker: str
    text: str
    timestamp: datetime
    score: float


class ContextSources(MemsvcModel):
    """The ids of everything an assembled context cites, by tier."""

    turns: list[str] = Field(default_factory=list)
    turn_refs: list[TurnRef] = Field(default_factory=list)  # the same turns in your ids
    facts: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class ContextResponse(MemsvcModel):
    """A context block for a prompt, within a token budget, with its sources."""

    context: str
    format: str
    messages: list[dict[str, Any]] | None = None
    tokens: int
    budget_tokens: int
    turn_ids: list[str] = Field(default_factory=list)
    turn_refs: list[TurnRef] = Field(default_factory=list)  # the same turns in your ids
    items: list[ContextItem] = Field(default_factory=list)
    sources: ContextSources = Field(default_factory=ContextSources)
    evidence: Evidence


class Health(MemsvcModel):
    """A health or readiness answer: `status` plus whatever the server reports."""

    status: str
