"""FastAPI dependencies: the runtime, a request-scoped database transaction, the caller, and
how invalid input is reported (shared with the MCP door, which has no FastAPI request)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Annotated, Any, NamedTuple

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from memsvc.errors import AuthenticationError, UnavailableError
from memsvc.limits import TOO_LARGE
from memsvc.runtime import Runtime
from memsvc.tenants import service as tenants
from memsvc.tenants.scope import Principal

log = logging.getLogger(__name__)
AFTER_COMMIT = "after_commit"


class StartingError(UnavailableError):
    """The runtime is still being built: the server listens before its models are loaded."""

    code = "starting"
    retry_after_seconds = 1


def get_runtime(request: Request) -> Runtime:
    """The runtime built by the app's lifespan; a 503 to retry while it is still building."""
    runtime: Runtime | None = getattr(request.app.state, "runtime", None)
    if runtime is None:
        raise StartingError("starting: loading models and opening the index; retry shortly")
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_db(runtime: RuntimeDep) -> Iterator[Session]:
    """One transaction per request: committed before the response, rolled back on error."""
    yield from _transaction(runtime.sessions())


def get_read_db(runtime: RuntimeDep) -> Iterator[Session]:
    """The same for a request that only reads: on SQLite it never takes the write lock, so
    reads run beside each other and beside a writer (WAL) instead of queueing behind them."""
    yield from _transaction(runtime.read_sessions())


def _transaction(session: Session) -> Iterator[Session]:
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
    _run_after_commit(session)


def transaction(session: Session) -> AbstractContextManager[Session]:
    """The request transaction for a caller outside FastAPI (the MCP door): committed at the
    end of the block, rolled back on error, its after-commit follow-ups run."""
    return contextmanager(_transaction)(session)


def _run_after_commit(session: Session) -> None:
    """Follow-ups of a committed request (index deletes, cache and queue updates). SQL is the
    source of truth and already holds the result: a failure here is logged, not turned into an
    error reply that would make a client retry work that is done (search skips index points
    without a row; cached working memory expires)."""
    for callback in session.info.pop(AFTER_COMMIT, []):
        try:
            callback()
        except Exception:
            log.exception("a follow-up after commit failed; the committed result stands")


# scope="function": commit before the response goes out, so a failed commit is an error reply.
DbDep = Annotated[Session, Depends(get_db, scope="function")]
ReadDbDep = Annotated[Session, Depends(get_read_db, scope="function")]


def after_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run callback once the request's transaction has committed (e.g. index deletes)."""
    session.info.setdefault(AFTER_COMMIT, []).append(callback)


def get_principal(request: Request, runtime: RuntimeDep) -> Principal:
    """The tenant of the presented API key; the default tenant when no key is sent and the
    server runs open (the embedded local mode)."""
    secret = _bearer(request.headers.get("authorization"))
    if secret is None:
        if runtime.settings.require_api_key:
            raise AuthenticationError(
                "this server requires an API key: send 'Authorization: Bearer <key>' "
                "(keys come from `memsvc keys create --tenant <name>`)"
            )
        principal = Principal()
    else:
        with runtime.sessions() as db:
            principal = tenants.authenticate(db, secret)
            db.commit()
    request.state.principal = principal
    return principal


def _bearer(header: str | None) -> str | None:
    if header is None:
        return None
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise AuthenticationError("the Authorization header must be 'Bearer <API key>'")
    return secret.strip()


TenantDep = Annotated[Principal, Depends(get_principal)]


class Invalid(NamedTuple):
    """How invalid input is answered: status, code, a message naming the first five invalid
    fields, and every field's problem."""

    status: int
    code: str
    message: str
    errors: list[dict[str, str]]


def invalid_input(raw: Sequence[Mapping[str, Any]]) -> Invalid:
    """422 naming each invalid field from pydantic's errors; 413 for a value over a size limit."""
    errors = [{"field": ".".join(str(p) for p in e["loc"]), "message": _hint(e)} for e in raw]
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
    if any(e["type"] == TOO_LARGE for e in raw):
        return Invalid(413, "payload_too_large", f"too large: {summary}", errors)
    return Invalid(422, "validation_error", f"invalid request: {summary}", errors)


def _hint(error: Mapping[str, Any]) -> str:
    """Pydantic's message, plus the accepted format where a bare message would not say it."""
    message = str(error["msg"])
    kind = str(error.get("type", ""))
    if kind.startswith(("datetime", "date")):
        message += " (use ISO 8601, e.g. 2023-05-08T13:56:00Z)"
    elif kind == "json_invalid" and "error" in error.get("ctx", {}):
        message += f": {error['ctx']['error']} at position {error['loc'][-1]}"
    return message
