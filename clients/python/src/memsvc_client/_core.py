"""The transport core: one retry plan, executed by a sync or an async driver.

`BaseCore._plan` is a generator that holds everything about a call except I/O: it builds the
request (one X-Request-ID for all attempts), yields it to be sent, receives the response or
transport error, maps errors, decides on retries and yields the seconds to sleep. `SyncCore`
and `AsyncCore` only perform what it yields (send, sleep) with blocking or awaited calls.
"""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Mapping
from types import NoneType
from typing import Any, Self, TypeVar, cast

import httpx
import pydantic
from pydantic_core import to_jsonable_python

from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    status_error,
)
from ._request import APIRequest, PageRequest
from ._retry import backoff, retry_delay, should_retry_error, should_retry_status
from ._version import __version__
from .models import Page

T = TypeVar("T")
# What the plan yields (a request to send, or seconds to sleep) and is sent back.
Step = httpx.Request | float
Outcome = httpx.Response | httpx.TransportError | None

log = logging.getLogger("memsvc_client")


@dataclasses.dataclass(frozen=True, slots=True)
class Options:
    """Everything that shapes a call besides the call itself; `with_options` copies it."""

    base_url: str
    api_key: str | None
    timeout: httpx.Timeout
    max_retries: int
    headers: Mapping[str, str]


class BaseCore:
    """State and logic shared by both drivers: options, the HTTP client, the retry plan."""

    http: httpx.Client | httpx.AsyncClient

    def __init__(self, options: Options, *, owns_http: bool) -> None:
        self.options = options
        self.owns_http = owns_http

    def with_options(self, options: Options) -> Self:
        """A core sharing this one's HTTP client (which it will not close) with new options."""
        clone = copy.copy(self)
        clone.options = options
        clone.owns_http = False
        return clone

    def _plan(self, req: APIRequest[T]) -> Generator[Step, Outcome, T]:
        """Send `req` until it succeeds, fails for good, or runs out of retries."""
        request_id = uuid.uuid4().hex
        request = self._build(req, request_id)
        attempt = 0
        while True:
            outcome = yield request
            if isinstance(outcome, httpx.Response) and outcome.is_success:
                return _parse(req.cast_to, outcome, request_id)
            retry = attempt < self.options.max_retries
            if isinstance(outcome, httpx.Response):
                if not (retry and should_retry_status(outcome.status_code)):
                    raise status_error(outcome, sent_request_id=request_id)
                delay, reason = retry_delay(outcome, attempt), f"status {outcome.status_code}"
            else:
                assert outcome is not None, "the driver sends back what it was asked to send"
                if not (retry and should_retry_error(outcome)):
                    raise _connection_error(outcome, request, request_id) from outcome
                delay, reason = backoff(attempt), type(outcome).__name__
            attempt += 1
            log.info(
                "retrying %s %s in %.2fs after %s (retry %d of %d, request_id=%s)",
                req.method, req.path, delay, reason, attempt, self.options.max_retries, request_id,
            )  # fmt: skip
            yield delay

    def _build(self, req: APIRequest[Any], request_id: str) -> httpx.Request:
        """The HTTP request for `req`, re-sent unchanged by every attempt."""
        headers = {
            "Accept": "application/json",
            "User-Agent": f"memsvc-client-python/{__version__}",
        }
        if self.options.api_key:
            headers["Authorization"] = f"Bearer {self.options.api_key}"
        headers.update(self.options.headers)
        headers["X-Request-ID"] = request_id
        return self.http.build_request(
            req.method,
            self.options.base_url + req.path,
            params=req.params,
            json=None if req.json is None else to_jsonable_python(req.json),
            headers=headers,
            timeout=self.options.timeout,
        )


def _next_cursor(page: Page[Any], cursor: str | None) -> str | None:
    """The cursor of the page after `page`, or None at the end (or if the server repeats one)."""
    following = page.next_cursor
    return following if following and following != cursor else None


class SyncCore(BaseCore):
    """Executes plans with a blocking `httpx.Client`."""

    http: httpx.Client

    def __init__(
        self,
        options: Options,
        *,
        http: httpx.Client,
        owns_http: bool,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(options, owns_http=owns_http)
        self.http = http
        self.sleep = sleep

    def request(self, req: APIRequest[T]) -> T:
        """Perform one call, retries included, and return its parsed response."""
        plan = self._plan(req)
        try:
            step = next(plan)
            while True:
                if isinstance(step, httpx.Request):
                    step = plan.send(self._send(step))
                else:
                    self.sleep(step)
                    step = plan.send(None)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]

    def paginate(self, req: PageRequest[T]) -> Iterator[T]:
        """Yield every item of a list endpoint, fetching pages as they are needed."""
        cursor = req.cursor
        while True:
            page = self.request(req.page(cursor))
            yield from page.items
            if (cursor := _next_cursor(page, cursor)) is None:
                return

    def close(self) -> None:
        """Close the HTTP client if this core opened it."""
        if self.owns_http:
            self.http.close()

    def _send(self, request: httpx.Request) -> httpx.Response | httpx.TransportError:
        try:
            return self.http.send(request)
        except httpx.TransportError as exc:
            return exc


class AsyncCore(BaseCore):
    """Executes plans with an `httpx.AsyncClient`."""

    http: httpx.AsyncClient

    def __init__(
        self,
        options: Options,
        *,
        http: httpx.AsyncClient,
        owns_http: bool,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__(options, owns_http=owns_http)
        self.http = http
        self.sleep = sleep

    async def request(self, req: APIRequest[T]) -> T:
        """Perform one call, retries included, and return its parsed response."""
        plan = self._plan(req)
        try:
            step = next(plan)
            while True:
                if isinstance(step, httpx.Request):
                    step = plan.send(await self._send(step))
                else:
                    await self.sleep(step)
                    step = plan.send(None)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]

    async def paginate(self, req: PageRequest[T]) -> AsyncIterator[T]:
        """Yield every item of a list endpoint, fetching pages as they are needed."""
        cursor = req.cursor
        while True:
            page = await self.request(req.page(cursor))
            for item in page.items:
                yield item
            if (cursor := _next_cursor(page, cursor)) is None:
                return

    async def close(self) -> None:
        """Close the HTTP client if this core opened it."""
        if self.owns_http:
            await self.http.aclose()

    async def _send(self, request: httpx.Request) -> httpx.Response | httpx.TransportError:
        try:
            return await self.http.send(request)
        except httpx.TransportError as exc:
            return exc


def _parse(cast_to: type[T], response: httpx.Response, request_id: str) -> T:
    """The response body as `cast_to` (None for bodiless answers such as 204)."""
    if cast_to is NoneType:
        return cast(T, None)
    model = cast(type[pydantic.BaseModel], cast_to)
    try:
        return cast(T, model.model_validate_json(response.content))
    except pydantic.ValidationError as exc:
        raise APIResponseValidationError(
            f"unexpected response body for {response.request.method} "
            f"{response.request.url.path}: {exc}",
            response=response,
            request_id=response.headers.get("x-request-id") or request_id,
        ) from exc


def _connection_error(
    error: httpx.TransportError, request: httpx.Request, request_id: str
) -> APIConnectionError:
    cls = APITimeoutError if isinstance(error, httpx.TimeoutException) else APIConnectionError
    what = "timed out" if cls is APITimeoutError else "failed"
    message = f"{request.method} {request.url} {what}: {error or type(error).__name__}"
    return cls(message, request=request, request_id=request_id)
