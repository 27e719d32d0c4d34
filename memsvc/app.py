"""The FastAPI application: routers, lifespan and the one place errors are rendered."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import signal
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from fastapi_offline import FastAPIOffline
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from memsvc import __version__
from memsvc.config import Settings
from memsvc.context.endpoints import router as context_router
from memsvc.deps import StartingError, get_principal, invalid_input
from memsvc.errors import MemsvcError
from memsvc.health.endpoints import router as health_router
from memsvc.inspect import mount_inspector
from memsvc.limits import Limits, RequestLimits
from memsvc.mcp.http import McpDoor
from memsvc.observability import log_access, request_id_var
from memsvc.observability.endpoints import router as metrics_router
from memsvc.portability.endpoints import router as portability_router
from memsvc.runtime import BackgroundBuild, Runtime, consolidation_mode
from memsvc.schemas import ErrorBody
from memsvc.search.endpoints import router as search_router
from memsvc.sessions.endpoints import router as sessions_router
from memsvc.tenants.scope import Principal
from memsvc.tiers.endpoints import sessions_router as session_tiers_router
from memsvc.tiers.endpoints import users_router as user_tiers_router
from memsvc.turns.endpoints import router as turns_router
from memsvc.users.endpoints import router as users_router

log = logging.getLogger(__name__)
Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]
HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large"}
# A client's X-Request-ID is echoed into headers and every log line, so only a short printable
# one is kept; anything else is replaced by a fresh id.
CLIENT_REQUEST_ID = re.compile(r"[\x21-\x7e]{1,128}")
REQUEST_ID_HEADER = {
    "description": "The client's X-Request-ID, or a new one; also in every log line",
    "required": True,
    "schema": {"type": "string"},
}
RETRY_AFTER_HEADER = {
    "description": "Seconds to wait before retrying; sent while the server is starting",
    "required": False,
    "schema": {"type": "integer"},
}
AUTH_HEADER = {
    "description": "Bearer: send 'Authorization: Bearer <API key>'",
    "required": True,
    "schema": {"type": "string"},
}
ERROR_TEXT = {
    401: "A missing, unknown or revoked API key",
    404: "An unknown user, session, turn or note (also another tenant's)",
    409: "The request contradicts what is stored",
    413: "The body, a batch, a note or a metadata object is over its limit",
    415: "The body is not sent as application/json",
    422: "Invalid input: the message says what to fix",
    500: "An unexpected error (the server log has it under the request id)",
    503: (
        "A backing store (database, index, cache) is unavailable, or the server is still "
        "starting (code 'starting', with Retry-After); retry later"
    ),
}
V1_ERRORS = (401, 404, 409, 413, 422, 500, 503)
HEALTH_ERRORS = (413, 500)
# Operations that answer besides their router's errors: readiness is 503 while a store is down
# or the runtime is still building.
EXTRA_ERRORS = {"/readyz": (503,)}
# How long a shutdown waits for a runtime build under way (it may be mid-migration).
BUILD_WAIT_SECONDS = 30.0


def _error_responses(codes: tuple[int, ...]) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorBody, "description": ERROR_TEXT[code]} for code in codes}


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> FastAPI:
    """Build the app. A runtime handed in (tests, bench) is used as it is; otherwise it is built
    in the background once serving starts: /healthz answers at once, every route that needs
    the runtime answers 503 "starting" until it is built, and a failed build stops the server."""
    configured = runtime.settings if runtime else settings or Settings()
    mcp = McpDoor(configured)  # the MCP door at /mcp: its own server per app
    # Swagger UI's assets come from the fastapi-offline package, not a CDN: /docs renders on a
    # host with no network. No /redoc: its bundle fetches a logo from Redocly's CDN.
    app = FastAPIOffline(
        redoc_url=None,
        title="memsvc",
        version=__version__,
        description="Long-term conversational memory for chatbot backends.",
        lifespan=mcp.lifespan(_handed_in(runtime) if runtime else _building(configured)),
    )
    routers = (
        users_router,
        sessions_router,
        session_tiers_router,
        turns_router,
        user_tiers_router,
        search_router,
        context_router,
        portability_router,
    )
    # Every /v1 route needs the caller's tenant, even one that forgets to ask for it.
    for router in routers:
        app.include_router(
            router, responses=_error_responses(V1_ERRORS), dependencies=[Depends(get_principal)]
        )
    app.include_router(health_router, responses=_error_responses(HEALTH_ERRORS))
    app.include_router(metrics_router)
    mount_inspector(app)  # /inspect: the memory inspector's pages
    app.router.routes.append(mcp.route)
    _install_error_handlers(app)
    # Added last, so outermost: the request id and the 500 fallback cover the limits' answers.
    app.add_middleware(RequestLimits, limits=Limits.from_settings(configured))
    app.add_middleware(RequestContext)
    _install_openapi(app)
    return app


def _handed_in(runtime: Runtime) -> Lifespan:
    """Serve a runtime that is already built; its owner closes it."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _warn_if_open(runtime.settings)
        app.state.runtime = runtime
        yield

    return lifespan


