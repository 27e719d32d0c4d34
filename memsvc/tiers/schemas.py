"""API models of the tiers: working memory, facts, episodes, scratchpad notes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field

from memsvc.schemas import NonBlankText, RequestSchema, Schema, client_id, path_id
from memsvc.tenants.scope import PublicId
from memsvc.turns.schemas import TurnRef

NOTE_ID_CHARS = 32
NoteId = client_id(NOTE_ID_CHARS, "Client-chosen note id")
NoteIdPath = path_id("The note's id", NOTE_ID_CHARS)


class WorkingTurnRead(Schema):
    """A turn held in working memory."""

    id: str
    turn_id: str | None = Field(default=None, description="Your id for the turn")
    seq: int
    speaker: str
    text: str
    timestamp: datetime


class WorkingMemoryRead(Schema):
    """The active session's recent turns and a rolling summary of what came before."""

    session_id: PublicId
    turns: list[WorkingTurnRead] = Field(description="The most recent turns, oldest first")
    summary: str = Field(description="Extractive summary of the earlier turns ('' if none)")
    summary_turn_ids: list[str] = Field(description="The turns the summary lines come from")
    summary_turns: list[TurnRef] = Field(
        default_factory=list, description="Those turns in your ids (session id, turn id)"
    )
    earlier_turns: int = Field(description="How many turns came before the recent window")


class SessionClosed(Schema):
    """A closed session; its consolidation runs in the background."""

    session_id: PublicId
    closed_at: datetime
    consolidation: str = Field(description="'scheduled': episode, facts and notes follow shortly")


class FactRead(Schema):
    """A semantic fact with its validity: current when valid_to is null."""

    id: str
    subject: str | None
    predicate: str | None
    object: str | None
    text: str
    confidence: float
    mentions: int
    valid_from: datetime | None
    valid_to: datetime | None
    superseded_by: str | None
    current: bool = Field(default=False, description="Whether the fact still holds")
    source_turn_ids: list[str] = Field(description="memsvc's ids of the turns it comes from")
    source_turns: list[TurnRef] = Field(
        default_factory=list, description="Those turns in your ids (session id, turn id)"
    )
    session_id: PublicId | None


class EpisodeRead(Schema):
    """A session-level memory: dates, participants, key phrases and a summary."""

    id: str
    session_id: PublicId | None
    text: str
    metadata: dict[str, Any] = Field(validation_alias="metadata_")
    source_turn_ids: list[str] = Field(description="memsvc's ids of the turns it comes from")
    source_turns: list[TurnRef] = Field(
        default_factory=list, description="Those turns in your ids (session id, turn id)"
    )


class NoteWrite(RequestSchema):
    """A scratchpad note: short, salient, always in context."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"text": "Prefers short answers.", "id": "style"}]}
    )

    text: NonBlankText = Field(description="The note (cap: MEMSVC_SCRATCHPAD_NOTE_CHARS)")
    id: NoteId | None = Field(
        default=None, description="Client-chosen id: re-posting the same note is a no-op"
    )


class NoteEdit(RequestSchema):
    """New text for a note."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"text": "Prefers answers as bullet points."}]}
    )

    text: NonBlankText


class NoteRead(Schema):
    """A stored note."""

    id: str
    text: str
    distilled: bool = Field(description="Added by session consolidation, not by the client")
    session_id: PublicId | None
    source_turn_ids: list[str] = Field(description="memsvc's ids of the turns it comes from")
    source_turns: list[TurnRef] = Field(
        default_factory=list, description="Those turns in your ids (session id, turn id)"
    )
    created_at: datetime
    updated_at: datetime
