"""`Memsvc` and `AsyncMemsvc`: one shared client body, two cores."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal, Self

import httpx

from ._core import AsyncCore, Options, SyncCore
from ._request import APIRequest, body
from ._resource import CoreT, Resource, endpoint
from ._resources import Episodes, Facts, Scratchpad, Sessions, Timestamp, Turns, Users
from .models import ContextResponse, Health, SearchResponse

DEFAULT_BASE_URL: Final = "http://127.0.0.1:8000"
DEFAULT_TIMEOUT: Final = 30.0
DEFAULT_MAX_RETRIES: Final = 2

Mode = Literal["hybrid", "dense", "sparse"]
Fusion = Literal["convex", "rrf"]
Tier = Literal["episodic", "semantic", "episode"]
ContextFormat = Literal["text", "markdown", "json", "messages"]
TimeoutTypes = float | httpx.Timeout | None


class NotGiven:
    """The default of `with_options` arguments: keep the current value (None means no timeout)."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


class _Client(Resource[CoreT]):
    """Everything `Memsvc` and `AsyncMemsvc` have in common: namespaces, top-level calls."""

    users: Users[CoreT]
    sessions: Sessions[CoreT]
    turns: Turns[CoreT]
    facts: Facts[CoreT]
    episodes: Episodes[CoreT]
    scratchpad: Scratchpad[CoreT]

    def __init__(self, core: CoreT) -> None:
        super().__init__(core)
        self._attach(core)

    def _attach(self, core: CoreT) -> None:
        """Bind this client and its namespaces to `core`."""
        self._core = core
        self.users = Users(core)
        self.sessions = Sessions(core)
        self.turns = Turns(core)
        self.facts = Facts(core)
        self.episodes = Episodes(core)
        self.scratchpad = Scratchpad(core)

    @property
    def base_url(self) -> str:
        return self._core.options.base_url

    @property
    def timeout(self) -> httpx.Timeout:
        return self._core.options.timeout

    @property
    def max_retries(self) -> int:
        return self._core.options.max_retries

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> Self:
        """A client sharing this one's connections, with another timeout or retry budget."""
        options = self._core.options
        if not isinstance(timeout, NotGiven):
            options = dataclasses.replace(options, timeout=_timeout(timeout))
        if not isinstance(max_retries, NotGiven):
            options = dataclasses.replace(options, max_retries=_max_retries(max_retries))
        clone = object.__new__(type(self))
        clone._attach(self._core.with_options(options))
        return clone

    @endpoint
    def search(
        self,
        /,
        *,
        user_id: str,
        query: str,
        k: int | None = None,
        reference_time: Timestamp | None = None,
        session_ids: Sequence[str] | None = None,
        speakers: Sequence[str] | None = None,
        start: Timestamp | None = None,
        end: Timestamp | None = None,
        mode: Mode | None = None,
        fusion: Fusion | None = None,
        tiers: Sequence[Tier] | None = None,
        as_of: Timestamp | None = None,
        include_history: bool | None = None,
        features: Mapping[str, bool] | None = None,
        **options: Any,
    ) -> APIRequest[SearchResponse]:
        """Search a user's memory; options the SDK does not know yet pass through to the body."""
        fields = body(
            user_id=user_id, query=query, k=k, reference_time=reference_time,
            session_ids=session_ids, speakers=speakers, start=start, end=end, mode=mode,
            fusion=fusion, tiers=tiers, as_of=as_of, include_history=include_history,
            features=features, **options,
        )  # fmt: skip
        return APIRequest("POST", "/v1/search", SearchResponse, json=fields)

    @endpoint
    def context(
        self,
        /,
        *,
        user_id: str,
        query: str,
        budget_tokens: int | None = None,
        format: ContextFormat | None = None,
        session_id: str | None = None,
        reference_time: Timestamp | None = None,
        session_ids: Sequence[str] | None = None,
        speakers: Sequence[str] | None = None,
        start: Timestamp | None = None,
        end: Timestamp | None = None,
        mode: Mode | None = None,
        fusion: Fusion | None = None,
        tiers: Sequence[Tier] | None = None,
        as_of: Timestamp | None = None,
        include_history: bool | None = None,
        features: Mapping[str, bool] | None = None,
        **options: Any,
    ) -> APIRequest[ContextResponse]:
        """A cited context block for a prompt within `budget_tokens` (server default 1024)."""
        fields = body(
            user_id=user_id, query=query, budget_tokens=budget_tokens, format=format,
            session_id=session_id, reference_time=reference_time, session_ids=session_ids,
            speakers=speakers, start=start, end=end, mode=mode, fusion=fusion, tiers=tiers,
            as_of=as_of, include_history=include_history, features=features, **options,
        )  # fmt: skip
        return APIRequest("POST", "/v1/context", ContextResponse, json=fields)

    @endpoint
    def health(self) -> APIRequest[Health]:
        """Liveness: the server process answers."""
        return APIRequest("GET", "/healthz", Health)

    @endpoint
    def ready(self) -> APIRequest[Health]:
        """Readiness: the database and index answer (503 raises `ServiceUnavailableError`)."""
        return APIRequest("GET", "/readyz", Health)


