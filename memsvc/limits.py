"""Request limits: the body's size (counted as it streams in), the shape of the path, and the
depth and size of metadata objects (checked at validation); each answers with a clear 4xx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from memsvc.config import Settings
from memsvc.observability import request_id_var

# The pydantic error type of a value over a limit; the app answers it with 413, not 422.
TOO_LARGE = "too_large"


@dataclass(frozen=True)
class Limits:
    """The configured request limits (MEMSVC_MAX_BODY_BYTES, MEMSVC_MAX_METADATA_*)."""

    body_bytes: int
    metadata_depth: int
    metadata_bytes: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """The limits a settings object configures."""
        return cls(
            body_bytes=settings.max_body_bytes,
            metadata_depth=settings.max_metadata_depth,
            metadata_bytes=settings.max_metadata_bytes,
        )


def _defaults() -> Limits:
    """The settings' default limits, without reading the environment."""
    fields = Settings.model_fields
    return Limits(
        body_bytes=fields["max_body_bytes"].default,
        metadata_depth=fields["max_metadata_depth"].default,
        metadata_bytes=fields["max_metadata_bytes"].default,
    )


# Validation has no access to the app's settings, so the middleware publishes the configured
# limits for the request it serves; outside a request (tests, the CLI) the defaults apply.
DEFAULTS = _defaults()
_current: ContextVar[Limits | None] = ContextVar("memsvc_limits", default=None)


@contextmanager
def applying(limits: Limits) -> Iterator[None]:
    """Validate metadata against limits inside this block."""
    token = _current.set(limits)
    try:
        yield
    finally:
        _current.reset(token)


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether value nests containers more than limit levels deep. Iterative, so any depth
    pydantic accepted is measured without exhausting the stack."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if not isinstance(item, dict | list):
            continue
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((child, depth + 1) for child in children)
    return False


def _within_limits(value: dict[str, Any]) -> dict[str, Any]:
    """Refuse a metadata object nested too deeply, too large, or holding NaN/Infinity (which
    Python's JSON parser accepts but no JSON response can carry)."""
    limits = _current.get() or DEFAULTS
    if _deeper_than(value, limits.metadata_depth):
        raise PydanticCustomError(
            TOO_LARGE,
            "metadata nests deeper than {limit} levels (MEMSVC_MAX_METADATA_DEPTH); flatten it",
            {"limit": limits.metadata_depth},
        )
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError as exc:
        raise PydanticCustomError(
            "json_invalid", "metadata must be standard JSON: NaN and Infinity are not allowed"
        ) from exc
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.metadata_bytes:
        raise PydanticCustomError(
            TOO_LARGE,
            "metadata is {size} bytes as JSON; at most {limit} are allowed "
            "(MEMSVC_MAX_METADATA_BYTES): store large documents elsewhere and reference them",
            {"size": size, "limit": limits.metadata_bytes},
        )
    return value


JsonObject = Annotated[dict[str, Any], AfterValidator(_within_limits)]


class BodyTooLarge(HTTPException):
    """The body grew past the limit while it was read; the app's HTTP error handler renders it
    (FastAPI re-raises HTTP exceptions from body reading instead of turning them into a 400)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _too_large_message(limit))


def _too_large_message(limit: int) -> str:
    return (
        f"request body is larger than {limit} bytes (MEMSVC_MAX_BODY_BYTES); send smaller batches"
    )


class RequestLimits:
    """Pure ASGI middleware: refuse a body over the byte limit (by its Content-Length up
    front, else by counting the bytes as they arrive, since chunked bodies declare no length)
    and a path whose percent-encoding would change which route it reaches."""

    def __init__(self, app: ASGIApp, *, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if problem := _path_problem(scope):
            await _refuse(scope, receive, send, 422, "validation_error", problem)
            return
        declared = Headers(scope=scope).get("content-length", "")
        limit = self.limits.body_bytes
        if declared.isdigit() and int(declared) > limit:
            # Answered before reading: the server discards the unread body and keeps the
            # connection.
            await _refuse(scope, receive, send, 413, "payload_too_large", _too_large_message(limit))
            return
        with applying(self.limits):
            await self.app(scope, _counting(receive, limit), send)


def _counting(receive: Receive, limit: int) -> Receive:
    """receive, raising BodyTooLarge once the body's bytes exceed limit."""
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
        return message

    return counted


def _path_problem(scope: Scope) -> str | None:
    """Why the raw path cannot be routed as sent, or None. The server decodes %2F to '/', so
    /v1/users/u%2Fscratchpad%2Fn would reach another route than the id's own."""
    raw = scope.get("raw_path") or b""
    if b"%2f" in raw.lower():
        return "the path holds an encoded slash (%2F); ids use A-Z a-z 0-9 _ . : @ - and never '/'"
    return None


async def _refuse(
    scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str
) -> None:
    """Answer with the standard error body without running the app."""
    error = {"code": code, "message": message, "details": None, "request_id": request_id_var.get()}
    await JSONResponse({"error": error}, status_code=status)(scope, receive, send)