def _building(settings: Settings) -> Lifespan:
    """Refuse a bad configuration before listening, build the runtime on a thread while
    serving, and close it (or wait, bounded, for a build under way) at shutdown."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        consolidation_mode(settings)  # a refused configuration fails start-up at once
        _warn_if_open(settings)
        app.state.runtime = None  # until built: routes that need it answer 503 "starting"

        def ready(built: Runtime) -> None:
            app.state.runtime = built

        build = BackgroundBuild(settings, on_ready=ready, on_failure=_stop)
        build.start()
        yield
        await asyncio.to_thread(build.close, timeout=BUILD_WAIT_SECONDS)

    return lifespan


def _warn_if_open(settings: Settings) -> None:
    if not settings.require_api_key:
        log.warning(
            "memsvc is running OPEN: requests without an API key use the default tenant. "
            "Set MEMSVC_REQUIRE_API_KEY=true (forced when serving beyond loopback)."
        )


def _stop(error: BaseException) -> None:
    """A runtime that cannot be built ends the server: SIGTERM makes uvicorn shut down as on
    `kill` (listeners closed, lifespan ended), then the process ends by that signal, which
    uvicorn raises again once it is done: exit status 143, or -15 from subprocess."""
    log.critical("memsvc cannot start (%s: %s); stopping", type(error).__name__, error)
    os.kill(os.getpid(), signal.SIGTERM)


def _install_openapi(app: FastAPI) -> None:
    """Complete the generated OpenAPI document once, on first use."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _complete(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _complete(schema: dict[str, Any]) -> dict[str, Any]:
    """Give each operation its docstring's first line as summary, the error statuses it can
    answer beyond its router's (415 with a JSON body) and the headers every response has."""
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            description = operation.get("description")
            if description:
                operation["summary"] = description.splitlines()[0].rstrip(".")
            responses = operation["responses"]
            extra = EXTRA_ERRORS.get(path, ()) + ((415,) if "requestBody" in operation else ())
            for code in extra:
                responses.setdefault(str(code), _error_response(code))
            for code, response in responses.items():
                headers = response.setdefault("headers", {})
                headers["X-Request-ID"] = REQUEST_ID_HEADER
                if code == "401":
                    headers["WWW-Authenticate"] = AUTH_HEADER
                elif code == "503":
                    headers["Retry-After"] = RETRY_AFTER_HEADER
    return schema


def _error_response(code: int) -> dict[str, Any]:
    return {
        "description": ERROR_TEXT[code],
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
    }


class RequestContext:
    """Pure ASGI middleware: tag every request, response and log line with an X-Request-ID,
    time it into the access log and the latency histogram, and answer an unexpected error
    with the standard 500 body. (An error escaping to the server would make uvicorn close the
    keep-alive connection, so it never does while the response can still be sent.)"""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(Headers(scope=scope).get("x-request-id"))
        scope.setdefault("state", {})["request_id"] = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status: int | None = None

        async def send_tagged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)["X-Request-ID"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_tagged)
        except Exception as exc:
            if status is not None:  # the response is half sent: only a closed connection says so
                raise
            await _unexpected(Request(scope, receive), exc)(scope, receive, send_tagged)
        finally:
            _observe(scope, status=status or 500, seconds=time.perf_counter() - started)
            request_id_var.reset(token)


