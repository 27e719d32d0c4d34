"""Error mapping: one exception class per status, carrying the server's code and request id."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

import memsvc_client as sdk

MakeClient = Callable[..., Any]


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, sdk.BadRequestError),
        (401, sdk.AuthenticationError),
        (403, sdk.PermissionDeniedError),
        (404, sdk.NotFoundError),
        (409, sdk.ConflictError),
        (413, sdk.PayloadTooLargeError),
        (422, sdk.UnprocessableEntityError),
        (429, sdk.RateLimitError),
        (500, sdk.InternalServerError),
        (502, sdk.InternalServerError),
        (503, sdk.ServiceUnavailableError),
        (405, sdk.APIStatusError),
    ],
)
def test_status_maps_to_class(
    make_client: MakeClient, resolve: Any, api_error: Any, status: int, cls: type[Exception]
) -> None:
    client = make_client(lambda _: api_error(status), max_retries=0)
    with pytest.raises(cls) as caught:
        resolve(client.users.get(user_id="u1"))
    assert type(caught.value) is cls
    assert isinstance(caught.value, sdk.APIStatusError)
    assert isinstance(caught.value, sdk.MemsvcError)
    assert caught.value.status_code == status


def test_error_fields_come_from_the_body(
    make_client: MakeClient, resolve: Any, api_error: Any
) -> None:
    details = [{"field": "body.query", "message": "field required"}]
    answer = api_error(422, "validation_error", "invalid request: query", details=details)
    client = make_client(lambda _: answer)
    with pytest.raises(sdk.UnprocessableEntityError) as caught:
        resolve(client.search(user_id="u1", query="q"))
    err = caught.value
    assert (err.code, err.details) == ("validation_error", details)
    assert err.message == "invalid request: query"
    assert err.request_id == "req-body"
    assert err.response.status_code == 422
    assert str(err) == "422 validation_error: invalid request: query (request_id=req-body)"


def test_request_id_falls_back_to_header_then_to_the_one_sent(
    make_client: MakeClient, resolve: Any, api_error: Any, script: Any
) -> None:
    handler = script(
        api_error(404, request_id=None, headers={"X-Request-ID": "req-header"}),
        httpx.Response(404, text="<html>gateway says no</html>"),
    )
    client = make_client(handler)
    with pytest.raises(sdk.NotFoundError) as first:
        resolve(client.users.get(user_id="u1"))
    assert first.value.request_id == "req-header"
    with pytest.raises(sdk.NotFoundError) as second:
        resolve(client.users.get(user_id="u1"))
    assert second.value.request_id == handler.requests[1].headers["X-Request-ID"]
    assert second.value.code == "http_404"
    assert "gateway says no" in second.value.message


def test_framework_detail_body_becomes_the_message(make_client: MakeClient, resolve: Any) -> None:
    client = make_client(lambda _: httpx.Response(404, json={"detail": "Not Found"}))
    with pytest.raises(sdk.NotFoundError, match="Not Found"):
        resolve(client.health())


def test_unexpected_success_body_raises_validation_error(
    make_client: MakeClient, resolve: Any
) -> None:
    client = make_client(
        lambda _: httpx.Response(200, json={"nope": 1}, headers={"X-Request-ID": "r9"})
    )
    with pytest.raises(sdk.APIResponseValidationError) as caught:
        resolve(client.users.get(user_id="u1"))
    assert caught.value.request_id == "r9"
    not_json = make_client(lambda _: httpx.Response(200, text="<html>"))
    with pytest.raises(sdk.APIResponseValidationError):
        resolve(not_json.users.get(user_id="u1"))


def test_connection_and_timeout_errors(make_client: MakeClient, resolve: Any, script: Any) -> None:
    refused = script(httpx.ConnectError("connection refused"))
    with pytest.raises(sdk.APIConnectionError) as caught:
        resolve(make_client(refused, max_retries=0).users.get(user_id="u1"))
    assert not isinstance(caught.value, sdk.APITimeoutError)
    assert caught.value.request_id == refused.requests[0].headers["X-Request-ID"]
    assert "connection refused" in str(caught.value)

    slow = script(httpx.ReadTimeout("read timed out"))
    with pytest.raises(sdk.APITimeoutError) as timed_out:
        resolve(make_client(slow, max_retries=0).users.get(user_id="u1"))
    assert isinstance(timed_out.value, sdk.APIConnectionError)
    assert isinstance(timed_out.value.__cause__, httpx.ReadTimeout)
