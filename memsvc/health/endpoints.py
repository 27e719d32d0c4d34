"""Health endpoints."""

from __future__ import annotations

from fastapi import APIRouter

from memsvc import __version__
from memsvc.deps import RuntimeDep
from memsvc.errors import MemsvcError, UnavailableError
from memsvc.storage.database import ping

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """Liveness: the process answers (from the moment it listens, while models still load)."""
    # async: it runs on the event loop, so it answers even when every worker thread is busy.
    return {"status": "ok"}


@router.get("/readyz")
def readyz(runtime: RuntimeDep) -> dict[str, object]:
    """Readiness: the models are loaded, the database and the vector index answer and agree.

    503 "starting" (with Retry-After) while the models load; 503 with the reason when a store
    is unreachable or the index needs a rebuild.
    """
    try:
        ping(runtime.engine)
    except Exception as exc:
        raise UnavailableError(f"database not reachable: {exc.__class__.__name__}") from exc
    status = runtime.index_status
    if not status.ok:  # found at start-up: unreadable, or too far from SQL to repair alone
        raise UnavailableError(
            f"vector index needs a rebuild: {status.reason}", index="needs_reindex"
        )
    try:
        points = runtime.index.count()
    except MemsvcError as exc:
        raise UnavailableError(exc.message, index="unavailable") from exc
    except Exception as exc:
        raise UnavailableError(f"vector index not reachable: {exc.__class__.__name__}") from exc
    # Working memory is rebuilt from SQL while Redis is down: degraded, still ready.
    working = runtime.working.problem()
    return {
        "status": "degraded" if working else "ready",
        "version": __version__,
        "index_points": points,
        "encoder": runtime.encoder.name,
        **({"degraded": {"working_memory": f"{working}; served from SQL"}} if working else {}),
    }
