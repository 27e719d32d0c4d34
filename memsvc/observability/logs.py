"""Structured logs: one JSON object per line, stamped with the current request id."""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

# Set by the request-id middleware; tasks and threadpool calls copy the context, so every
# log line emitted while handling a request sees its id without passing it around.
request_id_var: ContextVar[str | None] = ContextVar("memsvc_request_id", default=None)

access_log = logging.getLogger("memsvc.access")

# Attributes every LogRecord has; anything else on a record came from `extra=`. uvicorn's
# color_message is its message again with terminal colour codes.
_RECORD_FIELDS = frozenset(
    {
        *logging.LogRecord("", 0, "", 0, "", None, None).__dict__,
        *("message", "asctime", "taskName", "color_message"),
    }
)
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def _request_id(record: logging.LogRecord) -> str | None:
    """An explicit `extra={"request_id": ...}` wins (handlers outside the middleware's scope)."""
    explicit: str | None = getattr(record, "request_id", None)
    return explicit or request_id_var.get()


class JsonFormatter(logging.Formatter):
    """ts (ISO 8601, UTC), level, logger, message, request_id and any `extra=` fields."""

    def format(self, record: logging.LogRecord) -> str:
        ts = datetime.fromtimestamp(record.created, tz=UTC)
        entry: dict[str, Any] = {
            "ts": ts.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = _request_id(record)
        if request_id:
            entry["request_id"] = request_id
        entry.update(
            (key, value) for key, value in record.__dict__.items() if key not in _RECORD_FIELDS
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # default=str: an odd extra (a datetime, a Path) must never cost the log line.
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The classic one-line format, with the request id appended when there is one."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = _request_id(record)
        return f"{line} [request_id={request_id}]" if request_id else line


def configure_logging(level: str | int = "INFO", *, json: bool = True) -> None:
    """Send every logger (uvicorn's and rq's too) through one stderr handler and formatter."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if json else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper() if isinstance(level, str) else level)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        # uvicorn's records propagate to the root handler; its own access log is off (we
        # emit memsvc.access with the route template and request id instead).
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    logging.getLogger("uvicorn.access").disabled = True


def log_access(*, method: str, route: str, status: int, seconds: float, request_id: str) -> None:
    """The one access line per request."""
    duration_ms = round(seconds * 1000, 2)
    access_log.info(
        "%s %s %s %.2fms",
        method,
        route,
        status,
        duration_ms,
        extra={
            "method": method,
            "route": route,
            "status": status,
            "duration_ms": duration_ms,
            "request_id": request_id,
        },
    )