def _request_id(given: str | None) -> str:
    """The client's request id when it is short printable ASCII, else a new one."""
    if given and CLIENT_REQUEST_ID.fullmatch(given):
        return given
    return uuid.uuid4().hex


def _observe(scope: Scope, *, status: int, seconds: float) -> None:
    """Access line and latency, labelled by route template (raw paths would explode series)."""
    route = getattr(scope.get("route"), "path", None) or "unmatched"
    runtime: Runtime | None = getattr(scope["app"].state, "runtime", None)
    if runtime is not None:  # None only if the lifespan never ran (a client without `with`)
        runtime.metrics.observe_request(
            method=scope["method"], route=route, status=status, seconds=seconds
        )
    log_access(
        method=scope["method"],
        route=route,
        status=status,
        seconds=seconds,
        request_id=scope["state"]["request_id"],
    )


def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    """The answer to an error no handler knew: 503 when the database is unreachable or its
    pool exhausted (retrying later can succeed), else 500; both logged with the traceback."""
    log.exception("unhandled error", exc_info=exc)
    if isinstance(exc, OperationalError | PoolTimeoutError):
        message = f"database unavailable ({exc.__class__.__name__}); retry later"
        return _error(request, 503, "unavailable", message)
    return _error(request, 500, "internal_error", "unexpected server error; see the server log")


def _error(
    request: Request,
    status: int,
    code: str,
    message: str,
    details: Any = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    request_id = getattr(request.state, "request_id", None)
    body = {
        "error": {"code": code, "message": message, "details": details, "request_id": request_id}
    }
    return JSONResponse(body, status_code=status, headers=headers)


def _body_problem(exc: BaseException | None) -> str:
    """What made the body unreadable as JSON (FastAPI reports all of it as a bare 400)."""
    if isinstance(exc, UnicodeDecodeError):
        return (
            f"the body is not valid UTF-8 (byte {exc.object[exc.start]:#04x} at position "
            f"{exc.start}); send JSON encoded as UTF-8"
        )
    if isinstance(exc, RecursionError):
        return (
            "the JSON body nests too deeply to parse; metadata may nest at most "
            "MEMSVC_MAX_METADATA_DEPTH levels"
        )
    return "the body could not be read as JSON; send a JSON object"


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at this path, for the Allow header of a 405 (FastAPI's
    own names only the first route that matched the path)."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.router.routes):
        regex = getattr(route, "path_regex", None)
        if regex is not None and regex.match(request.url.path):
            methods |= route.methods or set()
    return ", ".join(sorted(methods))


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
        elif isinstance(exc, StartingError):
            response.headers["Retry-After"] = str(exc.retry_after_seconds)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Unknown routes (404), methods (405) and oversize bodies (413) answer in the same
        # shape as every other error; FastAPI's bare 400 for an unreadable body becomes a 422
        # that says why.
        if exc.status_code == 400 and exc.__cause__ is not None:
            problem = _body_problem(exc.__cause__)
            details = [{"field": "body", "message": problem}]
            return _error(request, 422, "validation_error", f"invalid request: {problem}", details)
        headers = dict(exc.headers or {})
        message = str(exc.detail)
        if exc.status_code == 405:
            headers["Allow"] = _allowed_methods(request)
            message = f"{request.method} is not allowed here; use {headers['Allow']}"
        elif exc.status_code == 404:
            message = f"no route {request.method} {request.url.path}; the API is listed at /docs"
        code = HTTP_CODES.get(exc.status_code, "http_error")
        return _error(request, exc.status_code, code, message, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _validation_response(request, exc.errors())


def _validation_response(request: Request, raw: list[dict[str, Any]]) -> JSONResponse:
    """422 naming each invalid field; 415 for a body not sent as JSON; 413 for a value over a
    size limit."""
    if any(e["loc"][:1] == ("body",) and isinstance(e.get("input"), bytes) for e in raw):
        # FastAPI hands the raw bytes to validation when the content type is not JSON.
        message = "send the body as JSON with 'Content-Type: application/json'"
        return _error(request, 415, "unsupported_media_type", message)
    invalid = invalid_input(raw)  # the same text the MCP door gives
    return _error(request, invalid.status, invalid.code, invalid.message, invalid.errors)
