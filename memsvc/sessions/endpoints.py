"""Session endpoints."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from memsvc.deps import DbDep, RuntimeDep
from memsvc.sessions import service
from memsvc.sessions.schemas import SessionCreate, SessionPage, SessionRead

router = APIRouter(prefix="/v1/sessions", tags=["sessions"])


@router.post("", response_model=SessionRead, status_code=status.HTTP_201_CREATED)
def create_session(body: SessionCreate, db: DbDep, response: Response) -> SessionRead:
    """Start a session; re-posting a client-chosen id returns the stored session (200)."""
    chat, created = service.create(db, body=body)
    if not created:
        response.status_code = status.HTTP_200_OK
    return chat


@router.get("", response_model=SessionPage)
def list_sessions(
    db: DbDep,
    user_id: Annotated[str, Query(description="Whose sessions")],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> SessionPage:
    """List a user's sessions, oldest first."""
    return service.list_for_user(db, user_id=user_id, limit=limit, offset=offset)


@router.get("/{session_id}", response_model=SessionRead)
def get_session(session_id: str, db: DbDep) -> SessionRead:
    """A session with its turn count."""
    return service.read(db, session_id=session_id)


@router.delete("/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_session(session_id: str, db: DbDep, runtime: RuntimeDep) -> None:
    """Delete a session and its turns, from SQL and the index."""
    service.delete(db, runtime=runtime, session_id=session_id)
