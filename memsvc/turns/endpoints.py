"""Turn endpoints."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from memsvc.deps import DbDep, ReadDbDep, RuntimeDep, TenantDep
from memsvc.pagination import Cursor, Limit, Page
from memsvc.schemas import SessionIdPath, TurnIdPath
from memsvc.turns import service
from memsvc.turns.schemas import TurnBatch, TurnBatchResult, TurnRead

router = APIRouter(prefix="/v1", tags=["turns"])


@router.post(
    "/sessions/{session_id}/turns",
    response_model=TurnBatchResult,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": TurnBatchResult, "description": "Every turn was already stored"}},
)
def add_turns(
    session_id: SessionIdPath,
    body: TurnBatch,
    db: DbDep,
    runtime: RuntimeDep,
    tenant: TenantDep,
    response: Response,
) -> TurnBatchResult:
    """Append turns to a session: all stored or none; known turn_ids return the stored turn."""
    session_id = tenant.scope(session_id)
    result = service.add(db, runtime=runtime, session_id=session_id, turns=body.turns)
    if result.created == 0:
        response.status_code = status.HTTP_200_OK
    return result


@router.get("/sessions/{session_id}/turns", response_model=Page[TurnRead])
def list_turns(
    session_id: SessionIdPath,
    db: ReadDbDep,
    tenant: TenantDep,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[TurnRead]:
    """A session's turns in the order they were said."""
    return service.list_for_session(
        db, session_id=tenant.scope(session_id), limit=limit, cursor=cursor
    )


@router.get("/turns/{turn_id}", response_model=TurnRead)
def get_turn(turn_id: TurnIdPath, db: ReadDbDep, tenant: TenantDep) -> TurnRead:
    """One stored turn."""
    return TurnRead.model_validate(service.get(db, tenant=tenant, turn_id=turn_id))


@router.delete("/turns/{turn_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_turn(turn_id: TurnIdPath, db: DbDep, runtime: RuntimeDep, tenant: TenantDep) -> None:
    """Delete one turn from SQL and the index."""
    service.delete(db, runtime=runtime, tenant=tenant, turn_id=turn_id)
