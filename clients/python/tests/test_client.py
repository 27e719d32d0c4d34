"""Client configuration: environment, headers, timeouts, connection ownership."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import memsvc_client as sdk

MakeClient = Callable[..., Any]


def healthy(_: object = None) -> httpx.Response:
    return httpx.Response(200, json={"status": "ok"})


def test_env_supplies_key_and_base_url(
    monkeypatch: pytest.MonkeyPatch, make_client: MakeClient, resolve: Any, script: Any
) -> None:
    monkeypatch.setenv("MEMSVC_API_KEY", "env-key")
    monkeypatch.setenv("MEMSVC_BASE_URL", "https://env.example/prefix/")
    handler = script(healthy())
    client = make_client(handler, base_url=None)
    assert resolve(client.health()).status == "ok"
    sent = handler.requests[0]
    assert str(sent.url) == "https://env.example/prefix/healthz"
    assert sent.headers["Authorization"] == "Bearer env-key"
    assert client.base_url == "https://env.example/prefix"


def test_arguments_override_env(
    monkeypatch: pytest.MonkeyPatch, make_client: MakeClient, resolve: Any, script: Any
) -> None:
    monkeypatch.setenv("MEMSVC_API_KEY", "env-key")
    monkeypatch.setenv("MEMSVC_BASE_URL", "https://env.example")
    handler = script(healthy())
    resolve(make_client(handler, api_key="arg-key", base_url="http://arg.example").health())
    assert str(handler.requests[0].url) == "http://arg.example/healthz"
    assert handler.requests[0].headers["Authorization"] == "Bearer arg-key"


def test_defaults_without_env(make_client: MakeClient, resolve: Any, script: Any) -> None:
    handler = script(healthy())
    client = make_client(handler, base_url=None)
    resolve(client.health())
    sent = handler.requests[0]
    assert str(sent.url) == "http://127.0.0.1:8000/healthz"
    assert "Authorization" not in sent.headers
    assert sent.headers["User-Agent"] == f"memsvc-client-python/{sdk.__version__}"
    assert sent.headers["Accept"] == "application/json"
    assert client.timeout == httpx.Timeout(30.0)
    assert client.max_retries == 2


def test_default_headers_are_sent(make_client: MakeClient, resolve: Any, script: Any) -> None:
    handler = script(healthy())
    resolve(make_client(handler, default_headers={"X-Tenant": "acme"}).health())
    assert handler.requests[0].headers["X-Tenant"] == "acme"


def test_timeout_reaches_the_request(make_client: MakeClient, resolve: Any, script: Any) -> None:
    handler = script(healthy())
    client = make_client(handler, timeout=5.0)
    resolve(client.health())
    resolve(client.with_options(timeout=httpx.Timeout(1.0, connect=2.0)).health())
    resolve(client.with_options(timeout=None).health())
    timeouts = [r.extensions["timeout"] for r in handler.requests]
    assert timeouts[0] == httpx.Timeout(5.0).as_dict()
    assert timeouts[1] == httpx.Timeout(1.0, connect=2.0).as_dict()
    assert timeouts[2] == httpx.Timeout(None).as_dict()
    assert client.timeout == httpx.Timeout(5.0)


def test_with_options_keeps_the_client_kind_and_sleep(
    make_client: MakeClient, resolve: Any, api_error: Any, script: Any, sleeps: list
) -> None:
    client = make_client(script(api_error(500), healthy()))
    faster = client.with_options(max_retries=1)
    assert type(faster) is type(client)
    assert faster.users is not client.users
    assert resolve(faster.health()).status == "ok"
    assert len(sleeps) == 1


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        sdk.Memsvc(max_retries=-1)
    with pytest.raises(TypeError, match=r"httpx\.Client"):
        sdk.Memsvc(http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not both"):
        sdk.Memsvc(http_client=httpx.Client(), transport=httpx.MockTransport(healthy))


def test_sync_context_manager_closes_only_its_own_client() -> None:
    transport = httpx.MockTransport(healthy)
    with sdk.Memsvc(transport=transport) as client:
        assert client.health().status == "ok"
        clone = client.with_options(max_retries=0)
        clone.close()  # a clone shares the connections and must not close them
        assert not client._core.http.is_closed
    assert client._core.http.is_closed

    mine = httpx.Client(transport=transport)
    with sdk.Memsvc(http_client=mine) as client:
        client.health()
    assert not mine.is_closed
    mine.close()


def test_async_context_manager_closes_only_its_own_client() -> None:
    transport = httpx.MockTransport(healthy)

    async def main() -> None:
        async with sdk.AsyncMemsvc(transport=transport) as client:
            assert (await client.health()).status == "ok"
            await client.with_options(timeout=1.0).close()
            assert not client._core.http.is_closed
        assert client._core.http.is_closed

        mine = httpx.AsyncClient(transport=transport)
        async with sdk.AsyncMemsvc(http_client=mine) as client:
            await client.health()
        assert not mine.is_closed
        await mine.aclose()

    asyncio.run(main())


def test_both_clients_expose_the_same_api() -> None:
    def api(cls: type) -> dict[str, list[str]]:
        client = cls(transport=None)
        names = {"": sorted(n for n in dir(client) if not n.startswith("_"))}
        for namespace in ("users", "sessions", "turns", "facts", "episodes", "scratchpad"):
            names[namespace] = sorted(n for n in dir(getattr(client, namespace)) if n[0] != "_")
        return names

    assert api(sdk.Memsvc) == api(sdk.AsyncMemsvc)
    assert api(sdk.Memsvc)["scratchpad"] == ["add", "delete", "list", "put"]
