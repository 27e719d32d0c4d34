"""Liveness and readiness."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.helpers import seed


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    seed(client)
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["index_points"] == 6


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/v1/sessions", "/v1/sessions/{session_id}/turns", "/v1/search", "/v1/context"):
        assert path in schema["paths"]
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            assert operation.get("description") or operation.get("summary"), (path, method)
