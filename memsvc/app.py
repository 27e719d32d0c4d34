"""The FastAPI application: routers, lifespan and the one place errors are rendered."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from memsvc import __version__
from memsvc.config import Settings
from memsvc.context.endpoints import router as context_router
from memsvc.deps import get_principal
from memsvc.errors import MemsvcError
from memsvc.health.endpoints import router as health_router
from memsvc.observability import log_access, request_id_var
from memsvc.observability.endpoints import router as metrics_router
from memsvc.runtime import Runtime, build_runtime
from memsvc.schemas import ErrorBody
from memsvc.search.endpoints import router as search_router
from memsvc.sessions.endpoints import router as sessions_router
from memsvc.tenants.scope import Principal
from memsvc.tiers.endpoints import sessions_router as session_tiers_router
from memsvc.tiers.endpoints import users_router as user_tiers_router
from memsvc.turns.endpoints import router as turns_router
from memsvc.users.endpoints import router as users_router

log = logging.getLogger(__name__)
HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody} for code in (401, 404, 409, 413, 422)
}


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> FastAPI:
    """Build the app; the runtime is built at startup unless one is handed in (tests, bench)."""
    owned = runtime is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.runtime = runtime or build_runtime(settings or Settings())
        if not app.state.runtime.settings.require_api_key:
            log.warning(
                "memsvc is running OPEN: requests without an API key use the default tenant. "
                "Set MEMSVC_REQUIRE_API_KEY=true (forced when serving beyond loopback)."
            )
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
    # Every /v1 route needs the caller's tenant, even one that forgets to ask for it.
    for router in routers:
        app.include_router(router, responses=ERROR_RESPONSES, dependencies=[Depends(get_principal)])
    app.include_router(health_router)
    app.include_router(metrics_router)
    _summarise(app)
    _install_error_handlers(app)
    app.middleware("http")(_request_id)
    return app


def _summarise(app: FastAPI) -> None:
    """Each operation's one-line summary is the first line of its docstring."""
    for route in app.routes:
        if isinstance(route, APIRoute) and route.description and not route.summary:
            route.summary = route.description.splitlines()[0].rstrip(".")


async def _request_id(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Tag every request, response and log line with an X-Request-ID (the client's, or a new
    one); time the request into the access log and the latency histogram."""
    request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
    request.state.request_id = request_id
    token = request_id_var.set(request_id)
    started = time.perf_counter()
    status = 500  # if call_next raises, the outer error handler answers 500
    try:
        response = await call_next(request)
        status = response.status_code
        response.headers["X-Request-ID"] = request_id
        return response
    finally:
        _observe(request, status=status, seconds=time.perf_counter() - started)
        request_id_var.reset(token)


def _observe(request: Request, *, status: int, seconds: float) -> None:
    """Access line and latency, labelled by route template (raw paths would explode series)."""
    route = getattr(request.scope.get("route"), "path", None) or "unmatched"
    runtime: Runtime | None = getattr(request.app.state, "runtime", None)
    if runtime is not None:  # None only if the lifespan never ran (a client without `with`)
        runtime.metrics.observe_request(
            method=request.method, route=route, status=status, seconds=seconds
        )
    log_access(
        method=request.method,
        route=route,
        status=status,
        seconds=seconds,
        request_id=request.state.request_id,
    )


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
        # Messages quote stored ids; a tenant sees its own ids without their prefix.
        tenant: Principal = getattr(request.state, "principal", Principal())
        message = tenant.hide(exc.message)
        details = json.loads(tenant.hide(json.dumps(exc.details, default=str)))
        response = _error(request, exc.status_code, exc.code, message, details or None)
        if exc.status_code == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        return response

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Unknown routes (404) and methods (405) answer in the same shape as every other error.
        code = HTTP_CODES.get(exc.status_code, "http_error")
        return _error(request, exc.status_code, code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"]), "message": _hint(e)} for e in exc.errors()
        ]
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5])
        return _error(request, 422, "validation_error", f"invalid request: {summary}", errors)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Runs outside the request-id middleware, so the id is passed explicitly.
        request_id = getattr(request.state, "request_id", None)
        log.exception("unhandled error", exc_info=exc, extra={"request_id": request_id})
        return _error(request, 500, "internal_error", "unexpected server error; see the server log")
