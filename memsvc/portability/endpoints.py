"""Export endpoint: one user's memory as JSON lines (a data access request)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from memsvc.deps import ReadDbDep, RuntimeDep, TenantDep
from memsvc.portability import export
from memsvc.portability.format import MEDIA_TYPE
from memsvc.schemas import UserIdPath
from memsvc.users import service as users

router = APIRouter(prefix="/v1/users", tags=["users"])

DUMP = {
    "description": "A header line, then one JSON object per line (docs/export-format.md)",
    "content": {
        MEDIA_TYPE: {
            "schema": {"type": "string"},
            "example": '{"format":"memsvc-export","version":1,...}\n{"type":"user",...}\n',
        }
    },
}


@router.get("/{user_id}/export", response_class=StreamingResponse, responses={200: DUMP})
def export_user(
    user_id: UserIdPath, db: ReadDbDep, runtime: RuntimeDep, tenant: TenantDep
) -> StreamingResponse:
    """Everything remembered about a user, as JSON lines: sessions, turns, facts with their
    history, episodes, notes, update links. `memsvc import` loads it into any store."""
    stored = tenant.scope(user_id)
    users.get(db, user_id=stored)  # a 404 before the body starts, not inside it
    # The body is read from its own snapshot: the request's transaction ends before it.
    body = export.stream(runtime.read_sessions, tenant=tenant.tenant_id, users=[stored])
    disposition = f'attachment; filename="{user_id}.jsonl"'
    return StreamingResponse(
        body, media_type=MEDIA_TYPE, headers={"Content-Disposition": disposition}
    )
