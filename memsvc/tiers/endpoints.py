"""Tier endpoints: session close, working memory, facts, episodes and the scratchpad."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from memsvc.deps import DbDep, RuntimeDep
from memsvc.schemas import Timestamp
from memsvc.tiers import service
from memsvc.tiers.facts import Status
from memsvc.tiers.schemas import (
    EpisodeList,
    FactList,
    NoteEdit,
    NoteList,
    NoteRead,
    NoteWrite,
    SessionClosed,
    WorkingMemoryRead,
)

sessions_router = APIRouter(prefix="/v1/sessions", tags=["sessions"])
users_router = APIRouter(prefix="/v1/users", tags=["memory tiers"])


@sessions_router.post(
    "/{session_id}/close", response_model=SessionClosed, status_code=status.HTTP_202_ACCEPTED
)
def close_session(session_id: str, db: DbDep, runtime: RuntimeDep) -> SessionClosed:
    """Close a session: its episode, facts and notes are distilled in the background."""
    return service.close(db, runtime=runtime, session_id=session_id)


@sessions_router.get("/{session_id}/working-memory", response_model=WorkingMemoryRead)
def working_memory(session_id: str, db: DbDep, runtime: RuntimeDep) -> WorkingMemoryRead:
    """The session's recent turns and a rolling summary of its earlier part."""
    return service.working_memory(db, runtime=runtime, session_id=session_id)


@users_router.get("/{user_id}/facts", response_model=FactList)
def list_facts(
    user_id: str,
    db: DbDep,
    status_: Annotated[
        Status, Query(alias="status", description="current (default), history or all")
    ] = "current",
    as_of: Annotated[
        Timestamp | None, Query(description="Facts true at this time (overrides status)")
    ] = None,
    subject: Annotated[str | None, Query(description="Only facts about this subject")] = None,
) -> FactList:
    """Facts distilled from the user's sessions, with their validity."""
    return service.facts(db, user_id=user_id, status=status_, as_of=as_of, subject=subject)


@users_router.get("/{user_id}/episodes", response_model=EpisodeList)
def list_episodes(user_id: str, db: DbDep) -> EpisodeList:
    """One episode per consolidated session."""
    return service.episodes_of(db, user_id=user_id)


@users_router.get("/{user_id}/scratchpad", response_model=NoteList)
def list_notes(user_id: str, db: DbDep) -> NoteList:
    """The user's scratchpad notes."""
    return service.notes(db, user_id=user_id)


@users_router.post(
    "/{user_id}/scratchpad", response_model=NoteRead, status_code=status.HTTP_201_CREATED
)
def add_note(
    user_id: str, body: NoteWrite, db: DbDep, runtime: RuntimeDep, response: Response
) -> NoteRead:
    """Add a note; re-posting a client-chosen id with the same text returns it (200)."""
    note, created = service.add_note(db, runtime=runtime, user_id=user_id, body=body)
    if not created:
        response.status_code = status.HTTP_200_OK
    return note


@users_router.put("/{user_id}/scratchpad/{note_id}", response_model=NoteRead)
def edit_note(
    user_id: str, note_id: str, body: NoteEdit, db: DbDep, runtime: RuntimeDep
) -> NoteRead:
    """Replace a note's text."""
    return service.edit_note(db, runtime=runtime, user_id=user_id, note_id=note_id, body=body)


@users_router.delete("/{user_id}/scratchpad/{note_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_note(user_id: str, note_id: str, db: DbDep) -> None:
    """Delete a note."""
    service.delete_note(db, user_id=user_id, note_id=note_id)
