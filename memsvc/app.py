"""The FastAPI application: routers, lifespan and the one place errors are rendered."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from memsvc import __version__
from memsvc.config import Settings
from memsvc.context.endpoints import router as context_router
from memsvc.errors import MemsvcError
from memsvc.health.endpoints import router as health_router
from memsvc.runtime import Runtime, build_runtime
from memsvc.schemas import ErrorBody
from memsvc.search.endpoints import router as search_router
from memsvc.sessions.endpoints import router as sessions_router
from memsvc.tiers.endpoints import sessions_router as session_tiers_router
from memsvc.tiers.endpoints import users_router as user_tiers_router
from memsvc.turns.endpoints import router as turns_router
from memsvc.users.endpoints import router as users_router

log = logging.getLogger(__name__)
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody} for code in (404, 409, 413, 422)
}


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> FastAPI:
    """Build the app; the runtime is built at startup unless one is handed in (tests, bench)."""
    owned = runtime is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.runtime = runtime or build_runtime(settings or Settings())
        yield
        if owned:
            app.state.runtime.close()

    app = FastAPI(
        title="memsvc",
        version=__version__,
        description="Long-term conversational memory for chatbot backends.",
        lifespan=lifespan,
    )
    routers = (
        users_router,
        sessions_router,
        session_tiers_router,
        turns_router,
        user_tiers_router,
        search_router,
        context_router,
    )
    for router in routers:
        app.include_router(router, responses=ERROR_RESPONSES)
    app.include_router(health_router)
    _install_error_handlers(app)
    app.middleware("http")(_request_id)
    return app


async def _request_id(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Tag every request and response with an X-Request-ID (the client's, or a new one)."""
    request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
    request.state.request_id = request_id
    response = await call_next(request)
    response.headers["X-Request-ID"] = request_id
    return response


def _error(
    request: Request, status: int, code: str, message: str, details: Any = None
) -> JSONResponse:
    request_id = getattr(request.state, "request_id", None)
    body = {
        "error": {"code": code, "message": message, "details": details, "request_id": request_id}
    }
    return JSONResponse(body, status_code=status, headers={"X-Request-ID": request_id or ""})


def _hint(error: dict[str, Any]) -> str:
    """Pydantic's message, plus the accepted format where a bare message would not say it."""
    message = str(error["msg"])
    if str(error.get("type", "")).startswith(("datetime", "date")):
        message += " (use ISO 8601, e.g. 2023-05-08T13:56:00Z)"
    return message


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(MemsvcError)
    async def _memsvc_error(request: Request, exc: MemsvcError) -> JSONResponse:
        return _error(request, exc.status_code, exc.code, exc.message, exc.details or None)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"]), "message": _hint(e)} for e in exc.errors()
        ]
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
        return _error(request, 422, "validation_error", f"invalid request: {summary}", errors)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return _error(request, 500, "internal_error", "unexpected server error; see the server log")
