"""Context endpoint."""

from __future__ import annotations

from fastapi import APIRouter

from memsvc.context import service
from memsvc.context.schemas import ContextRequest, ContextResponse
from memsvc.deps import ReadDbDep, RuntimeDep, TenantDep

router = APIRouter(prefix="/v1", tags=["context"])


@router.post("/context", response_model=ContextResponse)
def build_context(
    body: ContextRequest, db: ReadDbDep, runtime: RuntimeDep, tenant: TenantDep
) -> ContextResponse:
    """Pack the memories most relevant to a query into a token budget, dated and cited."""
    return service.build(db, runtime=runtime, request=tenant.scope_query(body))
