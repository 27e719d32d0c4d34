"""`GET /metrics`: Prometheus text exposition, outside the OpenAPI schema."""

from __future__ import annotations

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST

from memsvc.deps import RuntimeDep

router = APIRouter(tags=["observability"])


@router.get("/metrics", include_in_schema=False)
def metrics(runtime: RuntimeDep) -> Response:
    """Prometheus metrics of this process."""
    return Response(runtime.metrics.render(), media_type=CONTENT_TYPE_LATEST)