class Memsvc(_Client[SyncCore]):
    """The synchronous client.

    `api_key` defaults to $MEMSVC_API_KEY and `base_url` to $MEMSVC_BASE_URL (else
    http://127.0.0.1:8000). Pass an `httpx.Client` as `http_client` (yours to close) or an
    `httpx.BaseTransport` as `transport` to control the connection.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        options = _options(api_key, base_url, timeout, max_retries, default_headers)
        _check_http(http_client, httpx.Client, transport)
        http = http_client or httpx.Client(transport=transport)
        super().__init__(SyncCore(options, http=http, owns_http=http_client is None))

    def close(self) -> None:
        """Close the connections this client opened (not an `http_client` passed in)."""
        self._core.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncMemsvc(_Client[AsyncCore]):
    """The asynchronous client: the same namespaces and methods as `Memsvc`, awaitable.

    `api_key` defaults to $MEMSVC_API_KEY and `base_url` to $MEMSVC_BASE_URL (else
    http://127.0.0.1:8000). Pass `http_client` (yours to close) or `transport`, e.g.
    `transport=httpx.ASGITransport(app=app)` to call an app in-process.
    """

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        options = _options(api_key, base_url, timeout, max_retries, default_headers)
        _check_http(http_client, httpx.AsyncClient, transport)
        http = http_client or httpx.AsyncClient(transport=transport)
        super().__init__(AsyncCore(options, http=http, owns_http=http_client is None))

    async def close(self) -> None:
        """Close the connections this client opened (not an `http_client` passed in)."""
        await self._core.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


def _options(
    api_key: str | None,
    base_url: str | None,
    timeout: TimeoutTypes,
    max_retries: int,
    headers: Mapping[str, str] | None,
) -> Options:
    """Constructor arguments first, then the environment (read now, not at import)."""
    url = base_url or os.environ.get("MEMSVC_BASE_URL") or DEFAULT_BASE_URL
    key = api_key if api_key is not None else os.environ.get("MEMSVC_API_KEY")
    return Options(
        base_url=url.rstrip("/"),
        api_key=key or None,
        timeout=_timeout(timeout),
        max_retries=_max_retries(max_retries),
        headers=dict(headers or {}),
    )


def _timeout(value: TimeoutTypes) -> httpx.Timeout:
    return value if isinstance(value, httpx.Timeout) else httpx.Timeout(value)


def _max_retries(value: int) -> int:
    if value < 0:
        raise ValueError(f"max_retries must be 0 or more, not {value}")
    return value


def _check_http(http_client: object, expected: type, transport: object) -> None:
    if http_client is not None and not isinstance(http_client, expected):
        # e.g. a TestClient built on another HTTP library: its requests and errors differ.
        name = f"{expected.__module__}.{expected.__name__}"
        raise TypeError(f"http_client must be an {name}, not {type(http_client).__name__}")
    if http_client is not None and transport is not None:
        raise ValueError("pass http_client or transport, not both (set the transport on it)")
