"""Session endpoints."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from memsvc.deps import DbDep, ReadDbDep, RuntimeDep, TenantDep
from memsvc.pagination import Cursor, Limit, Page
from memsvc.schemas import EXTERNAL_ID, SessionIdPath
from memsvc.sessions import service
from memsvc.sessions.schemas import SessionCreate, SessionRead
from memsvc.storage.models import new_id

router = APIRouter(prefix="/v1/sessions", tags=["sessions"])


@router.post(
    "",
    response_model=SessionRead,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": SessionRead, "description": "The session already existed"}},
)
def create_session(
    body: SessionCreate, db: DbDep, tenant: TenantDep, response: Response
) -> SessionRead:
    """Start a session; re-posting a client-chosen id returns the stored session (200)."""
    scoped = body.model_copy(
        update={"user_id": tenant.scope(body.user_id), "id": tenant.scope(body.id or new_id())}
    )
    chat, created = service.create(db, body=scoped)
    if not created:
        response.status_code = status.HTTP_200_OK
    return chat


@router.get("", response_model=Page[SessionRead])
def list_sessions(
    db: ReadDbDep,
    tenant: TenantDep,
    user_id: Annotated[
        str,
        Query(min_length=1, max_length=128, pattern=EXTERNAL_ID, description="Whose sessions"),
    ],
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[SessionRead]:
    """A user's sessions, oldest first."""
    return service.list_for_user(db, user_id=tenant.scope(user_id), limit=limit, cursor=cursor)


@router.get("/{session_id}", response_model=SessionRead)
def get_session(session_id: SessionIdPath, db: ReadDbDep, tenant: TenantDep) -> SessionRead:
    """A session with its turn count."""
    return service.read(db, session_id=tenant.scope(session_id))


@router.delete("/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_session(
    session_id: SessionIdPath, db: DbDep, runtime: RuntimeDep, tenant: TenantDep
) -> None:
    """Delete a session with its turns and what was distilled from it, from every store."""
    service.delete(db, runtime=runtime, session_id=tenant.scope(session_id))
