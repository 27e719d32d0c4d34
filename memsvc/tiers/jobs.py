"""Queue job entry points, run by `memsvc worker` with the runtime it built at start."""

from __future__ import annotations

from memsvc.runtime import Runtime
from memsvc.tiers.consolidation import consolidate

_runtime: Runtime | None = None


def bind(runtime: Runtime) -> None:
    """Give jobs the worker's runtime (models and engines load once, not per job)."""
    global _runtime
    _runtime = runtime


def consolidate_session(session_id: str) -> dict[str, object] | None:
    """Consolidate one session (idempotent); returns what it stored, for the job result."""
    if _runtime is None:
        raise RuntimeError("no runtime bound: jobs run inside `memsvc worker`")
    result = consolidate(_runtime, session_id)
    return None if result is None else result.__dict__
