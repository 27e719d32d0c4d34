"""Tool arguments: the REST request schemas where a tool is one REST call (search, context,
notes), and small models built from the REST field types where it joins path and body, so
every argument is checked by the same rules and refused with the same messages."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from memsvc.context.schemas import ContextRequest
from memsvc.pagination import Cursor, Limit
from memsvc.schemas import (
    NO_NUL,
    ExternalId,
    NonBlankText,
    RequestSchema,
    SessionIdPath,
    Timestamp,
    TurnIdPath,
    UserIdPath,
)
from memsvc.search.schemas import SearchRequest
from memsvc.tiers.facts import Status
from memsvc.tiers.schemas import NoteWrite
from memsvc.turns.schemas import TurnIn

ListKind = Literal["sessions", "turns", "facts", "notes", "episodes"]
EditableKind = Literal["note", "turn"]
DeletableKind = Literal["turn", "note", "session"]


class UserArgs(RequestSchema):
    """Every tool acts for one user of the caller's tenant."""

    user_id: UserIdPath


class AddMemory(UserArgs):
    """Turns appended to one of the user's sessions (both created on first use)."""

    messages: list[TurnIn] = Field(
        min_length=1,
        description="The turns in the order they were said: speaker and text, optionally role, "
        "timestamp, your turn_id and metadata (at most MEMSVC_MAX_BATCH_TURNS)",
    )
    session_id: ExternalId | None = Field(
        default=None,
        description="The conversation they belong to, created on first use; omitted: a new "
        "session (its id is returned: pass it again to add to the same conversation)",
    )
    occurred_at: Timestamp | None = Field(
        default=None,
        description="When the conversation happened: the timestamp of messages without one and "
        "the start of a new session (default now)",
    )


class SearchMemories(SearchRequest):
    """Find the turns and facts most relevant to a query (the REST search request)."""


class GetContext(ContextRequest):
    """The memory to show an LLM before it answers a query (the REST context request)."""


class Paged(UserArgs):
    """A page of a list: pass next_cursor back as cursor for the next."""

    limit: Limit = 50
    cursor: Cursor = None


class GetMemories(Paged):
    """One of the user's lists, a page at a time."""

    kind: ListKind | None = Field(
        default=None,
        description="sessions, one session's turns, current facts, scratchpad notes or "
        "episodes (session summaries); default: turns with session_id, else sessions",
    )
    session_id: SessionIdPath | None = Field(
        default=None, description="The session whose turns to list (kind turns)"
    )


class ListFacts(Paged):
    """The user's facts with their validity."""

    status: Status = Field(default="current", description="current (default), history or all")
    as_of: Timestamp | None = Field(
        default=None, description="Facts true at this time (overrides status)"
    )
    subject: str | None = Field(
        default=None, max_length=256, pattern=NO_NUL, description="Only facts about this subject"
    )


class ListNotes(Paged):
    """The user's scratchpad notes, a page at a time."""


class GetMemory(UserArgs):
    """One stored turn, by memsvc's id."""

    memory_id: TurnIdPath


class UpdateMemory(UserArgs):
    """New text for a note or a turn."""

    kind: EditableKind = Field(description="note: a scratchpad note; turn: a stored turn")
    memory_id: ExternalId = Field(description="The note's id or the turn's memsvc id")
    text: NonBlankText = Field(description="The new text")


class DeleteMemory(UserArgs):
    """A turn, note or session to forget."""

    kind: DeletableKind = Field(description="turn, note, or session (with all its turns)")
    memory_id: ExternalId = Field(description="The turn's memsvc id, the note's or session's id")


class DeleteAllMemories(UserArgs):
    """The user to forget entirely."""


class AddNote(NoteWrite):
    """A scratchpad note for the user (the REST note)."""

    user_id: UserIdPath


class CloseSession(UserArgs):
    """The session to close."""

    session_id: SessionIdPath
