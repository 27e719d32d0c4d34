"""Retries: which failures are retried, how long the client waits, what stays the same."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest

import memsvc_client as sdk
from memsvc_client import _retry

MakeClient = Callable[..., Any]
USER = {"id": "u1", "metadata": {}, "created_at": "2024-01-01T00:00:00Z"}


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_retryable_statuses_are_retried_until_success(
    make_client: MakeClient, resolve: Any, api_error: Any, script: Any, status: int, sleeps: list
) -> None:
    handler = script(api_error(status), api_error(status), httpx.Response(200, json=USER))
    user = resolve(make_client(handler).users.get(user_id="u1"))
    assert user.id == "u1"
    assert len(handler.requests) == 3
    assert len(sleeps) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 413, 422])
def test_client_errors_are_not_retried(
    make_client: MakeClient, resolve: Any, api_error: Any, script: Any, status: int, sleeps: list
) -> None:
    handler = script(api_error(status), httpx.Response(200, json=USER))
    with pytest.raises(sdk.APIStatusError):
        resolve(make_client(handler).users.get(user_id="u1"))
    assert len(handler.requests) == 1
    assert sleeps == []


def test_gives_up_after_max_retries(
    make_client: MakeClient, resolve: Any, api_error: Any, script: Any, sleeps: list
) -> None:
    handler = script(api_error(503))
    with pytest.raises(sdk.ServiceUnavailableError):
        resolve(make_client(handler, max_retries=3).users.get(user_id="u1"))
    assert len(handler.requests) == 4
    assert len(sleeps) == 3
    # Exponential: each wait is within the jittered band of 0.5 * 2**n.
    for attempt, delay in enumerate(sleeps):
        nominal = 0.5 * 2**attempt
        assert 0.75 * nominal <= delay <= nominal


def test_connection_errors_and_timeouts_are_retried(
    make_client: MakeClient, resolve: Any, script: Any, sleeps: list
) -> None:
    handler = script(
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.Response(200, json=USER),
    )
    assert resolve(make_client(handler).users.get(user_id="u1")).id == "u1"
    assert len(handler.requests) == 3
    assert len(sleeps) == 2


def test_bad_url_scheme_is_not_retried(
    make_client: MakeClient, resolve: Any, script: Any, sleeps: list
) -> None:
    handler = script(httpx.UnsupportedProtocol("Request URL has an unsupported protocol"))
    with pytest.raises(sdk.APIConnectionError):
        resolve(make_client(handler).health())
    assert len(handler.requests) == 1
    assert sleeps == []


def test_one_request_id_across_retries_and_a_new_one_per_call(
    make_client: MakeClient, resolve: Any, api_error: Any, script: Any
) -> None:
    handler = script(api_error(500), httpx.Response(200, json=USER))
    client = make_client(handler)
    resolve(client.users.get(user_id="u1"))
    resolve(client.users.get(user_id="u1"))
    ids = [r.headers["X-Request-ID"] for r in handler.requests]
    assert ids[0] == ids[1] != ids[2]
    assert len(ids[0]) == 32


def test_retry_after_seconds_is_honoured(
    make_client: MakeClient, resolve: Any, api_error: Any, script: Any, sleeps: list
) -> None:
    handler = script(api_error(429, headers={"Retry-After": "3"}), httpx.Response(200, json=USER))
    resolve(make_client(handler).users.get(user_id="u1"))
    assert sleeps == [3.0]


def test_retry_after_is_capped(
    make_client: MakeClient, resolve: Any, api_error: Any, script: Any, sleeps: list
) -> None:
    handler = script(
        api_error(503, headers={"Retry-After": "3600"}), httpx.Response(200, json=USER)
    )
    resolve(make_client(handler).users.get(user_id="u1"))
    assert sleeps == [_retry.MAX_RETRY_AFTER]


def test_retry_after_http_date() -> None:
    now = datetime(2024, 5, 8, 12, 0, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=7), usegmt=True)
    assert _retry.retry_after(httpx.Headers({"Retry-After": later}), now=lambda: now) == 7.0
    earlier = format_datetime(now - timedelta(seconds=7), usegmt=True)
    assert _retry.retry_after(httpx.Headers({"Retry-After": earlier}), now=lambda: now) == 0.0


@pytest.mark.parametrize("value", ["soon", "", "nan"])
def test_unparseable_retry_after_falls_back_to_backoff(value: str) -> None:
    assert _retry.retry_after(httpx.Headers({"Retry-After": value})) is None
    response = httpx.Response(503, headers={"Retry-After": value})
    assert 0.375 <= _retry.retry_delay(response, 0) <= 0.5


def test_backoff_grows_and_is_capped() -> None:
    no_jitter = [_retry.backoff(n, rand=lambda: 0.0) for n in range(7)]
    assert no_jitter == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert _retry.backoff(0, rand=lambda: 1.0) == 0.375


def test_with_options_overrides_retries_per_call(
    make_client: MakeClient, resolve: Any, api_error: Any, script: Any, sleeps: list
) -> None:
    handler = script(api_error(503))
    client = make_client(handler)
    with pytest.raises(sdk.ServiceUnavailableError):
        resolve(client.with_options(max_retries=0).users.get(user_id="u1"))
    assert len(handler.requests) == 1
    assert client.max_retries == 2
    with pytest.raises(sdk.ServiceUnavailableError):
        resolve(client.users.get(user_id="u1"))
    assert len(handler.requests) == 4
    assert len(sleeps) == 2


def test_creates_without_ids_retry_with_the_same_client_chosen_id(
    make_client: MakeClient, resolve: Any, api_error: Any, script: Any
) -> None:
    session = {**USER, "user_id": "u1", "started_at": "2024-01-01T00:00:00Z", "turn_count": 0}
    handler = script(api_error(503), httpx.Response(201, json=session))
    resolve(make_client(handler).sessions.create(user_id="u1"))
    ids = [json.loads(request.content)["id"] for request in handler.requests]
    assert len(ids) == 2 and ids[0] == ids[1] and len(ids[0]) == 32

    turns = {"turns": [], "created": 0, "existing": 0}
    handler = script(api_error(502), httpx.Response(201, json=turns))
    resolve(make_client(handler).turns.add(session_id="s1", turns=[{"speaker": "a", "text": "b"}]))
    sent = [json.loads(request.content)["turns"][0]["turn_id"] for request in handler.requests]
    assert sent[0] == sent[1]
