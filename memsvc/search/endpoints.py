"""Search endpoint."""

from __future__ import annotations

from fastapi import APIRouter

from memsvc.deps import ReadDbDep, RuntimeDep, TenantDep
from memsvc.search import service
from memsvc.search.schemas import SearchRequest, SearchResponse

router = APIRouter(prefix="/v1", tags=["search"])


@router.post("/search", response_model=SearchResponse)
def search(
    body: SearchRequest, db: ReadDbDep, runtime: RuntimeDep, tenant: TenantDep
) -> SearchResponse:
    """Search a user's memory: hybrid dense + lexical ranking, with session/speaker/time filters."""
    return service.search(db, runtime=runtime, request=tenant.scope_query(body))
