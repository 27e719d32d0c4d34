"""When to retry and how long to wait: exponential backoff with jitter, or `Retry-After`."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

INITIAL_DELAY = 0.5
MAX_DELAY = 8.0
# A server asking for a longer pause is honoured up to this; past it, waiting in-process is
# the wrong tool and the caller should see the error sooner rather than hang.
MAX_RETRY_AFTER = 60.0
RETRY_STATUSES = frozenset({408, 429})


def should_retry_status(status_code: int) -> bool:
    """Timeouts, rate limits and server errors are worth another try; other 4xx are not."""
    return status_code in RETRY_STATUSES or status_code >= 500


def should_retry_error(error: httpx.TransportError) -> bool:
    """Connection failures and timeouts are transient; a bad URL scheme never gets better."""
    return not isinstance(error, httpx.UnsupportedProtocol)


def backoff(attempt: int, *, rand: Callable[[], float] = random.random) -> float:
    """Seconds before retry number `attempt + 1`: 0.5, 1, 2, 4, 8 (capped), minus up to 25%."""
    delay = min(INITIAL_DELAY * 2.0**attempt, MAX_DELAY)
    return delay * (1 - 0.25 * rand())


def retry_after(
    headers: httpx.Headers, *, now: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> float | None:
    """The server's `Retry-After` (seconds or an HTTP date) in seconds, capped; None if absent."""
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - now()).total_seconds()
    if math.isnan(seconds):
        return None
    return min(max(seconds, 0.0), MAX_RETRY_AFTER)


def retry_delay(response: httpx.Response, attempt: int) -> float:
    """How long to wait before retrying after this response."""
    delay = retry_after(response.headers)
    return backoff(attempt) if delay is None else delay
