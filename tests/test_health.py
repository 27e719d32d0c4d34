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
            summary = operation.get("summary", "")
            assert summary and "\n" not in summary and operation.get("description"), (path, method)
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:  # every JSON body comes with an example
                ref = body["schema"]["$ref"].rsplit("/", 1)[-1]
                assert schema["components"]["schemas"][ref].get("examples"), (path, method)
    assert "/metrics" not in schema["paths"]


def test_unknown_routes_and_methods_answer_with_the_error_body(client: TestClient) -> None:
    for method, path, status in (("GET", "/v1/nowhere", 404), ("PATCH", "/v1/search", 405)):
        response = client.request(method, path)
        assert response.status_code == status
        error = response.json()["error"]
        assert error["request_id"] == response.headers["x-request-id"] and error["message"]
