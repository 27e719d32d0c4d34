"""FastAPI dependencies: the runtime and a request-scoped database transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from memsvc.runtime import Runtime

AFTER_COMMIT = "after_commit"


def get_runtime(request: Request) -> Runtime:
    """The runtime built by the app's lifespan."""
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_db(runtime: RuntimeDep) -> Iterator[Session]:
    """One transaction per request: committed before the response, rolled back on error."""
    session = runtime.sessions()
    try:
        yield session
        session.commit()
        for callback in session.info.pop(AFTER_COMMIT, []):
            callback()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# scope="function": commit before the response goes out, so a failed commit is an error reply.
DbDep = Annotated[Session, Depends(get_db, scope="function")]


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run callback once the request's transaction has committed (e.g. index deletes)."""
    session.info.setdefault(AFTER_COMMIT, []).append(callback)
