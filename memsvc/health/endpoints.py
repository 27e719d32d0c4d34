"""Health endpoints."""

from __future__ import annotations

from fastapi import APIRouter

from memsvc import __version__
from memsvc.deps import RuntimeDep
from memsvc.errors import UnavailableError
from memsvc.storage.database import ping

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """Liveness: the process answers."""
    # async: it runs on the event loop, so it answers even when every worker thread is busy.
    return {"status": "ok"}


@router.get("/readyz")
def readyz(runtime: RuntimeDep) -> dict[str, object]:
    """Readiness: the database and the vector index both answer."""
    try:
        ping(runtime.engine)
    except Exception as exc:
        raise UnavailableError(f"database not reachable: {exc.__class__.__name__}") from exc
    try:
        points = runtime.index.count()
    except Exception as exc:
        raise UnavailableError(f"vector index not reachable: {exc.__class__.__name__}") from exc
    return {
        "status": "ready",
        "version": __version__,
        "index_points": points,
        "encoder": runtime.encoder.name,
    }
