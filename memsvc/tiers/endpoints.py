"""Tier endpoints: session close, working memory, facts, episodes and the scratchpad."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from memsvc.deps import DbDep, ReadDbDep, RuntimeDep, TenantDep
from memsvc.pagination import Cursor, Limit, Page
from memsvc.schemas import NO_NUL, SessionIdPath, Timestamp, UserIdPath
from memsvc.tiers import service
from memsvc.tiers.facts import Status
from memsvc.tiers.schemas import (
    EpisodeRead,
    FactRead,
    NoteEdit,
    NoteIdPath,
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
def close_session(
    session_id: SessionIdPath, db: DbDep, runtime: RuntimeDep, tenant: TenantDep
) -> SessionClosed:
    """Close a session: its episode, facts and notes are distilled in the background."""
    return service.close(db, runtime=runtime, session_id=tenant.scope(session_id))


@sessions_router.get("/{session_id}/working-memory", response_model=WorkingMemoryRead)
def working_memory(
    session_id: SessionIdPath, db: ReadDbDep, runtime: RuntimeDep, tenant: TenantDep
) -> WorkingMemoryRead:
    """The session's recent turns and a rolling summary of its earlier part."""
    return service.working_memory(db, runtime=runtime, session_id=tenant.scope(session_id))


@users_router.get("/{user_id}/facts", response_model=Page[FactRead])
def list_facts(
    user_id: UserIdPath,
    db: ReadDbDep,
    tenant: TenantDep,
    status_: Annotated[
        Status, Query(alias="status", description="current (default), history or all")
    ] = "current",
    as_of: Annotated[
        Timestamp | None, Query(description="Facts true at this time (overrides status)")
    ] = None,
    subject: Annotated[
        str | None,
        Query(max_length=256, pattern=NO_NUL, description="Only facts about this subject"),
    ] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[FactRead]:
    """Facts distilled from the user's sessions, with their validity."""
    return service.facts(
        db,
        user_id=tenant.scope(user_id),
        status=status_,
        as_of=as_of,
        subject=subject,
        limit=limit,
        cursor=cursor,
    )


@users_router.get("/{user_id}/episodes", response_model=Page[EpisodeRead])
def list_episodes(
    user_id: UserIdPath, db: ReadDbDep, tenant: TenantDep, limit: Limit = 50, cursor: Cursor = None
) -> Page[EpisodeRead]:
    """One episode per consolidated session, oldest first."""
    return service.episodes_of(db, user_id=tenant.scope(user_id), limit=limit, cursor=cursor)


@users_router.get("/{user_id}/scratchpad", response_model=Page[NoteRead])
def list_notes(
    user_id: UserIdPath, db: ReadDbDep, tenant: TenantDep, limit: Limit = 50, cursor: Cursor = None
) -> Page[NoteRead]:
    """The user's scratchpad notes, oldest first."""
    return service.notes(db, user_id=tenant.scope(user_id), limit=limit, cursor=cursor)


@users_router.post(
    "/{user_id}/scratchpad",
    response_model=NoteRead,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": NoteRead, "description": "The note was already stored"}},
)
def add_note(
    user_id: UserIdPath,
    body: NoteWrite,
    db: DbDep,
    runtime: RuntimeDep,
    tenant: TenantDep,
    response: Response,
) -> NoteRead:
    """Add a note; re-posting a client-chosen id with the same text returns it (200)."""
    user_id = tenant.scope(user_id)
    note, created = service.add_note(db, runtime=runtime, user_id=user_id, body=body)
    if not created:
        response.status_code = status.HTTP_200_OK
    return note


@users_router.put("/{user_id}/scratchpad/{note_id}", response_model=NoteRead)
def edit_note(
    user_id: UserIdPath,
    note_id: NoteIdPath,
    body: NoteEdit,
    db: DbDep,
    runtime: RuntimeDep,
    tenant: TenantDep,
) -> NoteRead:
    """Replace a note's text."""
    user_id = tenant.scope(user_id)
    return service.edit_note(db, runtime=runtime, user_id=user_id, note_id=note_id, body=body)


@users_router.delete("/{user_id}/scratchpad/{note_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_note(user_id: UserIdPath, note_id: NoteIdPath, db: DbDep, tenant: TenantDep) -> None:
    """Delete a note."""
    service.delete_note(db, user_id=tenant.scope(user_id), note_id=note_id)
